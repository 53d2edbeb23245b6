-- A spreadsheet row with no id or address was stored under a hash of the whole row, its counts
-- included, so next week's export of the same posts, their counts grown, added them again. Such
-- a post is now known by what makes it that post (`model::content_id`: platform, author, time,
-- text). The posts stored under the old id (the hash of the row kept in `raw`) take the new one;
-- of two stored copies of one post, the second keeps its old id.
UPDATE OR IGNORE posts
SET native_id = townhall_content_id(
        platform,
        (SELECT native_id FROM authors WHERE authors.id = posts.author),
        created_at,
        text)
WHERE length(native_id) = 32 AND native_id = townhall_row_id(raw);
