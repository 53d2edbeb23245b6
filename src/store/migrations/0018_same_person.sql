-- Each import's follower counts, so that removing an import takes its counts away: an author's
-- count is the largest of the imports that still hold one. Counts stored before are kept as
-- import 0's, which no removal takes away.

CREATE TABLE author_counts (
    author    INTEGER NOT NULL,
    import    INTEGER NOT NULL,
    followers INTEGER NOT NULL,
    PRIMARY KEY (author, import)
) STRICT, WITHOUT ROWID;

CREATE INDEX author_counts_import ON author_counts (import);

INSERT INTO author_counts (author, import, followers)
SELECT id, 0, followers FROM authors WHERE followers IS NOT NULL;

CREATE TRIGGER author_counts_delete AFTER DELETE ON authors BEGIN
    DELETE FROM author_counts WHERE author = old.id;
END;

-- One person, one author: records that named an account by its handle in another case, or by
-- its handle where another file gave the platform's id, become one row (the platforms as
-- `Platform::handle_is_unique` named them when this was written). `same_person.sql` follows.

CREATE TEMP TABLE author_handles (
    platform TEXT NOT NULL,
    handle   TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (platform, handle)
) WITHOUT ROWID;

INSERT OR IGNORE INTO temp.author_handles (platform, handle)
SELECT platform, handle FROM authors
WHERE platform IN ('twitter', 'reddit', 'bluesky') AND handle IS NOT NULL AND handle <> '';

