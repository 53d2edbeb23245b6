// The briefing builder: which sections, and whether private persons are named, with a live
// preview of the pages (typeset by the engine exactly as the export will be).
import type { BriefChoices } from '../backend/bindings';
import { byId, h, replace } from '../dom';
import { plural } from '../format';

/** How long the choices must rest before the preview is typeset again. */
export const PREVIEW_DELAY_MS = 250;

/** Typesets the pages for some choices: PNG data URLs, one per page. */
export type Preview = (choices: BriefChoices) => Promise<string[]>;

/**
 * Opens the dialog; resolves with the choices, or null when cancelled. With `preview`, the
 * pages are shown beside the choices and follow every change.
 */
export function askBriefChoices(preview?: Preview): Promise<BriefChoices | null> {
  const dialog = byId<HTMLDialogElement>('brief-dialog');
  const form = byId<HTMLFormElement>('brief-form');
  const error = byId('brief-form-error');
  error.hidden = true;
  const stopPreview = preview ? livePreview(form, preview) : () => {};
  return new Promise((resolve) => {
    const done = (choices: BriefChoices | null) => {
      stopPreview();
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

/**
 * Keeps the preview pane in step with the form: typesets now and after each change (debounced),
 * shows only the latest answer, and keeps the previous pages (dimmed) while the next are made.
 * Returns a function that stops it.
 */
export function livePreview(form: HTMLFormElement, preview: Preview): () => void {
  const status = byId('brief-preview-status');
  const pages = byId('brief-preview-pages');
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = async () => {
    const mine = ++seq;
    const choices = readChoices(form);
    if (choices.sections.length === 0) {
      replace(pages);
      status.textContent = 'Choose at least one section to see the pages.';
      return;
    }
    pages.classList.add('is-stale');
    status.textContent = 'Typesetting the preview…';
    try {
      const urls = await preview(choices);
      if (mine !== seq) return; // a newer choice is on its way
      replace(
        pages,
        ...urls.map((src, i) => h('img', { src, alt: `Page ${i + 1} of ${urls.length}`, width: 893, height: 1263 })),
      );
      status.textContent = `${plural(urls.length, 'page')}, as they will be saved.`;
    } catch (e) {
      if (mine !== seq) return;
      status.textContent = `The preview could not be made: ${(e as { message?: string }).message ?? String(e)}`;
    } finally {
      if (mine === seq) pages.classList.remove('is-stale');
    }
  };
  const onChange = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), PREVIEW_DELAY_MS);
  };
  form.addEventListener('change', onChange);
  void refresh();
  return () => {
    seq++;
    clearTimeout(timer);
    form.removeEventListener('change', onChange);
  };
}

/** The checked sections, in document order, and the names toggle. */
export function readChoices(form: HTMLFormElement): BriefChoices {
  const sections = [...form.querySelectorAll<HTMLInputElement>('input[name="section"]')]
    .filter((box) => box.checked)
    .map((box) => box.value);
  const names = form.querySelector<HTMLInputElement>('input[name="names"]')?.checked ?? false;
  const companions = form.querySelector<HTMLInputElement>('input[name="companions"]')?.checked ?? true;
  return { sections, names, pdf_only: !companions };
}
