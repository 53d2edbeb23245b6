// Confirming how a CSV's columns map to post fields, before it is imported. The guess (or the
// mapping saved for the same header) is preselected; the choice is saved for the next file.

import type { CsvPreview, FieldChoice } from '../backend/bindings';
import { byId, h, replace } from '../dom';
import { fileName } from '../format';

const NONE = '';

/** The value a field's select starts with: its columns as the engine's `--map` takes them. */
export function initialValue(choice: FieldChoice): string {
  return choice.value;
}

/** `(field, column)` pairs for every field: the engine's `--map` form ('' leaves a field out). */
export function mapFromSelects(selects: Iterable<HTMLSelectElement>): [string, string][] {
  return [...selects].map((s) => [s.name, s.value]);
}

/** Why the choices cannot import posts, if they cannot. */
export function missingRequired(preview: CsvPreview, map: [string, string][]): string | null {
  for (const choice of preview.choices.filter((c) => c.required)) {
    const chosen = map.find(([field]) => field === choice.field)?.[1];
    if (!chosen) return `Choose the column that holds the ${choice.label.toLowerCase()}.`;
  }
  return null;
}

/** A field's label and select: its guessed columns first, then every column of the header. */
export function fieldSelect(choice: FieldChoice, header: string[]): HTMLLabelElement {
  const initial = initialValue(choice);
  const options = [h('option', { value: NONE }, '(not in this file)')];
  if (choice.columns.length > 1) {
    const shown = choice.alternatives ? choice.columns.join(' or ') : choice.columns.join(' + ');
    options.push(h('option', { value: initial }, shown));
  }
  for (const column of header) options.push(h('option', { value: column }, column));
  const select = h('select', { name: choice.field }, ...options);
  select.value = initial;
  return h(
    'label',
    null,
    h('span', { class: 'field-label' }, choice.required ? `${choice.label} (needed)` : choice.label),
    select,
  );
}

function sample(preview: CsvPreview): HTMLTableElement {
  return h(
    'table',
    null,
    h('thead', null, h('tr', null, ...preview.header.map((c) => h('th', null, c)))),
    h('tbody', null, ...preview.rows.map((r) => h('tr', null, ...r.map((c) => h('td', { title: c }, c))))),
  );
}

/** Shows the dialog; resolves with the confirmed pairs, or null when the user cancels. */
export function askCsvMapping(preview: CsvPreview): Promise<[string, string][] | null> {
  const dialog = byId<HTMLDialogElement>('csv-dialog');
  const form = byId<HTMLFormElement>('csv-form');
  const error = byId('csv-form-error');
  byId('csv-dialog-lead').textContent = preview.saved
    ? `${fileName(preview.path)} has the same columns as a file you imported before; its choices are preselected.`
    : `Townhall guessed which columns of ${fileName(preview.path)} hold what. Correct anything it got wrong; the choice is remembered for files with the same columns.`;
  replace(byId('csv-fields'), ...preview.choices.map((c) => fieldSelect(c, preview.header)));
  replace(byId('csv-sample'), sample(preview));
  error.hidden = true;
  return new Promise((resolve) => {
    const finish = (result: [string, string][] | null) => {
      form.onsubmit = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(result);
    };
    form.onsubmit = (event) => {
      event.preventDefault();
      const map = mapFromSelects(form.querySelectorAll('select'));
      const missing = missingRequired(preview, map);
      if (missing) {
        error.textContent = missing;
        error.hidden = false;
        return;
      }
      finish(map);
    };
    dialog.onclose = () => finish(null);
    for (const b of dialog.querySelectorAll<HTMLButtonElement>('[data-close]')) b.onclick = () => finish(null);
    dialog.showModal();
  });
}
