import { describe, expect, it } from 'vitest';
import { incidentRequest } from './incidentForm';

function form(values: Record<string, string>): HTMLFormElement {
  const f = document.createElement('form');
  for (const [name, value] of Object.entries(values)) {
    const input = document.createElement('input');
    input.name = name;
    input.value = value;
    f.append(input);
  }
  return f;
}

describe('incidentRequest', () => {
  it('builds the request from the form', () => {
    const f = form({ title: ' Portal down ', number: '', opened: '2026-09-01T08:40', resolved: '' });
    expect(incidentRequest('SchoolMax', f)).toEqual({
      topic: 'SchoolMax',
      title: 'Portal down',
      number: null,
      opened: '2026-09-01T08:40',
      resolved: null,
    });
  });

  it('says what is missing or wrong', () => {
    expect(incidentRequest('T', form({ title: '', opened: '2026-09-01T08:40' }))).toMatch(/what happened/i);
    expect(incidentRequest('T', form({ title: 'x', opened: '' }))).toMatch(/opened/);
    expect(
      incidentRequest('T', form({ title: 'x', opened: '2026-09-02T08:00', resolved: '2026-09-01T08:00' })),
    ).toMatch(/before it was opened/);
  });
});
