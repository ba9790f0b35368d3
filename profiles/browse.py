"""Browse researchers: by name (any spelling, accents folded), category and institution.

Sorted by works, h-index or followers, most first, and keyset-paginated on
(sort value, id) so page 500 costs what page 1 costs. Merged records and
records without works are never listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce

from core.names import normalize_name
from profiles.models import Author, AuthorAlias

PAGE_SIZE = 24
# Each sort expression is the one an index in profiles.models is built on.
SORTS = {
    "works": F("works_count"),
    "h_index": Coalesce("h_index", Value(-1)),
    "followers": F("followers_count"),
}


class BrowseFilter(forms.Form):
    """The browse page's query string; every field optional, every value checked."""

    q = forms.CharField(max_length=200, required=False, strip=True, label="Name")
    category = forms.CharField(max_length=32, required=False)
    institution = forms.CharField(max_length=200, required=False, strip=True)
    sort = forms.ChoiceField(
        choices=[
            ("works", "Most works"),
            ("h_index", "Highest h-index"),
            ("followers", "Most followed"),
        ],
        required=False,
    )
    after = forms.RegexField(regex=r"^-?\d{1,12}_\d{1,20}$", required=False)

    def clean_sort(self):
        return self.cleaned_data["sort"] or "works"

    def clean_after(self):
        after = self.cleaned_data["after"]
        if not after:
            return None
        value, last_id = after.rsplit("_", 1)
        return int(value), int(last_id)


@dataclass
class BrowsePage:
    authors: list[Author]
    next_cursor: str | None
    searched_for: str


def browse(*, q="", category="", institution="", sort="works", after=None, size=PAGE_SIZE):
    """One page of researchers and the cursor of the next (None on the last page)."""
    authors = Author.objects.filter(merged_into__isnull=True, works_count__gt=0)
    folded = normalize_name(q) if q else ""
    if folded:
        # Any spelling the author has appeared under (authoralias_trgm serves the LIKE).
        authors = authors.filter(
            id__in=AuthorAlias.objects.filter(normalized__contains=folded).values("author_id")
        )
    if category:
        authors = authors.filter(category_codes__contains=[category])
    if institution:
        authors = authors.filter(institution__normalized_name__contains=normalize_name(institution))
    authors = authors.annotate(sort_value=SORTS[sort])
    if after:
        value, last_id = after
        authors = authors.filter(Q(sort_value__lt=value) | Q(sort_value=value, id__gt=last_id))
    rows = list(authors.select_related("institution").order_by("-sort_value", "id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    cursor = f"{rows[-1].sort_value}_{rows[-1].pk}" if more and rows else None
    return BrowsePage(rows, cursor, folded)
