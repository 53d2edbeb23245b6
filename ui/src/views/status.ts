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

export function errorToast(area: HTMLElement, error: ErrorPayload, context?: string): HTMLElement {
  const { title, detail } = describeError(error);
  return toast(area, detail, 'error', context ?? title);
}
