-- Authors who are one person: the same handle, whatever its case, on a platform where a handle
-- names one account (`Platform::handle_is_unique`). `temp.author_handles` lists the handles to
-- look at (an import's, or every handle when an older workspace opens). Each group keeps one
-- row: the first keyed by the platform's own id rather than by its handle, else the oldest.
-- The rows keyed by the handle join it (two ids are two accounts, whatever their handles): it
-- takes the largest follower count and what it did not know, their posts, kept matches and
-- each import's counts move to it, and they are deleted. Used by `store::authors` and
-- migration 0018.

CREATE TEMP TABLE same_person (
    dup  INTEGER PRIMARY KEY,
    keep INTEGER NOT NULL
);

INSERT INTO temp.same_person (dup, keep)
SELECT id, keep FROM (
    SELECT
        a.id,
        a.native_id = a.handle COLLATE NOCASE AS keyed_by_handle,
        first_value(a.id) OVER (
            PARTITION BY a.platform, lower(a.handle)
            ORDER BY a.native_id = a.handle COLLATE NOCASE, a.id
        ) AS keep
    FROM temp.author_handles h
    JOIN authors a ON a.handle = h.handle COLLATE NOCASE AND a.platform = h.platform
)
WHERE id <> keep AND keyed_by_handle;

UPDATE authors SET
    followers = (
        SELECT max(a.followers) FROM authors a
        WHERE a.id = authors.id
           OR a.id IN (SELECT dup FROM temp.same_person WHERE keep = authors.id)
    ),
    name = coalesce(name, (
        SELECT a.name FROM temp.same_person s JOIN authors a ON a.id = s.dup
        WHERE s.keep = authors.id AND a.name IS NOT NULL ORDER BY a.id DESC LIMIT 1
    )),
    verified = coalesce(verified, (
        SELECT a.verified FROM temp.same_person s JOIN authors a ON a.id = s.dup
        WHERE s.keep = authors.id AND a.verified IS NOT NULL ORDER BY a.id DESC LIMIT 1
    ))
WHERE id IN (SELECT keep FROM temp.same_person);

UPDATE posts SET author = (SELECT keep FROM temp.same_person WHERE dup = posts.author)
WHERE id IN (
    SELECT pa.post FROM temp.same_person s JOIN post_authors pa ON pa.author = s.dup
);

INSERT INTO post_authors (author, post)
SELECT s.keep, pa.post FROM temp.same_person s JOIN post_authors pa ON pa.author = s.dup;

DELETE FROM post_authors WHERE author IN (SELECT dup FROM temp.same_person);

UPDATE topic_matches SET
    author = (SELECT keep FROM temp.same_person WHERE dup = topic_matches.author),
    author_followers = (
        SELECT a.followers FROM temp.same_person s JOIN authors a ON a.id = s.keep
        WHERE s.dup = topic_matches.author
    )
WHERE author IN (SELECT dup FROM temp.same_person);

INSERT INTO author_counts (author, import, followers)
SELECT s.keep, c.import, c.followers
FROM temp.same_person s JOIN author_counts c ON c.author = s.dup
WHERE true
ON CONFLICT (author, import) DO UPDATE SET followers = max(followers, excluded.followers);

DELETE FROM authors WHERE id IN (SELECT dup FROM temp.same_person);

DROP TABLE temp.same_person;
DROP TABLE temp.author_handles;
