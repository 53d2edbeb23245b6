// "Against past incidents": an incident beside its topic's last three before it, aligned at
// their starts — the engine's sentences, its table (one row per incident) and its chart of
// their hourly curves. Every value is set as text; the chart is an image.

import type { IncidentComparison } from '../backend/bindings';
import { byId, h, replace } from '../dom';

/** Fills the panel with a comparison. */
export function renderComparison(body: HTMLElement, c: IncidentComparison): void {
  const chart = h('img', {
    class: 'compare-chart',
    alt: `Mentions per hour from each incident's start: ${c.incident.label} and the ${c.earlier.length} before it`,
    width: '960',
    height: '300',
  });
  chart.src = URL.createObjectURL(new Blob([c.chart_svg], { type: 'image/svg+xml' }));
  chart.addEventListener('load', () => URL.revokeObjectURL(chart.src), { once: true });
  replace(
    body,
    ...c.lines.map((line, i) => h('p', { class: i === 0 ? 'explain-lead' : 'compare-line' }, line)),
    chart,
    h(
      'table',
      { class: 'explain-table compare-table' },
      h('thead', null, h('tr', null, ...c.columns.map((col) => h('th', null, col)))),
      h(
        'tbody',
        null,
        ...c.rows.map((r, i) =>
          h('tr', { class: i === 0 ? 'compare-this' : null }, ...r.map((cell) => h('td', null, cell))),
        ),
      ),
    ),
  );
}

/** Opens the panel for an incident and loads its comparison into it. */
export async function openComparePanel(label: string, load: () => Promise<IncidentComparison>): Promise<void> {
  const dialog = byId<HTMLDialogElement>('explain-dialog');
  byId('explain-title').textContent = `Against past incidents — ${label}`;
  const body = byId('explain-body');
  replace(body, h('p', { class: 'explain-lead' }, 'Loading…'));
  dialog.querySelector<HTMLButtonElement>('[data-close]')!.onclick = () => dialog.close();
  if (!dialog.open) dialog.showModal();
  try {
    renderComparison(body, await load());
  } catch (e) {
    const message = (e as { message?: string }).message ?? String(e);
    replace(body, h('p', { class: 'form-error' }, message));
  }
}
