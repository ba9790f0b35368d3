"""What a FeedSource's query may be, by kind, with the message a curator reads when it is not.

- API: an arXiv ``search_query`` ("cat:cs.LG AND au:smith"); not empty, brackets and
  quotes balanced, and every ``cat:`` term a category or archive arXiv has.
- RSS: categories or archives joined by "+" ("cs.LG+stat.ML"), each one arXiv lists.
- OAI-PMH: a set spec: a group ("cs", "math", "physics"), a physics archive
  ("physics:hep-th"), or a category ("cs:cs:LG").

Checked against ``papers/taxonomy.py`` (arXiv's own definitions), not the Category
table, which also holds retired codes that no feed serves any more.
"""

from __future__ import annotations

import re
from functools import cache

from papers.taxonomy import CATEGORIES, GROUPS

_CAT_TERM = re.compile(r"\bcat:\s*\"?([^\s\")]+)")


@cache
def _codes() -> frozenset[str]:
    return frozenset(code for code, *_ in CATEGORIES)


@cache
def _archives() -> dict[str, str]:
    """Each current archive ("cs", "hep-th", "astro-ph") and its group ("cs", "physics")."""
    return {archive: group for _, _, archive, group in CATEGORIES}


def query_problem(kind: str, query: str) -> str | None:
    """Why ``query`` cannot be pulled as a source of ``kind``, or None when it can."""
    query = query.strip()
    if not query:
        return "Enter a query: what this source pulls."
    check = {"api": _api_problem, "rss": _rss_problem, "oai": _oai_problem}.get(kind)
    return check(query) if check else None


def _api_problem(query: str) -> str | None:
    if query.count("(") != query.count(")"):
        return "The brackets in this query do not match."
    if query.count('"') % 2:
        return "A quotation mark in this query is not closed."
    unknown = [
        term
        for term in _CAT_TERM.findall(query)
        if term.rstrip("*").rstrip(".") not in _codes() | set(_archives())
    ]
    if unknown:
        return f"Unknown arXiv categor{'ies' if len(unknown) > 1 else 'y'} in cat: {', '.join(unknown)}."
    return None


def _rss_problem(query: str) -> str | None:
    parts = query.split("+")
    if any(not p.strip() or p != p.strip() for p in parts):
        return 'Join categories with "+" and nothing else, e.g. "cs.LG+stat.ML".'
    unknown = [p for p in parts if p not in _codes() and p not in _archives()]
    if unknown:
        return (
            f"Not an arXiv category or archive: {', '.join(unknown)}. "
            'Use codes as arXiv lists them, e.g. "cs.LG+stat.ML" or "hep-th".'
        )
    return None


def _oai_problem(query: str) -> str | None:
    parts = query.split(":")
    if len(parts) == 1 and parts[0] in GROUPS:
        return None
    if len(parts) == 2 and parts[0] == "physics" and _archives().get(parts[1]) == "physics":
        return None
    if len(parts) == 3:
        group, archive, sub = parts
        if _archives().get(archive) == group and f"{archive}.{sub}" in _codes():
            return None
    return (
        f"{query!r} is not an arXiv OAI-PMH set. Use a group ({', '.join(sorted(GROUPS))}), "
        'a physics archive such as "physics:hep-th", or a category such as "cs:cs:LG".'
    )
