// "Themes": the groups of posts that tell the same story in the dashboard's period, each with
// its most representative sentence, figures and two example posts, and the copies among the
// posts. Each theme opens its posts. Post text is shown only as text (through `h`), never parsed.

import type { ThemeView, ThemesReport } from '../backend/bindings';
import { h, replace } from '../dom';
import { formatExact, formatPercent, plural } from '../format';

/** "583 of 2,735 posts (21%) copy an earlier post's text: 170 texts copied; 82 reposts left
 * aside.", in the engine's words. */
export function copiesLine(report: ThemesReport): string {
  return report.copies_said;
}

/** Fills the card; returns false (with a note) when the period has too few distinct texts. */
export function renderThemes(
  list: HTMLElement,
  caption: HTMLElement,
  copies: HTMLElement,
  report: ThemesReport,
  open: (theme: ThemeView) => void,
): boolean {
  copies.textContent = copiesLine(report);
  const read = report.read < report.mentions ? `the newest ${formatExact(report.read)} of ` : '';
  caption.textContent = report.themes.length ? `in ${read}${plural(report.mentions, 'post')}` : '';
  if (!report.themes.length) {
    replace(list, h('li', { class: 'empty-note' }, 'Too few distinct texts in this period to tell stories apart.'));
    return false;
  }
  replace(
    list,
    report.themes.map((t) =>
      h(
        'li',
        { 'data-theme': String(t.number) },
        h(
          'button',
          {
            type: 'button',
            class: 'theme',
            title: `The posts of this theme (${t.terms.join(', ')})`,
            onclick: () => open(t),
          },
          h('span', { class: 'theme-label' }, t.label),
          h(
            'span',
            { class: 'theme-figures' },
            `${plural(t.posts, 'post')} · ${plural(t.people, 'person', 'people')} · ${formatPercent(t.negative_share * 100)} negative · ${t.terms.join(', ')}`,
          ),
          ...t.examples.map((e) => h('span', { class: 'theme-example' }, `${e.author}: ${e.text}`)),
        ),
      ),
    ),
  );
  return true;
}
