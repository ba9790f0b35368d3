"""An author's institution, taken from the affiliations printed on their bylines.

arXiv prints affiliations as free text on some bylines only. The most frequent
one an author has printed (the first of several on one byline; the most recent
breaking ties) becomes their Institution, one row per folded name. A record
that already has an institution (set by its owner or by a curator) keeps it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from django.db import connection

from core.bulk import insert_rows
from core.names import normalize_name
from profiles.models import Institution

NAME_LENGTH = Institution._meta.get_field("name").max_length  # normalized_name's too

# Parentheticals on bylines that are notes, not places: "(corresponding author)",
# "(equal contribution)", an email address, a footnote number.
_NOT_AN_INSTITUTION = re.compile(
    r"corresponding|equal(ly)? contribut|contributed equally|deceased|on leave|@|^[\d\s,*†‡]+$",
    re.IGNORECASE,
)


def refresh_institutions(author_ids: Iterable[int]) -> None:
    """Fill in the institution of these authors where they have none and bylines say one."""
    ids = sorted(set(author_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.author_id, split_part(s.affiliation_as_printed, '; ', 1)
            FROM papers_authorship s
            JOIN profiles_author a ON a.id = s.author_id
            JOIN papers_paper p ON p.id = s.paper_id
            WHERE s.author_id = ANY(%s) AND a.institution_id IS NULL
              AND s.affiliation_as_printed <> ''
            ORDER BY p.published DESC NULLS LAST
            """,
            [ids],
        )
        printed: dict[int, Counter] = {}
        for author_id, affiliation in cursor.fetchall():
            name = affiliation.strip()
            # Longer than the column, it is a sentence, not a name; cut, a name no one printed.
            if len(name) <= NAME_LENGTH and not _NOT_AN_INSTITUTION.search(name):
                printed.setdefault(author_id, Counter())[name] += 1
    if not printed:
        return
    # Counter.most_common keeps first-seen order among equals: the most recent wins ties.
    chosen = {author_id: names.most_common(1)[0][0] for author_id, names in printed.items()}
    folded = {name: normalize_name(name) for name in chosen.values()}
    # Folding lengthens some names ("ß" -> "ss"): one that no longer fits makes no institution.
    folded = {name: key for name, key in folded.items() if len(key) <= NAME_LENGTH}
    insert_rows(
        Institution,
        ["name", "normalized_name", "country"],
        sorted({(name, key, "") for name, key in folded.items() if key}),
        on_conflict="(normalized_name) DO NOTHING",
    )
    institution_ids = dict(
        Institution.objects.filter(normalized_name__in=set(folded.values())).values_list(
            "normalized_name", "id"
        )
    )
    pairs = [
        (author_id, institution_ids[folded[name]])
        for author_id, name in chosen.items()
        if folded.get(name) in institution_ids
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE profiles_author a SET institution_id = v.institution
            FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, institution)
            WHERE a.id = v.id AND a.institution_id IS NULL
            """,
            [[a for a, _ in pairs], [i for _, i in pairs]],
        )
