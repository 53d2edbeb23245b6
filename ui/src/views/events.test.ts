import { describe, expect, it } from 'vitest';
import type { IncidentMark, SeriesPoint } from '../backend/bindings';
import { leadSentence, renderEvents } from './events';

const point = (date: string, mentions: number): SeriesPoint => ({
  date,
  start: `${date}T05:00:00Z`,
  local: `${date}T00:00:00-05:00`,
  baseline: 0,
  velocity: null,
  share_of_voice: null,
  mentions,
  unique_authors: 1,
  engagement: 0,
  potential_reach: 0,
  reach_unknown_share: 0,
  exposure: 0,
  exposure_unknown_share: 0,
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
};

const incident: IncidentMark = {
  label: 'INC0012345',
  number: 'INC0012345',
  title: '<img src=x onerror=alert(1)> SIS down',
  start: 1,
  end: 2,
  lags,
  opened_at: Date.UTC(2026, 8, 2, 13, 0) / 1000,
  resolved_at: null,
};

describe('spikes and incidents', () => {
  const series = [point('2026-09-01', 2), point('2026-09-02', 40), point('2026-09-03', 12)];

  it('lists incidents and spikes as text', () => {
    const list = document.createElement('ul');
    renderEvents(
      list,
      {
        band: [],
        spikes: [{ start: 1, peak: 1, end: 2, severity: 'critical', peak_mentions: 40, baseline_at_peak: 3 }],
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

  it('hides the list when there is nothing to show', () => {
    const list = document.createElement('ul');
    renderEvents(list, { band: [], spikes: [], incidents: [] }, series, 'UTC');
    expect(list.hidden).toBe(true);
    renderEvents(list, undefined, series, 'UTC');
    expect(list.children).toHaveLength(0);
  });

  it('says who noticed first', () => {
    expect(leadSentence(incident)).toBe('Public complaints started 3 h 20 min before the incident was opened.');
    const late = { ...incident, lags: { ...lags, social_detection_lead: -45 * 60 } };
    expect(leadSentence(late)).toBe('The incident was opened 45 min before public complaints started.');
    expect(leadSentence({ ...incident, lags: { ...lags, social_detection_lead: null } })).toBeNull();
  });
});
