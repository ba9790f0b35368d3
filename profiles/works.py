"""An author's published work as the profile lists it: sorted, filtered, keyset-paginated.

The filter choices come from counters cached on the Author row (years,
categories), so building the form costs no query over the works themselves.
A page is one query for the papers and one for the first bylines, whatever the
number of works: "Load more" continues after the last card's sort key, never
with OFFSET.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django import forms
from django.db.models import F, Prefetch, Q, Value
from django.db.models.functions import Coalesce

from papers.bibtex import bibtex_file, build_entries
from papers.models import Authorship, Paper
from papers.queries import with_lead_authors

PAGE_SIZE = 20
_UNDATED = datetime(1900, 1, 1, tzinfo=UTC)  # undated works sort last, newest first


class WorksFilter(forms.Form):
    """The query string of the works list; every field optional, every value checked."""

    sort = forms.ChoiceField(
        choices=[("date", "Newest"), ("citations", "Most cited")], required=False
    )
    year = forms.IntegerField(min_value=1990, max_value=2100, required=False)
    category = forms.CharField(max_length=32, required=False)
    after = forms.RegexField(regex=r"^-?\d{1,20}_\d{1,20}$", required=False)

    def clean_sort(self):
        return self.cleaned_data["sort"] or "date"

    def clean(self):
        data = super().clean()
        if data.get("after"):
            try:
                data["after"] = _decode(data["after"], data.get("sort") or "date")
            except (ValueError, OverflowError, OSError):
                self.add_error(
                    "after", "This page link is broken; start again from the first page."
                )
        return data


@dataclass
class WorksPage:
    papers: list[Paper]
    next_cursor: str | None


def works_page(author, *, sort="date", year=None, category="", after=None, size=PAGE_SIZE):
    """One page of works and the cursor of the next (None on the last page).

    ``after`` is a decoded cursor, (sort key, paper id), as ``WorksFilter`` cleans it.
    """
    papers = Paper.objects.filter(authorships__author=author, withdrawn=False)
    if year:
        papers = papers.filter(
            published__gte=datetime(year, 1, 1, tzinfo=UTC),
            published__lt=datetime(year + 1, 1, 1, tzinfo=UTC),
        )
    if category:
        papers = papers.filter(categories__contains=[category])
    if sort == "citations":
        papers = papers.annotate(sort_key=Coalesce("citation_count", Value(-1)))
    else:
        papers = papers.annotate(sort_key=Coalesce("published", Value(_UNDATED)))
    if after:
        key, last_id = after
        papers = papers.filter(Q(sort_key__lt=key) | Q(sort_key=key, id__lt=last_id))
    rows = list(with_lead_authors(papers.order_by(F("sort_key").desc(), "-id"))[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return WorksPage(rows, _encode(rows[-1], sort) if more and rows else None)


def _encode(paper, sort) -> str:
    if sort == "citations":
        return f"{paper.sort_key}_{paper.pk}"
    return f"{int(paper.sort_key.timestamp() * 1_000_000)}_{paper.pk}"


def _decode(cursor: str, sort):
    key, last_id = cursor.rsplit("_", 1)
    if sort == "citations":
        return int(key), int(last_id)
    return datetime.fromtimestamp(int(key) / 1_000_000, tz=UTC), int(last_id)


def works_bibtex_file(author) -> str:
    """Every work's BibTeX entry, newest first, as one file with unique keys.

    Reads the entries ingest stored (one text column per work, not every
    byline: 2,000 works of 20 names each were 40,000 rows); a work stored
    without one has it built here.
    """
    rows = list(
        Paper.objects.filter(authorships__author=author, withdrawn=False)
        .order_by(F("published").desc(nulls_last=True), "-id")
        .values_list("id", "arxiv_id", "bibtex")
    )
    built = build_entries([pk for pk, _, entry in rows if not entry])
    return bibtex_file((arxiv_id, entry or built[pk]) for pk, arxiv_id, entry in rows)


def all_works(author):
    """Every work, newest first, with full bylines: for the Atom feed."""
    return (
        Paper.objects.filter(authorships__author=author, withdrawn=False)
        .select_related("primary_category")
        .prefetch_related(
            Prefetch(
                "authorships",
                # Names as printed are all either export reads of a byline.
                queryset=Authorship.objects.only(
                    "paper_id", "position", "name_as_printed"
                ).order_by("position"),
            )
        )
        .order_by(F("published").desc(nulls_last=True), "-id")
    )
