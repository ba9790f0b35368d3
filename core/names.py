"""Names as printed on papers, folded for comparison: the one place that does it.

- ``normalize_name``: what aliases, search and matching compare. TeX is decoded
  first (``J\\"urgen M\\"uller`` is Jürgen Müller), accents and case dropped,
  other scripts transliterated (unidecode), punctuation made spaces, and a
  "Last, First" form turned round.
- ``name_parts``: given names and family name, with particles ("van der") and
  suffixes ("Jr.") set aside.
- ``names_compatible``: whether two printed forms can be one person (initials,
  missing middle names, family-name-first order, ö/oe spellings).
- ``blocking_keys``: family name + first initial, the cheap key under which
  matching looks for candidates; a two-part name also offers its reversed key.
- ``is_group_name`` / ``person_in_group_byline``: collaborations are not people,
  but "X for the Y Collaboration" names the person X.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text
from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from core.name_frequency import expected_namesakes, is_pinyin_given_name

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
_TEX = re.compile(r"[\\{}$]")
_TEX_TO_TEXT = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Lower-case words between given and family names ("Ludwig van Beethoven", "de la Cruz").
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos",
     "das", "do", "ter", "ten", "zu", "y", "bin", "ibn", "al", "el", "st"}
)  # fmt: skip
# German transliteration: "Köppl" is also printed "Koeppl"; NFKD makes the first "koppl".
_UMLAUT_SPELLING = re.compile(r"(?<=[a-z])([aou])e")

_GROUP = re.compile(
    r"\b(collaboration|collaborations|consortium|team|working group|study group|"
    r"collab|group for|project|initiative|task force|committee|et al|"
    r"beam group|array|telescope|observatory|survey|experiment)\b",
    re.IGNORECASE,
)
# Experiments and groups printed bare, without "Collaboration" after them.
KNOWN_GROUPS = frozenset(
    {"atlas", "cms", "lhcb", "alice", "belle", "belle ii", "babar", "hflav", "icecube",
     "ligo", "virgo", "kagra", "t2k", "nova", "dune", "fermi lat", "hess", "h e s s",
     "magic", "veritas", "auger", "planck", "des", "desi", "lsst", "hsc", "sdss", "boss",
     "eboss", "keck array", "bicep2", "bicep keck", "spt", "act", "km3net", "antares",
     "super kamiokande", "xenon", "lux", "lz", "pandax", "cdex", "cuore", "gerda",
     "legend", "exo", "kamland", "borexino", "juno", "daya bay", "reno", "double chooz",
     "minerva", "microboone", "sbnd", "star", "phenix", "na61 shine", "compass", "hades",
     "cbm", "panda", "bes iii", "besiii", "cleo", "d0", "cdf", "zeus", "h1", "hermes",
     "jlab", "clas", "gluex", "opera", "nemo", "snews", "lhaaso", "hawc", "argo ybj",
     "tibet asgamma", "event horizon telescope", "gravity", "eht"}
)  # fmt: skip
# "Teresa Maria Montaruli for the IceCube Collaboration", "CMS Collaboration: V. Khachatryan".
_PERSON_FOR_GROUP = re.compile(r"^(?P<person>.+?)\s+(?:for|on behalf of)\s+(?:the\s+)?\S.*$", re.I)
_GROUP_THEN_PERSON = re.compile(r"^(?P<group>[^:]+):\s*(?P<person>.+)$")


@lru_cache(maxsize=100_000)
def decode_tex(text: str) -> str:
    """TeX accents and braces as Unicode: 'M\\"uller' -> 'Müller'; plain text as it is."""
    if not _TEX.search(text):
        return text
    try:
        return _TEX_TO_TEXT.latex_to_text(text).strip()
    except Exception:  # an unbalanced brace is still a name: keep it as printed
        return text


@lru_cache(maxsize=100_000)  # a batch folds each name several times; bylines repeat names
def normalize_name(name: str) -> str:
    """Fold a printed name for comparison: 'Müller, J.-P.' -> 'j p muller'.

    TeX is decoded, accents and case are dropped, other scripts transliterated,
    punctuation becomes spaces, and a 'Last, First' form is turned round
    ('Jr.'-style suffixes are not first names).
    """
    name = decode_tex(name).translate(_FOLD)
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if first and first.rstrip(".").lower() not in SUFFIXES:
            name = f"{first} {last}"
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    if not folded.isascii():
        folded = unidecode(folded)
    return " ".join(_NOT_WORD.sub(" ", folded.lower()).replace("_", " ").split())


@lru_cache(maxsize=100_000)
def name_parts(name: str) -> tuple[tuple[str, ...], str]:
    """(given names, family name) of a printed name, folded; suffixes and particles left out.

    'Ludwig van Beethoven' -> (('ludwig',), 'beethoven'); 'Smith, John A., Jr.' and
    'John A. Smith Jr.' -> (('john', 'a'), 'smith').
    """
    tokens = normalize_name(name).split()
    while len(tokens) > 1 and tokens[-1] in SUFFIXES:
        tokens.pop()
    if not tokens:
        return (), ""
    given = tuple(
        t
        for i, t in enumerate(tokens[:-1])
        # "y" joins two names ("Ortega y Gasset"); first or after an initial it is an
        # initial itself: "Y. Wang", "X. Y. Niu".
        if t not in PARTICLES or (len(t) == 1 and (i == 0 or len(tokens[i - 1]) == 1))
    )
    return given, tokens[-1]


@lru_cache(maxsize=100_000)
def family_key(family: str) -> str:
    """A family name as blocking and comparison see it: 'koeppl' and 'koppl' are one."""
    return _UMLAUT_SPELLING.sub(r"\1", family)


@lru_cache(maxsize=100_000)
def blocking_keys(name: str) -> tuple[str, ...]:
    """Family name + first initial; for a two-part name, the reversed order's key too.

    The first key is the name's own (stored on its aliases); the second lets
    'I Tomohiro' find 'Tomohiro I', 'Wang Wei' find 'Wei Wang' and 'Hui-Yuan Wang'
    find 'Wang Huiyuan'.
    """
    given, family = name_parts(name)
    if not family:
        return ()
    own = f"{family_key(family)} {given[0][0]}" if given else family_key(family)
    if len(given) == 1:
        reversed_key = f"{family_key(given[0])} {family[0]}"
        if reversed_key != own:
            return own, reversed_key
    elif len(given) == 2 and all(len(g) > 1 for g in given):
        # "Hui-Yuan Wang" printed family name first is "Wang Huiyuan", filed under "huiyuan w".
        joined = "".join(given)
        if is_pinyin_given_name(joined):
            return own, f"{family_key(joined)} {family[0]}"
    return (own,)


def alias_block(name: str) -> str:
    """The blocking key an alias of this spelling is filed under ('' for no name at all)."""
    keys = blocking_keys(name)
    return keys[0] if keys else ""


@lru_cache(maxsize=200_000)
def names_compatible(a: str, b: str) -> bool:
    """Whether two printed names can be one person: initials and middle names may be missing.

    'J. A. Smith' ~ 'John Smith' ~ 'John Andrew Smith', never 'Jane Smith' or
    'John B. Smith'; family-name-first order ('I Tomohiro' ~ 'Tomohiro I') too.
    """
    (given_a, family_a), (given_b, family_b) = name_parts(a), name_parts(b)
    if not given_a or not given_b:
        return False
    if _parts_compatible(given_a, family_a, given_b, family_b):
        return True
    # Family name printed first on one side: 'Tomohiro I' ~ 'I Tomohiro'.
    return (
        len(given_b) == 1 and _parts_compatible(given_a, family_a, (family_b,), given_b[0])
    ) or (len(given_a) == 1 and _parts_compatible(given_b, family_b, (family_a,), given_a[0]))


def spelled_alike(a: str, b: str) -> bool:
    """Compatible names that both spell out the same first given name: 'Arseny M. Shur' and
    'Arseny Shur', not 'A. Shur' (an initial could be anyone's)."""
    (given_a, _), (given_b, _) = name_parts(a), name_parts(b)
    return (
        bool(given_a and given_b)
        and len(given_a[0]) > 1
        and given_a[0] == given_b[0]
        and (a == b or names_compatible(a, b))
    )


def _parts_compatible(given_a, family_a, given_b, family_b) -> bool:
    if family_key(family_a) != family_key(family_b):
        return False
    if len(given_a) != len(given_b) and "".join(given_a) == "".join(given_b):
        return True  # 'Hui-Yuan' (folded 'hui yuan') is 'Huiyuan'
    return all(_token_compatible(x, y) for x, y in zip(given_a, given_b, strict=False))


@lru_cache(maxsize=100_000)
def names_near(a: str, b: str) -> bool:
    """One typo apart in a spelled-out given name: 'Micael A. Bender' ~ 'Michael A. Bender',
    'Kunikiko' ~ 'Kunihiko'. Weaker than ``names_compatible``: co-authors must confirm it."""
    (given_a, family_a), (given_b, family_b) = name_parts(a), name_parts(b)
    if not given_a or len(given_a) != len(given_b):
        return False
    if family_key(family_a) != family_key(family_b):
        return False
    return all(
        _token_compatible(x, y)
        or (min(len(x), len(y)) >= 5 and x[0] == y[0] and Levenshtein.distance(x, y) <= 1)
        for x, y in zip(given_a, given_b, strict=True)
    )


def _token_compatible(x: str, y: str) -> bool:
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


# People of one Chinese name arXiv is expected to hold from which the name is common.
COMMON_NAMESAKES = 2

# Family names shared by millions (the most frequent Chinese, Korean, Vietnamese and
# Indian ones): with a one-word given name, a shared category says nothing about who it is.
COMMON_FAMILY_NAMES = frozenset(
    {"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
     "ma", "zhu", "hu", "guo", "he", "lin", "gao", "luo", "zheng", "liang", "xie", "song",
     "tang", "han", "feng", "deng", "cao", "peng", "zeng", "xiao", "tian", "dong", "pan",
     "yuan", "cai", "jiang", "yu", "du", "ye", "cheng", "wei", "su", "lu", "ding", "ren",
     "shen", "yao", "jin", "kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang",
     "lim", "nguyen", "tran", "le", "pham", "hoang", "phan", "vu", "singh", "kumar", "sharma",
     "gupta", "patel", "shah", "das", "roy", "khan", "ali", "ahmed"}
)  # fmt: skip


@lru_cache(maxsize=100_000)  # asked of every co-author a common name's records share
def is_common_name(name: str, namesakes: float = 0) -> bool:
    """'Wei Wang', 'J. Kim', 'X. F. Wang', 'Wang Wei': too common for anything but co-authors.

    A Chinese name is common when arXiv is expected to hold ``COMMON_NAMESAKES`` people
    of that name (``core.name_frequency``): 'Wei Wang' hundreds, 'Huacheng Yu' not one
    more. Other names are common when the family name is one of millions and the given
    name a single word or initials. Either reading of a two-part name counts: 'Li Jun' is
    Jun Li printed family name first (and 'Lee Smith' is asked for more evidence).
    ``namesakes`` asks for another bar than ``COMMON_NAMESAKES``.
    """
    given, family = name_parts(name)
    readings = [(given, family)]
    if len(given) == 1 and len(given[0]) > 1:
        readings.append(((family,), given[0]))
    expected = [expected_namesakes(g, f) for g, f in readings]
    if any(e is not None for e in expected):
        return max(e for e in expected if e is not None) >= (namesakes or COMMON_NAMESAKES)
    if len(given) > 1:  # 'X. F. Wang' is as common as 'X. Wang'; 'Hui Yuan Wang' less so
        return family_key(family) in COMMON_FAMILY_NAMES and all(len(g) == 1 for g in given)
    return family_key(family) in COMMON_FAMILY_NAMES or (
        len(given) == 1 and len(given[0]) > 1 and family_key(given[0]) in COMMON_FAMILY_NAMES
    )


@lru_cache(maxsize=100_000)
def person_in_group_byline(name: str) -> str:
    """The person a group byline names, or '': 'Ann Lee for the CMS Collaboration' -> 'Ann Lee'."""
    for pattern, group_part in ((_PERSON_FOR_GROUP, None), (_GROUP_THEN_PERSON, "group")):
        match = pattern.match(name.strip())
        if not match:
            continue
        person = match.group("person").strip(" ,;")
        if group_part and not _names_a_group(match.group(group_part)):
            continue
        if person and not _names_a_group(person) and len(person.split()) >= 2:
            return person
    return ""


@lru_cache(maxsize=100_000)
def is_group_name(name: str) -> bool:
    """'ATLAS Collaboration', 'The LIGO Scientific Consortium', bare 'CMS', 'Keck Array'."""
    return _names_a_group(name)


def _names_a_group(text: str) -> bool:
    if _GROUP.search(text):
        return True
    folded = normalize_name(text)
    if folded.startswith("the "):
        folded = folded[4:]
    if folded in KNOWN_GROUPS:
        return True
    # One all-capital word ("HFLAV", "IceCube" aside): an acronym, not a person.
    words = decode_tex(text).split()
    return len(words) == 1 and len(words[0]) >= 2 and words[0].isupper()
