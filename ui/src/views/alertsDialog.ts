// The Alerts dialog: raised alerts, newest first, each with its evidence and an acknowledge button.

import type { Alert, ErrorPayload } from '../backend/bindings';
import { byId, h, replace } from '../dom';
import { formatDateTime, sentence, unixToIso } from '../format';

/** The alerts as list items, each with "Show on the chart"; unacknowledged ones also carry an
 * "Acknowledge" button. */
export function renderAlerts(
  list: HTMLElement,
  alerts: Alert[],
  acknowledge: (id: number) => void,
  show: (alert: Alert) => void,
): void {
  if (!alerts.length) {
    replace(list, h('li', { class: 'empty-note' }, 'No alerts have been raised.'));
    return;
  }
  replace(
    list,
    alerts.map((a) =>
      h(
        'li',
        { class: `alert alert--${a.grade}${a.acknowledged_at === null ? ' is-new' : ''}`, 'data-alert': a.id },
        h('strong', { class: 'alert-title' }, a.title),
        h('p', { class: 'alert-evidence' }, a.evidence),
        h('p', { class: 'alert-meta' }, `${a.topic} · raised ${formatDateTime(unixToIso(a.raised_at))}`),
        h(
          'button',
          {
            type: 'button',
            class: 'button button--small button--ghost',
            'data-action': 'show',
            onclick: () => show(a),
          },
          'Show on the chart',
        ),
        a.acknowledged_at === null
          ? h(
              'button',
              {
                type: 'button',
                class: 'button button--small',
                'data-action': 'acknowledge',
                onclick: () => acknowledge(a.id),
              },
              'Acknowledge',
            )
          : h('span', { class: 'alert-seen' }, 'Acknowledged'),
      ),
    ),
  );
}

/** Opens the dialog; `changed` follows an acknowledgement, `show` opens an alert's topic at its spike. */
export async function openAlerts(
  load: () => Promise<Alert[]>,
  acknowledge: (id: number) => Promise<Alert>,
  changed: () => void,
  show: (alert: Alert) => void,
): Promise<void> {
  const dialog = byId<HTMLDialogElement>('alerts-dialog');
  const list = byId('alerts-list');
  const fail = (e: unknown) =>
    replace(list, h('li', { class: 'form-error' }, sentence((e as ErrorPayload).message ?? String(e))));
  const reload = async () => {
    try {
      renderAlerts(
        list,
        await load(),
        (id) =>
          void acknowledge(id).then(() => {
            changed();
            return reload();
          }, fail),
        (alert) => {
          dialog.close();
          show(alert);
        },
      );
    } catch (e) {
      fail(e);
    }
  };
  for (const b of dialog.querySelectorAll<HTMLButtonElement>('[data-close]')) b.onclick = () => dialog.close();
  await reload();
  dialog.showModal();
}
