// The native menu bar's items, as the window acts on them. The shell sends each chosen item's id
// (`menu` events); each id runs the same function as the window's button for it. The shell's
// test checks that every id it sends is handled here.

import { h } from '../dom';

export interface MenuHandlers {
  newWorkspace: () => void;
  openWorkspace: () => void;
  openSample: () => void;
  openRecent: (path: string) => void;
  importFiles: () => void;
  importFolder: () => void;
  importIncidents: () => void;
  exportBrief: () => void;
  settings: () => void;
  home: () => void;
  newTopic: () => void;
  sources: () => void;
  alerts: () => void;
  reload: () => void;
  shortcuts: () => void;
}

const ACTIONS: Record<string, keyof Omit<MenuHandlers, 'openRecent'>> = {
  'new-workspace': 'newWorkspace',
  'open-workspace': 'openWorkspace',
  'open-sample': 'openSample',
  'import-files': 'importFiles',
  'import-folder': 'importFolder',
  'import-incidents': 'importIncidents',
  'export-brief': 'exportBrief',
  settings: 'settings',
  home: 'home',
  'new-topic': 'newTopic',
  sources: 'sources',
  alerts: 'alerts',
  reload: 'reload',
  shortcuts: 'shortcuts',
};

/** The prefix of File › Open Recent items; the rest of the id is the workspace's path. */
export const RECENT_PREFIX = 'recent:';

/** Runs the menu item `id`; false for an id this window does not know. A modal dialog in the
 * way is closed first, as choosing from the menu bar means the user moved on. */
export function runMenu(id: string, handlers: MenuHandlers): boolean {
  const action = ACTIONS[id];
  const recent = id.startsWith(RECENT_PREFIX) ? id.slice(RECENT_PREFIX.length) : null;
  if (!action && !recent) return false;
  for (const d of document.querySelectorAll<HTMLDialogElement>('dialog[open]')) d.close();
  if (recent) handlers.openRecent(recent);
  else if (action) handlers[action]();
  return true;
}

const SHORTCUTS: [string, string][] = [
  ['Ctrl+N', 'New workspace'],
  ['Ctrl+Alt+O', 'Open a workspace'],
  ['Ctrl+O', 'Import files'],
  ['Ctrl+Shift+O', 'Import an unpacked archive folder'],
  ['Ctrl+E', 'Export the briefing'],
  ['Ctrl+,', 'Settings'],
  ['Ctrl+Shift+H', 'Home: every topic'],
  ['Ctrl+T', 'New topic'],
  ['Ctrl+Shift+S', 'Live sources'],
  ['Ctrl+Shift+A', 'Alerts'],
  ['F5', 'Reload'],
  ['← →, Enter', 'On the chart: move along the days, list a day’s posts'],
  ['Esc', 'Close a dialog'],
];

/** The Help › Keyboard Shortcuts dialog (⌘ in place of Ctrl on a Mac). */
export function showShortcuts(mac: boolean): void {
  document.getElementById('shortcuts-dialog')?.remove();
  const key = (k: string) => (mac ? k.replace('Ctrl+', '⌘').replace('Alt+', '⌥') : k);
  const dialog = h(
    'dialog',
    { id: 'shortcuts-dialog', class: 'dialog', 'aria-labelledby': 'shortcuts-title' },
    h('h2', { id: 'shortcuts-title', class: 'dialog-title' }, 'Keyboard shortcuts'),
    h(
      'dl',
      { class: 'shortcuts' },
      SHORTCUTS.map(([k, what]) => [h('dt', null, h('kbd', null, key(k))), h('dd', null, what)]),
    ),
    h(
      'div',
      { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'button button--primary', onclick: () => dialog.close() }, 'Close'),
    ),
  );
  document.body.appendChild(dialog);
  dialog.showModal();
}
