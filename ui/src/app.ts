// The window: workspace, topic and period state; loading and drawing the dashboard; export.

import { askBriefChoices } from './views/briefDialog';
import { openComparePanel } from './views/comparePanel';
import { openExplainPanel } from './views/explainPanel';
import { openIncidentForm } from './views/incidentForm';
import { openSettings } from './views/settingsDialog';
import { showAlertSettings } from './views/alertSettings';
import { openAlerts } from './views/alertsDialog';
import { openSources } from './views/sourcesDialog';
import { renderTopicStatus } from './views/topicStatus';
import * as backend from './backend';
import type { Alert, Dashboard, DashboardRequest, ErrorPayload, Topic, WorkspaceInfo } from './backend';
import { byId, h, replace } from './dom';
import {
  fileName,
  formatBucket,
  formatDateTime,
  formatDay,
  formatExact,
  formatPeriod,
  isHour,
  lastDays,
  plural,
  unixToIso,
} from './format';
import { ImportFlow } from './importFlow';
import { askChoice } from './views/askText';
import { pickDays, showChart } from './views/chart';
import {
  alertWindow,
  type ExplainHandler,
  explainSpike,
  renderEvents,
  type Rolling,
  type SpikeSpan,
} from './views/events';
import { renderTone } from './views/tone';
import { renderHistory } from './views/history';
import { renderKpis, renderKpiSkeleton } from './views/kpis';
import { markTopicStatuses, noDataMessage, renderHeading, renderNoTopics, topicOptions } from './views/overview';
import { markClamped, renderPosts } from './views/posts';
import { errorToast, resolved, toast } from './views/status';
import { setupTopicForm } from './views/topicForm';
import { renderHome } from './views/home';
import { runMenu, showShortcuts } from './views/menu';
import { recall, remember, Workspaces } from './workspaces';
import { Editing } from './editing';
import { DashboardCards } from './dashboardCards';

const el = {
  topic: byId<HTMLSelectElement>('topic-select'),
  from: byId<HTMLInputElement>('period-from'),
  to: byId<HTMLInputElement>('period-to'),
  fromAuto: byId('period-from-auto'),
  toAuto: byId('period-to-auto'),
  reset: byId<HTMLButtonElement>('period-reset'),
  importButton: byId<HTMLButtonElement>('import-button'),
  exportButton: byId<HTMLButtonElement>('export-button'),
  newTopic: byId<HTMLButtonElement>('new-topic-button'),
  dashboard: byId('dashboard'),
  empty: byId('empty-state'),
  kpis: byId('kpis'),
  tone: byId('tone'),
  noData: byId('no-data'),
  chart: byId('chart'),
  events: byId('chart-events'),
  posts: byId('top-posts'),
  postsEmpty: byId('top-posts-empty'),
  history: byId('import-history'),
  importsCount: byId('imports-count'),
  path: byId('workspace-path'),
  total: byId('workspace-posts'),
  status: byId('status'),
  drop: byId('drop-overlay'),
  report: byId<HTMLDialogElement>('import-report'),
  topicStatus: byId('topic-status'),
  alertsCount: byId('alerts-count'),
  home: byId('home'),
  homeCards: byId('home-cards'),
  homeButton: byId<HTMLButtonElement>('home-button'),
  homeResume: byId<HTMLButtonElement>('home-resume'),
  welcome: byId('welcome'),
  sampleBanner: byId('sample-banner'),
};

let info: WorkspaceInfo | null = null;
let topic: string | null = null;
/** A rolling window of hours instead of days ("Last 24 hours"): it ends with the hour under way,
 * or at `until` (unix seconds) for an hour or a spike opened from an hourly chart. */
let rolling: Rolling | null = null;
let current: Dashboard | null = null;
/** The topic and period controls as they were for the dashboard on screen: put back when a
 * change cannot be shown, so the controls never say something other than the figures. */
let shownControls: { topic: string; from: string; to: string; rolling: Rolling | null } | null = null;
let sequence = 0;
/** The home view (every topic) or one topic's dashboard. */
let view: 'home' | 'topic' = 'home';

