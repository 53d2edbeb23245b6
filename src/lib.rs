//! Townhall's engine: how exposed an IT problem is in public, from the social-data files people
//! actually have to a board-ready briefing PDF. The `townhall` command line and the desktop app
//! (`src-tauri/`) are both thin layers over this crate.
//!
//! # Bird's-eye view
//!
//! ```text
//! files ──import──▶ store (SQLite + FTS5) ──analytics──▶ Overview ──▶ output (chart, brief)
//!   detect → parse → one transaction,      ▲ topics: query → Matcher,        │
//!   kept topic matches and problem         │ kept matches and categories     ▼
//!   categories caught up in it             │
//!                                          └ incidents          workspace (use cases, "now" passed in)
//!                                                                  ├─▶ CLI (src/cli/, the `townhall` binary)
//!                                                                  └─▶ app (src-tauri/, over wire types)
//! ```
//!
//! # Layers
//!
//! Each layer uses only those above it in this list; nothing points back up.
//!
//! 1. Foundations: `error`, `time`, `model` (the normalised [`model::Post`] and
//!    [`model::Author`] every importer produces, and [`model::displayable`], the one rule for
//!    showing post text without bidi overrides or control characters), `sentiment` (VADER, an exact port of
//!    vaderSentiment 3.3.2, scored at import), `echoes` (the forms in which a server may echo a
//!    credential, blanked by collection and alert delivery alike).
//! 2. `store`: opening a workspace (pragmas, migrations, refusing newer schemas, no write lock
//!    when nothing changes), writing records, settings with their defaults and labels,
//!    retention, and removing what the user removes (`store::removal`: an import with the posts
//!    only it brought, as `store::sightings` records them, a topic, an incident); reading a long
//!    range on both cores (`store::parallel`).
//! 3. `query`: the topic query language, compiled to a `Matcher`: FTS5 look-ups and field
//!    filters as one SQL condition with bound parameters.
//! 4. `topics`: named queries and their kept matches (`topics::matches`), each saved topic's
//!    posts with the facts analytics read; the taxonomy of problem categories, named queries too
//!    (`topics::taxonomy`), with each post's categories kept the same way
//!    (`topics::categories`).
//! 5. `import`: format detection from content, one module per format, and the pipeline that
//!    writes a file in one transaction (catching up kept matches in it) with progress and
//!    cancellation: the file read on one thread, its records prepared on one per core
//!    (parsing lines, looking posts up through read-only connections opened once the writer
//!    holds the lock, scoring sentiment; `import::prepare`) and written on another, in the
//!    file's order (`import::pipeline`); then `collect`: live collection from the platforms (Bluesky, Mastodon,
//!    Reddit, X, feeds, a watched folder), sources with their schedule and cursor, every page
//!    through the importers, credentials kept outside the workspace (`collect::secrets`).
//! 6. `analytics`: every measure, defined in its module docs — the default period (which keeps
//!    the latest spike in view and says which rule chose it), series, totals, KPIs, top posts
//!    and voices, the spike detector and its NAB scorer (`analytics::spikes`), the terms that
//!    rose against the topic's past and the rest of the workspace (`analytics::drivers`),
//!    copied texts and the themes of a window (`analytics::copies`, `analytics::themes`), what
//!    drove a window (`analytics::explain`), the most
//!    reported problems (`analytics::problems`: a taxonomy of IT symptoms, each category a
//!    query in the topic language that a workspace may replace), and the organisation's
//!    official response to the complaints (`analytics::response`: its own accounts' posts and
//!    replies, the response lag and the share of complaint threads answered).
//! 7. `incidents`: the organisation's own incident record, its lags against a topic, and an
//!    incident set beside the topic's earlier ones, aligned at their starts
//!    (`incidents::compare`).
//! 8. `output`: what the chart draws over a series (`output::timeline`), the plotters charts
//!    (`output::chart`, with embedded `output::fonts`; `output::aligned`, incidents aligned at
//!    their starts), the series table, and the briefing PDF
//!    (`output::brief`: typst over a sandboxed in-memory world, its story written from the
//!    numbers, privacy by default, and its companion files; typst is the default `typeset`
//!    feature, off only for the fuzz targets, where rendering a PDF refuses); `alerts`: the status of each
//!    topic raised as alerts under per-topic rules, their opt-in delivery (Teams, Slack, a JSON
//!    webhook, e-mail) and the morning brief's schedule.
//! 9. `wire` (the request and response types shared with the UI, generated to TypeScript) and
//!    `workspace`: the use cases — open, dashboard, posts behind a number, import, settings with
//!    their effect, incidents, briefs and previews, explain, watching live and the alert
//!    settings (`workspace::alerting`: rules, the morning brief's schedule, delivery with its
//!    preview), the most reported problems (`workspace::problems`), the organisation's
//!    response (`workspace::response`), themes and copies (`workspace::themes`), which
//!    workspace (`workspace::files`: a new one, one the user picked, the labelled sample, the
//!    recent list), the home view (`workspace::home`), renaming and removing
//!    (`workspace::editing`), an incident against past incidents (`workspace::incident_record`),
//!    settings saved all or nothing, the demo — each one function that
//!    the CLI and the app both call.
//!
//! # Invariants
//!
//! - The engine never depends on Tauri; everything here runs headless. The CLI and the app hold
//!   no logic of their own: each command calls one `workspace` use case.
//! - Dependencies point one way, down the layers above (a test reads the sources and checks).
//! - An import is all-or-nothing per file: a cancelled, failed or killed import leaves the store
//!   as it was. A broken record is skipped and reported with its line; it never aborts the rest.
//!   Records are prepared on several threads but written in the order of the file, so which
//!   copy of a post is kept, what an author's details end as and the lines reported do not
//!   depend on the number of cores.
//! - Posts are unique per (platform, native id), a Bluesky post known by its other name too
//!   (`store::posts::known`); re-importing adds nothing but a record of the posts brought again
//!   (`store::sightings`) and the counts that grew. Posts are never updated but for their
//!   counts, each raised to the largest a copy gave and never lowered, their kept matches'
//!   facts packed again in the same transaction (`store::recount`); for their author, when
//!   records turn out to name one person (`store::authors`: one handle on a platform where a
//!   handle names one account); and for their import, when the import that added them is
//!   removed and a later one brought them too; the post's pair in `post_authors` and its kept
//!   matches move with it, in the same transaction. Only retention, and removing the import
//!   that added them when no later import brought them, delete posts.
//! - One run of a source at a time, across every program that collects the workspace: a run
//!   claims its source in `source_runs` before it asks the platform (`collect::lease`), and a
//!   claim left by a crash lapses.
//! - A saved topic's kept matches are exactly the matching posts up to its `matched_through`
//!   watermark, caught up inside every import's and topic change's transaction; readers check the
//!   watermark and otherwise match on the fly, so kept matches change speed, never results.
//!   An author's follower count is the largest that an import still in the workspace brought
//!   (`author_counts`, migration 0018; counts from before it are kept as import 0's).
//!   Each kept match carries its author's follower count as `authors` holds it: a trigger
//!   copies each change, or, when one import changes many authors, one pass over the matches
//!   in the same transaction (migration 0010); each topic's matches per quarter hour are
//!   counted by triggers alike (migration 0016), for the normal level's history. Each post's
//!   problem categories are kept alike, under a record of the taxonomy's queries:
//!   caught up by every import and every change to a category's query.
//! - Readers never wait for a writer: opening a current workspace, and retention with nothing to
//!   delete, only read (WAL), and opening while another process writes leaves the retention
//!   period to the next open; a second import waits its turn and says so, and a watch whose
//!   round found the workspace held skips that round. Each statement sees
//!   whole imports; a long range is read in parts on two connections (`store::parallel`), each
//!   part a statement, and inside a transaction only on the connection that holds it.
//! - `platform_coverage` equals counting the posts per platform, and their replies and comments
//!   with a parent (kept by the import that writes posts, in its transaction, and by a trigger
//!   on delete). Posts are written only by imports,
//!   which also give them their full-text entries (migration 0007), their pairs of author and
//!   post in `post_authors` and of time and post in `post_times`, in key order (migrations 0011
//!   and 0012; triggers delete a post's pairs with it). Posts are read by time through
//!   `post_times` (`store::posts::BY_TIME`): there is no index on `posts.created_at`.
//! - A field a source does not have is stored as unknown (NULL), never as zero; nor is a count
//!   no platform gives (negative, beyond `model::LARGEST_COUNT`).
//! - Hours outside the workspace's data (before its first post, after its last) are unknown,
//!   not quiet; so are a platform's hours before its first post when its live collection began
//!   with a batch cut short (`unseen_history`, migration 0019): the status counts from there.
//! - User text never reaches SQL or typst markup by concatenation: queries are bound parameters
//!   and every user value is bound; briefing data reaches the template only as JSON.
//! - A briefing reads a topic's mentions of the period (and the one before) once, in its
//!   overview, and hands them to the sections that count in them (`brief::gather_from`); each
//!   section computes from them exactly what its own command does. The topic's posts over the
//!   weeks before are counted once too (`analytics::Times`, per quarter hour for a saved topic:
//!   by the default period, then the overview, then the chart's band), and a measure given
//!   counts that do not cover its range reads its own.
//! - Every output follows one privacy choice: private persons are pseudonymised unless names
//!   are turned on. A briefing pseudonymises alike in the PDF and its companion files; the
//!   window's and the command line's use cases (`workspace::views`, `workspace::response`,
//!   `workspace::themes`) return posts, voices and texts already pseudonymised, and what they
//!   read raw for other use cases (`views::overview_read`, `response::report`) is never shown.
//! - Times are typed inside (periods as local days with their zone, buckets as unix seconds
//!   `[start, end)`); text is made only at the edges, so no consumer adds a day's length.
//! - Nothing below the CLI and the app reads the clock: "now" is passed in, so briefs and
//!   alerts can be replayed exactly.
//! - Importing history notifies no one: alerts come only from the status at "now".
//! - An alert is queued for delivery in the transaction that raises it, on the channels switched
//!   on then (`alerts::outbox`), and sent by whichever collection runs next; nothing else sends
//!   alerts. A morning brief a channel could not take waits in `brief_pending`
//!   (`alerts::brief_retry`) and is sent again by the watch. Removing an import withdraws the
//!   alerts not yet acknowledged or sent whose grade its posts alone made (`alerts::withdraw`).
//! - A figure compared with the previous period is compared only when the workspace's posts
//!   cover both (`Period::covered`): not when they begin part-way through the previous one, nor
//!   when they end more than a day before this one does; a brief's story stops where they end.
//! - Secrets (source credentials, webhook addresses, SMTP passwords) live in the OS keychain or a
//!   file readable only by the user, filed under the workspace's id, never in the workspace,
//!   logs, exports or error messages (a server's answer to a request that carried one is never
//!   quoted); a source's credential is sent only to the host it was given for.
//! - `drivers`, `copies`, `themes`, `spikes`, incident lags, the comparison's profiles and
//!   sentences, and the brief's story and pseudonyms are pure functions
//!   of what they are given, tested without a database.

pub mod alerts;
pub mod analytics;
pub mod collect;
pub mod echoes;
pub mod error;
pub mod import;
pub mod incidents;
pub mod model;
pub mod output;
pub mod query;
pub mod sentiment;
pub mod store;
pub mod time;
pub mod topics;
pub mod wire;
pub mod workspace;

pub use error::{Error, ErrorCode, Result};
