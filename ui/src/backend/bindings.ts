// Generated from the engine's wire types (src/wire.rs). Do not edit: run
// `UPDATE_BINDINGS=1 cargo test -p townhall --test engine bindings` to regenerate.

export type ErrorCode = "not_found" | "invalid_input" | "unsupported_file" | "corrupt_file" | "newer_database" | "disk_full" | "read_only" | "busy" | "io" | "cancelled" | "internal";

export type ErrorPayload = { code: ErrorCode, message: string, };

export type Platform = "twitter" | "facebook" | "reddit" | "mastodon" | "bluesky" | "news" | "other";

export type PostKind = "post" | "reply" | "repost" | "comment" | "quote";

export type Format = "twarc2" | "twarc2-flat" | "twitter-v1" | "twitter-archive" | "facebook-dyi" | "crowdtangle" | "reddit" | "mastodon" | "bluesky" | "csv" | "feed";

export type RecordError = { 
/**
 * 1-based line number in the file (where the record ends, for JSON documents; 0 for what
 * a bundle as a whole says). Reasons start with the member's path inside a zip or folder.
 */
line: number, reason: string, };

export type ImportReport = { path: string, format: Format, 
/**
 * Posts read from the file (including duplicates).
 */
read: number, 
/**
 * Posts new to the workspace.
 */
imported: number, 
/**
 * Posts already in the workspace.
 */
duplicates: number, 
/**
 * Records skipped because they could not be read.
 */
skipped: number, 
/**
 * Posts left out because they were not public (a Mastodon archive's direct messages and
 * followers-only statuses); not in `read`.
 */
private: number, 
/**
 * Posts left out because they are older than the workspace's retention period, which would
 * delete them at once ([`ImportOptions::keep_from`]); not in `read`.
 */
expired: number, 
/**
 * Accounts the file described, each once: a user lookup's profiles, or the authors of its
 * posts where it gave their names or follower counts.
 */
profiles: number, 
/**
 * The first [`MAX_REPORTED_ERRORS`] skipped records, with line numbers.
 */
errors: Array<RecordError>, };

export type Progress = { bytes_read: number, bytes_total: number, posts_read: number, };

export type Pace = { elapsed_secs: number, posts_per_sec: number, 
/**
 * `None` until the rate is known (the first second) or when the size is unknown.
 */
remaining_secs: number | null, 
/**
 * "12,400 posts/s · 42 s elapsed · about 1 min left".
 */
words: string, };

export type ImportRecord = { id: number, path: string, format: string | null, status: string, started_at: string, imported: number, duplicates: number, skipped: number, };

export type ImportEvent = { "kind": "started", job: number, files: Array<string>, } | { "kind": "waiting", job: number, file: string, index: number, } | { "kind": "progress", job: number, file: string, index: number, progress: Progress, pace: Pace, } | { "kind": "file_done", job: number, report: ImportReport, 
/**
 * None of the file's records could be read ([`ImportReport::unreadable`]): the window
 * shows the file as not imported.
 */
unreadable: boolean, } | { "kind": "file_failed", job: number, file: string, error: ErrorPayload, } | { "kind": "finished", job: number, cancelled: boolean, };

export type Topic = { id: number, name: string, query: string, };

export type QueryCheck = { "status": "valid", count: number, } | { "status": "invalid", column: number, message: string, };

export type Bucket = "hour" | "day" | "week";

export type TopBy = "exposure" | "engagement" | "time";

export type PostFilter = "all" | "negative" | "neutral" | "positive";

export type Totals = { mentions: number, unique_authors: number, 
/**
 * The sum of the known engagement.
 */
engagement: number, 
/**
 * Share of mentions whose engagement is unknown (none of their four counts).
 */
engagement_unknown_share: number, 
/**
 * Sum over distinct authors of their largest known follower count.
 */
potential_reach: number, 
/**
 * Share of distinct authors whose follower count is unknown (0 when there are none).
 */
reach_unknown_share: number, 
/**
 * Estimated views: the sum of the posts' known exposure.
 */
exposure: number, 
/**
 * Share of mentions whose exposure is unknown (no views and no follower count).
 */
exposure_unknown_share: number, 
/**
 * Mentions negative in tone (compound ≤ −0.05): the posts the negative share counts.
 */
negative: number, 
/**
 * Share of scored mentions with negative sentiment (compound ≤ −0.05).
 */
negative_share: number, 
/**
 * (positive − negative) ÷ (positive + negative); `None` when no mention is either.
 */
net_sentiment: number | null, };

