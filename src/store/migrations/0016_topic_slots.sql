-- Each topic's kept matches counted per quarter hour (UTC, 900 s: every time zone's hours and
-- days begin on one), so that the normal level's eight weeks of history are read as a few
-- thousand counts instead of every post's time.
--
-- Invariant: for every topic and slot, `posts` is the number of the topic's rows in
-- topic_matches whose created_at falls in [slot, slot + 900). The triggers keep it inside the
-- transaction that changes topic_matches (an import, a topic's rebuild, a removal, retention),
-- so a crash leaves both or neither. A slot may hold 0.

CREATE TABLE topic_slots (
    topic INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    slot  INTEGER NOT NULL,
    posts INTEGER NOT NULL,
    PRIMARY KEY (topic, slot)
) STRICT, WITHOUT ROWID;

INSERT INTO topic_slots (topic, slot, posts)
SELECT topic, created_at - ((created_at % 900) + 900) % 900 AS slot, count(*)
FROM topic_matches
GROUP BY topic, slot;

CREATE TRIGGER topic_matches_slot_in AFTER INSERT ON topic_matches BEGIN
    INSERT INTO topic_slots (topic, slot, posts)
    VALUES (new.topic, new.created_at - ((new.created_at % 900) + 900) % 900, 1)
    ON CONFLICT (topic, slot) DO UPDATE SET posts = posts + 1;
END;

CREATE TRIGGER topic_matches_slot_out AFTER DELETE ON topic_matches BEGIN
    UPDATE topic_slots SET posts = posts - 1
    WHERE topic = old.topic
      AND slot = old.created_at - ((old.created_at % 900) + 900) % 900;
END;