const mac = /Mac|iPhone|iPad/.test(navigator.platform);
const workspaces = new Workspaces(el.status, () => void refresh());
const editing = new Editing(el.status, (edited) => {
  if (edited.topic !== undefined) {
    topic = edited.topic;
    if (topic === null) view = 'home';
  }
  void refresh();
});

const imports = new ImportFlow({ status: el.status, finished: () => void refresh() });
const cards = new DashboardCards(el.status, (seq) => seq === sequence);
const topicForm = setupTopicForm({
  create: (name, query) => backend.addTopic(name, query),
  check: (query) => backend.checkQuery(query),
  created: (t: Topic) => {
    topic = t.name;
    view = 'topic';
    toast(el.status, `Topic “${t.name}” created.`, 'success');
    void refresh();
  },
});

function request(): DashboardRequest | null {
  if (topic === null) return null;
  if (rolling) {
    // What the screen shows: a window up to now is pinned to the end it was shown with, so
    // that the posts behind a number and the brief cover the same hours as the number.
    const shown = current?.overview;
    const pinned = rolling.until === undefined && shown?.topic.name === topic && shown.period.hours === rolling.hours;
    return { topic, from: null, to: null, ...rolling, ...(pinned ? { until: shown.period.end } : {}) };
  }
  return { topic, from: el.from.value || null, to: el.to.value || null };
}

/** The request for a fresh dashboard: a window up to now ends with the hour under way again. */
function freshRequest(): DashboardRequest | null {
  if (topic === null || !rolling) return request();
  return { topic, from: null, to: null, ...rolling };
}

const isDefaultPeriod = () => !rolling && !el.from.value && !el.to.value;

/** Reloads workspace info (topics, imports, counts), then the home view or the dashboard; the
 * welcome screen when no workspace is open. */
async function refresh(): Promise<void> {
  let next: WorkspaceInfo | null = null;
  try {
    next = await backend.workspaceInfo();
  } catch (e) {
    errorToast(el.status, e as ErrorPayload, 'Could not open the workspace', 'workspace');
  }
  if (!next) {
    info = null;
    await showWelcome();
    return;
  }
  resolved(el.status, 'workspace');
  if (next.path !== info?.path) restorePlace(next.path);
  info = next;
  document.title = `${info.name} — Townhall`;
  el.sampleBanner.hidden = !info.sample;
  el.welcome.hidden = true;
  for (const id of ['sources-button', 'alerts-button', 'settings-button']) byId<HTMLButtonElement>(id).disabled = false;
  const names = info.topics.map((t) => t.name);
  if (topic === null || !names.includes(topic)) topic = names[0] ?? null;
  topicOptions(el.topic, info.topics, topic);
  renderHistory(el.history, info.imports, info.timezone, (r) => void editing.removeImport(r));
  el.importsCount.textContent = info.imports.length ? plural(info.imports.length, 'file') : '';
  el.path.textContent = info.path;
  el.path.title = info.path;
  el.total.textContent = plural(info.posts, 'post');
  el.total.title = `${formatExact(info.posts)} posts in this workspace`;
  await show();
}

/** A workspace opens on its home view; the topic and period the user last looked at in it are
 * kept for the toolbar and for the home view's way back to them. */
function restorePlace(path: string): void {
  const place = recall(path);
  view = 'home';
  topic = place?.topic ?? null;
  rolling = place?.hours ? { hours: place.hours } : null;
  el.from.value = rolling ? '' : (place?.from ?? '');
  el.to.value = rolling ? '' : (place?.to ?? '');
  el.reset.hidden = isDefaultPeriod();
  current = null;
}

function savePlace(): void {
  if (!info || topic === null) return;
  // A window fixed to an instant is a look at the past, not a place to come back to.
  if (rolling?.until !== undefined) return;
  remember(info.path, { topic, from: el.from.value, to: el.to.value, hours: rolling?.hours });
}

/** The home view or the topic's dashboard, whichever is current. */
function show(): Promise<void> {
  return view === 'home' && topic !== null ? loadHome() : loadDashboard();
}

