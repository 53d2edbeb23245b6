import { describe, expect, it, vi } from 'vitest';
import type { ChartPlot, SeriesPoint, SpikeMark } from '../backend/bindings';
import { dayAt, dayTip, dayX, pickDays, spikeAt } from './chart';

// The geometry the engine reports for a 960 × 360 chart of ten days.
const plot: ChartPlot = { width: 960, height: 360, left: 60, right: 940, top: 28, bottom: 320, x_first: 0, x_last: 9 };

function series(counts: number[]): SeriesPoint[] {
  return counts.map((mentions, i) => ({
    date: `2026-09-${String(i + 1).padStart(2, '0')}`,
    local: `2026-09-${String(i + 1).padStart(2, '0')}T00:00:00`,
    start: Date.UTC(2026, 8, i + 1) / 1000,
    end: Date.UTC(2026, 8, i + 2) / 1000,
    baseline: 0,
    velocity: null,
    share_of_voice: null,
    mentions,
    unique_authors: mentions ? 2 : 0,
    engagement: 0,
    engagement_unknown_share: 0,
    potential_reach: 0,
    reach_unknown_share: 0,
    exposure: 0,
    exposure_unknown_share: 0,
    negative: 0,
    negative_share: 0,
    net_sentiment: null,
  }));
}

describe('picking a day on the chart', () => {
  it('maps pixel columns to days and back, like the engine', () => {
    expect(dayAt(plot, 60, 10)).toBe(0);
    expect(dayAt(plot, 940, 10)).toBe(9);
    expect(dayAt(plot, dayX(plot, 4), 10)).toBe(4);
    expect(dayAt(plot, dayX(plot, 4) + 40, 10)).toBe(4);
    expect(dayAt(plot, dayX(plot, 4) + 60, 10)).toBe(5);
    expect(dayAt(plot, 20, 10)).toBeNull();
    expect(dayAt(plot, 955, 10)).toBeNull();
    expect(dayAt(plot, 500, 0)).toBeNull();
  });

  it('says what a day holds', () => {
    const [quiet, busy] = series([0, 1234]) as [SeriesPoint, SeriesPoint];
    expect(dayTip(quiet)).toBe('Sep 1, 2026: no mentions');
    expect(dayTip(busy)).toBe('Sep 2, 2026: 1,234 mentions by 2 people · 0% negative');
    expect(dayTip({ ...busy, velocity: 3.25, negative_share: 0.456 })).toBe(
      'Sep 2, 2026: 1,234 mentions by 2 people · 3.3× normal · 46% negative',
    );
    expect(dayTip({ ...busy, velocity: 42.4 })).toContain('42× normal');
  });

  it('opens the day under a click, and moves along the days with the keyboard', () => {
    const frame = document.createElement('div');
    const img = frame.appendChild(document.createElement('img'));
    document.body.appendChild(frame);
    const open = vi.fn();
    const s = series([1, 0, 5, 2, 0, 0, 0, 0, 0, 3]);
    pickDays(img, plot, s, { day: open, spikes: [], spike: vi.fn() });

    // Happy DOM lays nothing out: the image sits at 0 and is as wide as the chart's pixels.
    const click = (x: number) => img.dispatchEvent(new MouseEvent('click', { clientX: x }));
    click(10); // the axis labels, left of the first day
    expect(open).not.toHaveBeenCalled();
    click(dayX(plot, 2) + 20);
    expect(open).toHaveBeenLastCalledWith(2);
    // A day without posts has nothing to open.
    open.mockClear();
    click(dayX(plot, 1));
    expect(open).not.toHaveBeenCalled();

    img.focus();
    const tip = frame.querySelector<HTMLElement>('.chart-tip')!;
    expect(tip.hidden).toBe(false);
    expect(tip.textContent).toContain('Sep 3, 2026: 5 mentions'); // focus starts on the peak
    img.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    expect(tip.textContent).toContain('Sep 4, 2026');
    img.dispatchEvent(new KeyboardEvent('keydown', { key: 'End' }));
    img.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(open).toHaveBeenLastCalledWith(9);
    img.blur();
    expect(tip.hidden).toBe(true);

    // A second chart replaces the handlers instead of adding to them.
    open.mockClear();
    pickDays(img, plot, s, { day: open, spikes: [], spike: vi.fn() });
    img.focus();
    img.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home' }));
    img.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(open).toHaveBeenCalledTimes(1);
    expect(frame.querySelectorAll('.chart-tip')).toHaveLength(1);

    // A chart drawn again while it has focus shows its tip at once, on the new peak.
    pickDays(img, plot, series([0, 7, 1, 0, 0, 0, 0, 0, 0, 0]), { day: open, spikes: [], spike: vi.fn() });
    expect(tip.hidden).toBe(false);
    expect(tip.textContent).toContain('Sep 2, 2026: 7 mentions');
    img.blur();
    pickDays(img, plot, s, { day: open, spikes: [], spike: vi.fn() });
    expect(tip.hidden).toBe(true);
  });

  it('opens what drove a spike when a click falls on its days', () => {
    const frame = document.createElement('div');
    const img = frame.appendChild(document.createElement('img'));
    document.body.appendChild(frame);
    const day = vi.fn();
    const spike = vi.fn();
    const s = series([1, 2, 40, 55, 3, 1, 0, 0, 0, 3]);
    const critical = {
      start: 2,
      end: 3,
      peak: 3,
      peak_mentions: 55,
      baseline_at_peak: 2,
      severity: 'critical',
    } as SpikeMark;
    pickDays(img, plot, s, { day, spikes: [critical], spike });

    const click = (x: number) => img.dispatchEvent(new MouseEvent('click', { clientX: x }));
    click(dayX(plot, 2));
    expect(spike).toHaveBeenLastCalledWith(critical);
    click(dayX(plot, 1));
    expect(day).toHaveBeenLastCalledWith(1);
    expect(spike).toHaveBeenCalledTimes(1);

    // The keyboard reaches the spike too, and the tip says what a click will open.
    img.focus();
    const tip = frame.querySelector<HTMLElement>('.chart-tip')!;
    expect(tip.textContent).toContain('critical spike: click for what drove it');
    img.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(spike).toHaveBeenCalledTimes(2);
    img.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    expect(tip.textContent).toContain('click for the posts');
    expect(spikeAt([critical], 4)).toBeUndefined();
  });
});
