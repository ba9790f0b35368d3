"""Idempotent storing of parsed records: one transaction per batch, set-based SQL.

Rules (DESIGN.md "Ingest rules"):
- the same record twice changes nothing (its digest equals the stored one);
- a newer version updates the paper and adds PaperVersion rows; an older never
  overwrites a newer, and a source that lacks a field never blanks it;
- a record over a field's bound (``ingest.limits``) is held for a curator with the
  reason, never cut to fit; the rest of the page is stored as usual;
- a byline is matched by ``ingest.matching``; curator and owner decisions on a
  byline survive a re-import;
- co-author edges follow in the same transaction; author counters, institutions
  and trust in one pass at the end of the run (``refresh_stale_authors``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from graph.edges import apply_paper_edges
from ingest.bulk import alongside, bulk_cursor, copy_rows, insert_rows, next_ids
from ingest.limits import limit_reason
from ingest.matching import Match, Matcher, normalize_name
from ingest.models import ImportRecord, ImportRun, PendingAuthor
from ingest.records import PaperRecord
from papers.announce import listing_day
from papers.bibtex import bibtex_entry, refresh_entries
from papers.links import find_code_url
from papers.models import Authorship, Category, Paper, PaperVersion
from profiles.institutions import refresh_institutions
from profiles.metrics import refresh_counters
from profiles.models import Author, AuthorAlias, VerificationLevel
from profiles.trust import refresh_trust

# Byline rows a re-import must not overwrite.
KEPT_MATCHES = (Authorship.MatchedBy.CURATOR, Authorship.MatchedBy.OWNER)


@dataclass
class BatchResult:
    """What one batch did, in ImportRun's terms."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    held: int = 0
    paper_ids: list[int] = field(default_factory=list)
    author_ids: set[int] = field(default_factory=set)


