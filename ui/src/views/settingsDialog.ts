// Workspace settings: branding and privacy of briefings, the time zone of days, the visibility
// rates of the exposure estimate, and how long posts are kept.

import type { ErrorPayload, FieldError, RetentionPreview, SettingsSaved, SettingValue } from '../backend/bindings';
import { byId, h, replace } from '../dom';
import { sentence } from '../format';

/** The dialog's sections, in order, and which settings each holds. */
const GROUPS: { title: string; note?: string; holds: (key: string) => boolean }[] = [
  {
    title: 'Briefings',
    holds: (k) => ['organisation', 'accent', 'confidentiality', 'logo', 'public_accounts', 'names'].includes(k),
  },
  { title: 'Days and hours', holds: (k) => k === 'timezone' },
  {
    title: 'Estimated views',
    note: 'The share of an author’s followers who see a post, where the platform reports no views.',
    holds: (k) => k.startsWith('visibility.'),
  },
  {
    title: 'Keeping data',
    note: 'Posts older than this are deleted now, when Townhall starts and after every import. Empty keeps everything.',
    holds: (k) => k === 'retention_days',
  },
];

/** The settings laid out in their sections; a setting no section holds comes last. */
export function sections(values: SettingValue[], helpers: FieldHelpers = {}): HTMLElement[] {
  const placed = new Set<string>();
  const out = GROUPS.map((g) => {
    const mine = values.filter((s) => g.holds(s.key));
    for (const s of mine) placed.add(s.key);
    return h(
      'fieldset',
      { class: 'settings-group' },
      h('legend', { class: 'field-label' }, g.title),
      g.note ? h('p', { class: 'settings-note' }, g.note) : null,
      h(
        'div',
        { class: g.title === 'Estimated views' ? 'settings-grid' : 'settings-list' },
        ...mine.map((v) => field(v, helpers)),
      ),
    );
  });
  const rest = values.filter((s) => !placed.has(s.key));
  if (rest.length) out.push(h('fieldset', { class: 'settings-group' }, ...rest.map((v) => field(v, helpers))));
  return out.filter((g) => g.querySelector('input'));
}

/** The IANA time zones this system knows, for the time zone's searchable list. */
function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

export interface FieldHelpers {
  /** Chooses a file for the logo (a file dialog); null when cancelled. */
  pickFile?: () => Promise<string | null>;
}

function field(s: SettingValue, helpers: FieldHelpers = {}): HTMLLabelElement {
  if (s.key === 'names') {
    const box = h('input', { type: 'checkbox', name: s.key, checked: s.value === 'true' });
    return h('label', { class: 'settings-check', 'data-field': s.key }, box, s.label);
  }
  const numeric = s.key.startsWith('visibility.') || s.key === 'retention_days';
  const input = h('input', {
    name: s.key,
    autocomplete: 'off',
    placeholder: s.key.startsWith('visibility.') ? (/default ([\d.]+)/.exec(s.about)?.[1] ?? '') : s.about,
    inputmode: numeric ? 'decimal' : null,
    title: s.about,
    list: s.key === 'timezone' ? 'timezone-list' : null,
  });
  input.value = s.value ?? '';
  const extra: HTMLElement[] = [];
  if (s.key === 'timezone') {
    extra.push(h('datalist', { id: 'timezone-list' }, ...timeZones().map((z) => h('option', { value: z }))));
  } else if (s.key === 'accent') {
    // A picker beside the text, which stays the value (empty: the default colour).
    const picker = h('input', { type: 'color', 'aria-label': 'Pick the accent colour', class: 'settings-colour' });
    picker.value = /^#[0-9a-f]{6}$/i.test(input.value) ? input.value : '#1f5fa8';
    picker.addEventListener('input', () => {
      input.value = picker.value;
    });
    extra.push(picker);
  } else if (s.key === 'logo' && helpers.pickFile) {
    const pick = helpers.pickFile;
    extra.push(
      h(
        'button',
        {
          type: 'button',
          class: 'button button--small',
          onclick: async () => {
            const path = await pick();
            if (path) input.value = path;
          },
        },
        'Choose…',
      ),
    );
  }
  const control = extra.length ? h('span', { class: 'field-row' }, input, ...extra) : input;
  return h(
    'label',
    { class: 'field', 'data-field': s.key },
    h('span', { class: 'field-label' }, s.label),
    control,
    h('span', { class: 'field-error', role: 'alert', hidden: true }),
  );
}

