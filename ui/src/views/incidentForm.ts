// The "Add an incident" dialog: an incident from the organisation's own record, entered by hand.

import type { ErrorPayload, NewIncidentRequest } from '../backend/bindings';
import { byId } from '../dom';
import { sentence } from '../format';

/** The request the form describes, or the reason it is not complete. */
export function incidentRequest(topic: string, form: HTMLFormElement): NewIncidentRequest | string {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
  const title = value('title');
  const opened = value('opened');
  if (!title) return 'Say what happened, for example “Student portal down district-wide”.';
  if (!opened) return 'When was the incident opened?';
  const resolved = value('resolved');
  if (resolved && resolved < opened) return 'The incident cannot be resolved before it was opened.';
  return { topic, title, number: value('number') || null, opened, resolved: resolved || null };
}

/** Opens the dialog for `topic`; `add` records the incident, `added` follows a success. */
export function openIncidentForm(
  topic: string,
  add: (incident: NewIncidentRequest) => Promise<number>,
  added: () => void,
): void {
  const dialog = byId<HTMLDialogElement>('incident-dialog');
  const form = byId<HTMLFormElement>('incident-form');
  const error = byId('incident-form-error');
  const show = (message: string) => {
    error.textContent = message;
    error.hidden = !message;
  };
  form.reset();
  show('');
  form.onsubmit = async (event) => {
    event.preventDefault();
    const request = incidentRequest(topic, form);
    if (typeof request === 'string') return show(request);
    try {
      await add(request);
      dialog.close();
      added();
    } catch (e) {
      show(sentence((e as ErrorPayload).message ?? String(e)));
    }
  };
  for (const b of dialog.querySelectorAll<HTMLButtonElement>('[data-close]')) b.onclick = () => dialog.close();
  dialog.showModal();
  byId('incident-title-input').focus();
}
