-- A morning brief whose delivery failed on some channels (a mail server down at 07:00): the
-- brief's status line, file name and path, the channels still to send it to, its attempts and
-- when the next is due, as JSON (`alerts::brief_retry`). The row goes once the brief is sent or
-- given up; the topic's next brief replaces it.
CREATE TABLE IF NOT EXISTS brief_pending (
    topic   INTEGER PRIMARY KEY REFERENCES topics (id) ON DELETE CASCADE,
    pending TEXT NOT NULL
) STRICT;
