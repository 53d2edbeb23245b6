// The only module that talks to Tauri. Everything else calls these typed functions, which
// reject with an `ErrorPayload` ({code, message}) and nothing else.

import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { ask, open, save } from '@tauri-apps/plugin-dialog';

import { safeFileName } from '../format';
import type {
  Alert,
  AlertSettings,
  Channel,
  DeliveryChange,
  DeliveryView,
  ProblemReport,
  ResponseSummary,
  ThemesReport,
  IncidentComparison,
  Rules,
  RulesChange,
  ScheduleChange,
  ScheduleView,
  LiveEvent,
  NewSourceRequest,
  RunReport,
  SourceStatus,
  Status,
  BriefChoices,
  SettingValue,
  IncidentImport,
  CsvMap,
  CsvPreview,
  NewIncidentRequest,
  QueryCheck,
  WindowReport,
  Dashboard,
  DashboardRequest,
  ErrorCode,
  ErrorPayload,
  ImportEvent,
  Topic,
  TopicCard,
  RecentWorkspace,
  ImportRemoved,
  PostsListing,
  PostsPage,
  DroppedFiles,
  RetentionPreview,
  SettingsSaved,
  WorkspaceInfo,
} from './bindings';

export type * from './bindings';
export type { UnlistenFn };

const CODES: readonly ErrorCode[] = [
  'not_found',
  'invalid_input',
  'unsupported_file',
  'newer_database',
  'io',
  'cancelled',
  'corrupt_file',
  'disk_full',
  'read_only',
  'busy',
  'internal',
];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function isErrorPayload(v: unknown): v is ErrorPayload {
  return (
    isRecord(v) &&
    typeof v.message === 'string' &&
    typeof v.code === 'string' &&
    (CODES as readonly string[]).includes(v.code)
  );
}

/** Any rejection as an `ErrorPayload`; shapes we do not know become code `internal`. */
export function toErrorPayload(e: unknown): ErrorPayload {
  if (isErrorPayload(e)) return { code: e.code, message: e.message };
  if (typeof e === 'string') return { code: 'internal', message: e || 'unknown error' };
  if (e instanceof Error) return { code: 'internal', message: e.message || e.name };
  if (isRecord(e) && typeof e.message === 'string') return { code: 'internal', message: e.message };
  let detail = '';
  try {
    detail = JSON.stringify(e) ?? '';
  } catch {
    detail = String(e);
  }
  return { code: 'internal', message: detail ? `unexpected error: ${detail}` : 'unexpected error' };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toErrorPayload(e);
  }
}

async function guard<T>(p: () => Promise<T>): Promise<T> {
  try {
    return await p();
  } catch (e) {
    throw toErrorPayload(e);
  }
}

// --- Commands -------------------------------------------------------------------------------

/** The open workspace; null before the user chose one (a first start). */
export function workspaceInfo(): Promise<WorkspaceInfo | null> {
  return call('workspace_info');
}

/** The recently opened workspaces, the latest first. */
export function recentWorkspaces(): Promise<RecentWorkspace[]> {
  return call('recent_workspaces');
}

/** Opens a workspace file the user picked (refused untouched when it is not a workspace). */
export function openWorkspace(path: string): Promise<WorkspaceInfo> {
  return call('open_workspace', { path });
}

/** Starts a new, empty workspace at `path` in the system's time zone. */
export function newWorkspace(path: string): Promise<WorkspaceInfo> {
  return call('new_workspace', { path });
}

/** The user's own workspace in the app's data folder, started if it does not exist. */
export function startMyWorkspace(): Promise<WorkspaceInfo> {
  return call('start_my_workspace');
}

/** The sample workspace, written the first time it is opened. */
export function openSample(): Promise<WorkspaceInfo> {
  return call('open_sample');
}

/** Sorts dropped files into incident exports and social data. */
export function sortDropped(paths: string[]): Promise<DroppedFiles> {
  return call('sort_dropped', { paths });
}

/** What a retention period of `days` would delete now, in the engine's words. */
export function retentionPreview(days: string): Promise<RetentionPreview> {
  return call('retention_preview', { days });
}

/** Saves the settings dialog's changes all or nothing. */
export function setSettings(changes: [string, string][]): Promise<SettingsSaved> {
  return call('set_settings', { changes });
}

/** Lets the user choose a logo image; null when cancelled. */
export async function pickLogo(): Promise<string | null> {
  const answers = testAnswers();
  if (answers?.open) return answers.open[0] ?? null;
  return guard(() =>
    open({
      multiple: false,
      directory: false,
      title: 'Logo for the briefing header',
      filters: [{ name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'svg'] }],
    }),
  );
}

