-- Posts get their full-text entries and their platform's coverage count from the import that
-- writes them, in one statement each at the end of its transaction (`import::Writing::finish`),
-- not from a trigger a row at a time. FTS5 flushes its pending terms at every statement, so the
-- FTS trigger wrote a tiny index segment for each post and merged them again; and any trigger
-- makes each insert keep a statement journal in a temporary file (30 KB a post). Together they
-- were two thirds of an import's time. Posts are written only by imports; the delete and update
-- triggers stay.
DROP TRIGGER posts_fts_insert;
DROP TRIGGER platform_coverage_insert;
