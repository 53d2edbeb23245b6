import { describe, expect, it, vi } from 'vitest';
import { type MenuHandlers, runMenu, showShortcuts } from './menu';

function handlers(): MenuHandlers {
  return {
    newWorkspace: vi.fn(),
    openWorkspace: vi.fn(),
    openSample: vi.fn(),
    openRecent: vi.fn(),
    importFiles: vi.fn(),
    importFolder: vi.fn(),
    importIncidents: vi.fn(),
    exportBrief: vi.fn(),
    settings: vi.fn(),
    home: vi.fn(),
    newTopic: vi.fn(),
    sources: vi.fn(),
    alerts: vi.fn(),
    reload: vi.fn(),
    shortcuts: vi.fn(),
  };
}

describe('the menu bar', () => {
  it('runs the handler of each item, and opens a recent workspace by its path', () => {
    const h = handlers();
    expect(runMenu('import-files', h)).toBe(true);
    expect(h.importFiles).toHaveBeenCalledOnce();
    expect(runMenu('recent:/home/cio/Ops.sqlite', h)).toBe(true);
    expect(h.openRecent).toHaveBeenCalledWith('/home/cio/Ops.sqlite');
    expect(runMenu('no-such-item', h)).toBe(false);
  });

  it('closes an open dialog before acting', () => {
    const dialog = document.createElement('dialog');
    document.body.appendChild(dialog);
    dialog.showModal?.();
    dialog.setAttribute('open', '');
    dialog.close = vi.fn(() => dialog.removeAttribute('open'));
    runMenu('home', handlers());
    expect(dialog.close).toHaveBeenCalled();
  });

  it('lists the shortcuts with the Mac keys on a Mac', () => {
    HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    showShortcuts(true);
    const text = document.getElementById('shortcuts-dialog')?.textContent ?? '';
    expect(text).toContain('⌘O');
    expect(text).not.toContain('Ctrl+O');
  });
});
