-- Each post at its time, in a table the importer fills in key order at the end of its
-- transaction (store::writer), instead of the index on posts.created_at, which each insert
-- reached at its time's place. A file whose posts fall among the workspace's own (an older
-- export, a second collection of the same weeks) put each insert on a random page of an index
-- as large as the workspace, and the import's stream of new rows pushed those pages out of the
-- page cache: 3,000,000 such tweets into 3,000,000 ran at 77% of the rate into an empty
-- workspace, and at 97% with the index dropped. Sorted, the new pairs pass over the table once.
-- The same as migration 0011 did for authors.
--
-- Invariant: post_times holds (created_at, id) of every post, and nothing else. Imports add
-- the pairs of the posts they add; deleting a post deletes its pair. A post's time never
-- changes.

CREATE TABLE post_times (
    created_at INTEGER NOT NULL,
    post INTEGER NOT NULL,
    PRIMARY KEY (created_at, post)
) STRICT, WITHOUT ROWID;

INSERT INTO post_times (created_at, post)
    SELECT created_at, id FROM posts ORDER BY created_at, id;

DROP INDEX IF EXISTS posts_created_at;

CREATE TRIGGER post_times_delete AFTER DELETE ON posts BEGIN
    DELETE FROM post_times WHERE created_at = old.created_at AND post = old.id;
END;
