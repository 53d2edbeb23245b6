// The briefing builder: which sections, and whether private persons are named.
import type { BriefChoices } from '../backend/bindings';
import { byId } from '../dom';

/** Opens the dialog; resolves with the choices, or null when cancelled. */
export function askBriefChoices(): Promise<BriefChoices | null> {
  const dialog = byId<HTMLDialogElement>('brief-dialog');
  const form = byId<HTMLFormElement>('brief-form');
  const error = byId('brief-form-error');
  error.hidden = true;
  return new Promise((resolve) => {
    const done = (choices: BriefChoices | null) => {
      form.removeEventListener('submit', onSubmit);
      dialog.removeEventListener('close', onClose);
      if (dialog.open) dialog.close();
      resolve(choices);
    };
    const onSubmit = (event: Event) => {
      event.preventDefault();
      const choices = readChoices(form);
      if (choices.sections.length === 0) {
        error.textContent = 'Choose at least one section.';
        error.hidden = false;
        return;
      }
      done(choices);
    };
    const onClose = () => done(null);
    form.addEventListener('submit', onSubmit);
    dialog.addEventListener('close', onClose);
    for (const button of dialog.querySelectorAll<HTMLButtonElement>('[data-close]')) {
      button.onclick = () => done(null);
    }
    dialog.showModal();
  });
}

/** The checked sections, in document order, and the names toggle. */
export function readChoices(form: HTMLFormElement): BriefChoices {
  const sections = [...form.querySelectorAll<HTMLInputElement>('input[name="section"]')]
    .filter((box) => box.checked)
    .map((box) => box.value);
  const names = form.querySelector<HTMLInputElement>('input[name="names"]')?.checked ?? false;
  return { sections, names };
}
