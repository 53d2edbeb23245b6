-- When each platform's unseen history ends: the oldest post of the latest batch cut short on it
-- (`Store::note_unseen_history`). A second source on a platform the workspace already collects
-- begins unseen too, and its topics are counted from its first batch, not from the platform's
-- first post. NULL (a row of an earlier release): the platform's first post.

ALTER TABLE unseen_history ADD COLUMN since INTEGER;
