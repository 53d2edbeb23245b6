// Import jobs: the state built from `import` events, the progress banner and the final report.

import type { ErrorPayload, ImportEvent, ImportReport } from '../backend/bindings';
import { h, replace } from '../dom';
import { describeError, fileName, formatExact, plural, withoutPath } from '../format';

export interface ImportJob {
  job: number;
  files: string[];
  current: { file: string; index: number; bytesRead: number; bytesTotal: number; posts: number; pace: string } | null;
  /** Another import holds the workspace: this one starts when it is done. */
  waiting: string | null;
  reports: ImportReport[];
  /** The paths of the reports none of whose records could be read: not imported. */
  unreadable: string[];
  failures: { file: string; error: ErrorPayload }[];
  finished: boolean;
  cancelled: boolean;
}

export function newJob(job: number, files: string[] = []): ImportJob {
  return {
    job,
    files,
    current: null,
    waiting: null,
    reports: [],
    unreadable: [],
    failures: [],
    finished: false,
    cancelled: false,
  };
}

/** The job after `event`; events of other jobs leave it unchanged. */
export function applyImportEvent(state: ImportJob, event: ImportEvent): ImportJob {
  if (event.job !== state.job) return state;
  switch (event.kind) {
    case 'started':
      return { ...state, files: event.files };
    case 'waiting':
      return { ...state, waiting: event.file };
    case 'progress': {
      const p = event.progress;
      const current = {
        file: event.file,
        index: event.index,
        bytesRead: p.bytes_read,
        bytesTotal: p.bytes_total,
        posts: p.posts_read,
        pace: event.pace.words,
      };
      return { ...state, current, waiting: null };
    }
    case 'file_done':
      return {
        ...state,
        reports: [...state.reports, event.report],
        unreadable: event.unreadable ? [...state.unreadable, event.report.path] : state.unreadable,
      };
    case 'file_failed':
      return { ...state, failures: [...state.failures, { file: event.file, error: event.error }] };
    case 'finished':
      return { ...state, finished: true, cancelled: event.cancelled, current: null };
  }
}

/** Percent of the current file read, or null when its size is unknown. */
export function percent(state: ImportJob): number | null {
  const c = state.current;
  if (!c || c.bytesTotal <= 0) return null;
  return Math.min(100, Math.floor((c.bytesRead / c.bytesTotal) * 100));
}

/** "Importing file.jsonl — 45% · 12,300 posts · 12,400 posts/s · 42 s elapsed · about 1 min left". */
export function progressText(state: ImportJob): string {
  const c = state.current;
  if (state.waiting !== null) {
    return `Waiting for another import into this workspace to finish before ${fileName(state.waiting)}…`;
  }
  if (!c) {
    const first = state.files[0];
    return first ? `Preparing ${fileName(first)}…` : 'Starting the import…';
  }
  const pct = percent(state);
  const size = pct === null ? '' : ` — ${pct}%`;
  return `Importing ${fileName(c.file)}${size} · ${plural(c.posts, 'post')}${c.pace ? ` · ${c.pace}` : ''}`;
}

export function renderProgress(panel: HTMLElement, state: ImportJob): void {
  const bar = panel.querySelector('progress');
  const text = panel.querySelector('.import-progress-text');
  const files = panel.querySelector('.import-progress-files');
  const pct = percent(state);
  if (bar) {
    if (pct === null) bar.removeAttribute('value');
    else bar.value = pct;
  }
  if (text) text.textContent = progressText(state);
  if (files) {
    const n = state.files.length;
    const index = state.current?.index ?? 0;
    files.textContent = n > 1 ? `File ${index + 1} of ${n}` : '';
  }
}