export type SeriesPoint = { 
/**
 * The local calendar day the bucket starts on (`YYYY-MM-DD` on the wire).
 */
date: string, 
/**
 * The local wall-clock time the bucket starts at (`2026-09-02T14:00:00` on the wire).
 */
local: string, 
/**
 * When the bucket starts, unix seconds.
 */
start: number, 
/**
 * When the next bucket starts, unix seconds: a local day lasts 23 or 25 hours when the
 * clocks change, so this is never `start` plus a fixed length.
 */
end: number, 
/**
 * The typical mentions of this bucket: the spike detector's baseline ([`super::normal`],
 * the dashed line of the chart's normal range); `None` while it is still learning.
 */
baseline: number | null, 
/**
 * mentions ÷ baseline; `None` when the baseline is unknown or zero.
 */
velocity: number | null, 
/**
 * The topic's mentions ÷ the mentions of all topics in the bucket; `None` when there are none.
 */
share_of_voice: number | null, mentions: number, unique_authors: number, 
/**
 * The sum of the known engagement.
 */
engagement: number, 
/**
 * Share of mentions whose engagement is unknown (none of their four counts).
 */
engagement_unknown_share: number, 
/**
 * Sum over distinct authors of their largest known follower count.
 */
potential_reach: number, 
/**
 * Share of distinct authors whose follower count is unknown (0 when there are none).
 */
reach_unknown_share: number, 
/**
 * Estimated views: the sum of the posts' known exposure.
 */
exposure: number, 
/**
 * Share of mentions whose exposure is unknown (no views and no follower count).
 */
exposure_unknown_share: number, 
/**
 * Mentions negative in tone (compound ≤ −0.05): the posts the negative share counts.
 */
negative: number, 
/**
 * Share of scored mentions with negative sentiment (compound ≤ −0.05).
 */
negative_share: number, 
/**
 * (positive − negative) ÷ (positive + negative); `None` when no mention is either.
 */
net_sentiment: number | null, };

export type Kpi = { key: string, label: string, value: number, 
/**
 * The same measure over the previous period (0 when unknown there: see `change`).
 */
previous: number, 
/**
 * How it moved against the previous period, in words.
 */
change: Change, 
/**
 * A caveat shown under the figure, such as the share of unknown follower counts.
 */
note: string | null, 
/**
 * Whether the figure is unknown: nothing it adds up was known (no author's follower count,
 * no post's views), so `value` is 0 by default, not by measurement, and is shown as
 * unknown rather than as 0.
 */
unknown: boolean, };

export type Change = { trend: Trend, 
/**
 * Relative change in percent; `None` when there is nothing to compare with.
 */
pct: number | null, 
/**
 * "▲ 40% vs the previous 7 days", "new: none in the previous 7 days", "not compared: unknown
 * in the previous 7 days".
 */
said: string, 
/**
 * The same in a tile's few words: "+40% vs previous", "new this period", "unknown before".
 */
short: string, };

export type Trend = "up" | "down" | "flat" | "new" | "none" | "unknown";

export type StoredPost = { id: number, platform: Platform, native_id: string, author_handle: string | null, author_name: string | null, author_followers: number | null, 
/**
 * RFC 3339, UTC.
 */
created_at: string, text: string, lang: string | null, url: string | null, kind: PostKind, parent: string | null, likes: number | null, shares: number | null, replies: number | null, quotes: number | null, views: number | null, followers_at_post: number | null, 
/**
 * Likes + shares + replies + quotes, the unknown ones left out; the source's own total when
 * it gives none of them; `None` when nothing is known.
 */
engagement: number | null, sentiment: number | null, 
/**
 * Estimated views (see `analytics::exposure`), filled in by analytics; `None` when unknown or
 * not computed.
 */
exposure: number | null, 
/**
 * Whether the platform marks the author as verified (`None`: the source does not say).
 */
author_verified: boolean | null, };

export type Breakdown = { 
/**
 * `twitter`, `en`, ... (`unknown` for posts without a language).
 */
key: string, 
/**
 * What to show: `X/Twitter`, `en`, `Unknown`.
 */
label: string, 
/**
 * This slice's share of the mentions.
 */
share: number, totals: Totals, };

export type Voice = { platform: Platform, handle: string | null, name: string | null, verified: boolean | null, 
/**
 * Their largest known follower count: the reach they bring.
 */
followers: number | null, mentions: number, 
/**
 * The known engagement of their posts; `None` when none of them has one.
 */
engagement: number | null, exposure: number, };

