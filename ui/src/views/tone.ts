// Tone and share of voice under the KPI tiles: the negative share (clickable through to the
// negative posts), net sentiment, and the topic's share of all watched topics' posts.

import type { Overview } from '../backend/bindings';
import { h, replace } from '../dom';
import { sharePercent } from '../format';

const pct = sharePercent;

/** "−0.42", "+0.10", "0.00" (a true minus sign). */
export function signed(x: number): string {
  const v = Math.round(x * 100) / 100;
  if (v === 0) return '0.00';
  return `${v > 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`;
}

/** The lines of the strip, for rendering and tests: label, value, detail. */
export function toneFacts(o: Overview): { key: string; label: string; value: string; detail: string }[] {
  const before = o.period.before;
  const t = o.totals;
  const p = o.previous;
  return [
    {
      key: 'negative',
      label: 'Negative in tone',
      value: t.mentions ? pct(t.negative_share) : '—',
      detail: t.mentions ? `of the posts; ${o.negative_change.said}` : 'no posts',
    },
    {
      key: 'net',
      label: 'Net sentiment',
      value: t.net_sentiment === null ? '—' : signed(t.net_sentiment),
      detail:
        p.net_sentiment === null
          ? 'positive minus negative, over both (−1 to +1)'
          : `${signed(p.net_sentiment)} in ${before}`,
    },
    {
      key: 'voice',
      label: 'Share of voice',
      value: o.share_of_voice === null ? '—' : pct(o.share_of_voice),
      detail: 'of the posts on all your topics',
    },
  ];
}

/** Renders the strip; `onNegative` lists the negative posts (from a click or Enter). */
export function renderTone(container: HTMLElement, o: Overview, onNegative: () => void): void {
  replace(
    container,
    ...toneFacts(o).map((f) => {
      const stat = h(
        'div',
        { class: 'tone-stat', 'data-key': f.key },
        h('span', { class: 'tone-label' }, f.label),
        h('span', { class: 'tone-value' }, f.value),
        h('span', { class: 'tone-detail' }, f.detail),
      );
      if (f.key === 'negative' && o.totals.mentions > 0) {
        stat.classList.add('tone-stat--link');
        stat.tabIndex = 0;
        stat.setAttribute('role', 'button');
        stat.setAttribute('aria-label', `${f.label}: ${f.value}. Show the negative posts`);
        stat.addEventListener('click', onNegative);
        stat.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onNegative();
          }
        });
      }
      return stat;
    }),
  );
}
