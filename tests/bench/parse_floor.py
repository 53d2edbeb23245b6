"""The parse floor of the import benchmark: the fastest a twarc2 file can merely be parsed.

Reads the file a line at a time and parses each page with orjson (the stdlib json module when
orjson is missing), counting the tweets; nothing is normalised or stored. Prints one JSON line:
{"parser", "seconds", "posts"}, the median of RUNS runs, timed inside the process (interpreter
start-up excluded).

Usage: python3 parse_floor.py FILE [RUNS]
"""

import json
import sys
import time

try:
    import orjson

    loads, parser = orjson.loads, "orjson " + orjson.__version__
except ImportError:  # pragma: no cover - depends on the machine
    loads, parser = json.loads, "json (stdlib)"


def parse(path):
    posts = 0
    with open(path, "rb") as f:
        for line in f:
            page = loads(line)
            data = page.get("data")
            posts += len(data) if isinstance(data, list) else 1
    return posts


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        posts = parse(path)
        times.append(time.perf_counter() - start)
    times.sort()
    print(json.dumps({"parser": parser, "seconds": times[len(times) // 2], "posts": posts}))


if __name__ == "__main__":
    main()
