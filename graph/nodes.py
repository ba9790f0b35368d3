"""What the graph is made of: nodes of four kinds and the edges between them.

A node's id names it across pages and URLs: ``author:<slug>``, ``paper:<arXiv id>``,
``topic:<category code>`` and ``institution:<pk>``. The explorer's query string
(``focus=author:ada-lovelace&expand=paper:2401.12345``) is made of these ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import urlencode

PERSON, PAPER, TOPIC, INSTITUTION = "person", "paper", "topic", "institution"
KINDS = (PERSON, PAPER, TOPIC, INSTITUTION)
KIND_NAMES = {PERSON: "people", PAPER: "papers", TOPIC: "topics", INSTITUTION: "institutions"}

# Edge kinds: two people who wrote together; a person and their paper; a person or
# paper and an arXiv category; a person and their institution.
COAUTHOR, AUTHORED, IN_TOPIC, MEMBER = "coauthor", "authored", "topic", "member"

# The id prefix of each kind, and what may follow it (slugs, arXiv ids old and new,
# category codes such as "cond-mat.str-el", institution primary keys).
PREFIXES = {"author": PERSON, "paper": PAPER, "topic": TOPIC, "institution": INSTITUTION}
NODE_ID = re.compile(
    r"^(?:author:[-a-zA-Z0-9_]{1,120}"
    r"|paper:(?:[a-z][a-z\-]*(?:\.[A-Za-z\-]{2,})?/\d{7}|\d{4}\.\d{4,5})"
    r"|topic:[a-zA-Z][a-zA-Z0-9.\-]{0,31}"
    r"|institution:\d{1,12})$"
)


def parse_node_id(value: str) -> tuple[str, str]:
    """("person", "ada-lovelace") from "author:ada-lovelace"; ValueError when malformed."""
    if not value:
        raise ValueError(
            "required: author:<slug>, paper:<arXiv id>, topic:<category> or institution:<number>"
        )
    if not NODE_ID.match(value):
        raise ValueError(
            f"“{value}” is not a node: use author:<slug>, paper:<arXiv id>, "
            "topic:<category> or institution:<number>"
        )
    prefix, _, key = value.partition(":")
    return PREFIXES[prefix], key


def author_id(slug: str) -> str:
    return f"author:{slug}"


# A slice links a hundred nodes; reverse() per node was a fifth of building one. Each
# pattern is reversed once (per URL configuration) with a stand-in, then filled in.
_STAND_IN = {"profiles:detail": "stand-in", "papers:detail": "0000.00000"}


@lru_cache(maxsize=16)
def _pattern(name: str, urlconf, prefix: str) -> tuple[str, str]:
    return reverse(name, args=[_STAND_IN[name]]), _STAND_IN[name]


def url_for(name: str, key: str) -> str:
    """``reverse(name, args=[key])`` for "profiles:detail" and "papers:detail", quickly."""
    url, stand_in = _pattern(name, get_urlconf(), get_script_prefix())
    return url.replace(stand_in, key, 1)


@dataclass
class Node:
    """One thing on the picture. ``size`` (0-1) is drawn as area; x, y and r come from layout."""

    id: str
    kind: str
    label: str  # the full name, title or "cs.LG · Machine Learning"
    short: str  # what the drawing prints next to it
    url: str
    detail: str = ""  # one line for tooltips and lists: "3 shared works · 2019–2024"
    size: float = 0.5
    pk: int | None = None
    year: int | None = None
    category: str = ""  # a person's or paper's primary arXiv category
    institution: tuple[int, str] | None = None  # a person's (pk, name)
    focus: bool = False
    close: bool = False  # a close collaborator of the focus (profiles.metrics' rule)
    expandable: bool = True
    facts: list[tuple[str, str]] = field(default_factory=list)  # the node's card
    x: float = 0.0
    y: float = 0.0
    r: float = 0.0


@dataclass
class Edge:
    """A line between two nodes; ``strength`` (0-1) is drawn as width."""

    source: str
    target: str
    kind: str
    strength: float = 0.3
    detail: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return tuple(sorted((self.source, self.target)))


# --------------------------------------------------------------------------- making nodes


def short_name(name: str, limit: int = 16) -> str:
    """'Ada Lovelace' as it is; 'Maria-Florina Balcan-Smith' as 'M. Balcan-Smith'."""
    if len(name) <= limit:
        return name
    parts = name.split()
    if len(parts) < 2:
        return name[: limit - 1] + "…"
    initials = " ".join(f"{p[0]}." for p in parts[:-1] if p[0].isalpha())
    short = f"{initials} {parts[-1]}".strip()
    return short if len(short) <= limit + 4 else short[: limit + 3] + "…"


def short_title(title: str, limit: int = 30) -> str:
    """The first words of a title, cut at a word boundary."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",:;.-")
    return (cut or title[:limit]) + "…"


