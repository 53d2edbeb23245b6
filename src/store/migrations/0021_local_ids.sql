-- The ids a server gave posts where they were collected, by which replies collected there name
-- their parent (a Mastodon API status's `in_reply_to_id` is the instance's own id of the parent,
-- while the parent is stored under its `uri`): a thread is climbed through them too
-- (`analytics::response`). Written by the import that adds the post; deleted with it.

CREATE TABLE local_ids (
    platform TEXT NOT NULL,
    local_id TEXT NOT NULL,
    post     INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    PRIMARY KEY (platform, local_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX local_ids_by_post ON local_ids (post);

-- The Mastodon API statuses an earlier release stored: their id is in the record kept whole.
-- (An archive's activities have an address there, not a number.)
INSERT OR IGNORE INTO local_ids (platform, local_id, post)
SELECT 'mastodon', json_extract(raw, '$.id'), id FROM posts
WHERE platform = 'mastodon' AND json_valid(raw)
  AND json_type(raw, '$.id') = 'text'
  AND json_extract(raw, '$.id') <> ''
  AND json_extract(raw, '$.id') NOT GLOB '*[^0-9]*';