export type ExposureRate = { platform: Platform, visibility: number, 
/**
 * Median known follower count of the platform's authors; `None` when none is known.
 */
median_followers: number | null, };

export type Period = { 
/**
 * First and last local day, `YYYY-MM-DD`, both included.
 */
from: string, to: string, 
/**
 * IANA name of the time zone the days are counted in.
 */
tz: string, 
/**
 * Unix seconds `[start, end)`: the period's exact instants, daylight-saving changes included.
 */
start: number, end: number, 
/**
 * How many local days the period touches.
 */
days: number, 
/**
 * The hours of a rolling window ("the last 24 hours"); `null` for whole days.
 */
hours: number | null, 
/**
 * "24 hours", "1 day", "30 days".
 */
length: string, 
/**
 * What it is compared with: "the day before", "the previous 30 days".
 */
before: string, };

export type Overview = { topic: Topic, period: Period, 
/**
 * Which rule chose the period when the user named none ("the latest 30 days with data");
 * `None` for a period the user chose.
 */
period_note: string | null, 
/**
 * The period of the same length just before, which the changes compare with.
 */
previous_period: Period, bucket: Bucket, totals: Totals, previous: Totals, kpis: Array<Kpi>, 
/**
 * How the share of negative posts moved against the previous period, in points.
 */
negative_change: Change, series: Array<SeriesPoint>, 
/**
 * The bucket with most mentions (the earliest on ties), if any.
 */
peak: SeriesPoint | null, 
/**
 * Top posts by engagement, each text once (the best of its copies).
 */
top_posts: Array<StoredPost>, 
/**
 * Top posts by estimated exposure, each text once.
 */
top_posts_by_exposure: Array<StoredPost>, 
/**
 * Authors with the largest reach.
 */
top_voices: Array<Voice>, platforms: Array<Breakdown>, languages: Array<Breakdown>, 
/**
 * The copies among the period's mentions (its newest 5,000 read): "of which 412 are copies
 * of 25 texts", said as the mentions' note.
 */
copies: CopyCount, 
/**
 * The topic's mentions ÷ the mentions of all topics over the period.
 */
share_of_voice: number | null, 
/**
 * The visibility rates and follower medians the exposure estimate used.
 */
exposure_rates: Array<ExposureRate>, };

export type Lags = { first_complaint_at: number | null, lag_to_first_complaint: number | null, peak_at: number | null, peak_mentions: number | null, lag_to_peak: number | null, decay_after_resolution: number | null, 
/**
 * Positive when the public spike started before the incident was opened.
 */
social_detection_lead: number | null, 
/**
 * The incident opened outside the workspace's data (before its first post or after its
 * last): its course is unknown, and no decay is given.
 */
outside_data: boolean, };

export type BandPoint = { baseline: number, upper: number, };

export type SpikeMark = { start: number, peak: number, end: number, 
/**
 * `minor`, `major` or `critical`.
 */
severity: string, peak_mentions: number, baseline_at_peak: number, 
/**
 * Whether it began before the period: `start` is then the period's first bucket, and the
 * peak is its highest bucket inside the period.
 */
began_before: boolean, };

export type IncidentMark = { 
/**
 * The incident's id, to rename or remove it.
 */
id: number, 
/**
 * The ticket number, or "Incident" when it has none.
 */
label: string, number: string | null, title: string, start: number, end: number, lags: Lags, 
/**
 * How the public's complaints lined up with the ticket, in one sentence, when they did not
 * start together.
 */
lead: string | null, opened_at: number, resolved_at: number | null, };

export type OfficialMark = { 
/**
 * The post's row id.
 */
id: number, at: number, 
/**
 * Unix seconds.
 */
created_at: number, handle: string, 
/**
 * A reply in a complaint's thread, rather than a post on the topic.
 */
reply: boolean, };

export type Overlays = { 
/**
 * One entry per bucket of the period; `None` while the detector is still learning.
 */
band: Array<BandPoint | null>, spikes: Array<SpikeMark>, incidents: Array<IncidentMark>, 
/**
 * The organisation's official posts in the period, oldest first; none when the
 * `own_accounts` setting is empty.
 */
official: Array<OfficialMark>, };

export type ChartPlot = { width: number, height: number, left: number, right: number, top: number, bottom: number, x_first: number, x_last: number, };

