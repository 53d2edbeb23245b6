import { describe, expect, it, vi } from 'vitest';
import type { IncidentMark, SeriesPoint, SpikeMark } from '../backend/bindings';
import { alertWindow, renderEvents, spikeLabel, spikeSpan, spikeWindow } from './events';

const point = (date: string, mentions: number, hours = 24): SeriesPoint => ({
  date,
  local: `${date}T00:00:00`,
  start: Date.parse(`${date}T05:00:00Z`) / 1000,
  end: Date.parse(`${date}T05:00:00Z`) / 1000 + hours * 3600,
  baseline: 0,
  velocity: null,
  share_of_voice: null,
  mentions,
  unique_authors: 1,
  engagement: 0,
  engagement_unknown_share: 0,
  potential_reach: 0,
  reach_unknown_share: 0,
  exposure: 0,
  exposure_unknown_share: 0,
  negative: 0,
  negative_share: 0,
  net_sentiment: null,
});

const lags = {
  first_complaint_at: null,
  lag_to_first_complaint: null,
  peak_at: null,
  peak_mentions: null,
  lag_to_peak: null,
  decay_after_resolution: null,
  social_detection_lead: 3 * 3600 + 20 * 60,
  outside_data: false,
};

const incident: IncidentMark = {
  id: 7,
  label: 'INC0012345',
  number: 'INC0012345',
  title: '<img src=x onerror=alert(1)> SIS down',
  start: 1,
  end: 2,
  lags,
  lead: 'Mentions surged 3 h 20 min before the incident was opened.',
  opened_at: Date.UTC(2026, 8, 2, 13, 0) / 1000,
  resolved_at: null,
};

/** A critical spike on the series' second day, Sep 2, peaking at 40 where 3 is usual. */
const criticalSpike: SpikeMark = {
  start: 1,
  peak: 1,
  end: 2,
  severity: 'critical',
  peak_mentions: 40,
  baseline_at_peak: 3,
  began_before: false,
};

describe('spikes and incidents', () => {
  const series = [point('2026-09-01', 2), point('2026-09-02', 40), point('2026-09-03', 12)];

  it('lists incidents and spikes as text', () => {
    const list = document.createElement('ul');
    renderEvents(
      list,
      {
        band: [],
        official: [],
        spikes: [criticalSpike],
        incidents: [incident],
      },
      series,
      'UTC',
    );
    expect(list.hidden).toBe(false);
    const items = list.querySelectorAll('li');
    expect(items).toHaveLength(2);
    expect(items[0]!.querySelector('.event-title')?.textContent).toBe('<img src=x onerror=alert(1)> SIS down');
    expect(items[0]!.querySelector('.event-meta')?.textContent).toBe('opened Sep 2, 2026, 1:00 PM · not resolved');
    expect(list.querySelector('img')).toBeNull();
    expect(items[1]!.querySelector('.event-title')?.textContent).toBe('Sep 2 – Sep 3');
    expect(items[1]!.querySelector('.event-meta')?.textContent).toBe('peak 40 mentions on Sep 2, usually about 3');
    expect(items[1]!.querySelector('.badge')?.textContent).toBe('Critical spike');
  });

  it('briefs a spike on its days, and compares, renames or removes an incident', () => {
    const list = document.createElement('ul');
    const brief = vi.fn();
    const compare = vi.fn();
    const rename = vi.fn();
    const remove = vi.fn();
    renderEvents(
      list,
      {
        band: [],
        official: [],
        spikes: [criticalSpike],
        incidents: [incident],
      },
      series,
      'UTC',
      undefined,
      brief,
      { compare, rename, remove },
    );
    list.querySelector<HTMLButtonElement>('.event-brief')!.click();
    expect(brief).toHaveBeenCalledWith({ from: '2026-09-02', to: '2026-09-03' });
    list.querySelector<HTMLButtonElement>('.event-compare')!.click();
    expect(compare).toHaveBeenCalledWith(incident);
    expect(rename).not.toHaveBeenCalled();
    list.querySelector<HTMLButtonElement>('.event-rename')!.click();
    list.querySelector<HTMLButtonElement>('.event-remove')!.click();
    expect(rename).toHaveBeenCalledWith(incident);
    expect(remove).toHaveBeenCalledWith(incident);
  });

  it('hides the list when there is nothing to show', () => {
    const list = document.createElement('ul');
    renderEvents(list, { band: [], spikes: [], incidents: [], official: [] }, series, 'UTC');
    expect(list.hidden).toBe(true);
    renderEvents(list, undefined, series, 'UTC');
    expect(list.children).toHaveLength(0);
  });

  it('offers to link the incidents on no topic to the one on screen', () => {
    const list = document.createElement('ul');
    const link = vi.fn();
    const none = { band: [], spikes: [], incidents: [], official: [] };
    renderEvents(list, none, series, 'UTC', undefined, undefined, undefined, { count: 2, link });
    expect(list.hidden).toBe(false);
    expect(list.querySelector('.event-title')?.textContent).toBe("2 incidents are on no topic's chart.");
    const button = list.querySelector<HTMLButtonElement>('.event-link')!;
    expect(button.textContent).toBe('Link them to this topic…');
    button.click();
    expect(link).toHaveBeenCalledOnce();
    renderEvents(list, none, series, 'UTC', undefined, undefined, undefined, { count: 1, link });
    expect(list.querySelector('.event-title')?.textContent).toBe("1 incident is on no topic's chart.");
    renderEvents(list, none, series, 'UTC', undefined, undefined, undefined, { count: 0, link });
    expect(list.hidden).toBe(true);
    expect(list.querySelector('.event-link')).toBeNull();
  });

  it('says who noticed first, in the words of the engine', () => {
    const list = document.createElement('ul');
    const lead = 'Mentions surged 1 d 6 h before the incident was opened.';
    renderEvents(list, { band: [], spikes: [], incidents: [{ ...incident, lead }], official: [] }, series, 'UTC');
    expect(list.querySelector('.event-lead')?.textContent).toBe(lead);
    renderEvents(list, { band: [], spikes: [], incidents: [{ ...incident, lead: null }], official: [] }, series, 'UTC');
    expect(list.querySelector('.event-lead')).toBeNull();
  });
});