export function renameTopic(name: string, newName: string): Promise<Topic> {
  return call('rename_topic', { name, newName });
}

/** The confirmation's sentence for removing the topic. */
export function topicRemovalQuestion(name: string): Promise<string> {
  return call('topic_removal_question', { name });
}

export function removeTopic(name: string): Promise<void> {
  return call('remove_topic', { name });
}

/** The confirmation's sentence for removing an import: how many posts it deletes. */
export function importRemovalQuestion(id: number): Promise<string> {
  return call('import_removal_question', { id });
}

export function removeImport(id: number): Promise<ImportRemoved> {
  return call('remove_import', { id });
}

export function renameIncident(id: number, title: string): Promise<void> {
  return call('rename_incident', { id, title });
}

export function removeIncident(id: number): Promise<void> {
  return call('remove_incident', { id });
}

/** Links every incident on no topic to `topic`; resolves to the sentence that says how many. */
export function linkUnlinkedIncidents(topic: string): Promise<string> {
  return call('link_unlinked_incidents', { topic });
}

/** Every topic's card for the home view, the most serious first. */
export function home(): Promise<TopicCard[]> {
  return call('home');
}

export function dashboard(request: DashboardRequest): Promise<Dashboard> {
  return call('dashboard', { request });
}

export function addTopic(name: string, query: string): Promise<Topic> {
  return call('add_topic', { name, query });
}

/** Writes the briefing PDF; resolves with the path written. */
/** Imports a ServiceNow, Jira Service Management or PagerDuty export, linked to `topic`. */
export function importIncidents(topic: string, path: string): Promise<IncidentImport> {
  return call('import_incidents', { topic, path });
}

/** Lets the user choose an incident export; null when cancelled. */
export async function pickIncidentFile(): Promise<string | null> {
  const answer = testAnswers()?.open;
  if (answer) return answer[0] ?? null;
  const picked = await guard(() =>
    open({
      multiple: false,
      directory: false,
      title: 'Import incidents (ServiceNow, Jira Service Management, PagerDuty CSV)',
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    }),
  );
  return typeof picked === 'string' ? picked : null;
}

/** Records an incident entered by hand; resolves with its id. */
export function addIncident(incident: NewIncidentRequest): Promise<number> {
  return call('add_incident', { incident });
}

/** What drove a window of a topic's timeline (unix seconds, `[start, end)`). */
export function explainWindow(topic: string, start: number, end: number): Promise<WindowReport> {
  return call('explain_window', { topic, start, end });
}

/** How many posts `query` matches, or the column where it is wrong. */
export function checkQuery(query: string): Promise<QueryCheck> {
  return call('check_query', { query });
}

export function exportBrief(request: DashboardRequest, choices: BriefChoices, path: string): Promise<string> {
  return call('export_brief', { request, choices, path });
}

/** The briefing's pages as PNG images (data URLs), typeset as the export would be. */
export async function previewBrief(request: DashboardRequest, choices: BriefChoices): Promise<string[]> {
  const pages = await call<string[]>('preview_brief', { request, choices });
  // Only PNG data ever becomes an image source.
  return pages.filter((p) => typeof p === 'string' && p.startsWith('data:image/png;base64,'));
}

/** Starts a background import; resolves with the job id. Follow it with `onImportEvent`. */
export function startImport(paths: string[], maps: CsvMap[] = []): Promise<number> {
  return call('start_import', { paths, maps });
}

/** The workspace's settings with their values. */
export function getSettings(): Promise<SettingValue[]> {
  return call('get_settings');
}

/** Checks and saves one setting; an empty value clears it. */
export function setSetting(key: string, value: string): Promise<void> {
  return call('set_setting', { key, value });
}

/** One page of the posts behind the dashboard's numbers, narrowed and ordered as `listing` says. */
export function periodPosts(request: DashboardRequest, listing: PostsListing): Promise<PostsPage> {
  return call('period_posts', { request, listing });
}

/** Writes every post of the listing to a CSV file; resolves with how many. */
export function exportPosts(request: DashboardRequest, listing: PostsListing, path: string): Promise<number> {
  return call('export_posts', { request, listing, path });
}

/** Lets the user choose where to save a posts CSV; null when cancelled. */
export async function pickCsvPath(name: string): Promise<string | null> {
  const answer = testAnswers()?.save;
  const path =
    answer ??
    (await guard(() =>
      save({
        title: 'Export the posts',
        defaultPath: `${safeFileName(name)}.csv`,
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      }),
    ));
  return path && !/\.csv$/i.test(path) ? `${path}.csv` : path;
}

