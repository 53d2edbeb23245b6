-- Alerts: what was raised on each topic and when, the rules that decide it, where it is
-- delivered, and the morning-brief schedules (see src/alerts/).
--
-- Invariants:
-- - An alert held by quiet hours has raised_at NULL and held_until set; it is raised once, by the
--   first evaluation at or after held_until. Only raised alerts are listed or delivered.
-- - No secret is stored here: a delivery names the key under which the app's secret store keeps
--   its webhook address or SMTP password.

CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY,
    topic       INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    grade       TEXT NOT NULL CHECK (grade IN ('normal', 'possible_problem', 'problem', 'critical')),
    kind        TEXT NOT NULL CHECK (kind IN ('spike', 'escalation', 'negative_jump')),
    evidence    TEXT NOT NULL,
    started_at  INTEGER NOT NULL,          -- unix seconds: when the surge began
    detected_at INTEGER NOT NULL,          -- the evaluation that found it
    held_until  INTEGER,                   -- end of the quiet hours it fell in
    raised_at   INTEGER,                   -- NULL while held
    top_post    INTEGER REFERENCES posts (id) ON DELETE SET NULL,
    acknowledged_at INTEGER
) STRICT;

CREATE INDEX alerts_topic ON alerts (topic, detected_at);
CREATE INDEX alerts_raised ON alerts (raised_at);
CREATE INDEX alerts_top_post ON alerts (top_post);

-- Per-topic rules; a topic without a row uses the defaults written here.
CREATE TABLE alert_rules (
    topic         INTEGER PRIMARY KEY REFERENCES topics (id) ON DELETE CASCADE,
    enabled       INTEGER NOT NULL DEFAULT 1,
    min_grade     TEXT NOT NULL DEFAULT 'problem'
                  CHECK (min_grade IN ('possible_problem', 'problem', 'critical')),
    quiet_from    INTEGER,                 -- minutes after local midnight; NULL: no quiet hours
    quiet_to      INTEGER,
    cooldown_secs INTEGER NOT NULL DEFAULT 21600,
    negative_jump_points REAL NOT NULL DEFAULT 20,
    negative_min_posts   INTEGER NOT NULL DEFAULT 20
) STRICT;

-- Delivery outside the app, one row per channel, off until switched on.
CREATE TABLE alert_delivery (
    channel    TEXT PRIMARY KEY CHECK (channel IN ('teams', 'slack', 'webhook', 'email')),
    enabled    INTEGER NOT NULL DEFAULT 0,
    secret_key TEXT NOT NULL,              -- key of the webhook address or SMTP password
    email      TEXT                        -- JSON: server, port, security, username, from, to
) STRICT;

-- Morning briefs: per topic, the local days and time they are written, and where.
CREATE TABLE brief_schedules (
    topic      INTEGER PRIMARY KEY REFERENCES topics (id) ON DELETE CASCADE,
    enabled    INTEGER NOT NULL DEFAULT 1,
    days       TEXT NOT NULL,              -- 'mon,tue,wed,thu,fri'
    at_minute  INTEGER NOT NULL CHECK (at_minute BETWEEN 0 AND 1439),
    folder     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_run   INTEGER,
    last_error TEXT
) STRICT;
