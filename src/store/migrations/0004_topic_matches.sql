-- Kept topic matches: each saved topic's posts, with the facts every measure is computed from,
-- so that analytics read one contiguous range of this table instead of matching the full-text
-- index and visiting each post. Maintained by src/topics/matches.rs, inside the transaction of
-- every import and topic change.
--
-- Invariant: the rows of topic T are exactly the posts with id <= T.matched_through that T's
-- query matches. Posts are never updated (imports skip duplicates) and ids only grow, so a
-- topic's matches are current when matched_through reaches max(posts.id); readers that find
-- them behind match on the fly instead.

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
    shares     INTEGER,
    sentiment  REAL,
    PRIMARY KEY (topic, created_at, post)
) STRICT, WITHOUT ROWID;
