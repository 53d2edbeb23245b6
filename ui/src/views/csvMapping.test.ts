import { describe, expect, it } from 'vitest';
import type { CsvPreview } from '../backend/bindings';
import { fieldSelect, initialValue, mapFromSelects, missingRequired } from './csvMapping';

const preview: CsvPreview = {
  path: '/data/sheet.csv',
  header: ['When', 'What', 'Who', 'Reactions', 'Likes'],
  rows: [['2024-03-02 09:00:00', 'row one', 'ana']],
  saved: false,
  choices: [
    { field: 'created_at', label: 'Date (and time)', required: true, columns: [], value: '', alternatives: false },
    { field: 'text', label: 'Text', required: true, columns: ['What', 'Who'], value: 'What+Who', alternatives: false },
    { field: 'author', label: 'Author handle', required: false, columns: [], value: '', alternatives: false },
    {
      field: 'likes',
      label: 'Likes',
      required: false,
      columns: ['Reactions', 'Likes'],
      value: 'Reactions|Likes',
      alternatives: true,
    },
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

  it('offers a count read from one column per network as alternatives, not a sum', () => {
    const select = fieldSelect(preview.choices[3]!, preview.header).querySelector('select')!;
    expect(select.value).toBe('Reactions|Likes');
    expect(select.selectedOptions[0]!.textContent).toBe('Reactions or Likes');
    const summed = { ...preview.choices[3]!, value: 'Reactions+Likes', alternatives: false };
    const plain = fieldSelect(summed, preview.header).querySelector('select')!;
    expect(plain.selectedOptions[0]!.textContent).toBe('Reactions + Likes');
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