/** Shows each refusal under its field; clears the others. */
export function showFieldErrors(form: HTMLElement, errors: FieldError[]): void {
  for (const f of form.querySelectorAll<HTMLElement>('[data-field]')) {
    const error = errors.find((e) => e.key === f.dataset.field);
    const slot = f.querySelector<HTMLElement>('.field-error');
    const input = f.querySelector('input');
    if (slot) {
      slot.textContent = error ? sentence(error.message) : '';
      slot.hidden = !error;
    }
    if (error) input?.setAttribute('aria-invalid', 'true');
    else input?.removeAttribute('aria-invalid');
  }
  form.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
}

/** The settings whose value the form changes, as `[key, value]`. */
export function changes(before: SettingValue[], form: HTMLFormElement): [string, string][] {
  const out: [string, string][] = [];
  for (const s of before) {
    const input = form.elements.namedItem(s.key) as HTMLInputElement | null;
    if (!input) continue;
    const value = input.type === 'checkbox' ? String(input.checked) : input.value.trim();
    const old = s.key === 'names' ? String(s.value === 'true') : (s.value ?? '');
    if (value !== old) out.push([s.key, value]);
  }
  return out;
}

/** The question to ask before saving, when the changes could delete posts now: the engine's
 * words, with how many posts of how many go; null when it says nothing would go. When it
 * cannot say (a value it refuses, a workspace busy elsewhere), the question is asked anyway. */
export async function deletionWarning(
  changed: [string, string][],
  preview?: (days: string) => Promise<RetentionPreview>,
): Promise<string | null> {
  const days = changed.find(([k, v]) => k === 'retention_days' && v !== '')?.[1];
  if (days === undefined) return null;
  try {
    if (!preview) throw new Error('no count');
    const found = await preview(days);
    return found.posts > 0 ? found.message : null;
  } catch {
    return `Posts older than ${days} days will be deleted from this workspace now, and again whenever Townhall starts or imports. This cannot be undone.`;
  }
}

/** Opens the dialog. The changes are saved all or nothing: when any value is refused, nothing
 * is saved and each refusal shows under its field. `saved` follows a successful save. */
export async function openSettings(
  load: () => Promise<SettingValue[]>,
  save: (changes: [string, string][]) => Promise<SettingsSaved>,
  saved: (outcome: SettingsSaved) => void,
  confirm: (message: string) => Promise<boolean> = async () => true,
  helpers: FieldHelpers = {},
  retention?: (days: string) => Promise<RetentionPreview>,
): Promise<void> {
  const dialog = byId<HTMLDialogElement>('settings-dialog');
  const form = byId<HTMLFormElement>('settings-form');
  const error = byId('settings-error');
  const before = await load();
  replace(byId('settings-fields'), ...sections(before, helpers));
  error.hidden = true;
  form.onsubmit = async (event) => {
    event.preventDefault();
    error.hidden = true;
    try {
      const changed = changes(before, form);
      const warning = await deletionWarning(changed, retention);
      if (warning && !(await confirm(warning))) return;
      const outcome = await save(changed);
      showFieldErrors(form, outcome.errors);
      if (!outcome.saved) {
        error.textContent = `Nothing was saved: ${outcome.errors.length === 1 ? 'one value needs' : `${outcome.errors.length} values need`} a change.`;
        error.hidden = false;
        return;
      }
      dialog.close();
      saved(outcome);
    } catch (e) {
      error.textContent = sentence((e as ErrorPayload).message ?? String(e));
      error.hidden = false;
    }
  };
  for (const b of dialog.querySelectorAll<HTMLButtonElement>('[data-close]')) b.onclick = () => dialog.close();
  dialog.showModal();
}
