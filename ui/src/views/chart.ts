// The exposure chart. The engine draws it as an SVG document; it is shown as an image from a
// blob URL, never parsed into this page's DOM. The engine also says where the days sit on it
// (`ChartPlot`), so that pointing at the chart, or moving along it with the arrow keys, picks a
// day, and clicking or pressing Enter lists that day's posts — or, on a spike's days, says what
// drove the spike.

import type { ChartPlot, SeriesPoint, SpikeMark } from '../backend/bindings';
import { h } from '../dom';
import { formatBucket, isHour, plural, timesNormal } from '../format';

let currentUrl: string | null = null;

export const CHART_ALT = 'Exposure over time: mentions and people posting';

/** Shows `svg` in the figure's <img>, creating it if needed; revokes the previous image URL. */
export function showChart(figure: HTMLElement, svg: string): HTMLImageElement {
  let img = figure.querySelector('img');
  if (!img) {
    img = document.createElement('img');
    (figure.querySelector('.chart-frame') ?? figure).appendChild(img);
  }
  img.alt = CHART_ALT;
  img.width = 960;
  img.height = 360;
  const previous = currentUrl;
  currentUrl = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  img.src = currentUrl;
  if (previous) URL.revokeObjectURL(previous);
  return img;
}

/** The day (index into the series) under chart pixel column `x`; the engine's `day_at`. */
export function dayAt(plot: ChartPlot, x: number, days: number): number | null {
  if (days === 0 || x < plot.left - 0.5 || x > plot.right + 0.5) return null;
  const span = Math.max(plot.right - plot.left, 1);
  const at = plot.x_first + ((x - plot.left) / span) * (plot.x_last - plot.x_first);
  return Math.min(Math.max(Math.round(at), 0), days - 1);
}

/** The chart pixel column of day `i`. */
export function dayX(plot: ChartPlot, i: number): number {
  const span = plot.x_last - plot.x_first || 1;
  return plot.left + ((i - plot.x_first) / span) * (plot.right - plot.left);
}

/** What the tip says about one day: mentions, people, against normal, and tone. */
export function dayTip(p: SeriesPoint): string {
  if (p.mentions === 0) return `${formatBucket(p)}: no mentions`;
  const parts = [
    `${formatBucket(p)}: ${plural(p.mentions, 'mention')} by ${plural(p.unique_authors, 'person', 'people')}`,
  ];
  if (p.velocity !== null) parts.push(timesNormal(p.velocity));
  parts.push(`${Math.round(p.negative_share * 100)}% negative`);
  return parts.join(' · ');
}

/** The spike whose days include day `i`, if any. */
export function spikeAt(spikes: SpikeMark[], i: number): SpikeMark | undefined {
  return spikes.find((s) => s.start <= i && i <= s.end);
}

/** What a click on the chart opens: a day's posts, or what drove the spike it falls in. */
export interface ChartPicks {
  day: (day: number) => void;
  spikes: SpikeMark[];
  spike: (spike: SpikeMark) => void;
}

/**
 * Lets the user pick a day on the chart: a hairline and a tip follow the pointer (or the arrow
 * keys once the chart has focus); a click or Enter opens what the day is part of — its spike's
 * "What drove it", or the day's posts. Calling it again for a new chart replaces the previous
 * handlers.
 */
export function pickDays(img: HTMLImageElement, plot: ChartPlot, series: SeriesPoint[], picks: ChartPicks): void {
  const frame = img.parentElement as HTMLElement;
  frame.classList.add('chart-frame--pickable');
  const cursor =
    frame.querySelector<HTMLElement>('.chart-cursor') ??
    frame.appendChild(h('div', { class: 'chart-cursor', hidden: '' }));
  const tip =
    frame.querySelector<HTMLElement>('.chart-tip') ??
    frame.appendChild(h('div', { class: 'chart-tip', role: 'status', 'aria-live': 'polite', hidden: '' }));
  let focused: number | null = null;

  img.tabIndex = 0;
  const unit = series[0] && isHour(series[0]) ? 'an hour' : 'a day';
  img.setAttribute('aria-label', `${CHART_ALT}. Use the arrow keys to pick ${unit} and Enter to list its posts.`);

  const scale = () => (img.clientWidth || plot.width) / plot.width;
  const show = (i: number | null) => {
    focused = i;
    const p = i === null ? undefined : series[i];
    cursor.hidden = tip.hidden = p === undefined;
    if (i === null || p === undefined) return;
    const x = dayX(plot, i) * scale();
    cursor.style.left = `${x}px`;
    cursor.style.top = `${plot.top * scale()}px`;
    cursor.style.height = `${(plot.bottom - plot.top) * scale()}px`;
    const spike = spikeAt(picks.spikes, i);
    const action = spike
      ? ` · ${spike.severity} spike: click for what drove it`
      : p.mentions > 0
        ? ' · click for the posts'
        : '';
    tip.textContent = `${dayTip(p)}${action}`;
    // Keep the tip inside the frame: right of the line in the left half, left of it otherwise.
    const right = x > frame.clientWidth / 2;
    tip.style.left = right ? '' : `${x + 10}px`;
    tip.style.right = right ? `${frame.clientWidth - x + 10}px` : '';
  };
  const dayUnder = (e: MouseEvent) =>
    dayAt(plot, (e.clientX - img.getBoundingClientRect().left) / scale(), series.length);
  const hasPosts = (i: number | null): i is number => i !== null && (series[i]?.mentions ?? 0) > 0;
  const open = (i: number) => {
    const spike = spikeAt(picks.spikes, i);
    if (spike) picks.spike(spike);
    else picks.day(i);
  };

  img.onpointermove = (e) => show(dayUnder(e));
  img.onpointerleave = () => {
    if (document.activeElement !== img) show(null);
  };
  img.onclick = (e) => {
    const i = dayUnder(e);
    if (hasPosts(i)) open(i);
  };
  img.onfocus = () => show(focused ?? peakOf(series));
  img.onblur = () => show(null);
  img.onkeydown = (e) => {
    const last = series.length - 1;
    const from = focused ?? peakOf(series);
    const to: Record<string, number> = {
      ArrowLeft: Math.max(from - 1, 0),
      ArrowRight: Math.min(from + 1, last),
      Home: 0,
      End: last,
    };
    const next = to[e.key];
    if (next !== undefined) {
      e.preventDefault();
      show(next);
    } else if ((e.key === 'Enter' || e.key === ' ') && hasPosts(from)) {
      e.preventDefault();
      open(from);
    }
  };
  // A chart drawn again while it has focus gets no focus event: its tip shows the new series'
  // peak, as focusing it would, instead of staying hidden until it is left and focused again.
  show(document.activeElement === img ? peakOf(series) : null);
}

/** The index of the day with most mentions (the first on ties), or 0. */
function peakOf(series: SeriesPoint[]): number {
  let best = 0;
  series.forEach((p, i) => {
    if (p.mentions > (series[best]?.mentions ?? 0)) best = i;
  });
  return best;
}
