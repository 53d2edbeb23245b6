-- A Bluesky post goes by two names: its AT URI by its author's DID, as the API gives it (what
-- it is stored by), and by its author's handle, as a listening tool's address gives it
-- (`bsky.app/profile/{handle}/post/{rkey}`). An import keeps the second in `local_ids`, so that
-- the same post from a CSV and from the API is one post (`store::posts::known`). The posts an
-- earlier release stored get theirs from the address it kept.

INSERT OR IGNORE INTO local_ids (platform, local_id, post)
SELECT 'bluesky',
       'at://' || lower(substr(rest, 1, instr(rest, '/post/') - 1)) || '/app.bsky.feed.post/'
           || substr(rest, instr(rest, '/post/') + 6),
       id
FROM (SELECT id, substr(url, 26) AS rest FROM posts
      WHERE platform = 'bluesky' AND native_id LIKE 'at://did:%'
        AND url LIKE 'https://bsky.app/profile/%/post/%')
WHERE instr(rest, '/post/') > 1;