export type Dashboard = { overview: Overview, 
/**
 * Baseline band, spikes and incidents drawn over the series.
 */
overlays: Overlays, 
/**
 * The exposure chart, an SVG document drawn by the engine.
 */
chart_svg: string, 
/**
 * Where the chart's days are, to turn a click on it into a day.
 */
chart_plot: ChartPlot, 
/**
 * How many incidents of the workspace are on no topic (imported without one, or left by
 * a removed one): the window offers to link them to this topic.
 */
unlinked_incidents: number, };

export type DashboardRequest = { topic: string, from: string | null, to: string | null, hours?: number, until?: number, tz?: string, };

export type BriefChoices = { 
/**
 * Sections to include, from `brief::SECTIONS`; empty means all.
 */
sections: Array<string>, 
/**
 * Name private persons instead of pseudonymising them.
 */
names: boolean, 
/**
 * Write only the PDF, not the chart, series and top posts beside it.
 */
pdf_only: boolean, };

export type SettingValue = { key: string, 
/**
 * What it is called in the window.
 */
label: string, 
/**
 * What it means, for people.
 */
about: string, value: string | null, };

export type FieldChoice = { 
/**
 * The field's name, as `--map` takes it (`text`, `created_at`, …).
 */
field: string, label: string, required: boolean, columns: Array<string>, 
/**
 * The columns as `--map` takes them (`A+B`, or `A|B` for alternatives).
 */
value: string, 
/**
 * Whether the columns are alternatives (the first with a count read) rather than a sum.
 */
alternatives: boolean, };

export type CsvPreview = { path: string, header: Array<string>, 
/**
 * Up to three rows, for recognising the columns.
 */
rows: Array<Array<string>>, choices: Array<FieldChoice>, 
/**
 * Whether the choices come from a mapping saved for this header.
 */
saved: boolean, };

export type CsvMap = { path: string, map: Array<[string, string]>, };

export type NewIncidentRequest = { topic: string, title: string, number: string | null, opened: string, resolved: string | null, };

export type IncidentSource = "servicenow" | "jira" | "pagerduty" | "csv";

export type IncidentImport = { source: IncidentSource, 
/**
 * Incidents recorded for the first time.
 */
imported: number, 
/**
 * Incidents already recorded, that the export changed (resolved since, retitled).
 */
updated: number, 
/**
 * Incidents already recorded as the export has them.
 */
unchanged: number, skipped: number, errors: Array<RecordError>, 
/**
 * The counts in words: "2 new incidents, 1 updated, 3 unchanged, 0 skipped (ServiceNow)".
 */
said: string, };

export type RisingTerm = { term: string, 
/**
 * Posts of the window that use it.
 */
window: number, 
/**
 * Posts of the topic's own past (before the window) that use it.
 */
baseline: number, 
/**
 * Posts of the workspace outside the window that use it.
 */
workspace: number, 
/**
 * The smaller of its log-likelihoods G² against the topic's past and against the workspace;
 * above 10.83 is significant at p < 0.001.
 */
g2: number, };

export type CopyGroup = { 
/**
 * The text of its earliest post, as written.
 */
text: string, 
/**
 * The earliest post's row id.
 */
first: number, 
/**
 * Posts with this text (near copies included), the original among them.
 */
posts: number, 
/**
 * Distinct people who posted it (a post without an author counts as one).
 */
people: number, };

export type Copies = { 
/**
 * Posts read, reposts included (at most `analytics::samples::MAX_TEXTS`).
 */
read: number, 
/**
 * Of them, reposts, left out of what follows.
 */
reposts: number, 
/**
 * Posts that copy the text of an earlier post of the window.
 */
copies: number, 
/**
 * Distinct texts that were copied.
 */
texts: number, 
/**
 * The most copied texts, most posts first.
 */
groups: Array<CopyGroup>, };

export type CopyCount = { 
/**
 * Posts read, reposts included (the newest `analytics::samples::MAX_TEXTS` of the window).
 */
read: number, 
/**
 * Posts that copy the text of an earlier post of the window.
 */
copies: number, 
/**
 * Distinct texts that were copied.
 */
texts: number, };

export type SentimentSpan = { mentions: number, negative_share: number, net_sentiment: number | null, };

