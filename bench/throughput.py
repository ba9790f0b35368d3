"""Requests per second of the main pages under ApacheBench, median of several runs.

    .venv/bin/python bench/throughput.py --base http://127.0.0.1:8010 [--runs 3] [-n 1000] [-c 50]

Needs ``ab`` (Debian: apache2-utils) and a served site (gunicorn, DEBUG off) with the
demo data. Pages: a profile, a paper, Daily (the latest day and the demo's busiest), a search; each is run ``--runs`` times
back to back and the median req/s, the median time per request at ``-c`` and the
failed / non-2xx counts of all runs are printed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys

PAGES = {
    "profile": "/researchers/travis-gagie/",
    "paper": "/papers/1409.3835/",
    "daily": "/papers/daily/",  # the latest listing day, as the home page links it
    "daily-busy": "/papers/daily/2014-12-24/",  # the demo's largest day (245 papers)
    "search": "/search/?q=graph",
}


def ab(url: str, requests: int, concurrency: int) -> dict:
    out = subprocess.run(
        ["ab", "-q", "-n", str(requests), "-c", str(concurrency), url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip

    def number(label):
        match = re.search(rf"^{label}:\s+([\d.]+)", out, re.M)
        return float(match.group(1)) if match else 0.0

    p50 = re.search(r"^\s+50%\s+(\d+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\d+)", out, re.M)
    return {
        "rps": number("Requests per second"),
        "failed": int(number("Failed requests")),
        "non2xx": int(number("Non-2xx responses")),
        "p50": int(p50.group(1)) if p50 else 0,
        "p99": int(p99.group(1)) if p99 else 0,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8010")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("-n", type=int, default=1000, help="requests per run")
    parser.add_argument("-c", type=int, default=50, help="concurrency")
    parser.add_argument("pages", nargs="*", help="some of " + ", ".join(PAGES) + " (default all)")
    args = parser.parse_args(argv)
    if unknown := set(args.pages) - set(PAGES):
        parser.error("unknown page: " + ", ".join(sorted(unknown)))
    if not shutil.which("ab"):
        sys.exit("ab not found: apt-get install apache2-utils")
    print(f"ab -n {args.n} -c {args.c}, median of {args.runs} runs, {args.base}")
    print(f"{'page':8} {'req/s':>8} {'runs':>24} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
    for name in args.pages or PAGES:
        runs = [ab(args.base + PAGES[name], args.n, args.c) for _ in range(args.runs)]
        rates = [r["rps"] for r in runs]
        errors = sum(r["failed"] + r["non2xx"] for r in runs)
        print(
            f"{name:8} {statistics.median(rates):8.1f} {' / '.join(f'{r:.0f}' for r in rates):>24}"
            f" {statistics.median(r['p50'] for r in runs):7.0f}"
            f" {statistics.median(r['p99'] for r in runs):7.0f} {errors:6d}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
