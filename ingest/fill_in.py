"""What an RSS listing leaves out, filled in from the arXiv API.

An RSS item has the announcement but no v1 date, versions, comment or (often)
journal reference; the paper is stored dated by its announcement
(``Paper.dated_by_announcement``) and this asks the API for the rest in batched
``id_list`` requests through the polite client. An RSS run does it before it
finishes; what it could not do (arXiv down) the next poll asks again.
"""

from __future__ import annotations

import logging

from ingest.client import ArxivClient
from ingest.sources import arxiv_api
from ingest.sources.common import FeedError
from ingest.store import store_batch
from papers.models import Paper

log = logging.getLogger("peerfolio.ingest")
ID_LIST_BATCH = 100  # ids per request: arXiv's URL stays short, one response stays small
MAX_PER_RUN = 1000  # a day's listing of a busy category set; the rest waits for the next poll


def papers_to_fill(limit: int = MAX_PER_RUN) -> list[str]:
    """arXiv ids of papers still dated by their announcement, newest first."""
    return list(
        Paper.objects.filter(dated_by_announcement=True, withdrawn=False)
        .order_by("-published", "-id")
        .values_list("arxiv_id", flat=True)[:limit]
    )


def fill_in(run, client: ArxivClient, *, limit: int = MAX_PER_RUN) -> str:
    """Ask the API for what papers dated by announcement lack; store it in ``run``.

    Returns "" or one line saying why it stopped (the papers keep their announcement
    date and the next poll asks again).
    """
    ids = papers_to_fill(limit)
    for start in range(0, len(ids), ID_LIST_BATCH):
        batch = ids[start : start + ID_LIST_BATCH]
        try:
            page = arxiv_api.parse(client.get(arxiv_api.id_list_url(batch)).body)
        except FeedError as exc:
            log.warning(
                "Run %s: filling in %d papers from the API failed: %s", run.pk, len(ids), exc
            )
            return f"The listing was stored; the arXiv API lookup of v1 dates failed ({exc}) and is retried next poll."
        # Only the papers asked for: the API answers a withdrawn id with nothing.
        wanted = set(batch)
        store_batch([r for r in page.records if r.arxiv_id in wanted], run)
    return ""
