-- Each workspace's own id, under which the secret store (the keychain or the config folder's
-- file, shared by every workspace of the user) files its credentials: two workspaces with a
-- source or a delivery channel of the same name keep them apart (collect::secrets::Scoped).
-- A copy of the file is the same workspace and shares them.
--
-- Invariant: the setting `workspace_id` exists and never changes.

INSERT OR IGNORE INTO settings (key, value) VALUES ('workspace_id', lower(hex(randomblob(16))));
