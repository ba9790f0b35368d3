"""Curators' questions about who is who: what the sweep could not settle, ranked.

``ask_duplicates`` files the pairs the sweep doubted (``recluster.Doubt``), and
``ask_splits`` the records whose works fall into circles of co-authors that share
nobody and no field (two people under one name look like that; one prolific
person has several circles in one field). Both replace the open
questions of the records they look at, so a question goes when its reason does;
a dismissed one stays dismissed. ``open_questions`` is the queue, best first.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from curation.models import IdentityQuestion
from graph.models import MAX_AUTHORS_FOR_EDGES
from profiles.models import Author

SPLIT_MIN_WORKS = 4  # a record needs this many works before its circles say anything
SPLIT_MIN_CIRCLE = 2  # ... and a second circle this big (one stray paper is a visit)
Kind = IdentityQuestion.Kind


def ask_duplicates(doubts, touched: set[int] | None) -> int:
    """File these doubts as duplicate questions; drop open ones of ``touched`` not doubted now."""
    ids = {a for d in doubts for a in (d.first, d.second, *d.shared_coauthors[:3])}
    names = dict(Author.objects.filter(pk__in=ids).values_list("pk", "display_name"))
    rows = [
        (
            Kind.DUPLICATE,
            d.first,
            d.second,
            d.likelihood + min(d.works, 90) / 1000,
            _duplicate_evidence(d, names),
        )
        for d in doubts
    ]
    with transaction.atomic():
        if touched:
            asked = {(d.first, d.second) for d in doubts}
            stale = [
                pk
                for pk, a, b in IdentityQuestion.objects.filter(
                    Q(author__in=touched) | Q(other__in=touched),
                    kind=Kind.DUPLICATE,
                    dismissed_at__isnull=True,
                ).values_list("pk", "author_id", "other_id")
                if (a, b) not in asked
            ]
            IdentityQuestion.objects.filter(pk__in=stale).delete()
        _upsert(rows, "(kind, author_id, other_id)")
    return len(rows)


def ask_splits(author_ids) -> int:
    """File a split question for each of these records whose works fall into circles."""
    ids = sorted(
        Author.objects.filter(
            pk__in=list(author_ids), merged_into__isnull=True, works_count__gte=SPLIT_MIN_WORKS
        ).values_list("pk", flat=True)
    )
    circles = _circles(ids)
    names = dict(
        Author.objects.filter(
            pk__in={c for found in circles.values() for circle in found for c in circle[1]}
        ).values_list("pk", "display_name")
    )
    rows = []
    for author_id, found in circles.items():
        if len(found) < 2 or found[1][0] < SPLIT_MIN_CIRCLE:
            continue
        (big, big_people, big_fields), (second, second_people, second_fields) = found[:2]
        if big_fields & second_fields:
            continue  # a prolific person's second circle in the same field: a collaboration
        evidence = (
            f"{big} works with {_names(big_people, names)} ({', '.join(sorted(big_fields))}); "
            f"{second} works with {_names(second_people, names)} "
            f"({', '.join(sorted(second_fields))}): no co-author and no field in common"
        )
        rows.append((Kind.SPLIT, author_id, None, second + (len(found) - 2) / 10, evidence))
    with transaction.atomic():
        IdentityQuestion.objects.filter(
            kind=Kind.SPLIT, author__in=ids, dismissed_at__isnull=True
        ).exclude(author__in=[r[1] for r in rows]).delete()
        _upsert(rows, "(kind, author_id) WHERE other_id IS NULL")
    return len(rows)


def open_questions(kind: str):
    """The open questions of one kind about live records, best first."""
    return (
        IdentityQuestion.objects.filter(
            kind=kind, dismissed_at__isnull=True, author__merged_into__isnull=True
        )
        .exclude(other__merged_into__isnull=False)
        .select_related("author", "other")
        .order_by("-score", "id")
    )


def dismiss(question: IdentityQuestion, user) -> None:
    """A curator's "not the same person" / "leave as it is": never asked again."""
    question.dismissed_at, question.dismissed_by = timezone.now(), user
    question.save(update_fields=["dismissed_at", "dismissed_by", "updated_at"])


def _upsert(rows, conflict: str) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"""
            INSERT INTO curation_identityquestion
                (kind, author_id, other_id, score, evidence, updated_at)
            VALUES (%s, %s, %s, %s, %s, now())
            ON CONFLICT {conflict} DO UPDATE
              SET score = EXCLUDED.score, evidence = EXCLUDED.evidence, updated_at = now()
              WHERE curation_identityquestion.dismissed_at IS NULL
            """,
            [(kind, a, b, score, evidence[:500]) for kind, a, b, score, evidence in rows],
        )


def _circles(ids) -> dict[int, list[tuple[int, list[int]]]]:
    """Each record's works grouped by shared co-authors: [(works, top co-authors, fields)],
    largest first.

    Works without co-authors (or past MAX_AUTHORS_FOR_EDGES) join no circle.
    """
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT x.author_id, x.paper_id, array_agg(DISTINCT y.author_id),
                   split_part(p.primary_category_id, '.', 1)
            FROM papers_authorship x
            JOIN papers_authorship y ON y.paper_id = x.paper_id
              AND y.author_id IS NOT NULL AND y.author_id <> x.author_id
            JOIN papers_paper p ON p.id = x.paper_id
            WHERE x.author_id = ANY(%s)
              AND p.author_count <= %s
            GROUP BY x.author_id, x.paper_id, p.primary_category_id
            """,
            [ids, MAX_AUTHORS_FOR_EDGES],
        )
        papers = defaultdict(list)
        for author_id, _paper, coauthors, archive in cursor.fetchall():
            papers[author_id].append((coauthors, archive))
    found = {}
    for author_id, works in papers.items():
        parent: dict[int, int] = {}
        for coauthors, _ in works:  # co-authors of one work are one circle
            for other in coauthors[1:]:
                parent[find_root(parent, other)] = find_root(parent, coauthors[0])
        sizes, people, fields = Counter(), defaultdict(Counter), defaultdict(set)
        for coauthors, archive in works:
            circle = find_root(parent, coauthors[0])
            sizes[circle] += 1
            people[circle].update(coauthors)
            fields[circle].add(archive)
        found[author_id] = [
            (size, [p for p, _ in people[circle].most_common(2)], fields[circle])
            for circle, size in sizes.most_common()
        ]
    return found


def find_root(parent: dict[int, int], x: int) -> int:
    """Union-find: the root of ``x``'s group in ``parent`` (paths halved on the way)."""
    while parent.setdefault(x, x) != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _names(ids, names) -> str:
    return ", ".join(names.get(i, f"#{i}") for i in ids)


def _duplicate_evidence(doubt, names) -> str:
    parts = ["the same name" if doubt.same_name else "compatible spellings"]
    if doubt.shared_coauthors:
        parts.append(f"co-author {_names(doubt.shared_coauthors[:3], names)}")
    if doubt.categories:
        parts.append(f"both in {', '.join(doubt.categories[:3])}")
    if doubt.common:
        parts.append("a common name")
    return "; ".join(parts)
