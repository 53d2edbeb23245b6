// Toasts in the status area (role=status, aria-live=polite). Errors stay until dismissed.

import type { ErrorPayload } from '../backend/bindings';
import { h } from '../dom';
import { describeError } from '../format';

export type ToastKind = 'info' | 'success' | 'error';

const MAX_TOASTS = 4;
const INFO_MS = 5000;

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
  area.appendChild(el);
  while (area.children.length > MAX_TOASTS) area.firstElementChild?.remove();
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

/** Removes the error toasts of `cause`: what failed has since worked. */
export function resolved(area: HTMLElement, cause: string): void {
  for (const t of area.querySelectorAll<HTMLElement>('.toast')) if (t.dataset.cause === cause) t.remove();
}
