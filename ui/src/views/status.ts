// Toasts in the status area (role=status, aria-live=polite). Errors stay until dismissed.
//
// While a dialog is open the rest of the window is behind its backdrop and inert, so a toast
// raised then goes into the dialog, at its top, where it can be read and dismissed; when the
// dialog closes, the toasts still showing move back to the window's status area.

import type { ErrorPayload } from '../backend/bindings';
import { h } from '../dom';
import { describeError } from '../format';

export type ToastKind = 'info' | 'success' | 'error';

const MAX_TOASTS = 4;
const INFO_MS = 5000;

/** The status area a toast goes to now: the open dialog's own, or the window's. */
function areaFor(area: HTMLElement): HTMLElement {
  const dialog = Array.from(document.querySelectorAll<HTMLDialogElement>('dialog[open]')).pop();
  if (!dialog || !area.isConnected) return area;
  let inner = dialog.querySelector<HTMLElement>(':scope > .status--dialog');
  if (!inner) {
    inner = h('div', { class: 'status status--dialog', role: 'status', 'aria-live': 'polite' });
    dialog.prepend(inner);
    const back = () => {
      area.append(...Array.from(inner!.children));
      inner!.remove();
      trim(area);
    };
    dialog.addEventListener('close', back, { once: true });
  }
  return inner;
}

function trim(area: HTMLElement): void {
  while (area.children.length > MAX_TOASTS) area.firstElementChild?.remove();
}

export function toast(area: HTMLElement, message: string, kind: ToastKind = 'info', title?: string): HTMLElement {
  const close = h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss' }, '×');
  const el = h(
    'div',
    { class: `toast toast--${kind}`, 'data-kind': kind },
    h(
      'div',
      { class: 'toast-body' },
      title ? h('strong', { class: 'toast-title' }, title) : null,
      h('span', { class: 'toast-message' }, message),
    ),
    close,
  );
  close.addEventListener('click', () => el.remove());
  const target = areaFor(area);
  target.appendChild(el);
  trim(target);
  if (kind !== 'error') window.setTimeout(() => el.remove(), INFO_MS);
  return el;
}

/** An error toast. With a `cause` (what failed: "dashboard", "home"…), it replaces an earlier
 * toast of the same cause and goes away by itself when the cause is gone ([`resolved`]). */
export function errorToast(area: HTMLElement, error: ErrorPayload, context?: string, cause?: string): HTMLElement {
  const { title, detail } = describeError(error);
  if (cause) resolved(area, cause);
  const shown = toast(area, detail, 'error', context ?? title);
  if (cause) shown.dataset.cause = cause;
  return shown;
}

/** Removes the error toasts of `cause`, in the window and in any open dialog: what failed has
 * since worked. */
export function resolved(area: HTMLElement, cause: string): void {
  const areas = [area, ...Array.from(document.querySelectorAll<HTMLElement>('.status--dialog'))];
  for (const a of areas)
    for (const t of a.querySelectorAll<HTMLElement>('.toast')) if (t.dataset.cause === cause) t.remove();
}
