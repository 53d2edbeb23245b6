import { describe, expect, it } from 'vitest';
import type { Change, Kpi, Trend } from '../backend/bindings';
import { kpiTile, renderKpis } from './kpis';

// The engine words a change (`analytics::change`); the tiles show its words.
const change = (trend: Trend, pct: number | null, said: string): Change => ({ trend, pct, said, short: said });

const kpis: Kpi[] = [
  {
    key: 'mentions',
    label: 'Mentions',
    value: 1340,
    previous: 1000,
    change: change('up', 34, '▲ 34% vs the previous 30 days'),
    note: null,
    unknown: false,
  },
  {
    key: 'unique_authors',
    label: 'People posting',
    value: 88,
    previous: 100,
    change: change('down', -12, '▼ 12% vs the previous 30 days'),
    note: null,
    unknown: false,
  },
  {
    key: 'engagement',
    label: 'Engagement',
    value: 12_345,
    previous: 0,
    change: change('new', null, 'new: none in the previous 14 days'),
    note: null,
    unknown: false,
  },
  {
    key: 'potential_reach',
    label: 'Potential reach',
    value: 1_234_567,
    previous: 1_234_567,
    change: change('flat', 0, 'no change vs the previous 30 days'),
    note: 'follower count unknown for 12% of authors',
    unknown: false,
  },
];

describe('KPI tiles', () => {
  it('renders one tile per KPI keyed by data-key', () => {
    const row = document.createElement('section');
    renderKpis(row, kpis);
    const keys = [...row.querySelectorAll<HTMLElement>('.kpi')].map((t) => t.dataset.key);
    expect(keys).toEqual(['mentions', 'unique_authors', 'engagement', 'potential_reach']);
  });

  it('shows the compact value with the exact one as a tooltip', () => {
    const tile = kpiTile(kpis[3]!);
    const value = tile.querySelector('.kpi-value')!;
    expect(value.textContent).toBe('1.2M');
    expect(value.getAttribute('title')).toBe('1,234,567');
    expect(tile.querySelector('.kpi-note')?.textContent).toBe('follower count unknown for 12% of authors');
  });

  it('says a figure nothing is known of is unknown, not 0', () => {
    const tile = kpiTile({
      ...kpis[3]!,
      value: 0,
      previous: 0,
      note: "no author's follower count is known",
      unknown: true,
    });
    expect(tile.querySelector('.kpi-value')?.textContent).toBe('Unknown');
    expect(tile.querySelector('.kpi-change')).toBeNull();
    expect(tile.querySelector('.kpi-note')?.textContent).toBe("no author's follower count is known");
  });

  it('marks a rise red (up) and a fall green (down)', () => {
    const up = kpiTile(kpis[0]!).querySelector('.kpi-change')!;
    expect(up.textContent).toBe('▲ 34% vs the previous 30 days');
    expect(up.classList.contains('change--up')).toBe(true);
    const down = kpiTile(kpis[1]!).querySelector('.kpi-change')!;
    expect(down.textContent).toBe('▼ 12% vs the previous 30 days');
    expect(down.classList.contains('change--down')).toBe(true);
    expect(down.classList.contains('change--up')).toBe(false);
  });

  it('calls a figure with no previous value new', () => {
    const tile = kpiTile(kpis[2]!);
    const change = tile.querySelector('.kpi-change')!;
    expect(change.classList.contains('change--new')).toBe(true);
    expect(change.textContent).toContain('new');
    expect(tile.querySelector('.kpi-note')).toBeNull();
  });

  it("shows a change that is not compared in the engine's words, neither up nor new", () => {
    const said = 'not compared: unknown in the previous 30 days';
    const tile = kpiTile({ ...kpis[2]!, change: change('unknown', null, said) });
    const shown = tile.querySelector('.kpi-change')!;
    expect(shown.textContent).toBe(said);
    expect([...shown.classList]).toEqual(['kpi-change', 'change--unknown']);
  });

  it('keeps hostile labels as text', () => {
    const tile = kpiTile({ ...kpis[0]!, label: '<img src=x onerror=alert(1)>' });
    expect(tile.querySelector('.kpi-label')?.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(tile.querySelector('img')).toBeNull();
  });

  it('opens the posts a linked note counts, not the whole tile', () => {
    const shown: string[] = [];
    const tile = kpiTile(
      { ...kpis[0]!, note: 'of which 14 are copies of 1 text' },
      (k) => shown.push(`tile ${k.key}`),
      { mentions: () => shown.push('copies') },
    );
    const link = tile.querySelector<HTMLButtonElement>('button.kpi-note')!;
    expect(link.textContent).toBe('of which 14 are copies of 1 text');
    link.click();
    expect(shown).toEqual(['copies']);
    tile.click();
    expect(shown).toEqual(['copies', 'tile mentions']);
    // Two separate buttons: the tile's is not around the note's, and the tile is no button.
    const open = tile.querySelector<HTMLButtonElement>('button.kpi-open')!;
    expect(open.getAttribute('aria-label')).toMatch(/^Mentions: [\d,]+\. Show the posts behind it$/);
    expect(open.contains(link)).toBe(false);
    expect(tile.getAttribute('role')).toBeNull();
    open.click();
    expect(shown).toEqual(['copies', 'tile mentions', 'tile mentions']);
    // Another tile's note stays text.
    expect(kpiTile(kpis[3]!, undefined, { mentions: () => {} }).querySelector('button')).toBeNull();
  });
});
