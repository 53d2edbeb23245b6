-- Each workspace's own id, under which the secret store (the keychain or the config folder's
-- file, shared by every workspace of the user) files its credentials: two workspaces with a
-- source or a delivery channel of the same name keep them apart (collect::secrets::Scoped).
-- A copy of the file is the same workspace and shares them.
--
-- Invariants: the setting `workspace_id` exists and never changes; `secrets_to_adopt` exists
-- only until the workspace has adopted its earlier secrets.

INSERT OR IGNORE INTO settings (key, value) VALUES ('workspace_id', lower(hex(randomblob(16))));

-- A workspace from before (one with a source's credential or a delivery channel saved) adopts,
-- once, the secrets an earlier release kept under bare keys (workspace::secrets); a new one has
-- none to adopt, and never takes another's.
INSERT INTO settings (key, value)
    SELECT 'secrets_to_adopt', 'true'
    WHERE EXISTS (SELECT 1 FROM sources WHERE has_credential)
       OR EXISTS (SELECT 1 FROM alert_delivery);
