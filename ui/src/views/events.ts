// What the engine found in the series: spikes above the usual level, and the IT incidents
// linked to the topic with how public complaints lined up with them.

import type { IncidentMark, Overlays, SeriesPoint, SpikeMark } from '../backend/bindings';
import { h, replace } from '../dom';
import { formatBucket, formatDateTime, formatExact, isHour, plural, unixToIso } from '../format';

function day(series: SeriesPoint[], index: number): string {
  const p = series[index];
  return p ? formatBucket(p, false) : '?';
}

/** A rolling window of whole hours, ending with the hour under way or at `until` (unix seconds). */
export interface Rolling {
  hours: number;
  until?: number;
}

/** A spike's period: its days (`YYYY-MM-DD`, both included), or its hours on an hourly chart. */
export type SpikeSpan = { from: string; to: string } | Rolling;

/** The longest window of hours the engine takes. */
export const MAX_HOURS = 168;

/** The period a spike covers, for briefing it. */
export function spikeSpan(s: SpikeMark, series: SeriesPoint[]): SpikeSpan | null {
  const first = series[s.start];
  const last = series[s.end];
  if (!first || !last) return null;
  if (!isHour(first)) return { from: first.date, to: last.date };
  return { hours: Math.min(Math.round((last.end - first.start) / 3600), MAX_HOURS), until: last.end };
}

/**
 * The hours to show an alert in: up to the end of the hour it was raised in, from 12 hours before
 * its surge began, at least the last 24 hours and at most a week.
 */
export function alertWindow(alert: { started_at: number; raised_at: number }): Rolling {
  const until = alert.raised_at + 1;
  const since = Math.ceil((until - alert.started_at) / 3600) + 12;
  return { hours: Math.min(Math.max(since, 24), MAX_HOURS), until };
}

/**
 * Asks what drove a window: unix seconds `[start, end)`, a label for the panel and, for a spike,
 * its period so that the panel can offer to brief it.
 */
export type ExplainHandler = (start: number, end: number, label: string, span?: SpikeSpan) => void;

/** Opens the brief builder on the period of a spike. */
export type BriefHandler = (span: SpikeSpan) => void;

/** The unix seconds a spike covers: from its first day's start to its last day's end. */
export function spikeWindow(s: SpikeMark, series: SeriesPoint[]): [number, number] | null {
  const first = series[s.start];
  const last = series[s.end];
  return first && last ? [first.start, last.end] : null;
}

/** "Critical spike, 3 Sep – 5 Sep": how a spike is named in its list and its panel. */
export function spikeLabel(s: SpikeMark, series: SeriesPoint[]): string {
  return `${severityWord(s)} spike, ${spikeDays(s, series)}`;
}

function spikeDays(s: SpikeMark, series: SeriesPoint[]): string {
  return s.start === s.end ? day(series, s.start) : `${day(series, s.start)} – ${day(series, s.end)}`;
}

function severityWord(s: SpikeMark): string {
  return s.severity.charAt(0).toUpperCase() + s.severity.slice(1);
}

/** Opens "What drove it" for a spike, with its days for "Brief this spike…". */
export function explainSpike(s: SpikeMark, series: SeriesPoint[], onExplain: ExplainHandler): void {
  const window = spikeWindow(s, series);
  const span = spikeSpan(s, series);
  if (!window || !span) return;
  onExplain(window[0], window[1], spikeLabel(s, series), span);
}

