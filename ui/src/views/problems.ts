// "Most reported problems": the engine's categories for the topic and period, as a ranked bar
// list, each bar opening the posts that report it; and "Has the organisation responded?", the
// engine's sentences.

import type { ProblemCount, ProblemReport, ResponseSummary } from '../backend/bindings';
import { h, replace } from '../dom';
import { formatExact, formatPercent, plural } from '../format';

/** Fills the card; returns false (and leaves it empty) when no post reports a known problem. */
export function renderProblems(
  list: HTMLElement,
  caption: HTMLElement,
  report: ProblemReport,
  open: (problem: ProblemCount) => void,
): boolean {
  const shown = report.problems.filter((p) => p.mentions > 0);
  caption.textContent = shown.length
    ? `${formatExact(report.categorised)} of ${plural(report.mentions, 'post')} report one`
    : '';
  if (!shown.length) {
    replace(list, h('li', { class: 'empty-note' }, 'No post in this period reports a known problem.'));
    return false;
  }
  const widest = Math.max(...shown.map((p) => p.share));
  replace(
    list,
    shown.map((p) => {
      const change = p.change;
      const fill = h('span', { class: 'problem-fill' });
      // A width through the CSS object model: no style attribute, nothing parsed.
      fill.style.width = `${widest > 0 ? (p.share / widest) * 100 : 0}%`;
      return h(
        'li',
        { 'data-problem': p.problem },
        h(
          'button',
          {
            type: 'button',
            class: 'problem',
            title: `The posts that report “${p.label}” (query: ${p.query})`,
            onclick: () => open(p),
          },
          h('span', { class: 'problem-label' }, p.label),
          h(
            'span',
            { class: 'problem-figures' },
            `${formatExact(p.mentions)} · ${formatPercent(p.share * 100)} of mentions · ${plural(p.people, 'person', 'people')}`,
          ),
          h('span', { class: `problem-change problem-change--${change.trend}` }, change.said),
          h('span', { class: 'problem-bar' }, fill),
        ),
      );
    }),
  );
  return true;
}

/** The organisation's response, in the engine's sentences (the briefing's own). */
export function renderResponse(list: HTMLElement, summary: ResponseSummary): void {
  replace(
    list,
    summary.lines.map((line) => h('li', null, line)),
  );
}
