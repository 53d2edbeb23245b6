// The row of headline figures, one tile per KPI.

import type { Kpi } from '../backend/bindings';
import { h, replace } from '../dom';
import { formatChange, formatCompact, formatExact } from '../format';

/** Opens the posts behind a figure. */
export type ShowPosts = (kpi: Kpi) => void;

/** One tile; `days` is the length of the period the change is measured against. */
export function kpiTile(kpi: Kpi, days: number, onShow?: ShowPosts): HTMLElement {
  const change = formatChange(kpi, days);
  const tile = h(
    'article',
    { class: 'kpi', 'data-key': kpi.key },
    h('h3', { class: 'kpi-label' }, kpi.label),
    h('p', { class: 'kpi-value', title: formatExact(kpi.value) }, formatCompact(kpi.value)),
    h(
      'p',
      {
        class: `kpi-change change--${change.direction}`,
        title: `Previous period: ${formatExact(kpi.previous)}`,
      },
      change.text,
    ),
    kpi.note ? h('p', { class: 'kpi-note' }, kpi.note) : null,
  );
  if (onShow) {
    // The whole tile is the way to the posts behind its number, by mouse and keyboard.
    tile.classList.add('kpi--link');
    tile.tabIndex = 0;
    tile.setAttribute('role', 'button');
    tile.setAttribute('aria-label', `${kpi.label}: ${formatExact(kpi.value)}. Show the posts behind it`);
    tile.addEventListener('click', () => onShow(kpi));
    tile.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onShow(kpi);
      }
    });
  }
  return tile;
}

export function renderKpis(container: HTMLElement, kpis: Kpi[], days: number, onShow?: ShowPosts): void {
  replace(
    container,
    kpis.map((k) => kpiTile(k, days, onShow)),
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