export type WindowReport = { 
/**
 * Unix seconds, `[start, end)`.
 */
start: number, end: number, mentions: number, unique_authors: number, top_posts: Array<StoredPost>, voices: Array<Voice>, terms: Array<RisingTerm>, 
/**
 * Posts that copy another post's text (reposts aside), among the newest posts read.
 */
copies: Copies, 
/**
 * The copies in words ([`Copies::said`]).
 */
copies_said: string, platforms: Array<Breakdown>, languages: Array<Breakdown>, 
/**
 * The window's length before it, the window, and its length after it.
 * How the topic's incidents line up with the window, one sentence each (filled in by
 * `workspace::views::explain_window`, which knows the incidents).
 */
incidents: Array<string>, before: SentimentSpan, during: SentimentSpan, after: SentimentSpan, };

export type WorkspaceInfo = { 
/**
 * As the title bar shows it: "Sample workspace", "My workspace", or the file's name.
 */
name: string, 
/**
 * Whether it holds the sample scenario rather than the user's own data.
 */
sample: boolean, path: string, posts: number, topics: Array<Topic>, imports: Array<ImportRecord>, timezone: string, };

export type RecentWorkspace = { path: string, name: string, 
/**
 * `false` when the file has since been moved or deleted.
 */
exists: boolean, };

export type SpikeSummary = { start: string, peak: string, end: string, 
/**
 * `minor`, `major` or `critical`.
 */
severity: string, peak_mentions: number, 
/**
 * The peak ÷ the normal level that day; `None` when the normal level is zero.
 */
times_normal: number | null, };

export type ImportRemoved = { 
/**
 * The alerts withdrawn because the posts that raised them are gone ("Critical: Portal").
 */
alerts_withdrawn: Array<string>, 
/**
 * "Removed the import of a.jsonl: 5 posts deleted; 3 posts that a later import also
 * brought stay."
 */
message: string, posts: number, authors: number, kept: number, };

export type PostsListing = { 
/**
 * By tone: all posts, or the negative, neutral or positive ones.
 */
filter: PostFilter, 
/**
 * Only the posts that report this problem (a bar of "Most reported problems").
 */
problem?: Problem, 
/**
 * Only the posts of this theme (1 for the largest, as [`super::themes::report`] numbers
 * them); not together with `problem`.
 */
theme?: number, 
/**
 * Only the posts that copy an earlier post's text in the window (the overview's "of which
 * N are copies"; among its newest 5,000 posts).
 */
copies: boolean, 
/**
 * Only the organisation's official posts and replies, as its response counts them (the
 * `own_accounts` setting's posts on the topic, and their replies in complaint threads).
 */
official: boolean, 
/**
 * Only the posts this query matches, in the topics' query language (plain words match
 * posts holding them all): the posts dialog's search.
 */
search?: string, 
/**
 * Only the posts published on this platform.
 */
platform?: Platform, 
/**
 * Only the posts in this language (`en` also keeps `en-GB`).
 */
lang?: string, 
/**
 * Only the posts of this kind (replies, reposts…).
 */
kind?: PostKind, sort: TopBy, 
/**
 * Skip this many, for the next page.
 */
offset: number, 
/**
 * At most this many per page (and never more than [`MAX_POSTS`]).
 */
limit?: number, };

export type PostsPage = { posts: Array<StoredPost>, total: number, };

export type DroppedFiles = { incidents: Array<string>, posts: Array<string>, };

export type IncidentProfile = { id: number, 
/**
 * The ticket number, or "Incident" when it has none.
 */
label: string, title: string, 
/**
 * Unix seconds.
 */
opened_at: number, 
/**
 * Mentions per hour from `BEFORE_HOURS` before the start to `AFTER_HOURS` after it.
 */
hourly: Array<number>, 
/**
 * Posts, people and the negative share over the window.
 */
mentions: number, people: number, negative_share: number, 
/**
 * The busiest hour's mentions (0 when the window has none), and when it began, from the
 * start (seconds; negative when the peak came first).
 */
peak: number, peak_after: number | null, 
/**
 * Seconds from the start to the first complaint (negative when complaints came first).
 */
first_complaint_after: number | null, 
/**
 * Whether any hour of the window rose above the normal range.
 */
above_normal: boolean, 
/**
 * The incident opened outside the workspace's data: its course is unknown.
 */
outside_data: boolean, 
/**
 * Seconds from the start until mentions were back within the normal range after the peak;
 * `None` when they never left it or the data ends first.
 */
back_to_normal_after: number | null, };

export type Comparison = { topic: string, 
/**
 * The IANA zone the hours are counted in.
 */
tz: string, 
/**
 * The window around each start: `before_hours` before it, `after_hours` after it.
 */
before_hours: number, after_hours: number, incident: IncidentProfile, 
/**
 * The topic's last incidents opened before it, newest first.
 */
earlier: Array<IncidentProfile>, 
/**
 * The comparison in sentences ([`lines`]).
 */
lines: Array<string>, 
/**
 * The same as a table: [`COLUMNS`], then one row per incident, this one first ([`row`]).
 */
columns: Array<string>, rows: Array<Array<string>>, };