async function showWelcome(): Promise<void> {
  for (const section of [el.dashboard, el.home, el.empty]) section.hidden = true;
  el.sampleBanner.hidden = true;
  el.exportButton.disabled = el.from.disabled = el.to.disabled = el.homeButton.disabled = true;
  el.topic.disabled = el.newTopic.disabled = el.importButton.disabled = true;
  replace(el.topic, h('option', { value: '' }, 'No workspace open'));
  for (const id of ['sources-button', 'alerts-button', 'settings-button']) byId<HTMLButtonElement>(id).disabled = true;
  el.welcome.hidden = false;
  document.title = 'Townhall';
  el.path.textContent = 'No workspace open';
  el.total.textContent = '';
  await workspaces.welcome(el.welcome);
}

/** The home view's way back to the dashboard last shown in this workspace, if its topic is
 * still there. */
function showResume(): void {
  const last = info ? recall(info.path) : null;
  const known = info?.topics.some((t) => t.name === last?.topic) ?? false;
  el.homeResume.hidden = !known;
  if (!last || !known) return;
  const period = last.hours
    ? `the last ${plural(last.hours, 'hour')}`
    : last.from && last.to
      ? formatPeriod(last.from, last.to)
      : last.from
        ? `from ${formatDay(last.from)}`
        : last.to
          ? `to ${formatDay(last.to)}`
          : 'its default period';
  el.homeResume.textContent = `Back to ${last.topic}, ${period}`;
  el.homeResume.onclick = () =>
    void openTopic(last.topic, last.from, last.to, last.hours ? { hours: last.hours } : null);
}

/** Every topic's card: status, sparkline, latest spike, newest data. */
async function loadHome(): Promise<void> {
  const seq = ++sequence;
  view = 'home';
  showResume();
  el.dashboard.hidden = el.empty.hidden = true;
  el.home.hidden = false;
  el.homeButton.setAttribute('aria-current', 'page');
  el.exportButton.disabled = el.from.disabled = el.to.disabled = true;
  el.newTopic.disabled = el.importButton.disabled = el.homeButton.disabled = false;
  el.home.setAttribute('aria-busy', 'true');
  try {
    const cards = await backend.home();
    if (seq !== sequence) return;
    resolved(el.status, 'home');
    renderHome(el.homeCards, cards, {
      open: (name) => openTopic(name, '', ''),
      openSpike: (card) => {
        const s = card.latest_spike;
        // A week before the spike to its end, so that the chart shows the rise.
        if (!s) return;
        let from = addDays(s.start, -7);
        if (from < card.from) from = card.from;
        void openTopic(card.topic, from, card.to);
      },
      newTopic: () => topicForm.open(),
    });
    markTopicStatuses(
      el.topic,
      cards.map((c) => c.status),
    );
  } catch (e) {
    if (seq === sequence) errorToast(el.status, e as ErrorPayload, 'Could not load the topics', 'home');
  } finally {
    if (seq === sequence) el.home.removeAttribute('aria-busy');
  }
}

/** `day` (`YYYY-MM-DD`) moved by `n` days. */
function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Opens a topic's dashboard on a period (empty dates: the default period), or on a rolling
 * window of hours. */
function openTopic(name: string, from: string, to: string, hours: Rolling | null = null): Promise<void> {
  topic = name;
  view = 'topic';
  rolling = hours;
  el.topic.value = name;
  el.from.value = hours ? '' : from;
  el.to.value = hours ? '' : to;
  el.reset.hidden = isDefaultPeriod();
  showAutoDates(null);
  return loadDashboard();
}