/** An incident beside its topic's last three before it, aligned at their starts. */
export function compareIncident(id: number): Promise<IncidentComparison> {
  return call('compare_incident', { id });
}

/** What people are saying: the topic's themes in the period and its copied texts. */
export function topicThemes(request: DashboardRequest): Promise<ThemesReport> {
  return call('topic_themes', { request });
}

/** Whether and how fast the organisation responded to the topic's complaints, in words. */
export function topicResponse(request: DashboardRequest): Promise<ResponseSummary> {
  return call('topic_response', { request });
}

/** The most reported problems of the topic in the period, most mentioned first. */
export function topicProblems(request: DashboardRequest): Promise<ProblemReport> {
  return call('topic_problems', { request });
}

/** The column mapping to confirm for a generic CSV file, or null for any other file. */
export function csvPreview(path: string): Promise<CsvPreview | null> {
  return call('csv_preview', { path });
}

/** Asks a job to stop; resolves false when it had already finished. */
export function cancelImport(job: number): Promise<boolean> {
  return call('cancel_import', { job });
}

/** Every source with its status in words. */
export function listSources(): Promise<SourceStatus[]> {
  return call('list_sources');
}

/** Adds a source, or changes the one of that name. */
export function addSource(source: NewSourceRequest): Promise<SourceStatus> {
  return call('add_source', { source });
}

/** Removes a source; the posts it collected stay. */
export function removeSource(name: string): Promise<void> {
  return call('remove_source', { name });
}

/** Pauses (`paused` true) or resumes a source. */
export function pauseSource(name: string, paused: boolean): Promise<SourceStatus> {
  return call('pause_source', { name, paused });
}

/** Runs one source now; its report also arrives as a `collected` live event. */
export function collectNow(name: string): Promise<RunReport> {
  return call('collect_now', { name });
}

/** Every topic's status now. */
export function topicStatuses(): Promise<Status[]> {
  return call('topic_statuses');
}

/** Raised alerts, newest first. */
export function listAlerts(): Promise<Alert[]> {
  return call('list_alerts');
}

/** How many of the topic's alerts nobody has acknowledged. */
export function unacknowledgedAlerts(topic: string): Promise<number> {
  return call('unacknowledged_alerts', { topic });
}

/** Marks an alert as seen. */
export function acknowledgeAlert(id: number): Promise<Alert> {
  return call('acknowledge_alert', { id });
}

/** A topic's alert rules, its morning-brief schedule and the delivery channels. */
export function alertSettings(topic: string): Promise<AlertSettings> {
  return call('alert_settings', { topic });
}

export function setAlertRules(topic: string, change: RulesChange): Promise<Rules> {
  return call('set_alert_rules', { topic, change });
}

export function setBriefSchedule(topic: string, change: ScheduleChange): Promise<ScheduleView> {
  return call('set_brief_schedule', { topic, change });
}

export function removeBriefSchedule(topic: string): Promise<void> {
  return call('remove_brief_schedule', { topic });
}

/** Changes a delivery channel; its secret goes to the keychain, never the workspace. */
export function setDelivery(change: DeliveryChange): Promise<DeliveryView> {
  return call('set_delivery', { change });
}

/** Exactly what a channel would send for the topic's latest alert, with the form's settings. */
export function previewDelivery(change: DeliveryChange, topic: string): Promise<string> {
  return call('preview_delivery', { change, topic });
}

/** Sends the topic's latest alert (or an example) through a channel now. */
export function testDelivery(channel: Channel, topic: string): Promise<void> {
  return call('test_delivery', { channel, topic });
}

// --- Events ---------------------------------------------------------------------------------

export function onImportEvent(cb: (event: ImportEvent) => void): Promise<UnlistenFn> {
  return guard(() => listen<ImportEvent>('import', (e) => cb(e.payload)));
}

/** What the background watch and "Collect now" report: runs and alerts. */
export function onLiveEvent(cb: (event: LiveEvent) => void): Promise<UnlistenFn> {
  return guard(() => listen<LiveEvent>('live', (e) => cb(e.payload)));
}

/** A menu bar item chosen: its id (`import-files`, `recent:/path/to/file.sqlite`, …). */
export function onMenu(cb: (id: string) => void): Promise<UnlistenFn> {
  return guard(() => listen<string>('menu', (e) => cb(e.payload)));
}

export type FileDrop = { type: 'hover' } | { type: 'leave' } | { type: 'drop'; paths: string[] };

