-- An import that brings new follower counts for many authors writes them into the kept matches
-- in one pass over topic_matches in key order (store::writer), rather than through the trigger,
-- which rewrites one author's matches at a time through their index, at random places. While
-- followers_in_one_pass holds its row the trigger stands aside; the row is only ever written
-- and deleted inside that import's transaction, around the pass, so no committed state holds it.
--
-- Invariants: as in 0009 (author_followers equals the author's followers), and
-- followers_in_one_pass is empty outside a transaction.

CREATE TABLE followers_in_one_pass (
    only INTEGER PRIMARY KEY CHECK (only = 1)
) STRICT;

DROP TRIGGER topic_matches_author_followers;

CREATE TRIGGER topic_matches_author_followers AFTER UPDATE OF followers ON authors
WHEN new.followers IS NOT old.followers AND NOT EXISTS (SELECT 1 FROM followers_in_one_pass) BEGIN
    UPDATE topic_matches SET author_followers = new.followers WHERE author = new.id;
END;
