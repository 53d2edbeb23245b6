-- The alerts' outbox: what sending each raised alert on each delivery channel came to, so that
-- an alert raised by any collection or import (`townhall collect`, the app, `townhall watch`)
-- is sent by the next one that can send, and a failed send is tried again (src/alerts/outbox.rs).
--
-- Invariants:
-- - When an alert is raised (in the transaction that raises it) it gets a row for each channel
--   switched on at that moment; channels switched on later do not send it.
-- - A row is sent (sent_at set) at most once; an unsent row is tried again at next_attempt
--   until it has had outbox::ATTEMPTS attempts, then it is given up with its last error.

CREATE TABLE alert_sends (
    alert        INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel      TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt INTEGER NOT NULL,
    sent_at      INTEGER,
    last_error   TEXT,
    PRIMARY KEY (alert, channel)
) STRICT;

CREATE INDEX alert_sends_due ON alert_sends (next_attempt) WHERE sent_at IS NULL;
