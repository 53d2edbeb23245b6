import { describe, expect, it } from 'vitest';
import { readChoices } from './briefDialog';

describe('readChoices', () => {
  it('returns the checked sections in order and the names toggle', () => {
    const form = document.createElement('form');
    for (const [value, checked] of [
      ['summary', true],
      ['chart', false],
      ['method', true],
    ] as const) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'section';
      box.value = value;
      box.checked = checked;
      form.append(box);
    }
    const names = document.createElement('input');
    names.type = 'checkbox';
    names.name = 'names';
    names.checked = true;
    form.append(names);
    expect(readChoices(form)).toEqual({ sections: ['summary', 'method'], names: true });
  });
});
