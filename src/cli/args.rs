//! The command line's arguments: every command and option, with its help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use townhall::analytics;
use townhall::analytics::spikes::SeriesKind;
use townhall::model::{Platform, PostKind};
use townhall::wire::DashboardRequest;

/// See how exposed an IT problem is in public, and brief the CIO on it.
#[derive(Parser)]
#[command(name = "townhall", version, about, long_about = None)]
pub struct Cli {
    /// The workspace file (default: the app's workspace in the OS app-data folder, or $TOWNHALL_DB).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Import social-data files (the format is detected from their content).
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Read the files as this format instead of detecting it.
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// Print one JSON report per file.
        #[arg(long)]
        json: bool,
        /// For CSV files: read post field FIELD from COLUMN (sum counts with `a+b`; an empty
        /// COLUMN unsets the field). Fields: id, created_at, time, text, author, author_name,
        /// followers, likes, shares, replies, quotes, views, url, lang, platform. Saved for the
        /// next file with the same header.
        #[arg(long = "map", value_name = "FIELD=COLUMN", value_parser = parse_map)]
        map: Vec<(String, String)>,
    },
    /// Manage topics: named queries that pick the posts about one system or issue.
    #[command(subcommand)]
    Topic(TopicCommand),
    /// A topic's measures per hour, day or week: every measure as a column.
    Series {
        topic: String,
        /// Bucket size; weeks start on Monday and widen the period to whole weeks (default:
        /// days, or hours with --last-hours).
        #[arg(long)]
        bucket: Option<Bucket>,
        #[command(flatten)]
        days: Days,
        #[arg(long, default_value = "csv")]
        format: SeriesFormat,
    },
    /// Print normalised posts, one JSON object per line, with their estimated exposure.
    Posts {
        /// Only posts matching this topic.
        #[arg(long)]
        topic: Option<String>,
        /// First day, YYYY-MM-DD (default: from the first post).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day, YYYY-MM-DD (default: to the last post).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// The last N whole hours up to now instead of days, the hour under way included (at
        /// most 168): the posts behind an alert's "in the last hour".
        #[arg(long, value_name = "N", conflicts_with_all = ["from", "to"])]
        last_hours: Option<u32>,
        /// IANA time zone of the days (default: the workspace's, else UTC).
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// Order: largest exposure or engagement first, or oldest first.
        #[arg(long, default_value = "time")]
        sort: Sort,
        #[arg(long, value_name = "N")]
        limit: Option<u64>,
        /// Only the posts negative in tone (those the negative share counts); the same as
        /// `--tone negative`.
        #[arg(long, conflicts_with = "tone")]
        negative: bool,
        /// Only the posts of this tone.
        #[arg(long)]
        tone: Option<Tone>,
        /// Only the posts published on this platform (twitter, facebook, reddit, …).
        #[arg(long, value_parser = parse_platform)]
        platform: Option<Platform>,
        /// Only the posts in this language (`en` also keeps `en-GB`).
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
        /// Only the posts of this kind (post, reply, repost, comment, quote).
        #[arg(long, value_parser = parse_kind)]
        kind: Option<PostKind>,
        /// Only the posts that report this problem (login, outage, slow, wrong-data, …).
        #[arg(long, value_name = "CATEGORY")]
        problem: Option<String>,
        /// Only the posts of this theme of the period (1 for the largest, as `townhall themes`
        /// numbers them); needs --topic. Without dates, the period `themes` shows.
        #[arg(long, value_name = "N", requires = "topic", conflicts_with = "problem")]
        theme: Option<u32>,
        /// Only the posts that copy an earlier post's text in the period (those the overview's
        /// "of which N are copies" counts, among its newest 5,000 posts). With --topic and
        /// without dates, the period the overview shows.
        #[arg(long)]
        copies: bool,
        /// Only the posts this query matches, in the topics' query language.
        #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
        search: Option<String>,
        /// Skip the first N (with --limit, one page after another).
        #[arg(long, value_name = "N", default_value_t = 0)]
        offset: usize,
        /// Name private persons instead of pseudonymising them (as `townhall set names true`
        /// does for every output). Pseudonyms are numbered in the order people appear in this
        /// listing, so "Person 2" of one page or filter is not that of another.
        #[arg(long)]
        names: bool,
        #[arg(long, default_value = "jsonl")]
        format: PostsFormat,
    },
    /// Write a topic's briefing PDF.
    Brief {
        topic: String,
        #[command(flatten)]
        days: Days,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Fix the "generated at" time (RFC 3339) to make the PDF reproducible.
        #[arg(long, value_name = "TIME")]
        generated_at: Option<String>,
        /// Only these sections, comma-separated: summary, kpis, chart, problems, themes,
        /// response, drivers, posts, voices, timeline, compare (the latest incident against the
        /// earlier ones), method.
        #[arg(long, value_name = "LIST")]
        sections: Option<String>,
        /// Name private persons instead of pseudonymising them.
        #[arg(long)]
        names: bool,
        /// Write only the PDF: not the chart (SVG, PNG), the series and the top posts (CSV,
        /// JSON) beside it.
        #[arg(long)]
        pdf_only: bool,
    },
    /// Save a workspace setting (organisation, accent, confidentiality, logo, public_accounts,
    /// own_accounts, names, timezone, visibility.<platform>).
    /// Setting `retention_days` deletes the posts older than that: it asks first.
    Set {
        key: String,
        /// The value; it may be negative (a number below a setting's range is refused with the
        /// range).
        #[arg(allow_negative_numbers = true)]
        value: String,
        /// Delete without asking first (needed when standard input is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Load the sample workspace, where a student-information system fails on the first day of
    /// term: into its own file beside your workspace (the one the app's "Explore the sample"
    /// opens), or into a new file named with --db. It never goes into a workspace of your own.
    Demo,
    /// Delete posts older than the workspace's retention period (`townhall set retention_days N`),
    /// or than `--days`. Imports apply the retention period too.
    Prune {
        /// Days of posts to keep, instead of the workspace's setting.
        #[arg(long)]
        days: Option<u32>,
        /// Only say how many posts would be deleted.
        #[arg(long)]
        dry_run: bool,
        /// Delete without asking first (needed when standard input is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// VADER sentiment of TEXT, or of each line of standard input (one JSON object per line).
    Sentiment { text: Option<String> },
    /// Detect spikes in a topic's hourly mentions, or in any `timestamp,value` CSV series.
    Spikes {
        /// The topic whose mentions to scan (omit with --series).
        #[arg(required_unless_present = "series", conflicts_with = "series")]
        topic: Option<String>,
        /// A CSV with `timestamp` and `value` columns (NAB's layout), regularly spaced.
        #[arg(long, value_name = "FILE.csv")]
        series: Option<PathBuf>,
        /// What the --series values are: a metric of a system, watched for rises and drops, or
        /// mentions, counts of posts watched for rises only.
        #[arg(long, value_enum, default_value_t = Kind::Metric, requires = "series")]
        kind: Kind,
        /// IANA time zone for a topic's hours (default: the workspace's, else UTC).
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// Print start, peak, end and severity of each spike as JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// What drove a window of a topic's timeline: top posts, voices, terms that rose, platforms,
    /// languages, sentiment before/during/after (JSON).
    Explain {
        topic: String,
        /// First day, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day, YYYY-MM-DD (included).
        #[arg(long, value_name = "DATE")]
        to: String,
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
    },
    /// The most reported problems in a topic's posts over a period (as the dashboard's): each
    /// category's posts, share of the mentions, change against the previous period and people.
    /// `queries`, `set` and `reset` show or change the categories' queries.
    Problems(ProblemsArgs),
    /// Has the organisation responded? The time from the first complaint to its first official
    /// post or reply, the share of complaint threads its own accounts (`townhall set
    /// own_accounts`) replied in, and its official posts.
    Response(TopicReport),
    /// What people are saying: the themes of a topic's posts over a period (3 to 7 groups of
    /// posts telling the same story, each with its most representative sentence, posts, people,
    /// negative share and two example posts) and the copied texts among them.
    Themes(TopicReport),
    /// A topic's headline figures over a period, as the dashboard shows them: mentions (and how
    /// many of them are copies), people, engagement, reach and estimated views, each against
    /// the previous period, with the peak day.
    Overview(TopicReport),
    /// Measure Townhall against published benchmarks and labelled sets.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// The organisation's own incidents, on the same timeline as the complaints.
    #[command(subcommand)]
    Incidents(IncidentsCommand),
    /// The import history, and removing an import with its posts.
    #[command(subcommand)]
    Imports(ImportsCommand),
    /// Where live collection collects from: platform searches, hashtags, feeds, a folder.
    #[command(subcommand)]
    Source(SourceCommand),
    /// Collect from every source that is due, once (`--once`, the default), then raise alerts.
    Collect {
        /// Run each source once and exit (the only mode; `townhall watch` keeps collecting).
        #[arg(long)]
        once: bool,
        /// Print one JSON line per source run and per alert.
        #[arg(long)]
        json: bool,
    },
    /// Collect on schedule, raise and deliver alerts, and write the scheduled briefs, until
    /// stopped (SIGTERM or Ctrl+C finish the current page and exit cleanly).
    Watch {
        /// Run this command for each alert, with the alert as JSON on its standard input.
        #[arg(long, value_name = "CMD")]
        on_alert: Option<String>,
        /// Print JSON lines instead of sentences.
        #[arg(long)]
        json: bool,
    },
    /// Each topic's status now: Normal, Possible problem, Problem or Critical, with its evidence.
    Status {
        /// Grade as of this instant (RFC 3339) instead of now, to replay a past moment.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// Print JSON instead of lines of text.
        #[arg(long)]
        json: bool,
    },
    /// Alerts raised, newest first.
    Alerts {
        /// Only alerts raised since this day (YYYY-MM-DD, on the workspace's clock) or instant
        /// (RFC 3339).
        #[arg(long, value_name = "WHEN")]
        since: Option<String>,
        /// Mark this alert as acknowledged.
        #[arg(long, value_name = "ID")]
        ack: Option<i64>,
        /// Print JSON instead of lines of text.
        #[arg(long)]
        json: bool,
    },
    /// A topic's alert rules: shown, or changed by the options given (the others stay).
    Rules {
        topic: String,
        #[command(flatten)]
        change: RulesArgs,
        /// Print JSON instead of lines of text.
        #[arg(long)]
        json: bool,
    },
    /// The morning brief: a topic's briefing written to a folder on chosen days and time.
    #[command(subcommand)]
    Schedule(ScheduleCommand),
    /// Alerts and morning briefs sent outside the app: Teams, Slack, a JSON webhook, e-mail.
    /// Off until switched on; `preview` shows exactly what a channel sends.
    #[command(subcommand)]
    Delivery(DeliveryCommand),
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ProblemsArgs {
    #[command(subcommand)]
    pub action: Option<ProblemsCommand>,
    /// The topic whose posts to read.
    #[arg(required = true)]
    pub topic: Option<String>,
    #[command(flatten)]
    pub days: Days,
    /// One JSON object per category and line.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum ProblemsCommand {
    /// Every category with the query this workspace uses (marked custom when replaced).
    Queries {
        /// Print JSON instead of lines of text.
        #[arg(long)]
        json: bool,
    },
    /// Replace a category's query in this workspace; it is checked first. Setting the built-in
    /// query again resets it.
    Set {
        category: String,
        /// The query; it may start with `-`.
        #[arg(allow_hyphen_values = true)]
        query: String,
    },
    /// Put a category's built-in query back.
    Reset { category: String },
}

/// The changes `townhall rules` makes; none given shows the rules as they are.
#[derive(clap::Args)]
pub struct RulesArgs {
    /// Raise alerts for this topic (`--off` to stop).
    #[arg(long, conflicts_with = "off")]
    pub on: bool,
    #[arg(long)]
    pub off: bool,
    /// The lowest grade that alerts: possible_problem, problem or critical.
    #[arg(long, value_name = "GRADE")]
    pub min_grade: Option<String>,
    /// Quiet hours in the workspace's zone, such as 22:00-07:00; `off` for none.
    #[arg(long, value_name = "FROM-TO")]
    pub quiet: Option<String>,
    /// After an alert, a new surge stays quiet this long (escalations still alert): 6h, 90m.
    #[arg(long, value_name = "DURATION")]
    pub cooldown: Option<String>,
    /// Alert when the negative share of the last hour exceeds the week's before it (before the
    /// surge under way, if any) by this many points.
    #[arg(long, value_name = "POINTS", allow_negative_numbers = true)]
    pub negative_jump: Option<f64>,
    /// ... over at least this many posts with a tone.
    #[arg(long, value_name = "POSTS")]
    pub negative_min_posts: Option<u32>,
}

#[derive(Subcommand)]
pub enum ScheduleCommand {
    /// Write TOPIC's briefing to FOLDER at a local time on chosen days (replaces its schedule).
    Set {
        topic: String,
        /// Days: `weekdays`, `daily`, or names such as `mon,wed,fri`.
        #[arg(long, value_name = "DAYS", default_value = "weekdays")]
        days: String,
        /// Local time in the workspace's zone, HH:MM.
        #[arg(long, value_name = "HH:MM", default_value = "07:00")]
        at: String,
        /// An existing folder for the PDFs.
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        /// Save it switched off.
        #[arg(long)]
        off: bool,
    },
    /// Every schedule, with its last run.
    List {
        /// Print JSON instead of lines of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove a topic's schedule (the briefs it wrote stay).
    Remove { topic: String },
}

#[derive(Subcommand)]
pub enum DeliveryCommand {
    /// Every channel: on or off, and whether its address or password is saved.
    List {
        /// Print JSON instead of lines of text.
        #[arg(long)]
        json: bool,
    },
    /// Change a channel (teams, slack, webhook, email). `--on` prints what it will send first.
    Set {
        channel: String,
        #[arg(long, conflicts_with = "off")]
        on: bool,
        #[arg(long)]
        off: bool,
        /// Read the webhook's address or the SMTP password from standard input.
        #[arg(long)]
        secret_stdin: bool,
        /// E-mail: the SMTP server.
        #[arg(long, value_name = "HOST")]
        server: Option<String>,
        /// E-mail: the port (default 587 with STARTTLS, 465 with TLS).
        #[arg(long)]
        port: Option<u16>,
        /// E-mail: starttls (default), tls, or plain (only to this machine).
        #[arg(long, value_name = "MODE")]
        security: Option<String>,
        /// E-mail: log in as this user (the password from --secret-stdin).
        #[arg(long, value_name = "USER")]
        username: Option<String>,
        /// E-mail: the sender's address.
        #[arg(long, value_name = "ADDRESS")]
        from: Option<String>,
        /// E-mail: a recipient (repeat for several).
        #[arg(long, value_name = "ADDRESS")]
        to: Vec<String>,
    },
    /// Print exactly what a channel would send for TOPIC's latest alert (or its status now).
    Preview {
        channel: String,
        /// The topic whose latest alert to show (without one: the latest alert of any topic).
        #[arg(long)]
        topic: Option<String>,
    },
    /// Send that alert through the channel now, as a test.
    Test {
        channel: String,
        /// The topic whose latest alert to send (without one: the latest alert of any topic).
        #[arg(long)]
        topic: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum SourceCommand {
    /// Add a source (or change one with the same name). A credential is read from standard input
    /// (`--secret-stdin`), never from the command line, and kept outside the workspace.
    Add {
        name: String,
        /// bluesky, mastodon, reddit, x, feed or folder.
        #[arg(long, value_name = "KIND")]
        kind: String,
        /// The API's base address (a self-hosted Mastodon, a relay, a test server), the feed's
        /// address, or the folder's path.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// The search (Bluesky, X, Reddit; Mastodon with an access token).
        #[arg(long, allow_hyphen_values = true)]
        query: Option<String>,
        /// A Mastodon hashtag.
        #[arg(long)]
        hashtag: Option<String>,
        /// A subreddit.
        #[arg(long)]
        subreddit: Option<String>,
        /// How often to collect: `90s`, `5m`, `1h` (at least a minute; default 5 minutes).
        #[arg(long, value_name = "INTERVAL")]
        every: Option<String>,
        /// The credential's public half: the Bluesky handle or the Reddit client id.
        #[arg(long, value_name = "ID")]
        login: Option<String>,
        /// Read the secret half (app password, token, client secret) from standard input.
        #[arg(long)]
        secret_stdin: bool,
    },
    /// List the sources with their status in words.
    List {
        /// Print JSON instead of lines of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove a source and its saved credential (the posts it collected stay; it asks first).
    Remove {
        name: String,
        /// Remove without asking first (needed when standard input is not a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Pause a source (`--resume` to start it again).
    Pause {
        name: String,
        /// Start a paused source again (it is due at once).
        #[arg(long)]
        resume: bool,
    },
}

#[derive(Subcommand)]
pub enum IncidentsCommand {
    /// Import an incident CSV export (ServiceNow, Jira Service Management, PagerDuty).
    Import {
        file: PathBuf,
        /// Link the incidents to this topic.
        #[arg(long)]
        topic: Option<String>,
        /// Zone of times written without one (default: the workspace's, else UTC).
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// The report as one JSON line.
        #[arg(long)]
        json: bool,
    },
    /// List incidents with their lags against a topic's complaints.
    List {
        /// Only the incidents linked to this topic.
        #[arg(long)]
        topic: Option<String>,
        /// Print JSON instead of lines of text.
        #[arg(long)]
        json: bool,
    },
    /// Compare an incident with its topic's last three before it, aligned at their starts:
    /// peak, people, negative share, time to first complaint, time back to normal.
    Compare {
        /// The incident's id (the first column of `incidents list`).
        id: i64,
        /// IANA time zone the hours are counted in (default: the workspace's, else UTC).
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// The comparison as one JSON object, with each incident's hourly curve.
        #[arg(long)]
        json: bool,
    },
    /// Link an incident to a topic (its id is in `incidents list`): its lags then count
    /// against that topic's complaints, and it is drawn on that topic's chart.
    Link { id: i64, topic: String },
    /// Link an incident to no topic.
    Unlink { id: i64 },
    /// Give an incident a new title (its id is in `incidents list`).
    Rename { id: i64, title: String },
    /// Remove an incident from the timeline (it asks first).
    Remove {
        id: i64,
        /// Remove without asking first (needed when standard input is not a terminal).
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
pub enum ImportsCommand {
    /// The import history, newest first: id, time, status, posts added, duplicates and
    /// skipped records, file.
    List {
        /// Print JSON instead of lines of text.
        #[arg(long)]
        json: bool,
    },
    /// One import, with the records it skipped and why (file line by line).
    Show {
        id: i64,
        /// Print JSON instead of lines of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove an import and exactly the posts it added (it asks first).
    Remove {
        id: i64,
        /// Delete without asking first (needed when standard input is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
    },
}

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Score the spike detector on a Numenta Anomaly Benchmark folder (combined_windows.json,
    /// realTweets_windows.json, data/ and results/), beside NAB's published detectors.
    Nab {
        dir: PathBuf,
        /// Also leave one out on the ten realTweets files (settings tuned on the other nine).
        #[arg(long)]
        loo: bool,
    },
    /// Correlate VADER compound scores with the human ratings of tweets_GroundTruth.txt.
    Vader { file: PathBuf },
    /// Precision and recall of each problem category's built-in query on a labelled set: a
    /// tab-separated file headed `labels, lang, text` (labels: categories separated by commas,
    /// or `-`).
    Problems {
        file: PathBuf,
        /// Also list every post whose categories differ from its labels.
        #[arg(long)]
        disagreements: bool,
        /// One JSON object per category and line.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum TopicCommand {
    /// Add a topic, or replace the query of an existing one.
    Add {
        name: String,
        /// e.g. 'schoolmax OR "student portal" OR #SchoolMaxDown' (may start with `-`)
        #[arg(long, short, allow_hyphen_values = true)]
        query: String,
    },
    /// List topics, one name per line.
    List {
        /// Print JSON instead of lines of text.
        #[arg(long)]
        json: bool,
    },
    /// Rename a topic; its alerts, rules and schedule follow it.
    Rename { name: String, new_name: String },
    /// Remove a topic with its alerts, rules and schedule (the posts and incidents stay; it
    /// asks first).
    Remove {
        name: String,
        /// Delete without asking first (needed when standard input is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Check a query: print how many posts it matches, or where it is wrong.
    Check {
        /// The query; it may start with `-` (`-kind:repost`).
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// Print `{status: "valid", count}` or `{status: "invalid", column, message}` as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Metric,
    Mentions,
}

impl From<Kind> for SeriesKind {
    fn from(kind: Kind) -> SeriesKind {
        match kind {
            Kind::Metric => SeriesKind::Metric,
            Kind::Mentions => SeriesKind::Mentions,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Bucket {
    Hour,
    Day,
    Week,
}

impl From<Bucket> for analytics::Bucket {
    fn from(b: Bucket) -> analytics::Bucket {
        match b {
            Bucket::Hour => analytics::Bucket::Hour,
            Bucket::Day => analytics::Bucket::Day,
            Bucket::Week => analytics::Bucket::Week,
        }
    }
}

/// A topic over a period, as the dashboard shows it, printed as text or one JSON object: the
/// arguments of `response`, `themes` and `overview`.
#[derive(clap::Args)]
pub struct TopicReport {
    pub topic: String,
    #[command(flatten)]
    pub days: Days,
    /// The whole report as one JSON object.
    #[arg(long)]
    pub json: bool,
}

impl TopicReport {
    /// The dashboard request these arguments make.
    pub fn request(&self) -> DashboardRequest {
        self.days.request(&self.topic)
    }
}

/// The period of a topic's dashboard view, as every command reading one takes it.
#[derive(clap::Args, Clone)]
pub struct Days {
    /// First day, YYYY-MM-DD (default: the 30 days up to --to, from the topic's first day with
    /// data when that is later, or back to the latest spike to keep it in view).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD (default: the day of the topic's latest post).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// The last N whole hours up to now instead of days, the hour under way included (24 for
    /// "the last 24 hours"; at most 168); hourly buckets.
    #[arg(long, value_name = "N", conflicts_with_all = ["from", "to"])]
    pub last_hours: Option<u32>,
    /// IANA time zone of the days (default: the workspace's, else UTC).
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
}

impl Days {
    /// The dashboard request for `topic` over these days.
    pub fn request(&self, topic: &str) -> DashboardRequest {
        DashboardRequest {
            topic: topic.to_string(),
            from: self.from.clone(),
            to: self.to.clone(),
            hours: self.last_hours,
            until: None,
            tz: self.tz.clone(),
        }
    }
}

/// A post's tone, as the sentiment measures count it.
#[derive(Clone, Copy, ValueEnum)]
pub enum Tone {
    Negative,
    Neutral,
    Positive,
}

impl From<Tone> for analytics::PostFilter {
    fn from(t: Tone) -> analytics::PostFilter {
        match t {
            Tone::Negative => analytics::PostFilter::Negative,
            Tone::Neutral => analytics::PostFilter::Neutral,
            Tone::Positive => analytics::PostFilter::Positive,
        }
    }
}

fn parse_platform(s: &str) -> Result<Platform, String> {
    Platform::parse(s).ok_or_else(|| {
        let names: Vec<_> = Platform::ALL.iter().map(|p| p.as_str()).collect();
        format!("use one of {}", names.join(", "))
    })
}

fn parse_kind(s: &str) -> Result<PostKind, String> {
    PostKind::parse(s).ok_or_else(|| {
        let names: Vec<_> = PostKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("use one of {}", names.join(", "))
    })
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Sort {
    Exposure,
    Engagement,
    Time,
}

impl From<Sort> for analytics::TopBy {
    fn from(s: Sort) -> analytics::TopBy {
        match s {
            Sort::Exposure => analytics::TopBy::Exposure,
            Sort::Engagement => analytics::TopBy::Engagement,
            Sort::Time => analytics::TopBy::Time,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SeriesFormat {
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PostsFormat {
    Jsonl,
}

fn parse_map(arg: &str) -> Result<(String, String), String> {
    arg.split_once('=')
        .map(|(field, column)| (field.trim().to_string(), column.to_string()))
        .ok_or_else(|| format!("expected FIELD=COLUMN, got {arg:?}"))
}
