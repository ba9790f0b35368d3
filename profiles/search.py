"""Search as the search page and the API answer it: an exact id or DOI, else people and papers.

Researchers: the folded query ("Muller" = "Müller") against every alias, by
trigram similarity or word similarity (a surname inside a full name), best
first, then by works. authoralias_trgm serves both operators. Papers: see
``papers.search``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from core.names import normalize_name
from papers.models import Paper
from papers.search import MAX_QUERY, exact_paper, papers
from profiles.models import Author

# (similarity, word similarity) thresholds of pg_trgm's % and <% operators: close
# spellings, then pg_trgm's defaults.
NAME_TIERS = ((0.6, 0.8), (0.3, 0.6))


@dataclass
class Results:
    query: str
    shortened: bool = False
    people: list[Author] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)
    exact: Paper | None = None


def search(
    q: str, *, kind="all", category="", year=None, people_limit=12, paper_limit=20
) -> Results:
    shortened = len(q) > MAX_QUERY
    q = q[:MAX_QUERY].strip()
    results = Results(query=q, shortened=shortened)
    if not q:
        return results
    exact = exact_paper(q)
    if exact is not None:
        results.exact = exact
        return results
    if kind in ("all", "people"):
        results.people = researchers(q, limit=people_limit)
    if kind in ("all", "papers"):
        results.papers = papers(q, category=category, year=year, limit=paper_limit)
    return results


def researchers(q: str, limit=12) -> list[Author]:
    """Authors whose name, in any spelling, is close to the query; merged records left out.

    Close spellings first (NAME_TIERS[0]): a common name ("yuan wang") has thousands
    of looser matches, each scored, so the loose tier runs only when the close one
    finds fewer than ``limit`` (a typo, a rare name, where it is cheap).
    """
    folded = normalize_name(q)
    if len(folded) < 2:
        return []
    with connection.cursor() as cursor:
        for similarity, word_similarity in NAME_TIERS:
            # One message, so one implicit transaction: set_config(..., true) holds for
            # the query after it and no longer.
            cursor.execute(
                """
                SELECT set_config('pg_trgm.similarity_threshold', %(similarity)s, true),
                       set_config('pg_trgm.word_similarity_threshold', %(word)s, true);
                SELECT a.id FROM (
                    SELECT author_id,
                           max(greatest(similarity(normalized, %(q)s), word_similarity(%(q)s, normalized))) AS score
                    FROM profiles_authoralias
                    WHERE normalized %% %(q)s OR %(q)s <%% normalized
                    GROUP BY author_id
                ) hits JOIN profiles_author a ON a.id = hits.author_id
                WHERE a.merged_into_id IS NULL
                ORDER BY hits.score DESC, a.works_count DESC, a.id
                LIMIT %(limit)s
                """,
                {
                    "q": folded,
                    "limit": limit,
                    "similarity": str(similarity),
                    "word": str(word_similarity),
                },
            )
            cursor.nextset()
            ids = [row[0] for row in cursor.fetchall()]
            if len(ids) >= limit:
                break
    found = Author.objects.select_related("institution").in_bulk(ids)
    return [found[i] for i in ids if i in found]


def has_results(results: Results) -> bool:
    return bool(results.exact or results.people or results.papers)
