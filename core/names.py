"""Names as printed on papers, folded for comparison: the one place that does it.

``normalize_name`` is what aliases, search and matching compare;
``names_compatible`` says whether two printed forms can be one person;
``is_group_name`` tells a collaboration from a person.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Extra foldings NFKD does not do ("ß" has no combining form, "ø" is a letter of its own).
_FOLD = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "ı": "i",
    }
)
_NOT_WORD = re.compile(r"[^\w]+")
_GROUP = re.compile(
    r"\b(collaboration|collaborations|consortium|team|working group|study group|"
    r"collab|group for|project|initiative|task force|committee|et al)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=100_000)  # a batch folds each name several times; bylines repeat names
def normalize_name(name: str) -> str:
    """Fold a printed name for comparison: 'Müller, J.-P.' -> 'j p muller'.

    Accents and case are dropped, punctuation becomes spaces, and a
    'Last, First' form is turned round ('Jr.'-style suffixes are not first names).
    """
    name = name.translate(_FOLD)
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if first and first.rstrip(".").lower() not in {"jr", "sr", "ii", "iii", "iv"}:
            name = f"{first} {last}"
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", folded.lower()).replace("_", " ").split())


def names_compatible(a: str, b: str) -> bool:
    """Whether two printed names can be one person: initials and middle names may be missing.

    'J. A. Smith' ~ 'John Smith' ~ 'John Andrew Smith', never 'Jane Smith' or
    'John B. Smith'; family-name-first order ('I Tomohiro' ~ 'Tomohiro I') too.
    """
    first, second = normalize_name(a).split(), normalize_name(b).split()
    if len(first) < 2 or len(second) < 2:
        return False
    return _parts_compatible(first, second) or _parts_compatible(first, second[1:] + second[:1])


def _parts_compatible(first: list[str], second: list[str]) -> bool:
    if first[-1] != second[-1]:
        return False
    return all(_token_compatible(x, y) for x, y in zip(first[:-1], second[:-1], strict=False))


def _token_compatible(x: str, y: str) -> bool:
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


@lru_cache(maxsize=100_000)
def is_group_name(name: str) -> bool:
    """'ATLAS Collaboration', 'The LIGO Scientific Consortium', 'Event Horizon Telescope Team'."""
    return bool(_GROUP.search(name))