export type IncidentComparison = { 
/**
 * Each incident's mentions per hour from its start, as an SVG document.
 */
chart_svg: string, topic: string, 
/**
 * The IANA zone the hours are counted in.
 */
tz: string, 
/**
 * The window around each start: `before_hours` before it, `after_hours` after it.
 */
before_hours: number, after_hours: number, incident: IncidentProfile, 
/**
 * The topic's last incidents opened before it, newest first.
 */
earlier: Array<IncidentProfile>, 
/**
 * The comparison in sentences ([`lines`]).
 */
lines: Array<string>, 
/**
 * The same as a table: [`COLUMNS`], then one row per incident, this one first ([`row`]).
 */
columns: Array<string>, rows: Array<Array<string>>, };

export type FieldError = { key: string, 
/**
 * The setting as the window calls it.
 */
label: string, 
/**
 * What is wrong with the value, in words.
 */
message: string, };

export type SettingsSaved = { saved: boolean, 
/**
 * Every field whose value is refused; empty when saved.
 */
errors: Array<FieldError>, 
/**
 * Posts a shorter retention period deleted.
 */
deleted_posts: number, };

export type RetentionPreview = { days: number, 
/**
 * The posts older than that now, and all the workspace holds.
 */
posts: number, of: number, 
/**
 * The question to ask before the retention period is set; in words, for the dialog.
 */
message: string, 
/**
 * What `prune` would do, in words.
 */
prune_message: string, 
/**
 * The question `prune` asks before it deletes.
 */
prune_question: string, };

export type TopicCard = { topic: string, query: string, 
/**
 * The grade of the last hour, with its sentence.
 */
status: Status, 
/**
 * The default period the card covers: the latest 30 days with data.
 */
from: string, to: string, 
/**
 * Mentions per day over the period, oldest first.
 */
sparkline: Array<number>, mentions: number, 
/**
 * The latest spike in the period, if any.
 */
latest_spike: SpikeSummary | null, 
/**
 * The local day of the newest post; `None` for a topic with no posts.
 */
newest: string | null, };

export type SourceKind = "bluesky" | "mastodon" | "reddit" | "x" | "feed" | "folder";

export type Source = { id: number, name: string, kind: SourceKind, 
/**
 * API base, feed URL or folder path.
 */
url: string, query: string | null, 
/**
 * Hashtag or subreddit.
 */
target: string | null, interval_secs: number, 
/**
 * Whether a credential was given (it is kept outside the workspace).
 */
has_credential: boolean, paused: boolean, created_at: number, last_attempt: number | null, last_success: number | null, 
/**
 * `ok`, `offline`, `server`, `rate_limited`, `refused` or `failed`.
 */
last_outcome: string | null, last_error: string | null, 
/**
 * What the last run could not reach (how far back the API let it catch up).
 */
last_note: string | null, 
/**
 * New posts of the last successful run.
 */
last_new: number, 
/**
 * Failures in a row, which set the backoff.
 */
failures: number, runs: number, new_posts: number, duplicates: number, 
/**
 * Not collected before this time (the interval, a backoff, a platform's rate limit).
 */
next_attempt: number, 
/**
 * Where the next run starts (JSON, per kind).
 */
cursor: unknown, };

export type Health = "new" | "ok" | "waiting" | "failing" | "paused";

export type SourceStatus = { source: Source, health: Health, 
/**
 * The status in words.
 */
status: string, };

export type RunReport = { source: string, kind: SourceKind, 
/**
 * When the run started, unix seconds.
 */
started_at: number, 
/**
 * Pages (or files) fetched.
 */
pages: number, new_posts: number, duplicates: number, 
/**
 * Records skipped because they could not be read.
 */
skipped: number, 
/**
 * What went wrong, in sentences saying what happens next.
 */
errors: Array<string>, 
/**
 * What the run could not reach (catch-up limits of the API).
 */
notes: Array<string>, 
/**
 * `ok`, `offline`, `server`, `rate_limited`, `refused`, `failed` or `cancelled`.
 */
outcome: string, 
/**
 * Whether the run paused the source (a refused credential).
 */
paused: boolean, 
/**
 * When the source is collected next, unix seconds.
 */
next_attempt: number, };