def store_batch(records: list[PaperRecord], run: ImportRun, *, hold: bool = False) -> BatchResult:
    """Store one parsed page in one transaction and add its counts to ``run``.

    The touched authors' counters, institution and trust wait for
    ``refresh_stale_authors`` (a run calls it once, at its end, through
    ``pipeline.finish``): recomputing them reads each author's whole history. Until
    then the authors are marked stale (``counters_refreshed_at`` NULL), which also
    survives a worker killed before the end of its run, and what matching reads of
    them (works, categories) is added up in ``PendingAuthor``.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            # A batch lost to a crash in the next fraction of a second is pulled again
            # (storing is idempotent), so it need not wait for its WAL to reach disk.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        result = _store(records, run, hold)
        ImportRun.objects.filter(pk=run.pk).update(**_count_updates(run, result, len(records)))
        run.refresh_from_db(fields=["fetched", "created", "updated", "unchanged", "held"])
    return result


def _count_updates(run, result, fetched):
    from django.db.models import F

    return {
        "fetched": F("fetched") + fetched,
        "created": F("created") + result.created,
        "updated": F("updated") + result.updated,
        "unchanged": F("unchanged") + result.unchanged,
        "held": F("held") + result.held,
    }


def refresh_stale_authors() -> int:
    """Counters, institution and trust of every author a deferred batch left stale.

    Stale means ``counters_refreshed_at`` is NULL: set by ``store_batch`` and on
    every author ingest creates. Any run's end picks up what an interrupted
    run left behind. Returns how many authors were refreshed.
    """
    with transaction.atomic():
        ids = list(
            Author.objects.filter(counters_refreshed_at__isnull=True).values_list("id", flat=True)
        )
        refresh_counters(ids)
        refresh_institutions(ids)
        refresh_trust(ids)
        # Every pending row of an author with counters is spent: these, and any a merge refreshed.
        PendingAuthor.objects.filter(author__counters_refreshed_at__isnull=False).delete()
    return len(ids)


def _store(records, run, hold) -> BatchResult:
    now = timezone.now()
    result = BatchResult()
    latest = _latest_per_id(records)
    payloads, hashes = {}, {}
    for record in latest:
        payloads[record.arxiv_id], hashes[record.arxiv_id] = record.encoded
    existing = {
        row[0]: row[1:]
        for row in Paper.objects.filter(arxiv_id__in=list(payloads)).values_list(
            "arxiv_id",
            "id",
            "latest_version",
            "content_hash",
            "authors_text",
            "withdrawn",
            "modified_at",
        )
    }
    new, changed, statuses, messages = [], [], {}, {}
    for record in latest:
        known = existing.get(record.arxiv_id)
        if record.deleted:
            is_change = known is not None and not known[4]
        elif known is None:
            is_change = True
        else:
            _, version, stored_hash, *_ = known
            is_change = record.version > version or (
                record.version == version and hashes[record.arxiv_id] != stored_hash
            )
        if not is_change:
            statuses[record.arxiv_id] = ImportRecord.Status.UNCHANGED
        elif not record.deleted and (reason := limit_reason(record)):
            # Not cut to fit and not failing the page: a curator sees why it waits.
            statuses[record.arxiv_id] = ImportRecord.Status.HELD
            messages[record.arxiv_id] = reason
        elif hold:
            statuses[record.arxiv_id] = ImportRecord.Status.HELD
        else:
            statuses[record.arxiv_id] = ImportRecord.Status.APPLIED
            (new if known is None else changed).append(record)
    result.unchanged = sum(1 for s in statuses.values() if s == ImportRecord.Status.UNCHANGED)
    result.held = sum(1 for s in statuses.values() if s == ImportRecord.Status.HELD)

    paper_ids: dict[str, int] = {a: known[0] for a, known in existing.items()}
    if new or changed:
        _ensure_categories(
            {c for r in new + changed for c in [r.primary_category, *r.categories] if c}
        )
        paper_ids.update(zip((r.arxiv_id for r in new), next_ids(Paper, len(new)), strict=True))
        _update_papers(changed, existing, hashes, now)
        _upsert_versions(changed, paper_ids, inserted=False)
        rebyline = [
            r for r in changed if not r.deleted and byline_text(r) != existing[r.arxiv_id][3]
        ]

        def write_new_papers(conn):
            _insert_papers(new, paper_ids, hashes, now, conn=conn)
            _upsert_versions(new, paper_ids, inserted=True, conn=conn)

        result.author_ids, gained = _store_bylines(
            new, rebyline, paper_ids, meanwhile=write_new_papers if new else None
        )
        # A paper withdrawn, or changed under the same byline (categories, dates), changes
        # its authors' counters too.
        rebylined = {r.arxiv_id for r in rebyline}
        result.author_ids |= _authors_of(
            [paper_ids[r.arxiv_id] for r in changed if r.arxiv_id not in rebylined]
        )
        # Field by field merging (_update_papers) and kept bylines decide what a changed paper
        # now is: its entry is rebuilt from the stored rows, not from the record.
        refresh_entries([paper_ids[r.arxiv_id] for r in changed if not r.deleted])
        touched = [paper_ids[r.arxiv_id] for r in new + changed]
        _mark_stale(result.author_ids, gained)
        result.created, result.updated = len(new), len(changed)
        result.paper_ids = touched

    copy_rows(
        ImportRecord,
        [
            "run",
            "arxiv_id",
            "version",
            "content_hash",
            "payload",
            "status",
            "paper",
            "matches",
            "message",
            "paper_state",
            "created_at",
        ],
        [
            (
                run.pk,
                r.arxiv_id,
                r.version,
                hashes[r.arxiv_id],
                payloads[r.arxiv_id],
                statuses[r.arxiv_id],
                paper_ids.get(r.arxiv_id),
                "[]",
                messages.get(r.arxiv_id, ""),
                json.dumps(
                    _paper_state(existing.get(r.arxiv_id))
                    if statuses[r.arxiv_id] == ImportRecord.Status.HELD
                    else {}
                ),
                now,
            )
            for r in latest
        ],
    )
    return result


def _paper_state(known) -> dict:
    """What a held record was reviewed against: the paper as it stands now ({} when new)."""
    if known is None:
        return {}
    _, version, content_hash, _, withdrawn, modified_at = known
    return paper_state(content_hash, version, withdrawn, modified_at)


def paper_state(content_hash: str, latest_version: int, withdrawn: bool, modified_at) -> dict:
    """The parts of a paper that, changed, make a held record's review out of date."""
    return {
        "content_hash": content_hash,
        "latest_version": latest_version,
        "withdrawn": withdrawn,
        "modified_at": modified_at.isoformat(),
    }


