import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IncidentComparison, IncidentProfile } from '../backend/bindings';
import { renderComparison } from './comparePanel';

function profile(label: string): IncidentProfile {
  return {
    id: 1,
    label,
    title: 'Portal down',
    opened_at: 1788270000,
    hourly: [0, 1, 4],
    mentions: 5,
    people: 4,
    negative_share: 0.5,
    peak: 4,
    peak_after: 3600,
    first_complaint_after: -600,
    above_normal: true,
    outside_data: false,
    back_to_normal_after: 86400,
  };
}

const hostile = '<img src=x onerror=alert(1)>';

const comparison: IncidentComparison = {
  topic: 'Portal',
  tz: 'UTC',
  before_hours: 6,
  after_hours: 72,
  incident: profile(hostile),
  earlier: [profile('INC-1')],
  lines: [`${hostile} against the incident before it (INC-1), over the 78 h from 6 h before each start.`, 'Peak: 4.'],
  columns: ['Incident', 'Opened'],
  rows: [
    [hostile, '1 Sep 2026, 13:40'],
    ['INC-1', '1 Aug 2026, 09:00'],
  ],
  chart_svg: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
};

describe('against past incidents', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the engine’s sentences and table as text, this incident first, and the chart as an image', () => {
    const create = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:chart');
    const body = document.createElement('div');
    renderComparison(body, comparison);
    const lines = [...body.querySelectorAll('p')].map((p) => p.textContent);
    expect(lines).toEqual(comparison.lines);
    const rows = [...body.querySelectorAll('tbody tr')];
    expect(rows).toHaveLength(2);
    expect(rows[0]!.classList.contains('compare-this')).toBe(true);
    expect(rows[0]!.firstElementChild!.textContent).toBe(hostile);
    expect([...body.querySelectorAll('th')].map((t) => t.textContent)).toEqual(['Incident', 'Opened']);
    // One image, the chart, from a blob; nothing of the labels or the SVG became markup.
    const images = body.querySelectorAll('img');
    expect(images).toHaveLength(1);
    expect(images[0]!.getAttribute('src')).toBe('blob:chart');
    expect(body.querySelector('svg, script')).toBeNull();
    expect((create.mock.calls[0]![0] as Blob).type).toBe('image/svg+xml');
  });
});
