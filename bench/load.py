"""A load run: locust, headless, anonymous readers on profile / paper / Daily / search.

    .venv/bin/python bench/load.py --host http://127.0.0.1:8010 [--users 200] [--time 60]

Against a served site (gunicorn, DEBUG off, the demo data; serve it with
``DJANGO_SETTINGS_MODULE=bench.served_settings`` so the one address of the run is
not held to the search limit). Prints, per page and in all: requests, req/s,
p50 / p99 in ms and errors; exits 1 when any request failed.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8010")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=int, default=50)
    parser.add_argument("--time", type=int, default=60, help="seconds")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "load"
        subprocess.run(
            [
                sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
                "--host", args.host, "-u", str(args.users), "-r", str(args.spawn_rate),
                "-t", f"{args.time}s", "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR",
            ],
            check=False, capture_output=True,
        )  # fmt: skip
        rows = list(csv.DictReader((prefix.parent / "load_stats.csv").open()))
    print(f"{args.users} users for {args.time} s against {args.host}")
    print(f"{'page':10} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>7}")
    errors = 0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all"
        errors += int(row["Failure Count"]) if name != "all" else 0
        print(
            f"{name:10} {row['Request Count']:>9} {float(row['Requests/s']):8.1f}"
            f" {row['50%']:>7} {row['99%']:>7} {row['Failure Count']:>7}"
        )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
