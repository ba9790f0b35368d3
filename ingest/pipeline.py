"""From a source or a file to stored papers: fetch, parse, store, one ImportRun per pull.

Each page is parsed fully before anything is stored, then stored in one
transaction, so a bad page leaves the database exactly as it was. The run keeps
a cursor (API start offset, OAI resumptionToken) after each stored page: a
retried run resumes there and never re-imports what already applied.

Author counters, institutions and trust are refreshed once per run, after its
last page (or its failure), not once per page: ``store_batch``
marks the authors stale and ``refresh_stale_authors`` catches them all up,
including any an interrupted run left behind.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import psycopg
from django.db import DatabaseError
from django.utils import timezone

from ingest import snapshot
from ingest.client import ArxivClient
from ingest.fill_in import fill_in
from ingest.models import FeedSource, ImportRun, SourceKind
from ingest.read_ahead import encode_ahead, read_ahead
from ingest.runs import catch_up, fail_run, finish, save_cursor, start_run, take_over
from ingest.sources import arxiv_api, arxiv_rss, oai_pmh
from ingest.sources.common import FeedError, looks_like_html
from ingest.store import store_batch
from papers.models import Category
from papers.taxonomy import GROUPS

log = logging.getLogger("peerfolio.ingest")
T = TypeVar("T")
API_PAGE_SIZE = 200
MAX_API_RESULTS = 2000  # per scheduled run; the API is for small, targeted queries


def detect_kind(body: bytes) -> str:
    """'api', 'rss' or 'oai' from the first bytes of a response; FeedError if none fits."""
    head = body[:2000]
    if not body.strip():
        raise FeedError("The response was empty; nothing was imported.")
    if looks_like_html(body):
        raise FeedError("arXiv answered with an HTML page (an error page?) instead of a feed.")
    if b"<OAI-PMH" in head:
        return SourceKind.OAI
    if b"<rss" in head:
        return SourceKind.RSS
    if b"<feed" in head:
        return SourceKind.API
    raise FeedError("This is not an arXiv API, RSS or OAI-PMH response.")


def read_saved_response(path: Path) -> bytes:
    """A saved response as arXiv sent it.

    Recordings wrapped in JSON ({"url", "status_code", "body"}) give their body;
    a file of real API <entry> elements under an <articles> root (the Atom
    namespace declared on the first entry only) is wrapped into an API feed.
    """
    raw = Path(path).read_bytes()
    if raw.lstrip()[:1] == b"{":
        try:
            return json.loads(raw)["body"].encode()
        except (ValueError, KeyError, AttributeError) as exc:
            raise FeedError("A JSON file, but not a recorded arXiv response.") from exc
    if b"<articles>" in raw[:200]:
        return _wrap_entries(raw)
    return raw


def _wrap_entries(raw: bytes) -> bytes:
    body = raw.split(b"<articles>", 1)[1].rsplit(b"</articles>", 1)[0]
    body = re.sub(rb'<entry id="[^"]*"(?: xmlns="http://www.w3.org/2005/Atom")?>', b"<entry>", body)
    body = body.replace(b' xmlns:arxiv="http://arxiv.org/schemas/atom"', b"")
    count = body.count(b"<entry>")
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        b'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
        + f"<opensearch:totalResults>{count}</opensearch:totalResults>".encode()
        + b"<opensearch:startIndex>0</opensearch:startIndex>"
        + body
        + b"</feed>\n"
    )


def parse_page(kind: str, body: bytes):
    """(records, page) for any of the three formats; page carries paging data or None."""
    if kind == SourceKind.API:
        page = arxiv_api.parse(body)
        return page.records, page
    if kind == SourceKind.RSS:
        return arxiv_rss.parse(body), None
    page = oai_pmh.parse(body, subject_codes=_subject_codes())
    return page.records, page


def import_file(path: Path, *, hold: bool = False, progress=None) -> ImportRun:
    """Import one saved response of any of the three formats as its own run.

    Stored ``FILE_BATCH`` records at a time, each batch with the run's cursor past it
    (``{"offset": N, "sha256": ...}``), so a run killed or failed part-way says how
    many records it applied, and importing the same file again resumes that run
    after them. arXiv's metadata snapshot (JSON lines) is streamed instead:
    ``ingest.snapshot``.
    """
    if snapshot.is_snapshot(path):
        return snapshot.import_snapshot(path, hold=hold, progress=progress)
    origin = str(Path(path).resolve())
    try:
        body = read_saved_response(path)
    except (FeedError, OSError) as exc:
        run = _new_file_run(origin)
        start_run(run)
        return fail_run(run, str(exc))
    digest = hashlib.sha256(body).hexdigest()
    run = resumable_file_run(origin, digest) or _new_file_run(origin)
    start_run(run)
    done = run.cursor.get("offset", 0)
    try:
        kind = detect_kind(body)
        records, _ = parse_page(kind, body)
        run.total = len(records)
        if progress:
            progress(done, total=run.total)
        done = store_in_chunks(records, run, hold=hold, progress=progress, start=done, file=digest)
    except (FeedError, OSError) as exc:
        return fail_run(run, str(exc))
    except (DatabaseError, psycopg.Error) as exc:
        done = run.cursor.get("offset", 0)
        # Another database error than a collision (those are retried): the batch is rolled
        # back, the ones before it stay, and a rerun of the file resumes after them.
        first_line = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
        return fail_run(
            run,
            f"Database error storing records {done + 1:,}-{min(done + FILE_BATCH, run.total):,} "
            f"of {run.total:,} ({exc.__class__.__name__}: {first_line}); that batch was rolled "
            f"back, the {done:,} records before it stay applied; import the file again to resume.",
        )
    except Exception as exc:
        done = run.cursor.get("offset", 0)
        fail_run(
            run,
            f"Unexpected error ({exc.__class__.__name__}) after {done:,} records; "
            "the batch was rolled back.",
        )
        raise
    return finish(run)


def _new_file_run(origin: str) -> ImportRun:
    return ImportRun.objects.create(kind=SourceKind.FILE, origin=origin)


def resumable_file_run(origin: str, digest: str) -> ImportRun | None:
    """The latest run of this very file (same bytes) that stopped part-way, taken over:
    failed, reaped, or left running by a killed worker (``ingest.runs.take_over``)."""
    latest = ImportRun.objects.filter(kind=SourceKind.FILE, origin=origin).first()
    return take_over(latest, lambda c: c.get("sha256") == digest and c.get("offset", 0) > 0)


FILE_BATCH = 250  # records per transaction of a file import: the granularity of a resume


def store_in_chunks(
    records, run, *, hold=False, progress=None, size=FILE_BATCH, start=0, file=None
) -> int:
    """Store records from ``start`` a batch at a time; authors refreshed once by ``finish``.

    With ``file`` (the file's digest), each batch also moves the run's cursor past it,
    in the batch's own transaction. Returns how many records are stored in all.
    """
    done = start
    for begin in range(start, len(records), size):
        chunk = records[begin : begin + size]
        updates = {}
        cursor = {"offset": begin + len(chunk), "sha256": file}
        if file is not None:
            updates = {"cursor": cursor, "total": len(records)}
        store_batch(chunk, run, hold=hold, run_updates=updates)
        if file is not None:
            run.cursor = cursor
        done = begin + len(chunk)
        if progress:
            progress(len(chunk))
    return done


def run_source(
    source: FeedSource, run: ImportRun | None = None, client: ArxivClient | None = None
) -> ImportRun:
    """Pull a FeedSource (resuming ``run`` from its cursor when given) and store every page."""
    run = run or ImportRun.objects.create(source=source, kind=source.kind, origin=source.query)
    start_run(run)
    client = client or ArxivClient()
    try:
        if source.kind == SourceKind.API:
            _pull_api(source, run, client)
        elif source.kind == SourceKind.RSS:
            _pull_rss(source, run, client)
        else:
            _pull_oai(source, run, client)
    except FeedError as exc:
        return fail_run(run, str(exc))
    except Exception as exc:
        fail_run(run, f"Unexpected error ({exc.__class__.__name__}); the batch was rolled back.")
        raise
    return finish(run)


def _pull_api(source, run, client):
    def pages():
        start = run.cursor.get("start", 0)
        while True:
            url = arxiv_api.query_url(source.query, start=start, max_results=API_PAGE_SIZE)
            page = arxiv_api.parse(client.get(url).body)
            encode_ahead(page.records)
            yield url, page
            start = page.next_start
            if start is None or start >= MAX_API_RESULTS:
                return

    for url, page in read_ahead(pages()):
        run.origin, run.total = url, min(page.total_results, MAX_API_RESULTS)
        store_batch(page.records, run, hold=source.hold_for_review)
        start = page.next_start
        save_cursor(run, {"start": start} if start else {})


def _pull_rss(source, run, client):
    """The listing, stored and caught up at once (pages are right within a second of the
    poll), then the API's v1 dates and metadata for papers dated by their announcement."""
    url = arxiv_rss.listing_url(source.query)
    response = client.get(url, etag=source.etag, last_modified=source.last_modified)
    if response.not_modified:
        run.error = "Not modified since the last pull (HTTP 304)."
    else:
        store_batch(arxiv_rss.parse(response.body), run, hold=source.hold_for_review)
        FeedSource.objects.filter(pk=source.pk).update(
            etag=response.etag, last_modified=response.last_modified
        )
        catch_up(run)
    # Also after a 304: what an earlier poll could not fill in is asked for again.
    if problem := fill_in(run, client):
        run.error = problem


def _pull_oai(source, run, client):
    subjects = _subject_codes()  # read here: the pages are read in another thread, without the ORM

    def pages():
        token = run.cursor.get("resumption_token")
        # Harvest from the day before the last harvest: OAI datestamps are days, so overlap is safe.
        from_date = source.harvested_until - timedelta(days=1) if source.harvested_until else None
        while True:
            url = oai_pmh.list_records_url(
                set_spec=source.query,
                metadata_prefix=source.metadata_prefix,
                from_date=from_date,
                resumption_token=token,
            )
            page = oai_pmh.parse(client.get(url).body, subject_codes=subjects)
            encode_ahead(page.records)
            yield page
            token = page.resumption_token
            if not token:
                return

    for page in read_ahead(pages()):
        if page.complete_list_size:
            run.total = page.complete_list_size
        store_batch(page.records, run, hold=source.hold_for_review)
        token = page.resumption_token
        save_cursor(run, {"resumption_token": token} if token else {})
    FeedSource.objects.filter(pk=source.pk).update(harvested_until=timezone.now().date())


_SUBJECTS: dict[str, str] = {}


def _subject_codes() -> dict[str, str]:
    """oai_dc subjects to category codes: 'Computer Science - Machine Learning' (group -
    category), and in physics archive - category ('Condensed Matter - Quantum Gases',
    'Astrophysics - Astrophysics of Galaxies', 'Nonlinear Sciences - Chaotic Dynamics')."""
    if not _SUBJECTS:
        rows = list(Category.objects.values_list("code", "name", "group"))
        archives = {code: name for code, name, _ in rows if "." not in code}
        for code, name, group in rows:
            _SUBJECTS[name] = code
            prefixes = {
                GROUPS.get(group),
                archives.get(code.split(".")[0]) if "." in code else None,
            }
            for prefix in prefixes - {None}:
                if not name.startswith(f"{prefix} - "):  # 'High Energy Physics - Theory'
                    _SUBJECTS[f"{prefix} - {name}"] = code
        _SUBJECTS.update(_FORMER_SUBJECTS)
    return _SUBJECTS


# Subjects as older oai_dc records name them.
_FORMER_SUBJECTS = {"Computer Science - Learning": "cs.LG"}
