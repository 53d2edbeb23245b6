-- 1. Kept problem categories: the categories of "most reported problems" each post is in, so that a
-- report or a briefing reads them instead of running eight category queries over the full-text
-- index for every post of a period. Maintained by src/topics/categories.rs, inside the
-- transaction of every import and of every change to the taxonomy.
--
-- Invariants:
-- - `problems_kept` has one row. Its `taxonomy` is the categories' queries the rows were matched
--   with (a JSON array in the taxonomy's order), and `through` the largest post id matched.
-- - The rows of `post_problems` are exactly the posts with id <= through that any of those
--   queries matches, each with the set of categories matching it (bit i for the taxonomy's i-th
--   category). Readers use them only when `taxonomy` is the workspace's own and `through`
--   reaches max(posts.id); otherwise they match on the fly, so kept categories make reads
--   faster and never different.

CREATE TABLE post_problems (
    post     INTEGER PRIMARY KEY,
    problems INTEGER NOT NULL
) STRICT;

CREATE TABLE problems_kept (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    taxonomy TEXT NOT NULL,
    through  INTEGER NOT NULL
) STRICT;

INSERT INTO problems_kept (id, taxonomy, through) VALUES (1, '[]', 0);

-- Posts are deleted by retention and by removing an import; a post's categories go with it.
CREATE TRIGGER post_problems_delete AFTER DELETE ON posts BEGIN
    DELETE FROM post_problems WHERE post = old.id;
END;

-- 2. The replies and comments with a known parent per platform, beside the posts counted in
-- `platform_coverage`: whether a platform's threads can be measured (`analytics::response`) is
-- then one read instead of a scan of every post.
-- Invariant: equal to `SELECT platform, count(*) FILTER (WHERE kind IN ('reply', 'comment') AND
-- parent IS NOT NULL) FROM posts GROUP BY platform` whenever no transaction is open.
ALTER TABLE platform_coverage ADD COLUMN replies INTEGER NOT NULL DEFAULT 0;

UPDATE platform_coverage SET replies = (
    SELECT count(*) FROM posts p
    WHERE p.platform = platform_coverage.platform
      AND p.kind IN ('reply', 'comment') AND p.parent IS NOT NULL
);

DROP TRIGGER platform_coverage_delete;

CREATE TRIGGER platform_coverage_delete AFTER DELETE ON posts BEGIN
    UPDATE platform_coverage SET
        posts = posts - 1,
        replies = replies - (old.kind IN ('reply', 'comment') AND old.parent IS NOT NULL)
    WHERE platform = old.platform;
END;
