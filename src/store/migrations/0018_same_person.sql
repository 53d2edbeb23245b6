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

