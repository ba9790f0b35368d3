"""Storing bylines: matching each name to an author, new authors, edges and stale counters.

Called by ``ingest.store`` inside its page transaction. Curator and owner
decisions on a byline (``KEPT_MATCHES``) survive every re-import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify

from core.bulk import alongside, bulk_cursor, copy_rows, insert_rows, next_ids
from core.names import decode_tex, normalize_name
from graph.edges import apply_paper_edges
from graph.models import MAX_AUTHORS_FOR_EDGES
from ingest.matching import Match, Matcher
from ingest.models import AuthorTeams, PendingAuthor
from ingest.records import PaperRecord
from ingest.teams import MAX_KEPT
from papers.models import Authorship
from profiles.models import Author, AuthorAlias, VerificationLevel
from profiles.name_keys import alias_row

# Byline rows a re-import must not overwrite.
KEPT_MATCHES = (Authorship.MatchedBy.CURATOR, Authorship.MatchedBy.OWNER)


def store_bylines(
    new, rebyline, paper_ids, *, meanwhile=None
) -> tuple[set[int], dict[int, tuple[int, set[str]]]]:
    """Match every byline name, create the new authors, and write authorships, aliases, edges.

    ``new`` are records of papers inserted by this batch, ``rebyline`` of stored
    papers whose byline changed. For those, the old rows are replaced, but a name
    a curator or owner placed keeps its author, a name an owner said is not theirs
    stays held (never matched back to them), and old edges are taken back.
    Returns every author touched, and for those on the new bylines the works they
    gained (papers they were not on before) and those papers' categories.
    ``meanwhile`` (see ``core.bulk.alongside``) runs while names are matched.
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

    matcher = Matcher({a.name for r in records for a in r.authors})
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
    _keep_teams(resolved)
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
        ["author", "name", "normalized", "block"],
        sorted(bylines.aliases.values()),
        on_conflict="(author_id, normalized) DO NOTHING",
    )
    apply_paper_edges(bylines.edges, sign=1)
    return bylines.touched, bylines.gained


def authors_of(paper_ids: list[int]) -> set[int]:
    if not paper_ids:
        return set()
    return set(
        Authorship.objects.filter(paper_id__in=paper_ids, author__isnull=False).values_list(
            "author_id", flat=True
        )
    )


def mark_stale(author_ids: set[int], gained: dict[int, tuple[int, set[str]]]) -> None:
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


def _keep_teams(resolved) -> None:
    """Save the collaboration bands (``ingest.teams``) of authors matched on crowded bylines."""
    teams = {
        match.candidate.author_id: match.candidate.teams
        for record, _, matches in resolved
        if len(record.authors) > MAX_AUTHORS_FOR_EDGES
        for match in matches
        if match.candidate is not None and match.candidate.teams
    }
    insert_rows(
        AuthorTeams,
        ["author", "bands"],
        [(author_id, sorted(teams[author_id])) for author_id in sorted(teams)],
        on_conflict=(
            "(author_id) DO UPDATE SET bands = (SELECT (array_agg(DISTINCT b ORDER BY b))"
            f"[1:{MAX_KEPT}] FROM unnest(ingest_authorteams.bands || EXCLUDED.bands) AS b)"
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
                # Shown as a name, not as TeX: 'J\\"urgen M\\"uller' is Jürgen Müller.
                fresh.append((match, decode_tex(match.name or author.name)))
                match.candidate.author_id = -len(fresh)
    return fresh


@dataclass
class _Bylines:
    """The rows a batch's bylines write, and what they do to authors; new ones numbered < 0."""

    authorships: list[tuple] = field(default_factory=list)
    aliases: dict[tuple[int, str], tuple[int, str, str, str]] = field(default_factory=dict)
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
                    rows.aliases[(author_id, match.normalized)] = alias_row(
                        author_id, match.name or author.name
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
            # An RSS item has no v1 date yet: its announcement dates it (as it dates the paper).
            when = record.published or record.announced_on
            year = when.year if when else None
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
            (real(a), n): (real(a), *rest) for (a, n), (_, *rest) in self.aliases.items()
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
    fields = ["id", "slug", "display_name", "normalized_name", "verification_level", "created_at"]
    # Another import may take a slug meanwhile (another name of the same letters): those
    # authors get their id in the slug instead, as a slug taken before this batch does.
    stored = {
        row[0]
        for row in insert_rows(
            Author, fields, rows, on_conflict="(slug) DO NOTHING", returning=["id"]
        )
    }
    insert_rows(
        Author,
        fields,
        [(i, f"{slug}-{i}"[:120], *rest) for i, slug, *rest in rows if i not in stored],
    )
    return ids
