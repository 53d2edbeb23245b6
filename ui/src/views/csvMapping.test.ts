import { describe, expect, it } from 'vitest';
import type { CsvPreview } from '../backend/bindings';
import { initialValue, mapFromSelects, missingRequired } from './csvMapping';

const preview: CsvPreview = {
  path: '/data/sheet.csv',
  header: ['When', 'What', 'Who'],
  rows: [['2024-03-02 09:00:00', 'row one', 'ana']],
  saved: false,
  choices: [
    { field: 'created_at', label: 'Date (and time)', required: true, columns: [] },
    { field: 'text', label: 'Text', required: true, columns: ['What', 'Who'] },
    { field: 'author', label: 'Author handle', required: false, columns: [] },
  ],
};

function select(name: string, value: string): HTMLSelectElement {
  const s = document.createElement('select');
  s.name = name;
  const o = document.createElement('option');
  o.value = value;
  s.append(o);
  s.value = value;
  return s;
}

describe('CSV mapping', () => {
  it('starts from the guessed columns, several joined as the engine reads them', () => {
    expect(initialValue(preview.choices[1]!)).toBe('What+Who');
    expect(initialValue(preview.choices[0]!)).toBe('');
  });

  it('sends every field, and asks for the ones a post needs', () => {
    const map = mapFromSelects([select('created_at', ''), select('text', 'What'), select('author', 'Who')]);
    expect(map).toEqual([
      ['created_at', ''],
      ['text', 'What'],
      ['author', 'Who'],
    ]);
    expect(missingRequired(preview, map)).toMatch(/date/i);
    map[0] = ['created_at', 'When'];
    expect(missingRequired(preview, map)).toBeNull();
  });
});
