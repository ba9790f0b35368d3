"""Citation counts for papers: Semantic Scholar first, OpenAlex second and for citations per year.

- Semantic Scholar's paper batch endpoint answers up to 500 ``ARXIV:<id>`` ids per
  request with a list in the same order, ``null`` where it does not know the id.
  Its ``citationCount`` is the count we show when it has one.
- OpenAlex answers up to 50 DOIs per request (``filter=doi:a|b|…``); every arXiv
  paper has the DOI ``10.48550/arXiv.<id>``. Its ``cited_by_count`` is used for the
  papers Semantic Scholar did not know, and its ``counts_by_year`` (the last ten
  years, years without citations left out) is where citations per year come from.
- Each request has a timeout; 429, 5xx and transport errors are retried with
  backoff, honouring Retry-After. A source that keeps failing raises
  ``CitationsUnavailable`` (worth retrying later); an answer we cannot read
  (malformed JSON, an unexpected shape, a 4xx) raises ``CitationError``.
- Everything for a batch of up to 500 papers is fetched before anything is
  written, then stored in one transaction with one set-based UPDATE, together
  with the citation metrics of the batch's authors. A failure writes nothing.

Per paper: ``citation_count`` and ``citations_source`` name the source of the
count; ``citations_as_of`` is when we last asked (also when neither source knew
the paper, so it is not asked again for ``STALE_AFTER``). A source that does not
know a paper this time never blanks what an earlier answer stored.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from core.http import MAX_RETRY_AFTER, RETRY_STATUSES, backoff_seconds, outbound_client
from papers.models import Authorship, Paper
from papers.signals import citations_changed

log = logging.getLogger("peerfolio.citations")

SEMANTIC_SCHOLAR = "Semantic Scholar"
OPENALEX = "OpenAlex"
S2_BATCH = 500  # the batch endpoint's limit
OPENALEX_BATCH = 50  # OpenAlex's limit on values OR-ed in one filter
STALE_AFTER = timedelta(days=7)
# Seconds between two requests to one API: S2 asks for at most one a second;
# OpenAlex's polite pool allows ten.
PAUSES = {SEMANTIC_SCHOLAR: 1.0, OPENALEX: 0.1}


class CitationError(Exception):
    """A citation source answered something we cannot use; retrying will not help."""


class CitationsUnavailable(CitationError):
    """A citation source could not be reached or kept refusing (429, 5xx) after retries."""


@dataclass(frozen=True)
class Citations:
    """What the sources know of one paper; ``count`` None when neither knows it."""

    count: int | None = None
    source: str = ""
    by_year: dict[str, int] | None = None  # None when OpenAlex does not know the paper


class CitationClient:
    """Asks both APIs; ``sleep`` and ``clock`` are injectable so tests never wait."""

    def __init__(
        self,
        http: httpx.Client | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        pauses: dict[str, float] | None = None,
        max_retries: int | None = None,
    ):
        self.http = http or outbound_client(settings.CITATIONS_TIMEOUT, follow_redirects=True)
        self.sleep, self.clock = sleep, clock
        self.pauses = PAUSES if pauses is None else pauses
        self.max_retries = settings.CITATIONS_MAX_RETRIES if max_retries is None else max_retries
        self._last: dict[str, float] = {}

    def close(self) -> None:
        self.http.close()

    def semantic_scholar(self, arxiv_ids: list[str]) -> dict[str, int]:
        """Citation counts Semantic Scholar knows, by arXiv id (at most 500 ids)."""
        if len(arxiv_ids) > S2_BATCH:
            raise ValueError(f"Semantic Scholar takes at most {S2_BATCH} ids per request.")
        headers = {}
        if settings.SEMANTIC_SCHOLAR_API_KEY:
            headers["x-api-key"] = settings.SEMANTIC_SCHOLAR_API_KEY
        papers = self._json(
            SEMANTIC_SCHOLAR,
            "POST",
            settings.SEMANTIC_SCHOLAR_BATCH_URL,
            params={"fields": "citationCount,externalIds"},
            json={"ids": [f"ARXIV:{a}" for a in arxiv_ids]},
            headers=headers,
        )
        if not isinstance(papers, list) or len(papers) != len(arxiv_ids):
            raise CitationError(
                f"Semantic Scholar answered {_shape(papers)} for {len(arxiv_ids)} ids; "
                "expected one entry (or null) per id."
            )
        counts = {}
        for arxiv_id, paper in zip(arxiv_ids, papers, strict=True):
            if paper is None:
                continue
            count = paper.get("citationCount") if isinstance(paper, dict) else "?"
            if count is None:
                continue  # known, but without a count: left to OpenAlex
            if not _is_count(count):
                raise CitationError(
                    f"Semantic Scholar gave {arxiv_id} the citation count {count!r}."
                )
            known_as = ((paper.get("externalIds") or {}).get("ArXiv") or arxiv_id).lower()
            if known_as != arxiv_id.lower():
                # The answer is about another arXiv paper: counting it would credit the
                # wrong work, so this id is left to OpenAlex.
                log.warning("Semantic Scholar answered ARXIV:%s with %s", arxiv_id, known_as)
                continue
            counts[arxiv_id] = count
        return counts

    def openalex(self, arxiv_ids: list[str]) -> dict[str, tuple[int, dict[str, int]]]:
        """(cited_by_count, citations per year) OpenAlex knows, by arXiv id (at most 50 ids)."""
        if len(arxiv_ids) > OPENALEX_BATCH:
            raise ValueError(f"OpenAlex takes at most {OPENALEX_BATCH} DOIs per request.")
        by_doi = {arxiv_doi(a): a for a in arxiv_ids}
        body = self._json(
            OPENALEX,
            "GET",
            settings.OPENALEX_WORKS_URL,
            params={
                "filter": "doi:" + "|".join(by_doi),
                "per-page": str(OPENALEX_BATCH),
                "select": "id,doi,cited_by_count,counts_by_year",
                "mailto": settings.OPENALEX_MAILTO,
            },
        )
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list):
            raise CitationError(f"OpenAlex answered {_shape(body)}; expected a list of works.")
        found: dict[str, tuple[int, dict[str, int]]] = {}
        for work in results:
            if not isinstance(work, dict):
                raise CitationError(f"OpenAlex listed {_shape(work)} among its works.")
            arxiv_id = by_doi.get(_bare_doi(work.get("doi")))
            if arxiv_id is None:
                continue  # a work whose canonical DOI is not one we asked for
            count, years = work.get("cited_by_count"), work.get("counts_by_year") or []
            if not _is_count(count) or not isinstance(years, list):
                raise CitationError(f"OpenAlex gave {arxiv_id} unreadable counts ({count!r}).")
            per_year = {}
            for entry in years:
                year = entry.get("year") if isinstance(entry, dict) else None
                cited = entry.get("cited_by_count") if isinstance(entry, dict) else None
                if not isinstance(year, int) or not _is_count(cited):
                    raise CitationError(f"OpenAlex gave {arxiv_id} the yearly count {entry!r}.")
                if cited:
                    per_year[str(year)] = cited
            # OpenAlex can hold a work twice under one DOI; the better-cited record wins.
            if arxiv_id not in found or count > found[arxiv_id][0]:
                found[arxiv_id] = (count, dict(sorted(per_year.items())))
        return found

    def _json(self, api: str, method: str, url: str, **kwargs):
        response = self._send(api, method, url, **kwargs)
        try:
            return response.json()
        except ValueError as exc:
            raise CitationError(
                f"{api} answered HTTP {response.status_code} with a body that is not JSON "
                f"({response.text[:80]!r})."
            ) from exc

    def _send(self, api: str, method: str, url: str, **kwargs) -> httpx.Response:
        for attempt in range(self.max_retries + 1):
            self._wait_turn(api)
            try:
                response = self.http.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                if attempt == self.max_retries:
                    raise CitationsUnavailable(
                        f"{api} could not be reached ({exc.__class__.__name__}: {exc})."
                    ) from exc
                self._backoff(api, attempt, None, exc.__class__.__name__)
                continue
            finally:
                self._last[api] = self.clock()
            if response.status_code in RETRY_STATUSES:
                if attempt == self.max_retries:
                    raise CitationsUnavailable(
                        f"{api} answered HTTP {response.status_code} "
                        f"{self.max_retries + 1} times; giving up for now."
                    )
                retry_after = response.headers.get("Retry-After")
                self._backoff(api, attempt, retry_after, f"HTTP {response.status_code}")
                continue
            if response.status_code >= 400:
                raise CitationError(
                    f"{api} refused the request: HTTP {response.status_code} "
                    f"{response.text[:200]!r}."
                )
            return response
        raise AssertionError("unreachable")

    def _wait_turn(self, api: str) -> None:
        last = self._last.get(api)
        if last is not None:
            wait = last + self.pauses.get(api, 0) - self.clock()
            if wait > 0:
                self.sleep(wait)

    def _backoff(self, api: str, attempt: int, retry_after: str | None, why: str) -> None:
        delay = backoff_seconds(attempt, retry_after, base=2.0)
        if delay > MAX_RETRY_AFTER:
            raise CitationsUnavailable(
                f"{api} asked us to wait {delay:.0f} s before retrying; giving up for now."
            )
        log.warning("%s: %s; retrying in %.1f s", api, why, delay)
        self.sleep(delay)


def arxiv_doi(arxiv_id: str) -> str:
    """The DOI arXiv registers for every paper (DataCite), lower-cased as OpenAlex prints it."""
    return f"10.48550/arxiv.{arxiv_id}".lower()


def _bare_doi(doi) -> str:
    doi = (doi or "").strip().lower() if isinstance(doi, str) else ""
    for prefix in ("https://doi.org/", "http://doi.org/", "doi:"):
        if doi.startswith(prefix):
            return doi[len(prefix) :]
    return doi


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _shape(value) -> str:
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return f"a {type(value).__name__}" if value is not None else "null"


def fetch_citations(arxiv_ids: list[str], client: CitationClient) -> dict[str, Citations]:
    """Ask Semantic Scholar, then OpenAlex; one ``Citations`` per id (at most 500 ids)."""
    s2 = client.semantic_scholar(arxiv_ids) if arxiv_ids else {}
    openalex: dict[str, tuple[int, dict[str, int]]] = {}
    for start in range(0, len(arxiv_ids), OPENALEX_BATCH):
        openalex.update(client.openalex(arxiv_ids[start : start + OPENALEX_BATCH]))
    found = {}
    for arxiv_id in arxiv_ids:
        years = openalex[arxiv_id][1] if arxiv_id in openalex else None
        if arxiv_id in s2:
            found[arxiv_id] = Citations(s2[arxiv_id], SEMANTIC_SCHOLAR, years)
        elif arxiv_id in openalex:
            found[arxiv_id] = Citations(openalex[arxiv_id][0], OPENALEX, years)
        else:
            found[arxiv_id] = Citations()
    return found


def store_citations(found: dict[int, Citations], now: datetime) -> set[int]:
    """Write one batch (paper id -> Citations) and its authors' metrics in one transaction.

    Returns the ids of the authors whose metrics were refreshed.
    """
    if not found:
        return set()
    ids = sorted(found)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE papers_paper p SET
                    citation_count = COALESCE(t.n, p.citation_count),
                    citations_source = CASE WHEN t.n IS NULL THEN p.citations_source
                                            ELSE t.source END,
                    citations_by_year = COALESCE(t.by_year::jsonb, p.citations_by_year),
                    citations_as_of = %(now)s
                FROM unnest(%(ids)s::bigint[], %(counts)s::integer[], %(sources)s::text[],
                            %(by_year)s::text[]) AS t(id, n, source, by_year)
                WHERE p.id = t.id
                """,
                {
                    "now": now,
                    "ids": ids,
                    "counts": [found[i].count for i in ids],
                    "sources": [found[i].source for i in ids],
                    "by_year": [
                        None if found[i].by_year is None else json.dumps(found[i].by_year)
                        for i in ids
                    ],
                },
            )
        authors = set(
            Authorship.objects.filter(paper_id__in=ids, author__isnull=False)
            .values_list("author_id", flat=True)
            .distinct()
        )
        citations_changed.send(sender=Paper, author_ids=authors)
    return authors


