// Generated from the engine's wire types (src/wire.rs). Do not edit: run
// `UPDATE_BINDINGS=1 cargo test -p townhall --test engine bindings` to regenerate.

export type ErrorCode = "not_found" | "invalid_input" | "unsupported_file" | "newer_database" | "io" | "cancelled" | "internal";

export type ErrorPayload = { code: ErrorCode, message: string, };

export type Platform = "twitter" | "facebook" | "reddit" | "mastodon" | "bluesky" | "other";

export type PostKind = "post" | "reply" | "repost" | "comment" | "quote";

export type Format = "twarc2" | "twarc2-flat" | "twitter-v1" | "twitter-archive" | "facebook-dyi" | "crowdtangle" | "reddit" | "mastodon" | "bluesky" | "csv";

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
 * The first [`MAX_REPORTED_ERRORS`] skipped records, with line numbers.
 */
errors: Array<RecordError>, };

export type Progress = { bytes_read: number, bytes_total: number, posts_read: number, };

export type ImportRecord = { id: number, path: string, format: string | null, status: string, started_at: string, imported: number, duplicates: number, skipped: number, };

export type ImportEvent = { "kind": "started", job: number, files: Array<string>, } | { "kind": "progress", job: number, file: string, index: number, progress: Progress, } | { "kind": "file_done", job: number, report: ImportReport, } | { "kind": "file_failed", job: number, file: string, error: ErrorPayload, } | { "kind": "finished", job: number, cancelled: boolean, };

export type Topic = { id: number, name: string, query: string, };

export type Totals = { mentions: number, unique_authors: number, engagement: number, 
/**
 * Sum over distinct authors of their largest known follower count.
 */
potential_reach: number, 
/**
 * Share of distinct authors whose follower count is unknown (0 when there are none).
 */
reach_unknown_share: number, };

export type SeriesPoint = { 
/**
 * The local calendar day, `YYYY-MM-DD`.
 */
date: string, 
/**
 * When the day starts, RFC 3339 UTC.
 */
start: string, mentions: number, unique_authors: number, engagement: number, 
/**
 * Sum over distinct authors of their largest known follower count.
 */
potential_reach: number, 
/**
 * Share of distinct authors whose follower count is unknown (0 when there are none).
 */
reach_unknown_share: number, };

export type Kpi = { key: string, label: string, value: number, 
/**
 * The same measure over the previous period.
 */
previous: number, 
/**
 * Relative change in percent; `None` when the previous period had nothing to compare with.
 */
change_pct: number | null, 
/**
 * A caveat shown under the figure, such as the share of unknown follower counts.
 */
note: string | null, };

export type StoredPost = { id: number, platform: Platform, native_id: string, author_handle: string | null, author_name: string | null, author_followers: number | null, 
/**
 * RFC 3339, UTC.
 */
created_at: string, text: string, lang: string | null, url: string | null, kind: PostKind, parent: string | null, likes: number | null, shares: number | null, replies: number | null, quotes: number | null, views: number | null, followers_at_post: number | null, engagement: number, sentiment: number | null, };

export type Overview = { topic: Topic, 
/**
 * First and last day, `YYYY-MM-DD`, both included.
 */
from: string, to: string, previous_from: string, previous_to: string, tz: string, totals: Totals, previous: Totals, kpis: Array<Kpi>, series: Array<SeriesPoint>, 
/**
 * The day with most mentions (the earliest on ties), if any.
 */
peak: SeriesPoint | null, 
/**
 * Top posts by engagement.
 */
top_posts: Array<StoredPost>, };

export type Lags = { first_complaint_at: number | null, lag_to_first_complaint: number | null, peak_at: number | null, peak_mentions: number | null, lag_to_peak: number | null, decay_after_resolution: number | null, 
/**
 * Positive when the public spike started before the incident was opened.
 */
social_detection_lead: number | null, };

export type BandPoint = { baseline: number, upper: number, };

export type SpikeMark = { start: number, peak: number, end: number, 
/**
 * `minor`, `major` or `critical`.
 */
severity: string, peak_mentions: number, baseline_at_peak: number, };

export type IncidentMark = { label: string, title: string, start: number, end: number, lags: Lags, opened_at: number, resolved_at: number | null, };

export type Overlays = { 
/**
 * One entry per day of the period; `None` while the detector is still learning.
 */
band: Array<BandPoint | null>, spikes: Array<SpikeMark>, incidents: Array<IncidentMark>, };

export type Dashboard = { overview: Overview, 
/**
 * Baseline band, spikes and incidents drawn over the series.
 */
overlays: Overlays, 
/**
 * The exposure chart, an SVG document drawn by the engine.
 */
chart_svg: string, };

export type DashboardRequest = { topic: string, from: string | null, to: string | null, };

export type WorkspaceInfo = { path: string, posts: number, topics: Array<Topic>, imports: Array<ImportRecord>, timezone: string, };
