// "What drove it": the panel for a spike (or any window) — posts, voices, terms that rose,
// platforms and sentiment around it. Every value is set as text.

import type { Breakdown, RisingTerm, SentimentSpan, Voice, WindowReport } from '../backend/bindings';
import { byId, h, replace } from '../dom';
import { formatExact, platformLabel, plural, sharePercent } from '../format';
import { isPseudonym, postItem } from './posts';

function table(head: string[], rows: string[][]): HTMLTableElement {
  return h(
    'table',
    { class: 'explain-table' },
    h('thead', null, h('tr', null, ...head.map((c) => h('th', null, c)))),
    h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((c) => h('td', null, c))))),
  );
}

export function termRows(terms: RisingTerm[]): string[][] {
  return terms.map((t) => [t.term, formatExact(t.window), formatExact(t.baseline), formatExact(t.workspace)]);
}

function platformRows(platforms: Breakdown[]): string[][] {
  return platforms.map((b) => [b.label, formatExact(b.totals.mentions), sharePercent(b.share)]);
}

function voiceRows(voices: Voice[]): string[][] {
  return voices.map((v) => [
    v.handle ? (isPseudonym(v.handle) ? v.handle : `@${v.handle}`) : (v.name ?? 'Unknown'),
    platformLabel(v.platform),
    v.followers === null ? 'unknown' : formatExact(v.followers),
  ]);
}

/** "48% negative (2,306 posts)" for one span. */
export function spanText(s: SentimentSpan): string {
  if (s.mentions === 0) return 'no posts';
  return `${Math.round(s.negative_share * 100)}% negative (${plural(s.mentions, 'post')})`;
}

function section(title: string, body: Node): HTMLElement {
  return h('section', { class: 'explain-section' }, h('h3', { class: 'explain-heading' }, title), body);
}

/** Fills the panel with a report. */
export function renderReport(body: HTMLElement, report: WindowReport, timeZone: string): void {
  replace(
    body,
    h(
      'p',
      { class: 'explain-lead' },
      `${plural(report.mentions, 'post')} by ${plural(report.unique_authors, 'person', 'people')}. ${report.copies_said}`,
    ),
    report.incidents.length
      ? section(
          'Your incidents',
          h('ul', { class: 'explain-incidents' }, ...report.incidents.map((s) => h('li', null, s))),
        )
      : null,
    section(
      'Sentiment around it',
      h(
        'ul',
        { class: 'explain-sentiment' },
        h('li', null, `Before: ${spanText(report.before)}`),
        h('li', null, `During: ${spanText(report.during)}`),
        h('li', null, `After: ${spanText(report.after)}`),
      ),
    ),
    section(
      'Terms that rose',
      report.terms.length
        ? table(['Term', 'In the window', 'The topic before', 'The rest of the workspace'], termRows(report.terms))
        : h('p', { class: 'empty-note' }, 'No term rose significantly.'),
    ),
    section('Platforms', table(['Platform', 'Posts', 'Share'], platformRows(report.platforms))),
    section('Widest-reaching voices', table(['Account', 'Platform', 'Followers'], voiceRows(report.voices))),
    section('Posts that drove it', h('ol', { class: 'posts' }, ...report.top_posts.map((p) => postItem(p, timeZone)))),
  );
}

/** Opens the panel, loading the report; closes with Escape or the button. */
export async function openExplainPanel(
  label: string,
  load: () => Promise<WindowReport>,
  timeZone: string,
  brief?: () => void,
): Promise<void> {
  const dialog = byId<HTMLDialogElement>('explain-dialog');
  const title = byId('explain-title');
  const body = byId('explain-body');
  title.textContent = `What drove it — ${label}`;
  // "Brief this spike…" when the panel is about a spike: the path from a spike to its brief.
  const briefButton = byId<HTMLButtonElement>('explain-brief');
  briefButton.hidden = !brief;
  briefButton.onclick = brief
    ? () => {
        dialog.close();
        brief();
      }
    : null;
  replace(body, h('p', { class: 'explain-lead' }, 'Loading…'));
  dialog.querySelector<HTMLButtonElement>('[data-close]')!.onclick = () => dialog.close();
  if (!dialog.open) dialog.showModal();
  try {
    renderReport(body, await load(), timeZone);
  } catch (e) {
    const message = (e as { message?: string }).message ?? String(e);
    replace(body, h('p', { class: 'form-error' }, message));
  }
}