function spikeItem(
  s: SpikeMark,
  series: SeriesPoint[],
  onExplain?: ExplainHandler,
  onBrief?: BriefHandler,
): HTMLElement {
  const oneDay = s.start === s.end;
  const span = spikeDays(s, series);
  const peak = oneDay
    ? plural(Math.round(s.peak_mentions), 'mention')
    : `peak ${plural(Math.round(s.peak_mentions), 'mention')} on ${day(series, s.peak)}`;
  const usual = s.baseline_at_peak < 1 ? 'usually almost none' : `usually about ${formatExact(s.baseline_at_peak)}`;
  const severity = severityWord(s);
  const explain = onExplain
    ? h(
        'button',
        {
          type: 'button',
          class: 'button button--small event-explain',
          onclick: () => explainSpike(s, series, onExplain),
        },
        'What drove it?',
      )
    : null;
  const period = spikeSpan(s, series);
  const brief =
    onBrief && period
      ? h(
          'button',
          { type: 'button', class: 'button button--small event-brief', onclick: () => onBrief(period) },
          'Brief this spike…',
        )
      : null;
  return h(
    'li',
    { class: `event event--spike event--${s.severity}` },
    h('span', { class: `badge badge--severity badge--${s.severity}` }, `${severity} spike`),
    h('span', { class: 'event-title' }, span),
    h('span', { class: 'event-meta' }, `${peak}, ${usual}`),
    h('span', { class: 'event-actions' }, explain, brief),
  );
}

/** Comparing, renaming and removing an incident from its entry. */
export interface IncidentActions {
  compare: (i: IncidentMark) => void;
  rename: (i: IncidentMark) => void;
  remove: (i: IncidentMark) => void;
}

function incidentItem(i: IncidentMark, timeZone: string, actions?: IncidentActions): HTMLElement {
  const opened = formatDateTime(unixToIso(i.opened_at), timeZone);
  const resolved =
    i.resolved_at === null ? 'not resolved' : `resolved ${formatDateTime(unixToIso(i.resolved_at), timeZone)}`;
  const lead = i.lead;
  return h(
    'li',
    { class: 'event event--incident' },
    h('span', { class: 'badge badge--incident' }, i.label),
    h('span', { class: 'event-title' }, i.title),
    h('span', { class: 'event-meta' }, `opened ${opened} · ${resolved}`),
    lead
      ? h('span', { class: `event-lead${(i.lags.social_detection_lead ?? 0) > 0 ? ' event-lead--late' : ''}` }, lead)
      : null,
    actions
      ? h(
          'span',
          { class: 'event-actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'button button--small event-compare',
              title: 'This incident beside the last three before it on this topic',
              onclick: () => actions.compare(i),
            },
            'Against past incidents',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'button button--small button--link event-rename',
              onclick: () => actions.rename(i),
            },
            'Rename…',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'button button--small button--link event-remove',
              onclick: () => actions.remove(i),
            },
            'Remove…',
          ),
        )
      : null,
  );
}

/** The workspace's incidents on no topic (imported without one, or left by a removed topic). */
export interface Unlinked {
  count: number;
  /** Links them to the topic on screen. */
  link: () => void;
}

function unlinkedItem(unlinked: Unlinked): HTMLElement {
  const them = unlinked.count === 1 ? 'it' : 'them';
  return h(
    'li',
    { class: 'event event--unlinked' },
    h(
      'span',
      { class: 'event-title' },
      `${plural(unlinked.count, 'incident')} ${unlinked.count === 1 ? 'is' : 'are'} on no topic's chart.`,
    ),
    h(
      'span',
      { class: 'event-actions' },
      h(
        'button',
        { type: 'button', class: 'button button--small event-link', onclick: () => unlinked.link() },
        `Link ${them} to this topic…`,
      ),
    ),
  );
}

export function renderEvents(
  list: HTMLElement,
  overlays: Overlays | undefined,
  series: SeriesPoint[],
  timeZone: string,
  onExplain?: ExplainHandler,
  onBrief?: BriefHandler,
  incidentActions?: IncidentActions,
  unlinked?: Unlinked,
): void {
  const spikes = overlays?.spikes ?? [];
  const incidents = overlays?.incidents ?? [];
  const orphans = unlinked && unlinked.count > 0 ? [unlinkedItem(unlinked)] : [];
  list.hidden = spikes.length + incidents.length + orphans.length === 0;
  replace(
    list,
    incidents.map((i) => incidentItem(i, timeZone, incidentActions)),
    orphans,
    spikes.map((s) => spikeItem(s, series, onExplain, onBrief)),
  );
}
