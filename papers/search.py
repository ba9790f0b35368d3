"""Search: researchers by any spelling of their name, papers by their words, ids exactly.

- An arXiv id ("2401.12345", "arXiv:2401.12345v2", "hep-th/9901001") or a DOI
  ("10.1103/…") finds that paper and nothing else.
- Researchers: the folded query ("Muller" = "Müller") against every alias, by
  trigram similarity or word similarity (a surname inside a full name), best
  first, then by works. authoralias_trgm serves both operators.
- Papers: PostgreSQL full text (websearch syntax: quotes, OR, -word) over title
  (A), byline (B) and abstract (C), ranked by ts_rank_cd; the query is read both
  with English stemming and word for word, as the vector stores names unstemmed. So that a common word
  cannot make ranking cost the whole corpus, only the RANK_WINDOW most recent
  matches are ranked.
Any text is a valid query: it is cut to MAX_QUERY characters, and a query with
no words in it simply finds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms
from django.db import connection

from ingest.matching import normalize_name
from papers.models import Paper
from papers.queries import with_lead_authors
from profiles.models import Author

MAX_QUERY = 300
# (similarity, word similarity) thresholds of pg_trgm's % and <% operators: close
# spellings, then pg_trgm's defaults.
NAME_TIERS = ((0.6, 0.8), (0.3, 0.6))
RANK_WINDOW = 500
# English stems for titles and abstracts, plain words for names.
_QUERY = "(websearch_to_tsquery('english', %(q)s) || websearch_to_tsquery('simple', %(q)s))"
_ARXIV_ID = re.compile(
    r"^(?:arxiv:)?\s*(?P<id>[a-z][a-z\-]*(?:\.[a-z\-]{2,})?/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?$",
    re.IGNORECASE,
)
_DOI = re.compile(
    r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(?P<doi>10\.\d{4,9}/\S+)$", re.IGNORECASE
)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True)
    kind = forms.ChoiceField(
        choices=[("all", "Everything"), ("people", "Researchers"), ("papers", "Papers")],
        required=False,
    )
    category = forms.CharField(max_length=32, required=False)
    year = forms.IntegerField(min_value=1990, max_value=2100, required=False)

    def clean_kind(self):
        return self.cleaned_data["kind"] or "all"


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
    exact = _exact_paper(q)
    if exact is not None:
        results.exact = exact
        return results
    if kind in ("all", "people"):
        results.people = researchers(q, limit=people_limit)
    if kind in ("all", "papers"):
        results.papers = papers(q, category=category, year=year, limit=paper_limit)
    return results


def _exact_paper(q: str) -> Paper | None:
    match = _ARXIV_ID.match(q)
    if match:
        return with_lead_authors(Paper.objects.filter(arxiv_id=match.group("id").lower())).first()
    match = _DOI.match(q)
    if match:
        # paper_doi_upper_idx is partial (DOI present): say so, for the planner to use it.
        found = Paper.objects.exclude(doi="").filter(doi__iexact=match.group("doi"))
        return with_lead_authors(found).first()
    return None


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


def papers(q: str, *, category="", year=None, limit=20) -> list[Paper]:
    """Full-text matches, best ranked first among the most recent RANK_WINDOW matches."""
    filters, params = (
        [f"p.search_vector @@ {_QUERY}", "NOT p.withdrawn"],
        {"q": q, "window": RANK_WINDOW},
    )
    if category:
        filters.append("p.categories @> ARRAY[%(category)s]::varchar[]")
        params["category"] = category
    if year:
        filters.append(
            "p.published >= make_date(%(year)s, 1, 1) AND p.published < make_date(%(year)s + 1, 1, 1)"
        )
        params["year"] = year
    params["limit"] = limit
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH recent AS MATERIALIZED (
                -- The newest matches, walking paper_published_idx when the words are
                -- common (the query is a literal, so the planner knows how common) and
                -- from paper_search_gin when they are rare. Ranking is done on these
                -- rows only: ts_rank_cd reads each row's whole vector.
                SELECT p.id, p.published FROM papers_paper p
                WHERE {" AND ".join(filters)}
                ORDER BY p.published DESC, p.id DESC
                LIMIT %(window)s
            )
            SELECT recent.id FROM recent JOIN papers_paper p ON p.id = recent.id
            ORDER BY ts_rank_cd(p.search_vector, {_QUERY}) DESC,
                     recent.published DESC, recent.id DESC
            LIMIT %(limit)s
            """,
            params,
        )
        ids = [row[0] for row in cursor.fetchall()]
    found = {p.pk: p for p in with_lead_authors(Paper.objects.filter(pk__in=ids))}
    return [found[i] for i in ids if i in found]


def has_results(results: Results) -> bool:
    return bool(results.exact or results.people or results.papers)