async function loadDashboard(): Promise<void> {
  const req = freshRequest();
  const seq = ++sequence;
  view = 'topic';
  savePlace();
  el.home.hidden = true;
  el.homeButton.removeAttribute('aria-current');
  el.homeButton.disabled = req === null;
  el.topic.disabled = req === null;
  el.newTopic.disabled = el.importButton.disabled = false;
  el.empty.hidden = req !== null;
  el.dashboard.hidden = req === null;
  el.exportButton.disabled = req === null;
  el.from.disabled = el.to.disabled = req === null;
  if (!req) {
    current = null;
    renderNoTopics(el.empty, info?.posts ?? 0, {
      newTopic: () => topicForm.open(),
      importFiles: () => void imports.pickAndImport(),
    });
    return;
  }
  if (!current) renderKpiSkeleton(el.kpis);
  el.dashboard.classList.add('is-loading');
  el.dashboard.setAttribute('aria-busy', 'true');
  try {
    const statuses = backend.topicStatuses().catch(() => []);
    // The controls as they are for this request, kept once its dashboard is on screen.
    const controls = { topic: req.topic, from: el.from.value, to: el.to.value, rolling };
    const d = await backend.dashboard(req);
    if (seq !== sequence) return; // the user has moved on
    current = d;
    shownControls = controls;
    resolved(el.status, 'dashboard');
    render(d);
    const all = await statuses;
    renderTopicStatus(
      el.topicStatus,
      all.find((s) => s.topic === req.topic),
    );
    markTopicStatuses(el.topic, all);
    // The cards read the hours the dashboard shows, pinned to its end.
    void cards.load(request() ?? req, d.overview, seq);
    void showAlertCount(req.topic);
  } catch (e) {
    if (seq !== sequence) return;
    errorToast(el.status, e as ErrorPayload, 'Could not load the dashboard', 'dashboard');
    restoreShownControls();
  } finally {
    if (seq === sequence) {
      el.dashboard.classList.remove('is-loading');
      el.dashboard.removeAttribute('aria-busy');
    }
  }
}

/** The number of the topic's unacknowledged alerts, on the Alerts button. */
async function showAlertCount(name: string): Promise<void> {
  try {
    const n = await backend.unacknowledgedAlerts(name);
    el.alertsCount.textContent = n ? String(n) : '';
    el.alertsCount.hidden = !n;
    el.alertsCount.title = n ? `${plural(n, 'unacknowledged alert')} on ${name}` : '';
  } catch {
    el.alertsCount.hidden = true;
  }
}

function showSources(): void {
  void openSources(
    {
      list: () => backend.listSources(),
      add: (source) => backend.addSource(source),
      remove: (name) => backend.removeSource(name),
      pause: (name, paused) => backend.pauseSource(name, paused),
      collect: (name) => backend.collectNow(name),
      confirm: (message) => backend.askConfirm(message, 'Remove the source?'),
    },
    // The `collected` live event refreshes the dashboard.
    () => undefined,
  );
}

function showAlerts(): void {
  void openAlerts(
    () => backend.listAlerts(),
    (id) => backend.acknowledgeAlert(id),
    () => {
      if (topic) void showAlertCount(topic);
    },
    openAtSpike,
  );
  byId('alert-settings').hidden = !topic;
  if (topic) {
    void showAlertSettings(topic, {
      load: (t) => backend.alertSettings(t),
      setRules: (t, change) => backend.setAlertRules(t, change),
      setSchedule: (t, change) => backend.setBriefSchedule(t, change),
      removeSchedule: (t) => backend.removeBriefSchedule(t),
      setDelivery: (change) => backend.setDelivery(change),
      preview: (change, t) => backend.previewDelivery(change, t),
      test: (channel, t) => backend.testDelivery(channel, t),
      pickFolder: () => backend.pickBriefFolder(),
      confirm: (message) => backend.askConfirm(message, 'Remove the schedule?'),
      formatTime: (unix) => formatDateTime(unixToIso(unix)),
    });
  }
}

/** Opens an alert's topic hour by hour up to the alert, so the chart shows its surge rising. */
function openAtSpike(alert: Alert): void {
  void openTopic(alert.topic, '', '', alertWindow(alert));
}

/** Empty period inputs stand for the default period: show the days it resolved to. */
function showAutoDates(o: { from: string; to: string } | null): void {
  for (const [input, auto, day] of [
    [el.from, el.fromAuto, o?.from],
    [el.to, el.toAuto, o?.to],
  ] as const) {
    auto.parentElement?.classList.toggle('is-auto', !input.value);
    if (day !== undefined) auto.textContent = formatDay(day);
    input.title = input.value
      ? ''
      : rolling
        ? `The last ${plural(rolling.hours, 'hour')}: pick a day for a period of days`
        : 'Empty: the latest 30 days with data';
  }
}

