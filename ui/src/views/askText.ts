// A small dialog that asks for one line of text (a new name), with Cancel and Escape.

import { h } from '../dom';

export interface AskText {
  title: string;
  label: string;
  value: string;
  action: string;
}

/** Resolves with the text entered (trimmed, never empty), or null when cancelled. */
export function askText(ask: AskText): Promise<string | null> {
  document.getElementById('ask-text-dialog')?.remove();
  return new Promise((resolve) => {
    const input = h('input', { name: 'text', value: ask.value, autocomplete: 'off', required: true, maxlength: 200 });
    let answer: string | null = null;
    const form = h(
      'form',
      { class: 'dialog-form', method: 'dialog' },
      h('h2', { class: 'dialog-title' }, ask.title),
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, ask.label), input),
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button button--ghost', onclick: () => dialog.close() }, 'Cancel'),
        h('button', { type: 'submit', class: 'button button--primary' }, ask.action),
      ),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) {
        input.focus();
        return;
      }
      answer = text;
      dialog.close();
    });
    const dialog = h('dialog', { id: 'ask-text-dialog', class: 'dialog' }, form);
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    input.select();
  });
}