describe('the window a spike covers', () => {
  it('ends where its last day ends, a 25-hour day included', () => {
    // Chicago's clocks go back on 1 November 2026: that day runs from 05:00 to 06:00 UTC.
    const days = [point('2026-10-31', 1), point('2026-11-01', 9, 25), point('2026-11-02', 1)];
    const spike = {
      start: 1,
      peak: 1,
      end: 1,
      severity: 'major',
      peak_mentions: 9,
      baseline_at_peak: 1,
      began_before: false,
    };
    const [start, end] = spikeWindow(spike, days)!;
    expect(start).toBe(Date.parse('2026-11-01T05:00:00Z') / 1000);
    expect(end).toBe(Date.parse('2026-11-02T06:00:00Z') / 1000);
    expect(spikeWindow({ ...spike, end: 7 }, days)).toBeNull();
  });

  it('is its hours on an hourly chart, and is briefed as those hours', () => {
    const hour = (h: number, mentions: number): SeriesPoint => ({
      ...point('2026-09-02', mentions, 1),
      local: `2026-09-02T${String(h).padStart(2, '0')}:00:00`,
      start: Date.parse('2026-09-02T05:00:00Z') / 1000 + h * 3600,
      end: Date.parse('2026-09-02T05:00:00Z') / 1000 + (h + 1) * 3600,
    });
    const hours = [hour(6, 1), hour(7, 80), hour(8, 60), hour(9, 2)];
    const spike = {
      start: 1,
      peak: 1,
      end: 2,
      severity: 'critical',
      peak_mentions: 80,
      baseline_at_peak: 1,
      began_before: false,
    };
    expect(spikeSpan(spike, hours)).toEqual({ hours: 2, until: hours[2]!.end });
    expect(spikeLabel(spike, hours)).toBe('Critical spike, Sep 2, 7 AM – Sep 2, 8 AM');
    expect(spikeSpan(spike, [point('2026-09-01', 1), point('2026-09-02', 9), point('2026-09-03', 5)])).toEqual({
      from: '2026-09-02',
      to: '2026-09-03',
    });
  });
});

describe('the hours an alert is shown in', () => {
  it('end with the hour it was raised in and reach back past its surge, a day to a week', () => {
    const h = 3600;
    const raised = 1_788_400_000;
    expect(alertWindow({ started_at: raised - 2 * h, raised_at: raised })).toEqual({ hours: 24, until: raised + 1 });
    expect(alertWindow({ started_at: raised - 30 * h, raised_at: raised }).hours).toBe(43);
    expect(alertWindow({ started_at: raised - 30 * 86_400, raised_at: raised }).hours).toBe(168);
  });
});
