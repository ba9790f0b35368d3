"""What the bench scripts share: the site's set-up for requests on the bench database
(``bench.database``), SQL timing per request, percentiles and plain-text tables."""

from __future__ import annotations

import os
import sys
import time
from urllib.parse import urlsplit

from bench.database import setup_django

# Cold runs flush the cache's Redis database: a spare one, never /0 (development) or /15 (tests).
BENCH_REDIS_URL = "redis://127.0.0.1:6379/12"


class SqlTimer:
    """Counts and times the SQL run inside it; ``statements`` (optional) collects each statement's
    [calls, seconds, slowest seconds, params of the slowest]."""

    def __init__(self, statements: dict | None = None):
        self.queries, self.seconds, self.statements = 0, 0.0, statements

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self._timed)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)

    def _timed(self, execute, statement, params, many, context):
        self.queries += 1
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            self.seconds += seconds
            if self.statements is not None:
                entry = self.statements.setdefault(statement, [0, 0.0, 0.0, None])
                entry[0] += 1
                entry[1] += seconds
                if seconds >= entry[2]:
                    entry[2], entry[3] = seconds, params


def percentile(values: list[float], share: float) -> float:
    """The value ``share`` of the way up the sorted values (0.95: the p95), nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def print_rows(header, rows, *, left=(0,)) -> None:
    """A plain-text table: columns padded to their widest cell, those in ``left`` left-aligned."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    print()
    for row in [header, ["-" * w for w in widths], *rows]:
        print(
            "  ".join(
                str(c).ljust(w) if i in left else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )


def setup_site(static_root: str) -> str:
    """Django on the bench database, DEBUG off, a spare Redis database, static files collected."""
    redis_url = os.environ.setdefault("REDIS_URL", BENCH_REDIS_URL)
    database = urlsplit(redis_url).path.strip("/") or "0"
    if database in ("0", "15"):
        sys.exit(
            f"REDIS_URL is {redis_url}: cold runs flush that database, and /0 is the "
            f"development one (/15 the tests'). Use a spare one, e.g. REDIS_URL={BENCH_REDIS_URL}"
        )
    hosts = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ["ALLOWED_HOSTS"] = f"{hosts},testserver"
    url = setup_django()

    from django.conf import settings
    from django.core.management import call_command

    # The manifest storage (DEBUG off) needs collected files: into a temporary folder.
    settings.STATIC_ROOT = static_root
    # Server time is measured here, not the limiter: hundreds of reads from one address.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": "1000000/m", "api": "1000000/m"}
    call_command("collectstatic", interactive=False, verbosity=0)
    return url


def print_statements(label: str, statements: dict, requests: int, top: int) -> None:
    """The statements that took most of a page's SQL time, with the slowest call's params."""
    total = sum(e[1] for e in statements.values())
    print(f"\n--- {label}: {total * 1000 / requests:.1f} ms of SQL per request")
    for sql, (calls, seconds, slowest, params) in sorted(
        statements.items(), key=lambda kv: -kv[1][1]
    )[:top]:
        print(
            f"  {seconds * 1000 / requests:7.1f} ms/request  {calls / requests:.1f} "
            f"calls/request  slowest {slowest * 1000:.1f} ms"
        )
        print("    " + " ".join(sql.split())[:1500])
        if params:
            shown = repr(params)
            print(f"    params of the slowest: {shown[:600]}{'…' if len(shown) > 600 else ''}")


CONFIDENCE_BUCKETS = (0.95, 0.9, 0.8, 0.7, 0.6, 0.0)


def reliability(confidences: dict, right: set) -> list[tuple[str, int, str]]:
    """Reliability of matching's confidence: for each bucket of stored confidence, how many
    labelled bylines fall in it and the share attached to the right person's record."""
    rows = []
    for i, low in enumerate(CONFIDENCE_BUCKETS):
        high = CONFIDENCE_BUCKETS[i - 1] if i else 1.01
        slots = [s for s, c in confidences.items() if low <= c < high]
        share = f"{100 * sum(s in right for s in slots) / len(slots):.1f} %" if slots else "-"
        rows.append((f">= {low:.2f}" if low else "< 0.60", len(slots), share))
    return rows
