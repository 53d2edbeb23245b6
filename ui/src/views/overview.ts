// The heading of the dashboard (topic, query, period) and the empty states.

import type { Overview, Status, Topic } from '../backend/bindings';
import { byId, h, replace } from '../dom';
import { formatBucket, formatDateTime, formatDay, formatExact, formatSpan, plural, unixToIso } from '../format';

export function renderHeading(o: Overview, isDefaultPeriod: boolean): void {
  byId('topic-title').textContent = o.topic.name;
  const query = byId('topic-query');
  query.textContent = o.topic.query;
  query.title = o.topic.query;
  const p = o.period;
  replace(
    byId('period-line'),
    h('span', { class: 'period-dates' }, formatSpan(p)),
    h('span', { class: 'period-meta' }, p.length),
    h('span', { class: 'period-meta', title: 'Days are counted in this time zone' }, p.tz),
    isDefaultPeriod && o.period_note ? h('span', { class: 'period-meta' }, o.period_note) : null,
  );
  const peak = o.peak;
  byId('chart-caption').textContent =
    peak && peak.mentions > 0
      ? `Peak ${formatBucket(peak)}: ${plural(peak.mentions, 'mention')}`
      : `Mentions and people posting per ${o.bucket}`;
}

/** The notice shown instead of the chart when the topic has no posts in the period. */
export function noDataMessage(o: Overview, workspacePosts: number): string {
  if (workspacePosts === 0) {
    return 'This workspace has no posts yet. Import social-media data with Import… or drop the files on this window.';
  }
  const when =
    o.period.hours === null
      ? `between ${formatDay(o.period.from)} and ${formatDay(o.period.to)}`
      : `in the ${o.period.length} from ${formatDateTime(unixToIso(o.period.start), o.period.tz)} to ${formatDateTime(unixToIso(o.period.end), o.period.tz)}`;
  return `No posts match “${o.topic.name}” ${when}. ` + 'Try a longer period, check the query, or import more data.';
}

export interface EmptyActions {
  newTopic: () => void;
  importFiles: () => void;
}

/** The whole-window empty state: no topics yet. */
export function renderNoTopics(container: HTMLElement, posts: number, actions: EmptyActions): void {
  const newTopic = h('button', { type: 'button', class: 'button button--primary' }, 'Create a topic');
  newTopic.addEventListener('click', actions.newTopic);
  const importButton = h('button', { type: 'button', class: 'button' }, 'Import data…');
  importButton.addEventListener('click', actions.importFiles);
  replace(
    container,
    h(
      'div',
      { class: 'empty-illustration', 'aria-hidden': 'true' },
      h('span', { class: 'bar bar--1' }),
      h('span', { class: 'bar bar--2' }),
      h('span', { class: 'bar bar--3' }),
      h('span', { class: 'bar bar--4' }),
    ),
    h('h1', { class: 'empty-title' }, 'Start by creating a topic'),
    h(
      'p',
      { class: 'empty-text' },
      'A topic is the IT problem you want to follow, such as your student portal or payroll, ' +
        'described as a search. Townhall then charts how much it is talked about in public.',
    ),
    h(
      'p',
      { class: 'empty-text muted' },
      posts > 0
        ? `The workspace holds ${formatExact(posts)} posts ready to be searched.`
        : 'The workspace has no posts yet: import social-media data too.',
    ),
    h('div', { class: 'empty-actions' }, newTopic, importButton),
  );
}

/** Marks each topic in the list with its status when it is not Normal ("SchoolMax — Problem"),
 * so a topic in trouble shows without opening it. */
export function markTopicStatuses(select: HTMLSelectElement, statuses: Status[]): void {
  for (const option of Array.from(select.options)) {
    const status = statuses.find((s) => s.topic === option.value);
    option.textContent = status && status.grade !== 'normal' ? `${option.value} — ${status.label}` : option.value;
  }
}

export function topicOptions(select: HTMLSelectElement, topics: Topic[], selected: string | null): void {
  if (topics.length === 0) {
    replace(select, h('option', { value: '' }, 'No topics yet'));
    select.disabled = true;
    return;
  }
  replace(
    select,
    topics.map((t) => h('option', { value: t.name }, t.name)),
  );
  select.disabled = false;
  if (selected !== null) select.value = selected;
}
