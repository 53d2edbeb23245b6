import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHART_ALT, showChart } from './chart';
import { renderHistory } from './history';
import { errorColumn, previewText } from './topicForm';

describe('chart', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the SVG as an image from a blob URL and revokes the previous one', () => {
    const create = vi.spyOn(URL, 'createObjectURL');
    create.mockReturnValueOnce('blob:one').mockReturnValueOnce('blob:two');
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const figure = document.createElement('figure');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    showChart(figure, svg);
    const img = showChart(figure, svg);
    expect(figure.querySelectorAll('img')).toHaveLength(1);
    expect(figure.querySelector('svg, script')).toBeNull();
    expect(img.alt).toBe(CHART_ALT);
    expect(img.getAttribute('src')).toBe('blob:two');
    expect(revoke).toHaveBeenCalledWith('blob:one');
    const blob = create.mock.calls[0]![0] as Blob;
    expect(blob.type).toBe('image/svg+xml');
  });
});

describe('import history', () => {
  it('lists past imports with status and counts', () => {
    const list = document.createElement('ol');
    renderHistory(
      list,
      [
        {
          id: 2,
          path: '/x/<img src=x onerror=alert(1)>.jsonl',
          format: null,
          status: 'failed',
          started_at: '2026-09-03T14:05:00Z',
          imported: 0,
          duplicates: 0,
          skipped: 0,
        },
        {
          id: 1,
          path: '/x/tweets.jsonl',
          format: 'twarc2',
          status: 'done',
          started_at: '2026-09-02T14:05:00Z',
          imported: 1200,
          duplicates: 3,
          skipped: 1,
        },
      ],
      'UTC',
    );
    const items = list.querySelectorAll('.history-item');
    expect(items).toHaveLength(2);
    expect(items[0]!.querySelector('.history-file')?.textContent).toBe('<img src=x onerror=alert(1)>.jsonl');
    expect(list.querySelector('img')).toBeNull();
    expect(items[0]!.querySelector('.badge')?.textContent).toBe('Failed');
    expect(items[1]!.querySelector('.history-counts')?.textContent).toBe('1,200 imported · 3 duplicates · 1 skipped');
    expect(items[1]!.querySelector('time')?.textContent).toBe('Sep 2, 2026, 2:05 PM');
  });

  it('invites an import when there is none', () => {
    const list = document.createElement('ol');
    renderHistory(list, []);
    expect(list.textContent).toContain('No imports yet');
  });
});

describe('topic form', () => {
  it('finds the column a query error points at', () => {
    expect(errorColumn('query column 12: a closing parenthesis is missing here')).toBe(12);
    expect(errorColumn('a topic named "X" already exists')).toBeNull();
  });
});

describe('query preview', () => {
  it('counts matches and points at mistakes', () => {
    expect(previewText({ status: 'valid', count: 1234 })).toBe('1,234 posts match');
    expect(previewText({ status: 'valid', count: 1 })).toBe('1 post matches');
    expect(previewText({ status: 'invalid', column: 9, message: 'unknown field' })).toBe('Column 9: unknown field');
  });
});

describe('error toasts with a cause', () => {
  it('replace one another and go once the cause is gone', async () => {
    const { errorToast, resolved, toast } = await import('./status');
    const area = document.createElement('div');
    errorToast(area, { code: 'busy', message: 'the workspace is in use' }, 'Could not load the dashboard', 'dashboard');
    errorToast(area, { code: 'busy', message: 'the workspace is in use' }, 'Could not load the dashboard', 'dashboard');
    toast(area, 'Import finished', 'success');
    expect(area.querySelectorAll('[data-cause="dashboard"]')).toHaveLength(1);
    resolved(area, 'dashboard');
    expect(area.querySelectorAll('.toast--error')).toHaveLength(0);
    expect(area.querySelectorAll('.toast')).toHaveLength(1);
  });
});

describe('toasts while a dialog is open', () => {
  it('show in the dialog, above its backdrop, and move back to the window when it closes', async () => {
    const { errorToast, resolved, toast } = await import('./status');
    const area = document.createElement('div');
    const dialog = document.createElement('dialog');
    dialog.append(document.createElement('form'));
    document.body.append(area, dialog);
    toast(area, 'Before the dialog');
    dialog.showModal();
    errorToast(area, { code: 'busy', message: 'the workspace is in use' }, 'Could not load the dashboard', 'dashboard');
    toast(area, 'Saved', 'success');
    const inner = dialog.firstElementChild as HTMLElement;
    expect(inner.classList.contains('status--dialog')).toBe(true);
    expect(inner.getAttribute('role')).toBe('status');
    expect(Array.from(inner.querySelectorAll('.toast-message'), (t) => t.textContent)).toEqual([
      'The workspace is in use.',
      'Saved',
    ]);
    expect(area.querySelectorAll('.toast')).toHaveLength(1);
    resolved(area, 'dashboard');
    expect(inner.querySelectorAll('.toast')).toHaveLength(1);
    dialog.close();
    dialog.dispatchEvent(new Event('close'));
    expect(dialog.querySelector('.status--dialog')).toBeNull();
    expect(Array.from(area.querySelectorAll('.toast-message'), (t) => t.textContent)).toEqual([
      'Before the dialog',
      'Saved',
    ]);
    area.remove();
    dialog.remove();
  });
});