def enrich_papers(
    paper_ids: Iterable[int], client: CitationClient | None = None, *, now: datetime | None = None
) -> int:
    """Fetch and store citations for these papers, 500 at a time; returns how many were asked.

    Each batch is fetched completely, then written in one transaction: an error in
    one batch leaves it (and every later batch) unwritten and earlier batches stored.
    Withdrawn papers are skipped.
    """
    papers = list(
        Paper.objects.filter(id__in=set(paper_ids), withdrawn=False)
        .order_by("id")
        .values_list("id", "arxiv_id")
    )
    own_client = client is None
    client = client or CitationClient()
    try:
        for start in range(0, len(papers), S2_BATCH):
            batch = papers[start : start + S2_BATCH]
            found = fetch_citations([arxiv_id for _, arxiv_id in batch], client)
            store_citations(
                {paper_id: found[arxiv_id] for paper_id, arxiv_id in batch}, now or timezone.now()
            )
    finally:
        if own_client:
            client.close()
    return len(papers)


def stale_paper_ids(limit: int, *, now: datetime | None = None) -> list[int]:
    """Papers never asked about first, then those asked longest ago (over STALE_AFTER)."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    return list(
        Paper.objects.filter(Q(citations_as_of__isnull=True) | Q(citations_as_of__lt=cutoff))
        .filter(withdrawn=False)
        .order_by(F("citations_as_of").asc(nulls_first=True), "id")
        .values_list("id", flat=True)[:limit]
    )
