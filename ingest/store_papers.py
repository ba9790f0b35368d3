"""Storing papers: their rows (set-wise insert or field-by-field update), versions, categories.

Called by ``ingest.store`` inside its page transaction; a source that lacks a
field never blanks the stored one, and an older version never overwrites a newer.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import connection

from core.bulk import copy_rows, insert_rows
from ingest.concurrency import ConcurrentWrite
from ingest.records import PaperRecord
from papers.announce import announced_at, listing_day
from papers.bibtex import bibtex_entry
from papers.links import find_code_url
from papers.mathtext import stored_html
from papers.models import Category, Paper, PaperVersion


def byline_text(record: PaperRecord) -> str:
    """The byline as Paper.authors_text keeps it: names as printed, comma-separated."""
    return ", ".join(a.name for a in record.authors)


def ensure_categories(codes: set[str]) -> None:
    """Unknown codes (new or retired categories) get a row named by their code."""
    known = set(Category.objects.filter(code__in=codes).values_list("code", flat=True))
    missing = sorted(codes - known)
    insert_rows(
        Category,
        ["code", "name", "archive", "group", "is_active"],
        [(c, c, c.split(".")[0], "", False) for c in missing],
        on_conflict="(code) DO NOTHING",
    )


PAPER_FIELDS = [
    "arxiv_id", "latest_version", "title", "abstract", "primary_category", "categories",
    "published", "updated", "comment", "journal_ref", "doi", "license", "code_url",
    "announced_on", "announce_type", "withdrawn", "author_count", "authors_text",
    "content_hash", "created_at", "modified_at", "bibtex", "dated_by_announcement",
    "title_html", "abstract_html", "comment_html",
]  # fmt: skip


_ANNOUNCED, _ANNOUNCE_TYPE = PAPER_FIELDS.index("announced_on"), PAPER_FIELDS.index("announce_type")


def _paper_row(record: PaperRecord, content_hash: str, now) -> tuple:
    # Until a source gives the v1 date, the announcement dates the paper (and says so).
    published = record.published or announced_at(record.announced_on)
    return (
        record.arxiv_id, record.version, record.title, record.abstract,
        record.primary_category or None, record.categories, published, record.updated,
        record.comment, record.journal_ref, record.doi, record.license,
        find_code_url(record.abstract, record.comment), record.announced_on,
        record.announce_type, record.deleted, len(record.authors), byline_text(record),
        content_hash, now, now, _bibtex(record),
        record.published is None and published is not None,
        # Pages print these, rendered once here rather than on every request.
        *stored_html(record.title, record.abstract, record.comment),
    )  # fmt: skip


def _bibtex(record: PaperRecord) -> str:
    """The entry exports read (Paper.bibtex), from the record as it is stored."""
    when = record.published or record.announced_on
    if isinstance(when, datetime) and when.tzinfo:
        when = when.astimezone(UTC)  # as PostgreSQL gives the year back (papers.bibtex)
    return bibtex_entry(
        arxiv_id=record.arxiv_id,
        title=record.title,
        year=when.year if when else None,
        primary_category=record.primary_category or None,
        doi=record.doi,
        journal_ref=record.journal_ref,
        names=[a.name for a in record.authors],
    )


def insert_papers(records, paper_ids, hashes, now, *, conn=None) -> None:
    """New papers; one the RSS did not announce gets the listing day its v1 date implies.

    An upsert on the arXiv id: another import may have stored one of them since this
    batch looked (``ingest.concurrency``). Then the batch, which took the paper for new,
    raises ``ConcurrentWrite`` and is run again, finding the paper stored.
    """
    rows = []
    for record in records:
        row = list(_paper_row(record, hashes[record.arxiv_id], now))
        if row[_ANNOUNCED] is None and record.published:
            row[_ANNOUNCED], row[_ANNOUNCE_TYPE] = listing_day(record.published), "new"
        rows.append((paper_ids[record.arxiv_id], *row))
    rows.sort(key=lambda row: row[1])  # one order for every import: no deadlock on the index
    inserted = insert_rows(
        Paper,
        ["id", *PAPER_FIELDS],
        rows,
        on_conflict="(arxiv_id) DO NOTHING",
        returning=["arxiv_id"],
        conn=conn,
    )
    if len(inserted) != len(rows):
        lost = sorted({r[1] for r in rows} - {arxiv_id for (arxiv_id,) in inserted})
        raise ConcurrentWrite(f"{len(lost)} papers stored meanwhile by another import: {lost[:3]}")


# The stored date gives way: there was none, or it was the announcement and this is the v1 date.
_REDATE = (
    "(s.published IS NOT NULL AND (p.published IS NULL "
    "OR (p.dated_by_announcement AND NOT s.dated_by_announcement)))"
)


def update_papers(records, existing, hashes, now) -> None:
    """Newer data wins field by field; an empty field in the newer record keeps the old value."""
    if not records:
        return
    deleted = [existing[r.arxiv_id][0] for r in records if r.deleted]
    Paper.objects.filter(id__in=deleted).update(withdrawn=True, modified_at=now)
    live = [r for r in records if not r.deleted]
    if not live:
        return
    staging = "ingest_paper_update"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE {staging} ON COMMIT DROP AS SELECT * FROM papers_paper WITH NO DATA"
        )
    insert_rows(
        Paper, PAPER_FIELDS, [_paper_row(r, hashes[r.arxiv_id], now) for r in live], table=staging
    )
    keep_old = lambda col: f"COALESCE(NULLIF(s.{col}, ''), p.{col})"  # noqa: E731
    assignments = {
        "latest_version": "GREATEST(s.latest_version, p.latest_version)",
        "title": keep_old("title"),
        "abstract": keep_old("abstract"),
        "primary_category_id": "COALESCE(s.primary_category_id, p.primary_category_id)",
        "categories": "CASE WHEN cardinality(s.categories) > 0 THEN s.categories ELSE p.categories END",
        # The v1 date, once known, replaces an announcement date; a known one stays.
        "published": f"CASE WHEN {_REDATE} THEN s.published ELSE p.published END",
        "dated_by_announcement": f"CASE WHEN {_REDATE} THEN s.dated_by_announcement "
        "ELSE p.dated_by_announcement END",
        # Novelty compares a paper with those before it: a new date, a new reference set.
        "novelty": f"CASE WHEN {_REDATE} AND p.published IS DISTINCT FROM s.published "
        "THEN NULL ELSE p.novelty END",
        "updated": "COALESCE(s.updated, p.updated)",
        "comment": keep_old("comment"),
        # Empty exactly when their text is, so they follow it.
        "title_html": keep_old("title_html"),
        "abstract_html": keep_old("abstract_html"),
        "comment_html": keep_old("comment_html"),
        "journal_ref": keep_old("journal_ref"),
        "doi": keep_old("doi"),
        "license": keep_old("license"),
        "code_url": keep_old("code_url"),
        "announced_on": "COALESCE(s.announced_on, p.announced_on)",
        "announce_type": keep_old("announce_type"),
        "withdrawn": "false",
        "author_count": "CASE WHEN s.author_count > 0 THEN s.author_count ELSE p.author_count END",
        "authors_text": keep_old("authors_text"),
        "content_hash": "s.content_hash",
        "modified_at": "s.modified_at",
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE papers_paper p SET {', '.join(f'{c} = {e}' for c, e in assignments.items())} "
            f"FROM {staging} s WHERE p.arxiv_id = s.arxiv_id"
        )
        cursor.execute(f"DROP TABLE {staging}")


def upsert_versions(records, paper_ids, *, inserted: bool, conn=None) -> None:
    """PaperVersion rows; those of papers this batch ``inserted`` cannot conflict, so go by COPY."""
    rows = {}
    for record in records:
        if record.deleted:
            continue
        paper_id = paper_ids[record.arxiv_id]
        for v in record.versions:
            rows[(paper_id, v.version)] = (paper_id, v.version, v.submitted_at, v.size)
        rows.setdefault((paper_id, record.version), (paper_id, record.version, None, ""))
    fields = ["paper", "version", "submitted_at", "size"]
    if inserted:
        copy_rows(PaperVersion, fields, list(rows.values()), conn=conn)
        return
    insert_rows(
        PaperVersion,
        fields,
        sorted(rows.values(), key=lambda r: (r[0], r[1])),
        on_conflict=(
            "(paper_id, version) DO UPDATE SET "
            "submitted_at = COALESCE(EXCLUDED.submitted_at, papers_paperversion.submitted_at), "
            "size = COALESCE(NULLIF(EXCLUDED.size, ''), papers_paperversion.size)"
        ),
    )