function render(d: Dashboard): void {
  const o = d.overview;
  showAutoDates(o.period);
  renderHeading(o, isDefaultPeriod());
  const showCopies = () => {
    const req = request();
    if (!req) return;
    cards.posts('The posts that copy an earlier post’s text', req, o.period.tz, { copies: true });
  };
  renderKpis(
    el.kpis,
    o.kpis,
    (kpi) => {
      const req = request();
      if (!req) return;
      cards.posts(`The posts behind “${kpi.label}”`, req, o.period.tz);
    },
    o.copies.copies > 0 ? { mentions: showCopies } : {},
  );
  renderTone(el.tone, o, () => {
    const req = request();
    if (!req) return;
    cards.posts('The posts negative in tone', req, o.period.tz, { filter: 'negative' });
  });
  const explain: ExplainHandler = (start, end, label, span) => {
    const brief = span ? () => void briefSpike(o.topic.name, span) : undefined;
    void openExplainPanel(label, () => backend.explainWindow(o.topic.name, start, end), o.period.tz, brief);
  };
  const empty = o.totals.mentions === 0;
  el.noData.hidden = !empty;
  el.noData.textContent = empty ? noDataMessage(o, info?.posts ?? 0) : '';
  el.chart.hidden = empty;
  if (!empty) {
    const img = showChart(el.chart, d.chart_svg);
    pickDays(img, d.chart_plot, o.series, {
      day: (i) => {
        const p = o.series[i];
        if (!p) return;
        const title = `Posts ${isHour(p) ? 'in the hour from' : 'on'} ${formatBucket(p)}`;
        const period = isHour(p) ? { from: null, to: null, hours: 1, until: p.end } : { from: p.date, to: p.date };
        cards.posts(title, { topic: o.topic.name, ...period }, o.period.tz);
      },
      spikes: d.overlays.spikes,
      spike: (s) => explainSpike(s, o.series, explain),
    });
  }
  renderEvents(
    el.events,
    d.overlays,
    o.series,
    o.period.tz,
    explain,
    (span) => void briefSpike(o.topic.name, span),
    {
      compare: (i) => void openComparePanel(i.label, () => backend.compareIncident(i.id)),
      rename: (i) => void editing.renameIncident(i),
      remove: (i) => void editing.removeIncident(i),
    },
    {
      count: d.unlinked_incidents,
      link: () => void editing.linkUnlinkedIncidents(o.topic.name, d.unlinked_incidents),
    },
  );
  renderPosts(el.posts, o.top_posts, o.period.tz);
  el.postsEmpty.hidden = o.top_posts.length > 0;
}

async function exportBriefing(): Promise<void> {
  const req = request();
  if (!req || el.exportButton.disabled) return;
  const label = el.exportButton.textContent;
  try {
    const choices = await askBriefChoices((c) => backend.previewBrief(req, c));
    if (!choices) return;
    const path = await backend.pickBriefPath(req.topic);
    if (!path) return;
    el.exportButton.disabled = true;
    el.exportButton.textContent = 'Exporting…';
    const written = await backend.exportBrief(req, choices, path);
    el.exportButton.textContent = label;
    toast(el.status, `Briefing saved as ${fileName(written)}.`, 'success');
    if (await backend.askOpen()) await backend.openFile(written);
  } catch (e) {
    errorToast(el.status, e as ErrorPayload, 'The briefing could not be exported');
  } finally {
    el.exportButton.textContent = label;
    el.exportButton.disabled = request() === null;
  }
}

/** The topic an incident export is linked to: the dashboard's, or on the home view the one
 * the user picks. Null when there is none or the user cancelled. */
async function incidentTopic(path: string): Promise<string | null> {
  if (view === 'topic' && topic !== null) return topic;
  const names = info?.topics.map((t) => t.name) ?? [];
  if (!names.length) {
    toast(
      el.status,
      `${fileName(path)} is an incident export: create a topic first, as incidents are linked to one.`,
      'error',
    );
    return null;
  }
  return askChoice({
    title: 'Which topic are these incidents about?',
    text: `${fileName(path)} is an incident export. Its incidents are drawn on the chart of the topic you choose and compared with its spikes.`,
    label: 'Topic',
    choices: names,
    value: topic !== null && names.includes(topic) ? topic : names[0]!,
    action: 'Import incidents',
  });
}

