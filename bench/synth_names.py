"""People's names for bench/synth.py: origins with their given names and surnames, accents
included, and the printed forms of a name ("Y. Wang", "Wang, Yi", "Celik" for "Çelik").

The name lists are data, in ``bench/data/names.json``: per origin the given names, the
surnames (a list, or a dict of weights when a few are far more common than the rest, as
"Wang" and "Li") and the origin's share of arXiv authors; two-syllable given names
(Chinese, Korean); and the parts composed surnames and given names are made of. The
weights are rough: the point is a realistic mix of scripts, accents and very common
names (many "Wei Zhang"s). Nothing here touches Django or the database, so the
generator stays deterministic for a seed.
"""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

_DATA = json.loads((Path(__file__).parent / "data" / "names.json").read_text(encoding="utf-8"))

# (given names, surnames, share of arXiv authors) per origin.
ORIGINS: dict[str, tuple[list[str], list[str] | dict[str, float], float]] = {
    origin: (entry["given"], entry["surnames"], entry["share"])
    for origin, entry in _DATA["origins"].items()
}
_ORIGIN_NAMES = list(ORIGINS)
_ORIGIN_CUM = []
_total = 0.0
for _name in _ORIGIN_NAMES:
    _total += ORIGINS[_name][2]
    _ORIGIN_CUM.append(_total)
_SURNAMES = {}
for _name, (_given, _surnames, _) in ORIGINS.items():
    if isinstance(_surnames, dict):
        names, weights = list(_surnames), list(_surnames.values())
    else:
        names, weights = _surnames, [1.0] * len(_surnames)
    cum, run = [], 0.0
    for w in weights:
        run += w
        cum.append(run)
    _SURNAMES[_name] = (names, cum)

MIDDLE_INITIALS = "ABCDEFGHJKLMNPRST"

# Two-syllable given names: most Chinese and Korean given names are made this way, which
# keeps full names varied while their initials ("Y. Wang") stay very common.
SYLLABLES: dict[str, list[str]] = _DATA["syllables"]
DOUBLE_SURNAMES = {"spanish": 0.5, "portuguese_greek_hebrew": 0.2}
# Surnames and given names composed from parts (prefix x suffix), so that the common names
# above collide as they do on arXiv while most people's names are their own.
COMPOSED_SURNAMES = {
    origin: (parts["prefixes"], parts["suffixes"])
    for origin, parts in _DATA["composed_surnames"].items()
}
COMPOSED_GIVEN = {
    origin: (parts["prefixes"], parts["suffixes"])
    for origin, parts in _DATA["composed_given"].items()
}


def _composed(rng: random.Random, parts: tuple[list[str], list[str]]) -> str:
    return rng.choice(parts[0]) + rng.choice(parts[1])


def person_name(rng: random.Random, initials_share: float) -> tuple[str, str, str, bool]:
    """(given, middle initial or "", surname, prints the given name as an initial)."""
    origin = rng.choices(_ORIGIN_NAMES, cum_weights=_ORIGIN_CUM)[0]
    given_names = ORIGINS[origin][0]
    surnames, cum = _SURNAMES[origin]
    syllables = SYLLABLES.get(origin)
    if syllables and rng.random() < 0.7:
        first, second = rng.choice(syllables), rng.choice(syllables)
        given = first.capitalize() + ("-" + second if origin == "korean" else second)
    elif origin in COMPOSED_GIVEN and rng.random() < 0.5:
        given = _composed(rng, COMPOSED_GIVEN[origin])
    else:
        given = rng.choice(given_names)
    if origin in COMPOSED_SURNAMES and rng.random() < 0.6:
        surname = _composed(rng, COMPOSED_SURNAMES[origin])
    else:
        surname = rng.choices(surnames, cum_weights=cum)[0]
    if rng.random() < DOUBLE_SURNAMES.get(origin, 0.0):
        other = rng.choices(surnames, cum_weights=cum)[0]
        surname = f"{surname} {other}" if other != surname else surname
    middle = rng.choice(MIDDLE_INITIALS) if not syllables and rng.random() < 0.3 else ""
    return given, middle, surname, rng.random() < initials_share


def initial(given: str) -> str:
    """ "Jean-Pierre" -> "J.-P.", "Ágnes" -> "Á."."""
    return "-".join(part[:1] + "." for part in given.split("-") if part)


def printed_name(given: str, middle: str, surname: str, as_initials: bool) -> str:
    first = initial(given) if as_initials else given
    return " ".join(p for p in (first, f"{middle}." if middle else "", surname) if p)


_ASCII = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"}
)


def ascii_name(name: str) -> str:
    """The name as an ASCII-only source would print it: "Çelik" -> "Celik"."""
    folded = unicodedata.normalize("NFKD", name.translate(_ASCII))
    return "".join(c for c in folded if not unicodedata.combining(c))
