// The home view (every topic at a glance, the most serious first) and the welcome screen of a
// first start. The numbers and words are the engine's; this only lays them out.

import type { RecentWorkspace, TopicCard } from '../backend/bindings';
import { h, replace } from '../dom';
import { formatDay, formatExact, formatPeriod, plural, timesNormal } from '../format';

const SVG = 'http://www.w3.org/2000/svg';

/** A sparkline of daily mentions as an inline SVG polyline, scaled to its own maximum. */
export function sparkline(values: number[], width = 160, height = 36): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('aria-hidden', 'true');
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', points.join(' '));
  line.setAttribute('fill', 'none');
  line.setAttribute('class', 'sparkline-line');
  svg.appendChild(line);
  return svg;
}

export interface HomeActions {
  /** Opens the topic on its default period. */
  open: (topic: string) => void;
  /** Opens the topic on the days around its latest spike. */
  openSpike: (card: TopicCard) => void;
  newTopic: () => void;
}

const SEVERITY: Record<string, string> = { minor: 'Minor spike', major: 'Major spike', critical: 'Critical spike' };

function spikeLine(card: TopicCard): string {
  const s = card.latest_spike;
  if (!s) return 'No spike in this period';
  const times = s.times_normal !== null ? `, ${timesNormal(s.times_normal)}` : '';
  return `${SEVERITY[s.severity] ?? 'Spike'} ${formatDay(s.peak)}: ${plural(s.peak_mentions, 'mention')}${times}`;
}

/** One card: status, sparkline, mentions, latest spike and newest data. */
function card(c: TopicCard, actions: HomeActions): HTMLElement {
  const open = h(
    'button',
    { type: 'button', class: 'home-card-open', onclick: () => actions.open(c.topic), 'aria-label': `Open ${c.topic}` },
    h('span', { class: 'home-card-title' }, c.topic),
    h('span', { class: `home-card-grade grade--${c.status.grade}` }, c.status.label),
  );
  const spike = c.latest_spike
    ? h(
        'button',
        {
          type: 'button',
          class: 'button button--small button--link home-card-spike',
          onclick: () => actions.openSpike(c),
        },
        spikeLine(c),
      )
    : h('span', { class: 'home-card-spike muted' }, spikeLine(c));
  return h(
    'li',
    { class: `home-card home-card--${c.status.grade}`, 'data-topic': c.topic },
    open,
    h('p', { class: 'home-card-evidence' }, c.status.evidence),
    h(
      'div',
      { class: 'home-card-figures' },
      sparkline(c.sparkline),
      h(
        'span',
        { class: 'home-card-mentions', title: `${formatExact(c.mentions)} mentions, ${formatPeriod(c.from, c.to)}` },
        plural(c.mentions, 'mention'),
      ),
    ),
    spike,
    h('p', { class: 'home-card-newest muted' }, c.newest ? `Newest post ${formatDay(c.newest)}` : 'No posts yet'),
  );
}

/** The home view: a card per topic, or an invitation to create the first. */
export function renderHome(list: HTMLElement, cards: TopicCard[], actions: HomeActions): void {
  if (cards.length === 0) {
    replace(
      list,
      h(
        'li',
        { class: 'home-empty' },
        h('p', null, 'No topics yet. A topic is the IT problem you follow, described as a search.'),
        h('button', { type: 'button', class: 'button button--primary', onclick: actions.newTopic }, 'Create a topic'),
      ),
    );
    return;
  }
  replace(
    list,
    cards.map((c) => card(c, actions)),
  );
}

export interface WelcomeActions {
  sample: () => void;
  start: () => void;
  open: () => void;
  recent: (path: string) => void;
}

/** The first start: explore the sample, or start one's own workspace. */
export function renderWelcome(container: HTMLElement, recent: RecentWorkspace[], actions: WelcomeActions): void {
  const existing = recent.filter((r) => r.exists);
  replace(
    container,
    h('h1', { class: 'empty-title' }, 'Welcome to Townhall'),
    h(
      'p',
      { class: 'empty-text' },
      'Townhall charts how much an IT problem is talked about in public, raises the alarm when a surge starts, ' +
        'and writes the briefing for the meeting. Everything stays on this computer.',
    ),
    h(
      'div',
      { class: 'welcome-choices' },
      h(
        'button',
        { type: 'button', class: 'welcome-choice', id: 'welcome-sample', onclick: actions.sample },
        h('strong', null, 'Explore the sample'),
        h('span', null, 'A fictional school district whose student portal fails on the first day of term.'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'welcome-choice welcome-choice--primary',
          id: 'welcome-start',
          onclick: actions.start,
        },
        h('strong', null, 'Start my workspace'),
        h('span', null, 'Empty, in this computer’s time zone. Import your exports or add live sources.'),
      ),
    ),
    h(
      'p',
      { class: 'empty-text muted' },
      h(
        'button',
        { type: 'button', class: 'button button--link', id: 'welcome-open', onclick: actions.open },
        'Open a workspace file…',
      ),
    ),
    existing.length
      ? h(
          'section',
          { class: 'welcome-recent', 'aria-labelledby': 'welcome-recent-title' },
          h('h2', { id: 'welcome-recent-title', class: 'card-title' }, 'Recent workspaces'),
          h(
            'ul',
            null,
            existing.map((r) =>
              h(
                'li',
                null,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'button button--link',
                    title: r.path,
                    onclick: () => actions.recent(r.path),
                  },
                  r.name,
                ),
                h('span', { class: 'muted' }, ` ${r.path}`),
              ),
            ),
          ),
        )
      : null,
  );
}
