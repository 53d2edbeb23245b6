-- A post's engagement as its source totals it, where the source gives the total and not its
-- parts: Meltwater's, Talkwalker's and Brandwatch's exports have one Engagement column and no
-- likes, shares, replies or quotes. Without it, their posts' engagement is unknown.
--
-- Invariant: a post's engagement (store::posts::ENGAGEMENT) is likes + shares + replies +
-- quotes when any of those is known, else `reported_engagement`, else unknown. Posts stored
-- before this column keep no total (their files' rows are in `raw`; importing the file again
-- after removing its import reads it).

ALTER TABLE posts ADD COLUMN reported_engagement INTEGER;
