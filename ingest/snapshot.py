"""Import arXiv's metadata snapshot (JSON lines, plain, gzip or zstd, or standard input).

The file is streamed a line at a time and stored a page of lines at a time, one
transaction per page through ``store_batch`` (as the OAI path stores its pages),
so memory stays bounded by a page whatever the file's size. The page's commit
also moves the run's cursor (``{"line": N}``, the last line stored), so a run
killed anywhere resumes after its last committed page: ``manage.py ingest
--file`` on the same file picks up the unfinished run of that file. Lines read
again after a crash between pages are harmless: storing is idempotent.
"""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
import zstandard
from django.db.models import F

from ingest.models import ImportRun, SourceKind
from ingest.read_ahead import encode_ahead, read_ahead
from ingest.runs import fail_run, finish, start_run, take_over
from ingest.sources.arxiv_snapshot import SnapshotPage, read_pages
from ingest.store import store_batch

STDIN = "-"
PAGE_LINES = 1000
GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# Enough bad lines to find them in the file; the count says how many there were in all.
LISTED_BAD_LINES = 50
_CHUNK = 1 << 20
_SNIFF = 1 << 16


def is_snapshot(path: Path | str) -> bool:
    """Whether the file is a metadata snapshot: its first non-blank byte, decompressed, is ``{``.

    A recorded arXiv response saved as JSON starts with ``{`` too, but pretty-printed
    (a lone ``{`` first) or as one object holding the response ``body``.
    """
    if str(path) == STDIN:
        return True
    try:
        with open_lines(path) as stream:
            # A bounded look first: an XML response may be one long line of megabytes.
            line = stream.readline(_SNIFF)
            while line and not line.strip():
                line = stream.readline(_SNIFF)
            if not line.lstrip().startswith(b"{"):
                return False
            if not line.endswith(b"\n"):  # longer than the look (a 3,000-author byline)
                line += stream.readline()
    except (OSError, EOFError, zstandard.ZstdError):
        return False
    if line.strip() == b"{":
        return False
    try:
        first = orjson.loads(line)
    except orjson.JSONDecodeError:
        return True  # a bad first line is the importer's to report, with its number
    return not (isinstance(first, dict) and "body" in first)


@contextmanager
def open_lines(path: Path | str) -> Iterator[io.BufferedIOBase]:
    """The file (or standard input) as a binary stream of lines, decompressed when it is gzip or zstd."""
    raw = sys.stdin.buffer if str(path) == STDIN else open(path, "rb")  # noqa: SIM115 - closed below
    try:
        magic = raw.peek(4)[:4] if hasattr(raw, "peek") else b""
        if magic.startswith(GZIP_MAGIC):
            yield gzip.GzipFile(fileobj=raw)
        elif magic.startswith(ZSTD_MAGIC):
            reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
            yield io.BufferedReader(reader, buffer_size=_CHUNK)
        else:
            yield raw
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()


def count_lines(path: Path | str) -> int | None:
    """Lines in the file (decompressed), for the progress total; None for standard input.

    One pass of plain byte counting: seconds for the whole snapshot, against the
    minutes that storing it takes.
    """
    if str(path) == STDIN:
        return None
    lines, last = 0, b"\n"
    try:
        with open_lines(path) as stream:
            while chunk := stream.read(_CHUNK):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except (EOFError, zstandard.ZstdError):
        return None  # a truncated file: its lines up to the break are still imported
    return lines + (last != b"\n")


def import_snapshot(path: Path | str, *, hold: bool = False, progress=None) -> ImportRun:
    """Import a snapshot file as one run, resuming the file's unfinished run when there is one.

    ``progress(lines, total=None)`` is told of the lines done and, once, of the total.
    """
    origin = STDIN if str(path) == STDIN else str(Path(path).resolve())
    run = resumable_run(origin) or ImportRun.objects.create(kind=SourceKind.FILE, origin=origin)
    start_run(run)
    done = run.cursor.get("line", 0)
    try:
        run.total = count_lines(path)
        if progress:  # the total, and the lines a resumed run had stored already
            progress(done, total=run.total)
        with open_lines(path) as stream:
            pages = read_pages(stream, skip=done, page_size=PAGE_LINES)
            for page in read_ahead(_encoded(pages)):
                _store_page(page, run, hold)
                if progress:
                    progress(page.last_line - done)
                done = page.last_line
    except (OSError, EOFError, zstandard.ZstdError) as exc:
        run.refresh_from_db(fields=["failed"])  # fail_run adds one to it: keep the bad lines
        return fail_run(run, f"Reading stopped after line {done:,} ({exc}); rerun to resume.")
    except Exception as exc:
        run.refresh_from_db(fields=["failed"])
        fail_run(
            run,
            f"Unexpected error ({exc.__class__.__name__}) after line {done:,}; rerun to resume.",
        )
        raise
    run.error = bad_lines_summary(run.cursor)
    return finish(run)


def resumable_run(origin: str) -> ImportRun | None:
    """The latest run of this file that stopped before its end, taken over, if any
    (``ingest.runs.take_over``). Standard input is never resumed: there is no telling
    that it is the same data.
    """
    if origin == STDIN:
        return None
    latest = ImportRun.objects.filter(kind=SourceKind.FILE, origin=origin).first()
    return take_over(latest, lambda cursor: "line" in cursor)


def _encoded(pages):
    # Payloads and digests are worked out in the reading thread (ingest.read_ahead).
    for page in pages:
        encode_ahead(page.records)
        yield page


def _store_page(page: SnapshotPage, run: ImportRun, hold: bool) -> None:
    """The page's papers and the run's cursor past it, in one transaction."""
    cursor = dict(run.cursor)
    cursor["line"] = page.last_line
    if page.bad_lines:
        cursor["bad_lines"] = cursor.get("bad_lines", 0) + len(page.bad_lines)
        listed = cursor.get("listed", [])
        cursor["listed"] = (
            listed + [list(b) for b in page.bad_lines][: LISTED_BAD_LINES - len(listed)]
        )
    # In the page's own transaction, retried with it when it collides with another import.
    store_batch(
        page.records,
        run,
        hold=hold,
        run_updates={
            "cursor": cursor,
            "total": run.total,
            "failed": F("failed") + len(page.bad_lines),
            "error": bad_lines_summary(cursor),
        },
    )
    run.cursor = cursor


def bad_lines_summary(cursor: dict) -> str:
    """'2 bad lines skipped: line 3 (not JSON ...); line 9 (no arXiv id)', or '' when none."""
    count = cursor.get("bad_lines", 0)
    if not count:
        return ""
    listed = "; ".join(f"line {n} ({reason})" for n, reason in cursor.get("listed", []))
    more = count - len(cursor.get("listed", []))
    tail = f"; and {more:,} more" if more > 0 else ""
    return f"{count:,} bad line{'s' if count != 1 else ''} skipped: {listed}{tail}"