/** Files dragged over the window (`hover`), dragged away (`leave`) or dropped (`drop`). */
export function onFileDrop(cb: (event: FileDrop) => void): Promise<UnlistenFn> {
  return guard(() =>
    getCurrentWebview().onDragDropEvent((event) => {
      const p = event.payload;
      if (p.type === 'enter' || p.type === 'over') cb({ type: 'hover' });
      else if (p.type === 'drop') cb({ type: 'drop', paths: p.paths });
      else cb({ type: 'leave' });
    }),
  );
}

// --- Dialogs --------------------------------------------------------------------------------

export const IMPORT_EXTENSIONS = ['jsonl', 'json', 'ndjson', 'csv', 'js', 'zip', 'gz', 'zst'];

/**
 * Answers for the native dialogs, set only by the end-to-end test (WebDriver cannot drive a GTK
 * file chooser). Only a build made for that test (`VITE_E2E=1`) reads them: in every other
 * build this returns at once and the bundler drops the rest, so the seam does not ship.
 * `asked` collects the questions a confirmation put.
 */
type DialogAnswers = { open?: string[]; save?: string; ask?: boolean; asked?: string[] };
function testAnswers(): DialogAnswers | undefined {
  if (!import.meta.env.VITE_E2E) return undefined;
  return (window as unknown as { __TOWNHALL_E2E__?: DialogAnswers }).__TOWNHALL_E2E__;
}

/** Lets the user choose files to import; null when cancelled. */
export function pickImportFiles(): Promise<string[] | null> {
  const answers = testAnswers();
  if (answers?.open) return Promise.resolve(answers.open);
  return guard(() =>
    open({
      multiple: true,
      directory: false,
      title: 'Import social data',
      filters: [
        { name: 'Social data', extensions: IMPORT_EXTENSIONS },
        { name: 'All files', extensions: ['*'] },
      ],
    }),
  );
}

/** Lets the user choose an unpacked archive folder to import; null when cancelled. */
export async function pickImportFolder(): Promise<string[] | null> {
  const answers = testAnswers();
  if (answers?.open) return answers.open;
  const folder = await guard(() => open({ directory: true, multiple: false, title: 'Import an archive folder' }));
  return folder ? [folder] : null;
}

const WORKSPACE_FILTERS = [{ name: 'Townhall workspace', extensions: ['sqlite'] }];

/** Lets the user choose a workspace file to open; null when cancelled. */
export async function pickWorkspace(): Promise<string | null> {
  const answers = testAnswers();
  if (answers?.open) return answers.open[0] ?? null;
  return guard(() =>
    open({ multiple: false, directory: false, title: 'Open a workspace', filters: WORKSPACE_FILTERS }),
  );
}

/** Lets the user choose where a new workspace goes; null when cancelled. */
export async function pickNewWorkspace(): Promise<string | null> {
  const answer = testAnswers()?.save;
  if (answer) return answer;
  return guard(() => save({ title: 'New workspace', defaultPath: 'Workspace.sqlite', filters: WORKSPACE_FILTERS }));
}

/** Lets the user choose the folder the morning briefs are written to; null when cancelled. */
export async function pickBriefFolder(): Promise<string | null> {
  const answers = testAnswers();
  if (answers?.open) return answers.open[0] ?? null;
  return guard(() => open({ directory: true, multiple: false, title: 'Folder for the morning briefs' }));
}

/** Lets the user choose where to save the briefing of `topic`; null when cancelled. */
export async function pickBriefPath(topic: string): Promise<string | null> {
  const answer = testAnswers()?.save;
  const path =
    answer ??
    (await guard(() =>
      save({
        title: 'Export briefing',
        defaultPath: `${safeFileName(topic)} briefing.pdf`,
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      }),
    ));
  // GTK's save dialog does not add the filter's extension.
  return path && !/\.pdf$/i.test(path) ? `${path}.pdf` : path;
}

export function askOpen(): Promise<boolean> {
  const answer = testAnswers()?.ask;
  if (answer !== undefined) return Promise.resolve(answer);
  return guard(() => ask('Open the briefing now?', { title: 'Briefing exported', kind: 'info' }));
}

/**
 * Asks before something that cannot be undone (a deletion, unless `okLabel` names another
 * action); true when the user goes ahead.
 */
export function askConfirm(message: string, title: string, okLabel = 'Delete'): Promise<boolean> {
  const answers = testAnswers();
  if (answers?.ask !== undefined) {
    answers.asked?.push(message);
    return Promise.resolve(answers.ask);
  }
  return guard(() => ask(message, { title, kind: 'warning', okLabel, cancelLabel: 'Cancel' }));
}

/** Opens a briefing this window exported in the system's viewer (the app's side checks it). */
export function openFile(path: string): Promise<void> {
  return call('open_briefing', { path });
}
