// Workspace settings: branding and privacy of briefings, and the time zone of days.

import type { ErrorPayload, SettingValue } from '../backend/bindings';
import { byId, h, replace } from '../dom';
import { sentence } from '../format';

/** What each setting is called in the dialog (the engine's own wording is the fallback). */
const LABELS: Record<string, string> = {
  timezone: 'Time zone',
  organisation: 'Organisation',
  accent: 'Accent colour',
  confidentiality: 'Confidentiality line',
  logo: 'Logo file',
  public_accounts: 'Accounts always named',
  names: 'Name private persons in briefings',
};

function field(s: SettingValue): HTMLLabelElement {
  const label = LABELS[s.key] ?? s.key;
  if (s.key === 'names') {
    const box = h('input', { type: 'checkbox', name: s.key, checked: s.value === 'true' });
    return h('label', { class: 'settings-check' }, box, label);
  }
  const input = h('input', { name: s.key, autocomplete: 'off', placeholder: s.about });
  input.value = s.value ?? '';
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), input);
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

/** Opens the dialog; `saved` follows a successful save. */
export async function openSettings(
  load: () => Promise<SettingValue[]>,
  save: (key: string, value: string) => Promise<void>,
  saved: () => void,
): Promise<void> {
  const dialog = byId<HTMLDialogElement>('settings-dialog');
  const form = byId<HTMLFormElement>('settings-form');
  const error = byId('settings-error');
  const before = await load();
  replace(byId('settings-fields'), ...before.map(field));
  error.hidden = true;
  form.onsubmit = async (event) => {
    event.preventDefault();
    try {
      for (const [key, value] of changes(before, form)) await save(key, value);
      dialog.close();
      saved();
    } catch (e) {
      error.textContent = sentence((e as ErrorPayload).message ?? String(e));
      error.hidden = false;
    }
  };
  dialog.querySelectorAll<HTMLButtonElement>('[data-close]').forEach((b) => (b.onclick = () => dialog.close()));
  dialog.showModal();
}