export type NewSourceRequest = { name: string, kind: SourceKind | null, url: string | null, query: string | null, target: string | null, interval_secs: number | null, credential: CredentialRequest | null, };

export type CredentialRequest = { id: string | null, secret: string, };

export type Grade = "normal" | "possible_problem" | "problem" | "critical";

export type Status = { topic: string, grade: Grade, 
/**
 * The grade as people read it ("Possible problem").
 */
label: string, 
/**
 * One sentence built from the numbers.
 */
evidence: string, 
/**
 * How far to trust it: how many people and platforms agree, how much history the baseline has.
 */
confidence: string, 
/**
 * When the surge behind a grade above Normal began (unix seconds).
 */
since: number | null, 
/**
 * Distinct people who posted in the last hour.
 */
people_last_hour: number, 
/**
 * Normal number of people for this hour of the week; `None` while there is too little history.
 */
baseline_people: number | null, 
/**
 * Above this many people an hour is elevated.
 */
upper_people: number | null, 
/**
 * Platforms the last hour's posts came from.
 */
platforms: Array<Platform>, 
/**
 * Days of history the baseline learned from (at most the detector's four weeks).
 */
history_days: number, 
/**
 * The instant graded (unix seconds).
 */
at: number, };

export type AlertKind = "spike" | "escalation" | "negative_jump";

export type AlertPost = { id: number, platform: Platform, 
/**
 * `@handle`, a name, or a pseudonym ("Person 1").
 */
author: string, 
/**
 * The text, with @mentions of private persons pseudonymised.
 */
text: string, 
/**
 * RFC 3339, UTC.
 */
created_at: string, 
/**
 * The post's address, only when names are shown (it usually carries the author's handle).
 */
url: string | null, };

export type Alert = { id: number, topic_id: number, topic: string, kind: AlertKind, 
/**
 * The topic's grade when the alert was found.
 */
grade: Grade, 
/**
 * One line for a notification: "Problem: SchoolMax".
 */
title: string, 
/**
 * The status's evidence sentence (or the negative-share sentence).
 */
evidence: string, 
/**
 * When the surge began (unix seconds): where the app opens the topic.
 */
started_at: number, 
/**
 * When it was raised (unix seconds): the end of the quiet hours for a held alert.
 */
raised_at: number, acknowledged_at: number | null, 
/**
 * The most engaging post of the surge so far, private persons pseudonymised as in briefings
 * (unless the workspace's `names` setting is on); `None` once retention deleted it.
 */
top_post: AlertPost | null, 
/**
 * The workspace's time zone (IANA), whose clock the messages tell the times by.
 */
time_zone: string, };

export type Problem = "login" | "outage" | "slow" | "wrong-data" | "notifications" | "payments" | "mobile" | "security";

export type ProblemCount = { problem: Problem, label: string, mentions: number, 
/**
 * Of the topic's mentions in the period; 0 when it has none.
 */
share: number, 
/**
 * Mentions over the previous period of the same length.
 */
previous: number, 
/**
 * How the mentions moved against the previous period, in words.
 */
change: Change, people: number, 
/**
 * The query that found them, and whether the workspace replaced the built-in one.
 */
query: string, custom: boolean, };

export type ProblemReport = { topic: Topic, period: Period, previous_period: Period, 
/**
 * The topic's mentions in the period, and how many of them are in some category.
 */
mentions: number, categorised: number, 
/**
 * Every category, most mentioned first.
 */
problems: Array<ProblemCount>, };

export type ResponseSummary = { topic: string, 
/**
 * Whether the organisation's own accounts are set at all.
 */
accounts_set: boolean, 
/**
 * How many official posts and replies the period holds (the response card lists them).
 */
official: number, lines: Array<string>, };

export type ExamplePost = { id: number, platform: Platform, 
/**
 * `@handle`, a name, or a pseudonym ("Person 1").
 */
author: string, 
/**
 * The text, with @mentions of private persons pseudonymised.
 */
text: string, 
/**
 * RFC 3339, UTC.
 */
created_at: string, };

export type ThemeView = { 
/**
 * 1 for the largest; the number `period_posts` takes to list its posts.
 */
number: number, 
/**
 * Its most representative sentence, @mentions of private persons pseudonymised.
 */
label: string, terms: Array<string>, posts: number, texts: number, people: number, negative_share: number, examples: Array<ExamplePost>, };

export type CopiedText = { 
/**
 * @mentions of private persons pseudonymised.
 */
text: string, posts: number, people: number, };

