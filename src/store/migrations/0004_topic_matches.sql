-- Kept topic matches: each saved topic's posts, with the facts every measure is computed from,
-- so that analytics read one contiguous range of this table instead of matching the full-text
-- index and visiting each post. Maintained by src/topics/matches.rs, inside the transaction of
-- every import and topic change.
--
-- Invariants:
-- - The rows of topic T are exactly the posts with id <= T.matched_through that T's query
--   matches. Posts are never updated (imports skip duplicates) and ids only grow, so a topic's
--   matches are current when matched_through reaches max(posts.id); readers that find them
--   behind match on the fly instead.
-- - author_followers always equals the author's authors.followers (a trigger copies changes), so
--   reads need no join.

ALTER TABLE topics ADD COLUMN matched_through INTEGER NOT NULL DEFAULT 0;

CREATE TABLE topic_matches (
    topic      INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    post       INTEGER NOT NULL,
    author     INTEGER,
    platform   TEXT NOT NULL,
    lang       TEXT,
    engagement INTEGER NOT NULL,
    views      INTEGER,
    followers_at_post INTEGER,
    author_followers  INTEGER,
    shares     INTEGER,
    sentiment  REAL,
    PRIMARY KEY (topic, created_at, post)
) STRICT, WITHOUT ROWID;

CREATE INDEX topic_matches_author ON topic_matches (author);

CREATE TRIGGER topic_matches_author_followers AFTER UPDATE OF followers ON authors
WHEN new.followers IS NOT old.followers BEGIN
    UPDATE topic_matches SET author_followers = new.followers WHERE author = new.id;
END;

-- Posts per platform and their date range, for the coverage a briefing reports: kept by
-- triggers so that it is never counted over every post.
-- Invariant: equal to `SELECT platform, count(*), min(created_at), max(created_at) FROM posts
-- GROUP BY platform` whenever no transaction is open.
CREATE TABLE platform_coverage (
    platform TEXT PRIMARY KEY,
    posts    INTEGER NOT NULL,
    first    INTEGER,
    last     INTEGER
) STRICT;

INSERT INTO platform_coverage
    SELECT platform, count(*), min(created_at), max(created_at) FROM posts GROUP BY platform;

CREATE TRIGGER platform_coverage_insert AFTER INSERT ON posts BEGIN
    INSERT INTO platform_coverage (platform, posts, first, last)
        VALUES (new.platform, 1, new.created_at, new.created_at)
    ON CONFLICT (platform) DO UPDATE SET
        posts = posts + 1,
        first = min(first, excluded.first),
        last = max(last, excluded.last);
END;

-- Deleting posts (retention) counts them down here; first and last are then recomputed once by
-- the code that deleted them (src/store/retention.rs), not once per deleted row.
CREATE TRIGGER platform_coverage_delete AFTER DELETE ON posts BEGIN
    UPDATE platform_coverage SET posts = posts - 1 WHERE platform = old.platform;
END;
