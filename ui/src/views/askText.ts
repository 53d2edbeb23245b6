// Small dialogs that ask for one answer, with Cancel and Escape: a line of text (a new name) or a
// choice from a list (which topic).

import { h } from '../dom';

export interface AskText {
  title: string;
  label: string;
  value: string;
  action: string;
}

export interface AskChoice {
  title: string;
  /** One sentence saying why the question is asked. */
  text: string;
  label: string;
  /** The choices, shown as they are. */
  choices: string[];
  /** The choice selected at first. */
  value: string;
  action: string;
}

/** Resolves with the text entered (trimmed, never empty), or null when cancelled. */
export function askText(ask: AskText): Promise<string | null> {
  const input = h('input', { name: 'text', value: ask.value, autocomplete: 'off', required: true, maxlength: 200 });
  return askFor(
    'ask-text-dialog',
    ask.title,
    null,
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, ask.label), input),
    ask.action,
    () => {
      const text = input.value.trim();
      if (!text) input.focus();
      return text || null;
    },
    () => input.select(),
  );
}

/** Resolves with the choice made, or null when cancelled. */
export function askChoice(ask: AskChoice): Promise<string | null> {
  const select = h(
    'select',
    { name: 'choice' },
    ask.choices.map((c) => h('option', { value: c }, c)),
  );
  select.value = ask.value;
  return askFor(
    'ask-choice-dialog',
    ask.title,
    ask.text,
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, ask.label), select),
    ask.action,
    () => select.value || null,
    () => select.focus(),
  );
}

/** The dialog both ask: `read` gives the answer on submit, or null to keep the dialog open. */
function askFor(
  id: string,
  title: string,
  text: string | null,
  field: HTMLElement,
  action: string,
  read: () => string | null,
  focus: () => void,
): Promise<string | null> {
  document.getElementById(id)?.remove();
  return new Promise((resolve) => {
    let answer: string | null = null;
    const form = h(
      'form',
      { class: 'dialog-form', method: 'dialog' },
      h('h2', { class: 'dialog-title' }, title),
      text ? h('p', { class: 'dialog-lead' }, text) : null,
      field,
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button button--ghost', onclick: () => dialog.close() }, 'Cancel'),
        h('button', { type: 'submit', class: 'button button--primary' }, action),
      ),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      answer = read();
      if (answer !== null) dialog.close();
    });
    const dialog = h('dialog', { id, class: 'dialog' }, form);
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    focus();
  });
}
