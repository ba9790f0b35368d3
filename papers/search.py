"""Paper search: papers by their words, ids and DOIs exactly (people: ``profiles.search``).

- An arXiv id ("2401.12345", "arXiv:2401.12345v2", "hep-th/9901001") or a DOI
  ("10.1103/…") finds that paper and nothing else.
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

from django import forms
from django.db import connection

from papers.models import Paper
from papers.queries import with_lead_authors

MAX_QUERY = 300
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


def exact_paper(q: str) -> Paper | None:
    match = _ARXIV_ID.match(q)
    if match:
        return with_lead_authors(Paper.objects.filter(arxiv_id=match.group("id").lower())).first()
    match = _DOI.match(q)
    if match:
        # paper_doi_upper_idx is partial (DOI present): say so, for the planner to use it.
        found = Paper.objects.exclude(doi="").filter(doi__iexact=match.group("doi"))
        return with_lead_authors(found).first()
    return None


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
