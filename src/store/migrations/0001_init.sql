-- Townhall workspace schema, version 1.

CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL,
    sha256      TEXT,
    format      TEXT,
    status      TEXT NOT NULL CHECK (status IN ('done', 'cancelled', 'failed')),
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    records_read INTEGER NOT NULL DEFAULT 0,
    imported    INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    errors      TEXT NOT NULL DEFAULT '[]'   -- JSON array of {line, reason}
) STRICT;

CREATE TABLE authors (
    id        INTEGER PRIMARY KEY,
    platform  TEXT NOT NULL,
    native_id TEXT NOT NULL,
    handle    TEXT,
    name      TEXT,
    followers INTEGER,
    verified  INTEGER,
    UNIQUE (platform, native_id)
) STRICT;

CREATE TABLE posts (
    id         INTEGER PRIMARY KEY,
    platform   TEXT NOT NULL,
    native_id  TEXT NOT NULL,
    author     INTEGER REFERENCES authors (id),
    created_at INTEGER NOT NULL,          -- unix seconds, UTC
    text       TEXT NOT NULL,
    lang       TEXT,
    url        TEXT,
    kind       TEXT NOT NULL CHECK (kind IN ('post', 'reply', 'repost', 'comment', 'quote')),
    parent     TEXT,
    likes      INTEGER,
    shares     INTEGER,
    replies    INTEGER,
    quotes     INTEGER,
    views      INTEGER,
    followers_at_post INTEGER,
    sentiment  REAL,
    import_id  INTEGER REFERENCES imports (id),
    raw        TEXT NOT NULL,
    UNIQUE (platform, native_id)
) STRICT;

CREATE INDEX posts_created_at ON posts (created_at);
CREATE INDEX posts_author ON posts (author);

CREATE VIRTUAL TABLE posts_fts USING fts5 (
    text,
    content = 'posts',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER posts_fts_update AFTER UPDATE OF text ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO posts_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TABLE topics (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE COLLATE NOCASE,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,             -- 'manual', 'servicenow', ...
    number      TEXT,
    title       TEXT NOT NULL,
    priority    TEXT,
    opened_at   INTEGER NOT NULL,          -- unix seconds, UTC
    resolved_at INTEGER,
    topic       INTEGER REFERENCES topics (id) ON DELETE SET NULL
) STRICT;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
