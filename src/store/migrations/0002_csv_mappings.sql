-- Townhall workspace schema, version 2: the column mapping chosen for each CSV header.

CREATE TABLE csv_mappings (
    signature  TEXT PRIMARY KEY,   -- SHA-256 of the normalised header cells
    header     TEXT NOT NULL,      -- JSON array of the header cells
    mapping    TEXT NOT NULL,      -- JSON {"fields": {field: [column, ...]}}
    updated_at TEXT NOT NULL
) STRICT;
