import { describe, expect, it, vi } from 'vitest';
import type { RetentionPreview, SettingsSaved, SettingValue } from '../backend/bindings';
import { changes, deletionWarning, openSettings, sections } from './settingsDialog';

const before: SettingValue[] = [
  { key: 'organisation', label: 'organisation', about: 'organisation name', value: 'Riverside' },
  { key: 'accent', label: 'accent', about: 'colour', value: null },
  { key: 'names', label: 'names', about: 'true to name', value: null },
];

function input(name: string, value: string, checkbox = false): HTMLInputElement {
  const i = document.createElement('input');
  i.name = name;
  if (checkbox) {
    i.type = 'checkbox';
    i.checked = value === 'true';
  } else i.value = value;
  return i;
}

describe('settings changes', () => {
  it('sends only what changed, clearing with an empty value', () => {
    const form = document.createElement('form');
    form.append(input('organisation', ''), input('accent', '#123456'), input('names', 'false', true));
    expect(changes(before, form)).toEqual([
      ['organisation', ''],
      ['accent', '#123456'],
    ]);
  });
});

describe('settings layout', () => {
  const all: SettingValue[] = [
    { key: 'timezone', label: 'timezone', about: 'IANA time zone', value: 'America/Chicago' },
    { key: 'organisation', label: 'organisation', about: 'organisation name', value: null },
    { key: 'retention_days', label: 'retention_days', about: 'delete posts older than this many days', value: null },
    {
      key: 'visibility.twitter',
      label: 'visibility.twitter',
      about: 'share of followers who see a post on X (default 0.05)',
      value: '0.03',
    },
    {
      key: 'visibility.mastodon',
      label: 'visibility.mastodon',
      about: 'share of followers who see a post on Mastodon (default 0.1)',
      value: null,
    },
    { key: 'future_setting', label: 'future_setting', about: 'something newer', value: null },
  ];

  it('groups the settings, with the default rate as the placeholder', () => {
    const groups = sections(all);
    expect(groups.map((g) => g.querySelector('legend')?.textContent ?? '')).toEqual([
      'Briefings',
      'Days and hours',
      'Estimated views',
      'Keeping data',
      '',
    ]);
    const rate = groups[2]!.querySelector<HTMLInputElement>('input[name="visibility.mastodon"]')!;
    expect(rate.placeholder).toBe('0.1');
    expect(groups[2]!.querySelector<HTMLInputElement>('input[name="visibility.twitter"]')!.value).toBe('0.03');
    expect(groups[4]!.querySelector('input[name="future_setting"]')).not.toBeNull();
  });

  it("asks before a retention period deletes posts, in the engine's words, and saves nothing when declined", async () => {
    const preview = vi.fn(
      async (days: string): Promise<RetentionPreview> => ({
        days: Number(days),
        posts: days === '9999' ? 0 : 3315,
        of: 3344,
        message: `This deletes 3,315 of this workspace's 3,344 posts: everything from before 17 September 2026, older than ${days} days.`,
        prune_message: '',
        prune_question: '',
      }),
    );
    expect(await deletionWarning([['organisation', 'X']], preview)).toBeNull();
    expect(await deletionWarning([['retention_days', '']], preview)).toBeNull();
    expect(preview).not.toHaveBeenCalled();
    expect(await deletionWarning([['retention_days', '90']], preview)).toMatch(/^This deletes 3,315 of this/);
    expect(preview).toHaveBeenCalledWith('90');
    // Nothing to delete now: no question. When the engine cannot count, the question is asked.
    expect(await deletionWarning([['retention_days', '9999']], preview)).toBeNull();
    expect(await deletionWarning([['retention_days', '30']], () => Promise.reject(new Error('busy')))).toMatch(
      /older than 30 days will be deleted/,
    );
    expect(await deletionWarning([['retention_days', '30']])).toMatch(/older than 30 days will be deleted/);

    document.body.innerHTML = `<dialog id="settings-dialog"><form id="settings-form"><div id="settings-fields"></div>
      <p id="settings-error" hidden></p><button type="button" data-close>Cancel</button></form></dialog>`;
    const dialog = document.getElementById('settings-dialog') as HTMLDialogElement;
    dialog.showModal = () => dialog.setAttribute('open', '');
    const save = vi.fn(
      async (_changes: [string, string][]): Promise<SettingsSaved> => ({ saved: true, errors: [], deleted_posts: 4 }),
    );
    const confirm = vi.fn(async () => false);
    await openSettings(
      async () => all,
      save,
      () => {},
      confirm,
      {},
      preview,
    );
    const form = document.getElementById('settings-form') as HTMLFormElement;
    form.querySelector<HTMLInputElement>('input[name="retention_days"]')!.value = '30';
    await form.onsubmit!(new Event('submit') as SubmitEvent);
    expect(confirm).toHaveBeenCalledOnce();
    expect(save).not.toHaveBeenCalled();

    confirm.mockResolvedValueOnce(true);
    await form.onsubmit!(new Event('submit') as SubmitEvent);
    expect(save).toHaveBeenCalledWith([['retention_days', '30']]);
  });
});

describe('saving all or nothing', () => {
  it('keeps the dialog open and shows each refusal at its field, in words', async () => {
    document.body.innerHTML = `<dialog id="settings-dialog"><form id="settings-form"><div id="settings-fields"></div>
      <p id="settings-error" hidden></p><button type="button" data-close>Cancel</button></form></dialog>`;
    const dialog = document.getElementById('settings-dialog') as HTMLDialogElement;
    dialog.showModal = () => dialog.setAttribute('open', '');
    dialog.close = vi.fn();
    const saved = vi.fn();
    const values: SettingValue[] = [
      { key: 'organisation', label: 'Organisation', about: 'name', value: null },
      { key: 'visibility.twitter', label: 'X/Twitter', about: 'share (default 0.05)', value: null },
      { key: 'accent', label: 'Accent colour', about: 'colour', value: null },
    ];
    await openSettings(
      async () => values,
      async () => ({
        saved: false,
        deleted_posts: 0,
        errors: [
          {
            key: 'visibility.twitter',
            label: 'X/Twitter',
            message: 'a share of followers between 0 and 1 (such as 0.05), not "5"',
          },
        ],
      }),
      saved,
    );
    const form = document.getElementById('settings-form') as HTMLFormElement;
    form.querySelector<HTMLInputElement>('input[name="organisation"]')!.value = 'Riverside';
    form.querySelector<HTMLInputElement>('input[name="visibility.twitter"]')!.value = '5';
    await form.onsubmit!(new Event('submit') as SubmitEvent);
    expect(saved).not.toHaveBeenCalled();
    expect(dialog.close).not.toHaveBeenCalled();
    const field = form.querySelector('[data-field="visibility.twitter"]')!;
    expect(field.querySelector('.field-error')?.textContent).toBe(
      'A share of followers between 0 and 1 (such as 0.05), not "5".',
    );
    expect(field.querySelector('input')?.getAttribute('aria-invalid')).toBe('true');
    expect(form.querySelector('[data-field="organisation"] .field-error')?.hasAttribute('hidden')).toBe(true);
    expect(document.getElementById('settings-error')?.textContent).toContain('Nothing was saved');
    expect(document.body.textContent).not.toContain('visibility.twitter');
    // The accent has a colour picker that writes the text field.
    const picker = form.querySelector<HTMLInputElement>('input[type="color"]')!;
    picker.value = '#aa3300';
    picker.dispatchEvent(new Event('input'));
    expect(form.querySelector<HTMLInputElement>('input[name="accent"]')!.value).toBe('#aa3300');
  });
});