/** Imports an incident export, linked to the topic on screen (asked for on the home view). */
async function importIncidentFile(path: string): Promise<void> {
  const linked = await incidentTopic(path);
  if (linked === null) return;
  try {
    const report = await backend.importIncidents(linked, path);
    const skipped = report.errors.length
      ? `: ${report.errors
          .slice(0, 3)
          .map((e) => `line ${e.line}: ${e.reason}`)
          .join('; ')}`
      : '';
    toast(
      el.status,
      `${fileName(path)} into “${linked}”: ${report.said}${skipped}.`,
      report.skipped ? 'info' : 'success',
    );
    // The topic's chart, with its incidents on it.
    const here = view === 'topic';
    void openTopic(linked, here ? el.from.value : '', here ? el.to.value : '', here ? rolling : null);
  } catch (e) {
    errorToast(el.status, e as ErrorPayload, 'The incidents could not be imported');
  }
}

/** Files dropped on the window: incident exports go to the incidents, the rest is imported. */
async function dropped(paths: string[]): Promise<void> {
  const sorted = await backend.sortDropped(paths).catch(() => ({ incidents: [], posts: paths }));
  for (const path of sorted.incidents) await importIncidentFile(path);
  if (sorted.posts.length) await imports.importFiles(sorted.posts);
}

/** "Brief this spike": the dashboard on the spike's days (or hours), then the brief builder for
 * them. */
async function briefSpike(name: string, span: SpikeSpan): Promise<void> {
  if ('hours' in span) await openTopic(name, '', '', span);
  else await openTopic(name, span.from, span.to);
  await exportBriefing();
}

/** Puts the topic and period controls back as they were for the dashboard on screen. */
function restoreShownControls(): void {
  const shown = shownControls;
  if (!shown || current?.overview.topic.name !== shown.topic) return;
  topic = shown.topic;
  el.topic.value = shown.topic;
  el.from.value = shown.from;
  el.to.value = shown.to;
  rolling = shown.rolling;
  el.to.min = el.from.value;
  el.from.max = el.to.value;
  el.reset.hidden = isDefaultPeriod();
  showAutoDates(null);
  savePlace();
}

/** The dates were changed by hand, a preset of days or Reset: a period of days again. */
function periodChanged(): void {
  if (el.from.value && el.to.value && el.from.value > el.to.value) {
    toast(el.status, 'The start of the period is after its end: the period shown is kept.', 'error');
    restoreShownControls();
    return;
  }
  rolling = null;
  el.reset.hidden = isDefaultPeriod();
  showAutoDates(null);
  el.to.min = el.from.value;
  el.from.max = el.to.value;
  void loadDashboard();
}

