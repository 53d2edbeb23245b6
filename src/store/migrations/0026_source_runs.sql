-- The source runs under way, one at a time per source across every program that collects this
-- workspace (the app, `townhall watch`, a scheduled `townhall collect`): a run claims its source
-- here before it asks the platform, and gives the claim up when it has written its outcome
-- (`collect::lease`). A claim a crashed program left lapses at `until` (unix seconds).

CREATE TABLE IF NOT EXISTS source_runs (
    source INTEGER PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
    until  INTEGER NOT NULL
) STRICT;
