"""The reference of the analytics benchmark: a topic's daily series computed by DuckDB.

Loads the rows the benchmark wrote (one per post of the topic: created_at, author, followers,
engagement, exposure, sentiment) into an in-memory DuckDB table, untimed, then times the daily
series query in the process: per local day, mentions, people (distinct authors, each post
without an author a person of its own), engagement, potential reach (each author once, with
their largest follower count), exposure and the posts whose exposure is unknown, and the
negative, positive and scored posts. Prints one JSON line: {"engine", "threads", "seconds",
"seconds_one_thread", "days"}, each time the median of RUNS runs, with DuckDB's own number of
threads (one per core) and with one thread (as Townhall's series runs).

Usage: python3 duckdb_series.py ROWS.csv UTC_OFFSET_SECONDS [RUNS]
"""

import json
import statistics
import sys
import time

import duckdb

QUERY = """
WITH per_author AS (
    SELECT (created_at + $offset) // 86400 AS day, author,
           count(*) AS posts, max(followers) AS followers, sum(engagement) AS engagement,
           sum(exposure) AS exposure, count(*) - count(exposure) AS exposure_unknown,
           count(sentiment) AS scored,
           count(*) FILTER (WHERE sentiment <= -0.05) AS negative,
           count(*) FILTER (WHERE sentiment >= 0.05) AS positive
    FROM posts GROUP BY ALL
)
SELECT day, sum(posts) AS mentions,
       count(author) + coalesce(sum(posts) FILTER (WHERE author IS NULL), 0) AS people,
       sum(engagement), sum(followers), sum(exposure), sum(exposure_unknown),
       sum(negative), sum(positive), sum(scored)
FROM per_author GROUP BY day ORDER BY day
"""


def main():
    path, offset = sys.argv[1], int(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    db = duckdb.connect()
    db.execute(
        "CREATE TABLE posts AS SELECT * FROM read_csv(?, header = true, columns = {"
        "'created_at': 'BIGINT', 'author': 'BIGINT', 'followers': 'BIGINT', "
        "'engagement': 'BIGINT', 'exposure': 'DOUBLE', 'sentiment': 'DOUBLE'})",
        [path],
    )
    threads = db.execute("SELECT current_setting('threads')").fetchone()[0]

    def timed():
        db.execute(QUERY, {"offset": offset}).fetchall()  # warm-up
        times, days = [], 0
        for _ in range(runs):
            t = time.perf_counter()
            days = len(db.execute(QUERY, {"offset": offset}).fetchall())
            times.append(time.perf_counter() - t)
        return statistics.median(times), days

    seconds, days = timed()
    db.execute("SET threads = 1")
    one_thread, _ = timed()
    print(
        json.dumps(
            {
                "engine": "DuckDB " + duckdb.__version__,
                "threads": threads,
                "seconds": seconds,
                "seconds_one_thread": one_thread,
                "days": days,
            }
        )
    )


if __name__ == "__main__":
    main()