function wire(): void {
  el.topic.addEventListener('change', () => {
    topic = el.topic.value || null;
    void loadDashboard();
  });
  el.homeButton.addEventListener('click', () => void loadHome());
  byId('topic-rename').addEventListener('click', () => topic && void editing.renameTopic(topic));
  byId('topic-remove').addEventListener('click', () => topic && void editing.removeTopic(topic));
  byId('sample-start').addEventListener('click', () => void workspaces.startMine());
  const preset = byId<HTMLSelectElement>('period-preset');
  preset.addEventListener('change', () => {
    const choice = preset.value;
    preset.value = '';
    if (choice === '24h') {
      rolling = { hours: 24 };
      el.from.value = el.to.value = el.to.min = el.from.max = '';
      el.reset.hidden = false;
      void loadDashboard();
      return;
    }
    const days = Number(choice);
    if (!days) return;
    [el.from.value, el.to.value] = lastDays(days, info?.timezone ?? 'UTC');
    periodChanged();
  });
  el.from.addEventListener('change', periodChanged);
  el.to.addEventListener('change', periodChanged);
  el.reset.addEventListener('click', () => {
    el.from.value = '';
    el.to.value = '';
    periodChanged();
    el.from.focus();
  });
  el.importButton.addEventListener('click', () => void imports.pickAndImport());
  byId('settings-button').addEventListener('click', () => {
    void openSettings(
      () => backend.getSettings(),
      (changes) => backend.setSettings(changes),
      (outcome) => {
        const deleted = outcome.deleted_posts ? ` ${plural(outcome.deleted_posts, 'old post')} deleted.` : '';
        toast(el.status, `Settings saved.${deleted}`, 'success');
        void refresh();
      },
      (message) => backend.askConfirm(message, 'Delete old posts?'),
      { pickFile: () => backend.pickLogo() },
      (days) => backend.retentionPreview(days),
    );
  });
  byId('sources-button').addEventListener('click', showSources);
  byId('alerts-button').addEventListener('click', showAlerts);
  byId('import-incidents-button').addEventListener('click', async () => {
    if (!request()) return;
    try {
      const path = await backend.pickIncidentFile();
      if (path) await importIncidentFile(path);
    } catch (e) {
      errorToast(el.status, e as ErrorPayload, 'The incidents could not be imported');
    }
  });
  byId('add-incident-button').addEventListener('click', () => {
    const req = request();
    if (!req) return;
    openIncidentForm(
      req.topic,
      (incident) => backend.addIncident(incident),
      () => {
        toast(el.status, 'Incident added to the timeline.', 'success');
        void loadDashboard();
      },
    );
  });
  el.exportButton.addEventListener('click', () => void exportBriefing());
  el.newTopic.addEventListener('click', () => topicForm.open());

  // The report has nothing to lose: a click on its backdrop closes it too.
  el.report.addEventListener('click', (e) => {
    const r = el.report.getBoundingClientRect();
    const inside = e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
    if (e.target === el.report && !inside) el.report.close();
  });
  for (const b of el.report.querySelectorAll('[data-close]')) b.addEventListener('click', () => el.report.close());

  byId('import-folder-button').addEventListener('click', () => void imports.pickAndImport('folder'));
  document.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    if (document.querySelector('dialog[open]')) return;
    const key = e.key.toLowerCase();
    if (key === 'o') {
      e.preventDefault();
      void imports.pickAndImport(e.shiftKey ? 'folder' : 'files');
    } else if (key === 's' && e.shiftKey) {
      e.preventDefault();
      showSources();
    } else if (key === 'e' && !e.shiftKey) {
      e.preventDefault();
      void exportBriefing();
    }
  });

  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => markClamped(el.posts), 150);
  });
}

/** The menu bar's items: each does what its button does. */
function listenToMenu(): Promise<unknown> {
  return backend.onMenu((id) =>
    runMenu(id, {
      newWorkspace: () => void workspaces.newWorkspace(),
      openWorkspace: () => void workspaces.open(),
      openSample: () => void workspaces.sample(),
      openRecent: (path) => void workspaces.openPath(path),
      importFiles: () => void imports.pickAndImport('files'),
      importFolder: () => void imports.pickAndImport('folder'),
      importIncidents: () => byId('import-incidents-button').click(),
      exportBrief: () => void exportBriefing(),
      settings: () => byId('settings-button').click(),
      home: () => void (info ? loadHome() : undefined),
      newTopic: () => topicForm.open(),
      sources: showSources,
      alerts: showAlerts,
      reload: () => void refresh(),
      shortcuts: () => showShortcuts(mac),
    }),
  );
}

async function listenToBackend(): Promise<void> {
  try {
    await listenToMenu();
    await backend.onImportEvent((e) => imports.handle(e));
    await backend.onLiveEvent((e) => {
      if (e.kind === 'collected' && e.report.new_posts > 0) void refresh();
      else if (e.kind === 'alert') {
        const alert = e.alert;
        const shown = toast(el.status, alert.evidence, 'info', alert.title);
        shown
          .querySelector('.toast-body')
          ?.append(
            h(
              'button',
              { type: 'button', class: 'toast-action', onclick: () => openAtSpike(alert) },
              'Show on the chart',
            ),
          );
        if (topic) void showAlertCount(topic);
      }
    });
    await backend.onFileDrop((e) => {
      el.drop.hidden = e.type !== 'hover';
      if (e.type === 'drop') void dropped(e.paths);
    });
  } catch (e) {
    errorToast(el.status, e as ErrorPayload, 'Import events are unavailable');
  }
}

export async function boot(): Promise<void> {
  if (mac) {
    el.importButton.title = 'Import social data (⌘O)';
    el.exportButton.title = 'Export the briefing PDF (⌘E)';
  }
  wire();
  renderKpiSkeleton(el.kpis);
  await listenToBackend();
  await refresh();
}