export type ThemesReport = { topic: string, period: Period, 
/**
 * The topic's posts in the period, and how many of the newest were read (at most 5,000).
 */
mentions: number, read: number, 
/**
 * Of those read, reposts (left aside), copies of an earlier post's text, and the distinct
 * texts copied.
 */
reposts: number, copies: number, copied_texts: number, 
/**
 * Copies as a share of the posts read that are not reposts.
 */
copy_share: number, 
/**
 * The most copied texts, most posts first.
 */
copied: Array<CopiedText>, 
/**
 * Most posts first.
 */
themes: Array<ThemeView>, 
/**
 * Posts read (reposts aside) in no theme.
 */
unthemed: number, 
/**
 * The copies in words, with the reposts left aside: "583 of 2,735 posts (21%) copy an
 * earlier post's text: 170 texts copied; 82 reposts left aside."
 */
copies_said: string, };

export type QuietHours = { from_minute: number, to_minute: number, };

export type Rules = { 
/**
 * Whether the topic raises alerts at all.
 */
enabled: boolean, 
/**
 * The lowest grade that raises an alert (default Problem).
 */
min_grade: Grade, 
/**
 * Quiet hours, local `HH:MM` to `HH:MM` in the workspace's zone (may span midnight): an
 * alert that falls in them is held and raised, once, when they end.
 */
quiet_hours: QuietHours | null, 
/**
 * After an alert, a new surge does not alert again for this long (default 6 h); a rise in
 * grade still does, as an escalation.
 */
cooldown_secs: number, 
/**
 * The negative share of the last hour must exceed that of the week before by this many
 * percentage points (default 20) ...
 */
negative_jump_points: number, 
/**
 * ... over at least this many posts with a tone (default 20).
 */
negative_min_posts: number, };

export type Schedule = { topic_id: number, enabled: boolean, 
/**
 * Days of the week, as `mon`, `tue`, ... `sun`.
 */
days: Array<string>, 
/**
 * Local time of day, `HH:MM`.
 */
at: string, 
/**
 * Folder the PDF is written to.
 */
folder: string, 
/**
 * When the schedule was made, or last switched on or moved to other days or another time
 * (unix seconds): no time before it is "missed".
 */
created_at: number, 
/**
 * When it last ran (unix seconds).
 */
last_run: number | null, 
/**
 * Why the last run failed, if it did.
 */
last_error: string | null, };

export type Channel = "teams" | "slack" | "webhook" | "email";

export type Security = "starttls" | "tls" | "plain";

export type EmailSettings = { server: string, port: number, security: Security, 
/**
 * Who to log in as; `None` sends without logging in.
 */
username: string | null, from: string, to: Array<string>, };

export type Delivery = { channel: Channel, 
/**
 * Off by default: nothing is sent until the user switches it on.
 */
enabled: boolean, 
/**
 * Key in the app's secret store of the webhook address or the SMTP password.
 */
secret_key: string, 
/**
 * The SMTP settings, for [`Channel::Email`].
 */
email: EmailSettings | null, };

export type RulesChange = { enabled: boolean | null, min_grade: Grade | null, 
/**
 * `22:00-07:00`, or an empty text for no quiet hours.
 */
quiet_hours: string | null, cooldown_secs: number | null, negative_jump_points: number | null, negative_min_posts: number | null, };

export type ScheduleChange = { enabled: boolean, 
/**
 * `mon`, `tue`, ... `sun`; `weekdays` and `every day` are also understood.
 */
days: Array<string>, 
/**
 * Local time of day, `HH:MM`, in the workspace's zone.
 */
at: string, 
/**
 * The folder the briefing is written to; it must exist.
 */
folder: string, };

export type ScheduleView = { topic: string, schedule: Schedule, };

export type DeliveryChange = { channel: Channel, enabled: boolean | null, 
/**
 * The webhook's address, or the SMTP password; kept in the secret store, never in the
 * workspace. Empty or `None` keeps the one saved.
 */
secret: string | null, email: EmailSettings | null, };

export type DeliveryView = { delivery: Delivery, label: string, 
/**
 * Whether the address or password is saved (it is never shown).
 */
has_secret: boolean, 
/**
 * Where secrets are kept: "the system keychain" or a file.
 */
kept_in: string, };

export type AlertSettings = { topic: string, rules: Rules, schedule: ScheduleView | null, deliveries: Array<DeliveryView>, };

export type LiveEvent = { "kind": "collected", report: RunReport, } | { "kind": "alert", alert: Alert, };
