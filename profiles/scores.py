"""Novelty % and AI score: how a profile's two scores are computed, reproducibly.

**Novelty of a paper** (0-100): how unlike the papers before it the paper is.

1. Its text is the title and abstract. Its *reference set* is the
   ``REFERENCE_SIZE`` (1,000) most recent earlier papers with the same primary
   category ("earlier" by v1 date, ties broken by row id; papers without a
   primary category form one group of their own; withdrawn papers and papers
   without a v1 date take no part). The bound keeps the cost per paper fixed and
   compares a paper with what its field was writing just before it.
2. A TF-IDF model (scikit-learn, ``VECTORIZER_PARAMS`` below, fixed) is fitted on
   the paper and its reference set together, and the paper's vector is compared
   with each reference vector by cosine similarity.
3. Novelty = 100 × (1 − the highest similarity), rounded to 0.01. A paper with
   no earlier paper in our corpus scores 100: nothing we hold resembles it.

A near-copy of an earlier paper scores close to 0; a paper sharing no
vocabulary with its field's recent papers scores close to 100. The score is
relative to the papers this site holds, is computed once per paper, and depends
only on the paper and its reference set, never on which other papers were
scored in the same batch (``_novelties`` counts words once per batch, then
weighs each paper's own reference set exactly as a TfidfVectorizer fitted on it
would; a test checks that equivalence).

**An author's Novelty %** is the mean novelty of their works that have one.

**AI score** (0-100): the share of an author's works (not withdrawn) listed in
at least one AI/ML category, as a percent. ``AI_CATEGORIES``: cs.AI (artificial
intelligence), cs.CL (computation and language), cs.CV (computer vision),
cs.LG (machine learning), cs.MA (multiagent systems), cs.NE (neural and
evolutionary computing) and stat.ML (machine learning, statistics). cs.IR and
cs.RO are left out: much of information retrieval and robotics is not machine
learning, and a cross-list to cs.LG says so when it is.

Both are computed by ``profiles.tasks.recompute_scores`` in bounded batches and
cached on the rows; pages only read them. Author scores are stored to 0.1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

import numpy as np
from django.db import connection, transaction
from django.db.models import F, Q
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer

from papers.models import Authorship, Paper
from profiles.models import Author

REFERENCE_SIZE = 1000
AI_CATEGORIES = ("cs.AI", "cs.CL", "cs.CV", "cs.LG", "cs.MA", "cs.NE", "stat.ML")
# Fixed so that a score can be reproduced: English stop words dropped, accents
# folded, sublinear term frequency (a word said ten times is not ten times the
# topic), smoothed idf, unit-length vectors (so a dot product is the cosine).
VECTORIZER_PARAMS = {
    "lowercase": True,
    "strip_accents": "unicode",
    "stop_words": "english",
    "token_pattern": r"(?u)\b\w\w+\b",
    "ngram_range": (1, 1),
    "min_df": 1,
    "sublinear_tf": True,
    "smooth_idf": True,
    "norm": "l2",
    "dtype": np.float64,
}
_TRANSFORM_PARAMS = ("sublinear_tf", "smooth_idf", "norm")


def paper_text(title: str, abstract: str) -> str:
    return f"{title}\n{abstract}"


def novelty(text: str, references: list[str]) -> float:
    """The definition, spelled out: one paper against its reference set."""
    if not references:
        return 100.0
    try:
        vectors = TfidfVectorizer(**VECTORIZER_PARAMS).fit_transform([text, *references])
    except ValueError:  # not one word outside the stop list: nothing to resemble
        return 100.0
    return _score((vectors[1:] @ vectors[0].T).toarray().ravel())


def _score(similarities: np.ndarray) -> float:
    highest = float(similarities.max()) if similarities.size else 0.0
    return round(100.0 * (1.0 - min(max(highest, 0.0), 1.0)), 2)


def papers_to_score(limit: int) -> list[int]:
    """Papers without a novelty yet, oldest first."""
    return list(
        Paper.objects.filter(novelty__isnull=True, published__isnull=False, withdrawn=False)
        .order_by("published", "id")
        .values_list("id", flat=True)[:limit]
    )


def score_papers(paper_ids: Iterable[int], *, reference_size: int = REFERENCE_SIZE) -> set[int]:
    """Compute and store these papers' novelty, and refresh their authors' scores.

    One transaction per call; returns the ids of the authors refreshed.
    """
    targets = list(
        Paper.objects.filter(id__in=set(paper_ids), published__isnull=False, withdrawn=False)
        .order_by("published", "id")
        .values_list("id", "primary_category_id", "published")
    )
    groups: dict[str | None, list[tuple[int, datetime]]] = defaultdict(list)
    for paper_id, category, published in targets:
        groups[category].append((paper_id, published))
    scores: dict[int, float] = {}
    for category, members in groups.items():
        scores.update(_novelties(category, members, reference_size))
    with transaction.atomic():
        ids = sorted(scores)
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE papers_paper p SET novelty = t.novelty
                FROM unnest(%s::bigint[], %s::float8[]) AS t(id, novelty) WHERE p.id = t.id
                """,
                [ids, [scores[i] for i in ids]],
            )
        authors = set(
            Authorship.objects.filter(paper_id__in=ids, author__isnull=False)
            .values_list("author_id", flat=True)
            .distinct()
        )
        refresh_author_scores(authors)
    return authors


