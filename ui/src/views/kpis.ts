// The row of headline figures, one tile per KPI.

import type { Kpi } from '../backend/bindings';
import { h, replace } from '../dom';
import { formatCompact, formatExact } from '../format';

/** Opens the posts behind a figure. */
export type ShowPosts = (kpi: Kpi) => void;

/** Notes that open posts of their own, by KPI key: the mentions' "of which 14 are copies of 1
 * text" opens the copies. */
export type NoteLinks = Partial<Record<string, () => void>>;

/** A tile's note: text, or a button to the posts it counts. */
function note(kpi: Kpi, open?: () => void): HTMLElement | null {
  if (!kpi.note) return null;
  if (!open) return h('p', { class: 'kpi-note' }, kpi.note);
  const button = h('button', { type: 'button', class: 'kpi-note kpi-note--link', title: 'Show these posts' }, kpi.note);
  // The tile behind it opens all its posts; the note opens only those it counts.
  button.addEventListener('click', (e) => {
    e.stopPropagation();
    open();
  });
  button.addEventListener('keydown', (e) => e.stopPropagation());
  return button;
}

/** One tile; `before` names the period the change is measured against ("the previous 7 days"). */
export function kpiTile(kpi: Kpi, onShow?: ShowPosts, noteLinks: NoteLinks = {}): HTMLElement {
  // The change in the engine's words ("▲ 40% vs the previous 7 days", "not compared: …").
  const change = kpi.change;
  // A figure nothing is known of (no follower counts at all) is unknown, not 0.
  const value = kpi.unknown
    ? h('p', { class: 'kpi-value kpi-value--unknown' }, 'Unknown')
    : h('p', { class: 'kpi-value', title: formatExact(kpi.value) }, formatCompact(kpi.value));
  const tile = h(
    'article',
    { class: 'kpi', 'data-key': kpi.key },
    h('h3', { class: 'kpi-label' }, kpi.label),
    value,
    kpi.unknown
      ? null
      : h(
          'p',
          {
            class: `kpi-change change--${change.trend}`,
            title: change.trend === 'unknown' ? change.said : `Previous period: ${formatExact(kpi.previous)}`,
          },
          change.said,
        ),
    note(kpi, noteLinks[kpi.key]),
  );
  if (onShow) {
    // The whole tile is the way to the posts behind its number: a real button laid over it,
    // beside (not around) the note's own button, so that assistive technology reaches both.
    tile.classList.add('kpi--link');
    const said = kpi.unknown ? 'unknown' : formatExact(kpi.value);
    tile.prepend(
      h('button', {
        type: 'button',
        class: 'kpi-open',
        'aria-label': `${kpi.label}: ${said}. Show the posts behind it`,
      }),
    );
    // The button's clicks (and Enter or Space on it) reach the tile; the note's do not.
    tile.addEventListener('click', () => onShow(kpi));
  }
  return tile;
}

export function renderKpis(container: HTMLElement, kpis: Kpi[], onShow?: ShowPosts, noteLinks: NoteLinks = {}): void {
  replace(
    container,
    kpis.map((k) => kpiTile(k, onShow, noteLinks)),
  );
}

/** Placeholder tiles while the first dashboard loads. */
export function renderKpiSkeleton(container: HTMLElement, count = 4): void {
  const tiles = Array.from({ length: count }, () =>
    h(
      'article',
      { class: 'kpi kpi--skeleton', 'aria-hidden': 'true' },
      h('span', { class: 'skeleton skeleton--label' }),
      h('span', { class: 'skeleton skeleton--value' }),
      h('span', { class: 'skeleton skeleton--line' }),
    ),
  );
  replace(container, tiles);
}