def _latest_per_id(records: list[PaperRecord]) -> list[PaperRecord]:
    """One record per paper: the highest version (the later one when equal)."""
    chosen: dict[str, PaperRecord] = {}
    for record in records:
        held = chosen.get(record.arxiv_id)
        if held is None or record.version >= held.version:
            chosen[record.arxiv_id] = record
    return list(chosen.values())


def byline_text(record: PaperRecord) -> str:
    """The byline as Paper.authors_text keeps it: names as printed, comma-separated."""
    return ", ".join(a.name for a in record.authors)


def _ensure_categories(codes: set[str]) -> None:
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
    "content_hash", "created_at", "modified_at", "bibtex",
]  # fmt: skip


_ANNOUNCED, _ANNOUNCE_TYPE = PAPER_FIELDS.index("announced_on"), PAPER_FIELDS.index("announce_type")


def _paper_row(record: PaperRecord, content_hash: str, now) -> tuple:
    return (
        record.arxiv_id, record.version, record.title, record.abstract,
        record.primary_category or None, record.categories, record.published, record.updated,
        record.comment, record.journal_ref, record.doi, record.license,
        find_code_url(record.abstract, record.comment), record.announced_on,
        record.announce_type, record.deleted, len(record.authors), byline_text(record),
        content_hash, now, now, _bibtex(record),
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


def _insert_papers(records, paper_ids, hashes, now, *, conn=None) -> None:
    """New papers; one the RSS did not announce gets the listing day its v1 date implies."""
    rows = []
    for record in records:
        row = list(_paper_row(record, hashes[record.arxiv_id], now))
        if row[_ANNOUNCED] is None and record.published:
            row[_ANNOUNCED], row[_ANNOUNCE_TYPE] = listing_day(record.published), "new"
        rows.append((paper_ids[record.arxiv_id], *row))
    copy_rows(Paper, ["id", *PAPER_FIELDS], rows, conn=conn)


def _update_papers(records, existing, hashes, now) -> None:
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
        "published": "COALESCE(p.published, s.published)",
        "updated": "COALESCE(s.updated, p.updated)",
        "comment": keep_old("comment"),
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


def _upsert_versions(records, paper_ids, *, inserted: bool, conn=None) -> None:
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


def _store_bylines(
    new, rebyline, paper_ids, *, meanwhile=None
) -> tuple[set[int], dict[int, tuple[int, set[str]]]]:
    """Match every byline name, create the new authors, and write authorships, aliases, edges.

    ``new`` are records of papers inserted by this batch, ``rebyline`` of stored
    papers whose byline changed. For those, the old rows are replaced, but a name
    a curator or owner placed keeps its author, a name an owner said is not theirs
    stays held (never matched back to them), and old edges are taken back.
    Returns every author touched, and for those on the new bylines the works they
    gained (papers they were not on before) and those papers' categories.
    ``meanwhile`` (see ``ingest.bulk.alongside``) runs while names are matched.
    """
    records = new + rebyline
    if not records:
        return set(), {}
    ids = [paper_ids[r.arxiv_id] for r in rebyline]  # papers inserted just now have no bylines
    old = list(
        Authorship.objects.filter(paper_id__in=ids).values_list(
            "paper_id",
            "author_id",
            "name_as_printed",
            "matched_by",
            "held_from_id",
            "paper__published",
        )
    )
    kept: dict[tuple[int, str], tuple[int | None, str, int | None]] = {}
    old_authors: dict[int, list[int]] = {}
    for paper_id, author_id, name, matched_by, held_from, _ in old:
        if author_id:
            old_authors.setdefault(paper_id, []).append(author_id)
        if (matched_by in KEPT_MATCHES and author_id) or matched_by == Authorship.MatchedBy.HELD:
            kept[(paper_id, normalize_name(name))] = (author_id, matched_by, held_from)
    if old:
        years = {p: (pub.year if pub else None) for p, *_, pub in old}
        apply_paper_edges({p: (a, years[p]) for p, a in old_authors.items()}, sign=-1)
        Authorship.objects.filter(paper_id__in=ids).delete()

    matcher = Matcher({normalize_name(a.name) for r in records for a in r.authors})
    # Matching is Python alone: the new papers are written meanwhile, on this transaction.
    with alongside(meanwhile):
        resolved: list[tuple[PaperRecord, int, list[Match]]] = []
        for record in records:
            paper_id = paper_ids[record.arxiv_id]
            matches = matcher.resolve([a.name for a in record.authors], record.categories)
            resolved.append((record, paper_id, matches))
        fresh = _number_new_authors(resolved)
        bylines = _Bylines.of(resolved, kept, old_authors)
    bylines.settle(_create_authors(fresh))
    copy_rows(
        Authorship,
        [
            "paper",
            "author",
            "position",
            "name_as_printed",
            "affiliation_as_printed",
            "matched_by",
            "confidence",
            "held_from",
        ],
        bylines.authorships,
    )
    insert_rows(
        AuthorAlias,
        ["author", "name", "normalized"],
        sorted(bylines.aliases.values()),
        on_conflict="(author_id, normalized) DO NOTHING",
    )
    apply_paper_edges(bylines.edges, sign=1)
    return bylines.touched, bylines.gained


def _authors_of(paper_ids: list[int]) -> set[int]:
    if not paper_ids:
        return set()
    return set(
        Authorship.objects.filter(paper_id__in=paper_ids, author__isnull=False).values_list(
            "author_id", flat=True
        )
    )


def _mark_stale(author_ids: set[int], gained: dict[int, tuple[int, set[str]]]) -> None:
    """Leave these authors for ``refresh_stale_authors``, with matching's inputs kept current.

    The matcher reads the works (ties) and categories (evidence) of candidates, so
    later pages of the run must see this one's papers there: they are added up in
    ``PendingAuthor``, a narrow row, where rewriting the author row on every page
    cost more than the rest of its bylines. Taking back a byline's works waits for
    the refresh, as it does within one batch.
    """
    ids = sorted(author_ids)
    if not ids:
        return
    with bulk_cursor() as cursor:
        # Authors refreshed since their last pending row (a run's end, a merge) start anew.
        cursor.execute(
            "UPDATE profiles_author SET counters_refreshed_at = NULL "
            "WHERE id = ANY(%s) AND counters_refreshed_at IS NOT NULL RETURNING id",
            [ids],
        )
        fresh = [row[0] for row in cursor.fetchall()]
        if fresh:
            cursor.execute("DELETE FROM ingest_pendingauthor WHERE author_id = ANY(%s)", [fresh])
    gainers = sorted(gained)
    insert_rows(
        PendingAuthor,
        ["author", "works", "category_codes"],
        [(a, gained[a][0], sorted(gained[a][1])) for a in gainers],
        on_conflict=(
            "(author_id) DO UPDATE SET "
            "works = ingest_pendingauthor.works + EXCLUDED.works, "
            "category_codes = ingest_pendingauthor.category_codes || ARRAY("
            "SELECT c FROM unnest(EXCLUDED.category_codes) AS c "
            "WHERE NOT c = ANY(ingest_pendingauthor.category_codes))::varchar[]"
        ),
    )


def _number_new_authors(resolved) -> list[tuple[Match, str]]:
    """Number the authors the matcher created -1, -2, ... until ``_create_authors`` gives ids.

    Returns each with the name it was first printed as.
    """
    fresh = []
    for record, _, matches in resolved:
        for author, match in zip(record.authors, matches, strict=True):
            if match.is_new:
                fresh.append((match, author.name))
                match.candidate.author_id = -len(fresh)
    return fresh


@dataclass
class _Bylines:
    """The rows a batch's bylines write, and what they do to authors; new ones numbered < 0."""

    authorships: list[tuple] = field(default_factory=list)
    aliases: dict[tuple[int, str], tuple[int, str, str]] = field(default_factory=dict)
    edges: dict[int, tuple[list[int], int | None]] = field(default_factory=dict)
    touched: set[int] = field(default_factory=set)
    gained: dict[int, tuple[int, set[str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, resolved, kept, old_authors) -> _Bylines:
        rows = cls()
        for paper_authors in old_authors.values():
            rows.touched.update(paper_authors)
        for record, paper_id, matches in resolved:
            on_paper = []
            for position, (author, match) in enumerate(zip(record.authors, matches, strict=True)):
                author_id, how, confidence = None, match.matched_by, match.confidence
                held_from = None
                if (paper_id, match.normalized) in kept:
                    author_id, how, held_from = kept[(paper_id, match.normalized)]
                    confidence = 0.0 if how == Authorship.MatchedBy.HELD else 1.0
                elif match.candidate is not None:
                    author_id = match.candidate.author_id
                if author_id:
                    on_paper.append(author_id)
                    rows.aliases[(author_id, match.normalized)] = (
                        author_id,
                        author.name,
                        match.normalized,
                    )
                rows.authorships.append(
                    (
                        paper_id,
                        author_id,
                        position,
                        author.name,
                        "; ".join(author.affiliations),
                        how,
                        confidence,
                        held_from,
                    )
                )
            year = record.published.year if record.published else None
            rows.edges[paper_id] = (on_paper, year)
            rows.touched.update(on_paper)
            before = set(old_authors.get(paper_id, ()))
            for author_id in set(on_paper):
                works, codes = rows.gained.get(author_id, (0, set()))
                rows.gained[author_id] = (works + (author_id not in before), codes)
                codes.update(record.categories)
        return rows

    def settle(self, ids: dict[int, int]) -> None:
        """Put the new authors' ids (``ids``: number -> id) in place of their numbers."""
        if not ids:
            return
        real = lambda a: ids[a] if a is not None and a < 0 else a  # noqa: E731
        self.authorships = [(p, real(a), *rest) for p, a, *rest in self.authorships]
        self.aliases = {
            (real(a), n): (real(a), name, n) for (a, n), (_, name, _) in self.aliases.items()
        }
        self.edges = {p: ([real(a) for a in ids_], year) for p, (ids_, year) in self.edges.items()}
        self.touched = {real(a) for a in self.touched}
        self.gained = {real(a): entry for a, entry in self.gained.items()}


def _create_authors(fresh: list[tuple[Match, str]]) -> dict[int, int]:
    """Give every author the matcher created an id and a readable, unique slug.

    Returns ids by the numbers ``_number_new_authors`` gave them.
    """
    if not fresh:
        return {}
    new_ids = next_ids(Author, len(fresh))
    wanted = sorted({(slugify(name)[:100] or "author") for _, name in fresh})
    with bulk_cursor() as cursor:  # thousands of slugs: bound, not quoted into the SQL
        cursor.execute("SELECT slug FROM profiles_author WHERE slug = ANY(%s)", [wanted])
        taken = {row[0] for row in cursor.fetchall()}
    rows, ids = [], {}
    for (match, name), author_id in zip(fresh, new_ids, strict=True):
        slug = slugify(name)[:100] or "author"
        if slug in taken:
            slug = f"{slug}-{author_id}"
        taken.add(slug)
        ids[match.candidate.author_id] = author_id
        match.candidate.author_id = author_id
        rows.append(
            (
                author_id,
                slug,
                name,
                match.normalized,
                VerificationLevel.IMPORTED,
                timezone.now(),
            )
        )
    insert_rows(
        Author,
        ["id", "slug", "display_name", "normalized_name", "verification_level", "created_at"],
        rows,
    )
    return ids
