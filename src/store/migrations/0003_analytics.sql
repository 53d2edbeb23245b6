-- Analytics: the full-text index keeps '#' and '@' inside words, so that `#outage` matches the
-- hashtag and not every use of the word (a plain word query matches all three forms; see
-- src/query.rs), and indexes for the `author:` filter and per-platform follower medians.

DROP TRIGGER posts_fts_insert;
DROP TRIGGER posts_fts_delete;
DROP TRIGGER posts_fts_update;
DROP TABLE posts_fts;

CREATE VIRTUAL TABLE posts_fts USING fts5 (
    text,
    content = 'posts',
    content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2 tokenchars '#@'"
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

INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');

CREATE INDEX authors_handle ON authors (handle COLLATE NOCASE);
CREATE INDEX authors_platform_followers ON authors (platform, followers);

-- Every analytics query reads a topic's posts by id (from the FTS index), needing only these
-- columns: a covering index keeps those reads off the table's pages (which also hold the text and
-- the raw source record) and lets the time range be checked in the index.
CREATE INDEX posts_facts ON posts (
    id, created_at, author, platform, lang, kind, likes, shares, replies, quotes, views,
    followers_at_post, sentiment
);
