-- The posts an import found already stored, as blobs of sorted post ids (`store::sightings`):
-- removing the import that first brought a post keeps it when a later import also brought it.
-- Imports made before this table have none, and their removal deletes every post they added.

CREATE TABLE import_sightings (
    import INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    posts  BLOB NOT NULL
) STRICT;

CREATE INDEX import_sightings_by_import ON import_sightings (import);
