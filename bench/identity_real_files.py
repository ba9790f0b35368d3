"""The real arXiv files the identity labels come from, read as the product reads them.

``read_sources(root)`` gives each file's ``PaperRecord``s, parsed by the product's own
readers (``ingest.pipeline.read_saved_response`` wraps the stringology file's
``<articles>`` root into an Atom feed, as ``manage.py ingest --file`` does). A paper
printed in two files is kept from the first file listed (the labels' positions are
that file's), so every (arXiv id, position) names one byline.

Needs Django settings (the readers read ``settings``); the database only with ``database``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SOURCES = (
    "api/stringologytimes_api_entries_2060.xml",
    "oai/scrapi_ListRecords_oai_dc_2014-12-24_897rec.xml",
    "oai/litpuvn_ListRecords_arXivRaw_2016-10-20_387rec.xml",
    "api/arxiv.py-fixtures/legacy_search_query_au_del_maestro.xml",
    "api/arxiv.py-fixtures/legacy_search_query_au_del_maestro_ANDNOT_ti_checkerboard_OR_ti_Pyrochlore.xml",
    "api/arxiv.py-fixtures/legacy_search_query_au_del_maestro_AND_ti_checkerboard.xml",
    "api/api_2026_search_testing_100_entries.xml",
)


@dataclass
class Source:
    path: str  # relative to the samples folder
    records: list  # PaperRecord, the papers no earlier source printed


def read_sources(root: Path, *, database: bool = False) -> list[Source]:
    """Each source file's records (parsed by the product's readers), first file wins an id.

    With ``database`` the records are parsed exactly as ``manage.py ingest --file`` parses
    them (``ingest.pipeline.parse_page``: oai_dc subjects become categories from the
    Category table); without it oai_dc papers have no categories, the names are the same.
    """
    from ingest.pipeline import detect_kind, parse_page, read_saved_response
    from ingest.sources import arxiv_api, oai_pmh

    seen: set[str] = set()
    sources = []
    for path in SOURCES:
        body = read_saved_response(Path(root) / path)
        kind = detect_kind(body)
        if database:
            records = parse_page(kind, body)[0]
        elif kind == "api":
            records = arxiv_api.parse(body).records
        else:
            records = oai_pmh.parse(body).records
        fresh = [r for r in records if r.arxiv_id not in seen]
        seen.update(r.arxiv_id for r in fresh)
        sources.append(Source(path, fresh))
    return sources


def bylines(sources: list[Source]) -> dict[tuple[str, int], str]:
    """(arXiv id, position) -> the name as printed, over every source."""
    return {
        (record.arxiv_id, position): author.name
        for source in sources
        for record in source.records
        for position, author in enumerate(record.authors)
    }
