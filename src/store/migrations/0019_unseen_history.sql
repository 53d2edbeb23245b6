-- Platforms whose live collection began with a batch cut short (a first search sweep that
-- stopped after its pages, a first timeline page that was full): nothing before their first post
-- was seen, so the silence before it is unknown rather than quiet, and the status counts their
-- topics from there (`analytics::status::counted_since`).

CREATE TABLE unseen_history (
    platform TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;
