// Workspace settings: branding and privacy of briefings, the time zone of days, the visibility
// rates of the exposure estimate, and how long posts are kept.

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
  retention_days: 'Delete posts older than (days)',
  'visibility.twitter': 'X (Twitter)',
  'visibility.facebook': 'Facebook',
  'visibility.reddit': 'Reddit',
  'visibility.mastodon': 'Mastodon',
  'visibility.bluesky': 'Bluesky',
  'visibility.other': 'Other platforms',
};

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
export function sections(values: SettingValue[]): HTMLElement[] {
  const placed = new Set<string>();
  const out = GROUPS.map((g) => {
    const mine = values.filter((s) => g.holds(s.key));
    for (const s of mine) placed.add(s.key);
    return h(
      'fieldset',
      { class: 'settings-group' },
      h('legend', { class: 'field-label' }, g.title),
      g.note ? h('p', { class: 'settings-note' }, g.note) : null,
      h('div', { class: g.title === 'Estimated views' ? 'settings-grid' : 'settings-list' }, ...mine.map(field)),
    );
  });
  const rest = values.filter((s) => !placed.has(s.key));
  if (rest.length) out.push(h('fieldset', { class: 'settings-group' }, ...rest.map(field)));
  return out.filter((g) => g.querySelector('input'));
}

function field(s: SettingValue): HTMLLabelElement {
  const label = LABELS[s.key] ?? s.key;
  if (s.key === 'names') {
    const box = h('input', { type: 'checkbox', name: s.key, checked: s.value === 'true' });
    return h('label', { class: 'settings-check' }, box, label);
  }
  const numeric = s.key.startsWith('visibility.') || s.key === 'retention_days';
  const input = h('input', {
    name: s.key,
    autocomplete: 'off',
    placeholder: s.key.startsWith('visibility.') ? (/default ([\d.]+)/.exec(s.about)?.[1] ?? '') : s.about,
    inputmode: numeric ? 'decimal' : null,
    title: s.about,
  });
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

/** The question to ask before saving, when the changes would delete posts. */
export function deletionWarning(changed: [string, string][]): string | null {
  const days = changed.find(([k, v]) => k === 'retention_days' && v !== '')?.[1];
  return days === undefined
    ? null
    : `Posts older than ${days} days will be deleted from this workspace now, and again whenever Townhall starts or imports. This cannot be undone.`;
}

/** Opens the dialog; `saved` follows a successful save. */
export async function openSettings(
  load: () => Promise<SettingValue[]>,
  save: (key: string, value: string) => Promise<void>,
  saved: () => void,
  confirm: (message: string) => Promise<boolean> = async () => true,
): Promise<void> {
  const dialog = byId<HTMLDialogElement>('settings-dialog');
  const form = byId<HTMLFormElement>('settings-form');
  const error = byId('settings-error');
  const before = await load();
  replace(byId('settings-fields'), ...sections(before));
  error.hidden = true;
  form.onsubmit = async (event) => {
    event.preventDefault();
    try {
      const changed = changes(before, form);
      const warning = deletionWarning(changed);
      if (warning && !(await confirm(warning))) return;
      for (const [key, value] of changed) await save(key, value);
      dialog.close();
      saved();
    } catch (e) {
      error.textContent = sentence((e as ErrorPayload).message ?? String(e));
      error.hidden = false;
    }
  };
  for (const b of dialog.querySelectorAll<HTMLButtonElement>('[data-close]')) b.onclick = () => dialog.close();
  dialog.showModal();
}
