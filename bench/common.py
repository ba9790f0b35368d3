"""What the bench scripts share: bench/ingest.py's database set-up, and SQL timing per request."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def bench_ingest():
    """bench/ingest.py as a module (its set-up and reset are shared), without shadowing ``ingest``."""
    if "bench_ingest" in sys.modules:
        return sys.modules["bench_ingest"]
    spec = importlib.util.spec_from_file_location("bench_ingest", HERE / "ingest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_ingest"] = module
    spec.loader.exec_module(module)
    return module


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