def _in_group(category: str | None):
    """The SQL condition and parameters for "same primary category" (NULL is a group too)."""
    if category is None:
        return "primary_category_id IS NULL", []
    return "primary_category_id = %s", [category]


def _novelties(category, members, reference_size) -> dict[int, float]:
    """Novelty of each member (all in one category), each against its own reference set."""
    where, params = _in_group(category)
    eligible = f"{where} AND NOT withdrawn AND published IS NOT NULL"
    (first_id, first_at), (last_id, last_at) = members[0], members[-1]
    with connection.cursor() as cursor:
        # Where the earliest member's reference set starts: the pool then runs from
        # there to the latest member, so every member's reference set is inside it.
        cursor.execute(
            f"SELECT published, id FROM papers_paper WHERE {eligible} "
            "AND (published, id) < (%s, %s) ORDER BY published DESC, id DESC OFFSET %s LIMIT 1",
            [*params, first_at, first_id, max(reference_size - 1, 0)],
        )
        start = cursor.fetchone()
        bound, bound_params = (
            ("AND (published, id) >= (%s, %s)", list(start)) if start else ("", [])
        )
        cursor.execute(
            f"SELECT id, title, abstract FROM papers_paper WHERE {eligible} {bound} "
            "AND (published, id) <= (%s, %s) ORDER BY published, id",
            [*params, *bound_params, last_at, last_id],
        )
        pool = cursor.fetchall()
    position = {paper_id: i for i, (paper_id, _, _) in enumerate(pool)}
    counter = CountVectorizer(
        **{k: v for k, v in VECTORIZER_PARAMS.items() if k not in _TRANSFORM_PARAMS}
    )
    try:
        counts = counter.fit_transform([paper_text(t, a) for _, t, a in pool]).tocsr()
    except ValueError:  # not one word outside the stop list in the whole pool
        counts = None
    transform = {k: VECTORIZER_PARAMS[k] for k in _TRANSFORM_PARAMS}
    scores = {}
    for paper_id, _ in members:
        i = position[paper_id]
        lo = max(0, i - reference_size)
        if i == lo or counts is None:  # nothing earlier, or no words to compare
            scores[paper_id] = 100.0
            continue
        # The columns of words absent from this window are zero in every row of it, so
        # they change no cosine: this is TfidfVectorizer fitted on the window alone.
        window = counts[[i, *range(lo, i)]]
        vectors = TfidfTransformer(**transform).fit_transform(window)
        scores[paper_id] = _score((vectors[1:] @ vectors[0].T).toarray().ravel())
    return scores


def refresh_author_scores(author_ids: Iterable[int], *, now: datetime | None = None) -> None:
    """Novelty % (mean over works with a novelty) and AI score, set-wise, for these authors."""
    ids = sorted(set(author_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH works AS (
                SELECT DISTINCT ON (s.author_id, p.id) s.author_id, p.novelty,
                       (p.categories && %(ai)s::varchar[]
                        OR p.primary_category_id = ANY(%(ai)s::varchar[])) AS is_ai
                FROM papers_authorship s JOIN papers_paper p ON p.id = s.paper_id
                WHERE s.author_id = ANY(%(ids)s) AND NOT p.withdrawn
            ),
            scores AS (
                SELECT author_id, round(avg(novelty)::numeric, 1) AS novelty,
                       round(100.0 * count(*) FILTER (WHERE is_ai) / count(*), 1) AS ai
                FROM works GROUP BY author_id
            )
            UPDATE profiles_author a SET
                -- The database's clock, like counters_refreshed_at it is compared with.
                novelty = s.novelty, ai_score = s.ai, scores_as_of = COALESCE(%(now)s, now())
            FROM unnest(%(ids)s::bigint[]) AS ids(id)
            LEFT JOIN scores s ON s.author_id = ids.id
            WHERE a.id = ids.id
            """,
            {"ids": ids, "ai": list(AI_CATEGORIES), "now": now},
        )


def authors_needing_scores(limit: int) -> list[int]:
    """Authors never scored, or whose works changed since (ingest stamps counters_refreshed_at)."""
    return list(
        Author.objects.filter(
            Q(scores_as_of__isnull=True) | Q(scores_as_of__lt=F("counters_refreshed_at")),
            merged_into__isnull=True,
        )
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
