//! Townhall's engine: how exposed an IT problem is in public, from the social-data files people
//! actually have to a board-ready briefing PDF. The `townhall` command line and the desktop app
//! (`src-tauri/`) are both thin layers over this crate.
//!
//! # Bird's-eye view
//!
//! ```text
//! files ──import──▶ store (SQLite + FTS5) ──analytics──▶ Overview ──┬─▶ chart (SVG/PNG)
//!   (detect → parse → one transaction,      ▲ topics (query → Matcher, ├─▶ brief (typst → PDF, PNG)
//!    kept topic matches caught up in it)    │  kept matches)           └─▶ app / CLI
//!                                           ▲ incidents, spikes
//! ```
//!
//! # Code map
//!
//! - `model`: the normalised [`model::Post`] and [`model::Author`] every importer produces.
//! - `import`: format detection from content, one module per format, and the pipeline that writes
//!   a file in one transaction with progress and cancellation.
//! - `store`: opening a workspace (pragmas, migrations, refusing newer schemas), writing records,
//!   settings, and retention (deleting posts older than the workspace keeps).
//! - `query`: the topic query language, compiled to a `Matcher`: FTS5 look-ups and field filters
//!   as one SQL condition with bound parameters.
//! - `topics`: named queries, and their kept matches (`topics::matches`): each saved topic's posts
//!   with the facts analytics read, so a dashboard reads one range of one table.
//! - `analytics`: the measures of METRICS.md — per-day series, period totals, KPIs, top posts —
//!   gathered into an [`analytics::Overview`] that the app, the CLI and the brief all show, and a
//!   topic's graded status now (`analytics::status`).
//! - `sentiment`: VADER, an exact port of vaderSentiment 3.3.2, scored at import.
//! - `spikes`: the online seasonal spike detector and the NAB scorer it is measured with.
//! - `alerts`: the status at "now" turned into alerts (rules, quiet hours, cooldown), their
//!   opt-in delivery (Teams, Slack, webhook, e-mail) and the morning-brief schedules.
//! - `incidents`: the organisation's own incident record (CSV exports or by hand) and its lags
//!   against a topic's complaints.
//! - `timeline`: what the chart draws over the series: normal range, spikes, incidents.
//! - `drivers`: the terms that rose in a window against a baseline (G²); `explain` gathers
//!   everything that drove a window (posts, voices, terms, platforms, sentiment around it).
//! - `chart`: plotters drawings with embedded fonts (`fonts`).
//! - `brief`: the PDF, typeset by typst over a sandboxed in-memory world: the status and summary
//!   written from the numbers, privacy by default, and CSV/JSON/SVG/PNG companions.
//! - `demo`: the built-in scenario, written in real platform formats and imported for real.
//! - `wire`: request/response types shared with the UI, generated to TypeScript.
//!
//! # Invariants
//!
//! - The engine never depends on Tauri; everything here runs headless.
//! - An import is all-or-nothing per file: a cancelled, failed or killed import leaves the store
//!   as it was. A broken record is skipped and reported with its line; it never aborts the rest.
//! - Posts are unique per (platform, native id); re-importing adds nothing. Posts are never
//!   updated, and only retention deletes them.
//! - A saved topic's kept matches are exactly the matching posts up to its `matched_through`
//!   watermark, caught up inside every import's and topic change's transaction; readers check the
//!   watermark and otherwise match on the fly, so kept matches change speed, never results.
//! - `platform_coverage` equals counting the posts per platform (triggers, and retention).
//! - A field a source does not have is stored as unknown (NULL), never as zero.
//! - User text never reaches SQL or typst markup by concatenation: queries are bound parameters
//!   and every user value is bound; briefing data reaches the template only as JSON.
//! - `analytics`, `brief` and `alerts` never read the clock: "now" is passed in.
//! - Importing history notifies no one: alerts come only from the status at "now".
//! - Secrets (webhook addresses, SMTP passwords) are arguments, never stored in the workspace.
//! - `drivers`, `spikes`, incident lags and the brief's story and pseudonyms are pure functions
//!   of what they are given, tested without a database.

pub mod alerts;
pub mod analytics;
pub mod brief;
pub mod chart;
pub mod demo;
pub mod drivers;
pub mod error;
pub mod explain;
pub mod fonts;
pub mod import;
pub mod incidents;
pub mod model;
pub mod query;
pub mod sentiment;
pub mod spikes;
pub mod store;
pub mod time;
pub mod timeline;
pub mod topics;
pub mod wire;

pub use error::{Error, ErrorCode, Result};
