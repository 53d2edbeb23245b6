-- Live collection: the sources a workspace collects from, each with its schedule, its cursor and
-- the outcome of its last run (src/collect/). Credentials are never stored here: they live in
-- the OS keychain or the user's secrets file, under the source's name.

CREATE TABLE sources (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind          TEXT NOT NULL
                  CHECK (kind IN ('bluesky', 'mastodon', 'reddit', 'x', 'feed', 'folder')),
    url           TEXT NOT NULL,           -- API base, feed URL, or folder path
    query         TEXT,                    -- search query
    target        TEXT,                    -- hashtag (Mastodon) or subreddit (Reddit)
    interval_secs INTEGER NOT NULL DEFAULT 300 CHECK (interval_secs >= 60),
    has_credential INTEGER NOT NULL DEFAULT 0,
    paused        INTEGER NOT NULL DEFAULT 0,
    cursor        TEXT NOT NULL DEFAULT '{}',   -- JSON, per kind: where the next run starts
    created_at    INTEGER NOT NULL,        -- unix seconds, UTC
    last_attempt  INTEGER,
    last_success  INTEGER,
    last_outcome  TEXT,                    -- 'ok', 'offline', 'server', 'rate_limited', 'refused', 'failed'
    last_error    TEXT,
    last_note     TEXT,                    -- what the last run could not reach (catch-up limits)
    last_new      INTEGER NOT NULL DEFAULT 0,
    failures      INTEGER NOT NULL DEFAULT 0,   -- consecutive, for backoff
    runs          INTEGER NOT NULL DEFAULT 0,
    new_posts     INTEGER NOT NULL DEFAULT 0,
    duplicates    INTEGER NOT NULL DEFAULT 0,
    next_attempt  INTEGER NOT NULL DEFAULT 0    -- unix seconds: not before (interval, backoff, rate limits)
) STRICT;

-- The files a folder source has imported, so that each new or changed file is imported once.
CREATE TABLE source_files (
    source      INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    path        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    mtime       INTEGER NOT NULL,          -- unix milliseconds
    sha256      TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (source, path)
) STRICT;
