import { describe, expect, it, vi } from 'vitest';
import type { SettingValue } from '../backend/bindings';
import { changes, deletionWarning, openSettings, sections } from './settingsDialog';

const before: SettingValue[] = [
  { key: 'organisation', about: 'organisation name', value: 'Riverside' },
  { key: 'accent', about: 'colour', value: null },
  { key: 'names', about: 'true to name', value: null },
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
    { key: 'timezone', about: 'IANA time zone', value: 'America/Chicago' },
    { key: 'organisation', about: 'organisation name', value: null },
    { key: 'retention_days', about: 'delete posts older than this many days', value: null },
    { key: 'visibility.twitter', about: 'share of followers who see a post on X (default 0.05)', value: '0.03' },
    { key: 'visibility.mastodon', about: 'share of followers who see a post on Mastodon (default 0.1)', value: null },
    { key: 'future_setting', about: 'something newer', value: null },
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

  it('asks before a retention period deletes posts, and saves nothing when declined', async () => {
    expect(deletionWarning([['organisation', 'X']])).toBeNull();
    expect(deletionWarning([['retention_days', '']])).toBeNull();
    expect(deletionWarning([['retention_days', '90']])).toMatch(/older than 90 days will be deleted/);

    document.body.innerHTML = `<dialog id="settings-dialog"><form id="settings-form"><div id="settings-fields"></div>
      <p id="settings-error" hidden></p><button type="button" data-close>Cancel</button></form></dialog>`;
    const dialog = document.getElementById('settings-dialog') as HTMLDialogElement;
    dialog.showModal = () => dialog.setAttribute('open', '');
    const save = vi.fn(async () => {});
    const confirm = vi.fn(async () => false);
    await openSettings(
      async () => all,
      save,
      () => {},
      confirm,
    );
    const form = document.getElementById('settings-form') as HTMLFormElement;
    form.querySelector<HTMLInputElement>('input[name="retention_days"]')!.value = '30';
    await form.onsubmit!(new Event('submit') as SubmitEvent);
    expect(confirm).toHaveBeenCalledOnce();
    expect(save).not.toHaveBeenCalled();

    confirm.mockResolvedValueOnce(true);
    await form.onsubmit!(new Event('submit') as SubmitEvent);
    expect(save).toHaveBeenCalledWith('retention_days', '30');
  });
});