def year_span(first: int | None, last: int | None) -> str:
    if not first and not last:
        return ""
    if not first or not last or first == last:
        return str(first or last)
    return f"{first}–{last}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def topic_url(code: str) -> str:
    return reverse("profiles:browse") + "?" + urlencode({"category": code})


def institution_url(name: str) -> str:
    return reverse("profiles:browse") + "?" + urlencode({"institution": name})


def person_node(row: dict, *, focus: bool = False) -> Node:
    """A person node from a row with slug, display_name, works_count, primary_category."""
    name = row["display_name"]
    return Node(
        id=author_id(row["slug"]),
        kind=PERSON,
        label=name,
        short=short_name(name),
        url=url_for("profiles:detail", row["slug"]),
        pk=row["id"],
        category=row.get("primary_category") or "",
        institution=(
            (row["institution_id"], row["institution_name"]) if row.get("institution_id") else None
        ),
        focus=focus,
        facts=[
            ("Works", f"{row['works_count']:,}"),
            *([("Main category", row["primary_category"])] if row.get("primary_category") else []),
            *([("Institution", row["institution_name"])] if row.get("institution_name") else []),
        ],
    )


def paper_node(row: dict) -> Node:
    """A paper node from a row with arxiv_id, title, published, primary_category_id."""
    year = row["published"].year if row.get("published") else None
    return Node(
        id=f"paper:{row['arxiv_id']}",
        kind=PAPER,
        label=" ".join(row["title"].split()),
        short=short_title(row["title"]),
        url=url_for("papers:detail", row["arxiv_id"]),
        pk=row["id"],
        year=year,
        category=row.get("primary_category_id") or "",
        facts=[
            ("arXiv", row["arxiv_id"]),
            *([("Year", str(year))] if year else []),
            *([("Category", row["primary_category_id"])] if row.get("primary_category_id") else []),
            *([("Authors", f"{row['author_count']:,}")] if row.get("author_count") else []),
        ],
    )


def topic_node(code: str, name: str) -> Node:
    return Node(
        id=f"topic:{code}",
        kind=TOPIC,
        label=f"{code} · {name}" if name and name != code else code,
        short=code,
        url=topic_url(code),
    )


def institution_node(pk: int, name: str) -> Node:
    return Node(
        id=f"institution:{pk}",
        kind=INSTITUTION,
        label=name,
        short=short_title(name, 24),
        url=institution_url(name),
        pk=pk,
    )


@dataclass(frozen=True)
class Filters:
    """What to keep: node kinds and a year range (None: open-ended)."""

    kinds: frozenset = frozenset(KINDS)
    year_from: int | None = None
    year_to: int | None = None

    @property
    def key(self) -> str:
        kinds = ",".join(k for k in KINDS if k in self.kinds)
        return f"{kinds}:{self.year_from or ''}-{self.year_to or ''}"


EVERYTHING = Filters()  # every kind, every year
