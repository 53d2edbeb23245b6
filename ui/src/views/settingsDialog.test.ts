import { describe, expect, it } from 'vitest';
import type { SettingValue } from '../backend/bindings';
import { changes } from './settingsDialog';

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
