// Past imports of the workspace, newest first.

import type { ImportRecord } from '../backend/bindings';
import { h, replace } from '../dom';
import { fileName, formatDateTime, formatExact } from '../format';

const STATUS_LABELS: Record<string, string> = {
  done: 'Imported',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const STATUS_TONES: Record<string, string> = { done: 'ok', failed: 'danger', cancelled: 'muted' };

function historyItem(r: ImportRecord, timeZone?: string, onRemove?: (r: ImportRecord) => void): HTMLElement {
  const status = STATUS_LABELS[r.status] ?? r.status;
  const counts =
    r.status === 'done'
      ? `${formatExact(r.imported)} imported · ${formatExact(r.duplicates)} duplicates · ${formatExact(r.skipped)} skipped`
      : 'Nothing imported';
  return h(
    'li',
    { class: 'history-item', 'data-status': r.status },
    h(
      'div',
      { class: 'history-head' },
      h('span', { class: 'history-file', title: r.path }, fileName(r.path)),
      h('span', { class: `badge badge--status badge--${STATUS_TONES[r.status] ?? 'muted'}` }, status),
      onRemove
        ? h(
            'button',
            {
              type: 'button',
              class: 'button button--small button--link history-remove',
              title: 'Remove this import and the posts it added',
              onclick: () => onRemove(r),
            },
            'Remove…',
          )
        : null,
    ),
    h('p', { class: 'history-counts' }, counts),
    h(
      'p',
      { class: 'history-meta' },
      h('time', { datetime: r.started_at }, formatDateTime(r.started_at, timeZone)),
      r.format ? ` · ${r.format}` : null,
    ),
  );
}

export function renderHistory(
  list: HTMLElement,
  imports: ImportRecord[],
  timeZone?: string,
  onRemove?: (r: ImportRecord) => void,
): void {
  if (imports.length === 0) {
    replace(list, h('li', { class: 'empty-note' }, 'No imports yet. Use Import… or drop files on the window.'));
    return;
  }
  replace(
    list,
    imports.map((r) => historyItem(r, timeZone, onRemove)),
  );
}