function counts(r: ImportReport): HTMLElement {
  const item = (n: number, label: string, cls: string) =>
    h('li', { class: cls }, h('strong', null, formatExact(n)), ` ${label}`);
  // A user lookup adds no posts: say what it did bring, the authors' profiles.
  if (r.read === 0 && r.skipped === 0 && r.expired === 0 && r.profiles > 0) {
    return h(
      'ul',
      { class: 'report-counts' },
      item(r.profiles, r.profiles === 1 ? 'profile updated' : 'profiles updated', 'count count--imported'),
      h('li', { class: 'count muted' }, 'no posts'),
    );
  }
  return h(
    'ul',
    { class: 'report-counts' },
    item(r.imported, 'imported', 'count count--imported'),
    item(r.duplicates, r.duplicates === 1 ? 'duplicate' : 'duplicates', 'count'),
    item(r.skipped, 'skipped', r.skipped > 0 ? 'count count--warn' : 'count'),
    r.private > 0 ? item(r.private, 'left out as not public', 'count') : null,
    r.expired > 0 ? item(r.expired, 'left out as older than the retention period', 'count') : null,
  );
}

function reportItem(r: ImportReport, unreadable: boolean): HTMLElement {
  const more = r.skipped - r.errors.length;
  return h(
    'li',
    unreadable
      ? { class: 'report-file report-file--failed', 'data-status': 'failed' }
      : { class: 'report-file', 'data-status': 'done' },
    h(
      'div',
      { class: 'report-file-head' },
      h('span', { class: 'report-file-name', title: r.path }, fileName(r.path)),
      h('span', { class: 'badge' }, r.format),
      unreadable ? h('span', { class: 'badge badge--danger' }, 'Not imported') : null,
    ),
    unreadable
      ? h('p', { class: 'report-failure' }, `None of its ${plural(r.skipped, 'record')} could be read.`)
      : counts(r),
    r.errors.length > 0
      ? h(
          'ul',
          { class: 'report-errors' },
          r.errors.map((e) => h('li', null, `line ${e.line}: ${e.reason}`)),
          more > 0 ? h('li', { class: 'muted' }, `…and ${plural(more, 'more skipped record')}`) : null,
        )
      : null,
  );
}

function failureItem(f: { file: string; error: ErrorPayload }): HTMLElement {
  const { title, detail } = describeError({ ...f.error, message: withoutPath(f.error.message, f.file) });
  return h(
    'li',
    { class: 'report-file report-file--failed', 'data-status': 'failed' },
    h(
      'div',
      { class: 'report-file-head' },
      h('span', { class: 'report-file-name', title: f.file }, fileName(f.file)),
      h('span', { class: 'badge badge--danger' }, 'Not imported'),
    ),
    h('p', { class: 'report-failure' }, h('strong', null, `${title}. `), detail),
  );
}

export function reportSummary(state: ImportJob): string {
  const imported = state.reports.reduce((n, r) => n + r.imported, 0);
  const parts = [plural(imported, 'new post')];
  const dups = state.reports.reduce((n, r) => n + r.duplicates, 0);
  const skipped = state.reports.reduce((n, r) => n + r.skipped, 0);
  if (dups) parts.push(plural(dups, 'duplicate'));
  if (skipped) parts.push(`${formatExact(skipped)} skipped`);
  const failed = state.failures.length + state.unreadable.length;
  if (failed) parts.push(`${plural(failed, 'file')} failed`);
  return parts.join(' · ');
}

/** Fills the report dialog's body (`.report-body`) and title (`.report-title`). */
export function renderReport(dialog: HTMLElement, state: ImportJob): void {
  const title = dialog.querySelector('.report-title');
  const body = dialog.querySelector('.report-body') ?? dialog;
  if (title) title.textContent = state.cancelled ? 'Import cancelled' : 'Import finished';
  replace(
    body,
    state.cancelled
      ? h('p', { class: 'report-note' }, 'The file in progress was rolled back; files finished before it were kept.')
      : null,
    h('p', { class: 'report-summary' }, reportSummary(state)),
    h(
      'ul',
      { class: 'report-files' },
      state.reports.map((r) => reportItem(r, state.unreadable.includes(r.path))),
      state.failures.map(failureItem),
    ),
  );
}
