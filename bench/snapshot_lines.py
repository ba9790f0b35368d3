"""Pages of arXiv metadata snapshot lines for the ingest bench, made from the OAI pages.

The snapshot path reads the same real records as the bulk path: each OAI page
(ids already rewritten per copy) is parsed and written out as snapshot JSON
lines by the tests' generator, so the two paths store the same papers and
bylines and their rates compare.
"""

from __future__ import annotations


def snapshot_pages(oai_pages: list[bytes]) -> list[bytes]:
    """Each OAI ListRecords page as a page of snapshot lines, record for record."""
    from ingest.sources import oai_pmh
    from tests.feedgen import snapshot_lines

    return [snapshot_lines(oai_pmh.parse(page).records) for page in oai_pages]


def parse_snapshot(body: bytes) -> list:
    """The records of a page of lines, through the reader the importer uses."""
    from ingest.sources.arxiv_snapshot import read_pages

    lines = body.splitlines()
    return [r for page in read_pages(lines, page_size=len(lines) or 1) for r in page.records]
