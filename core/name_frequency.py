"""How many arXiv authors are expected to share a Chinese name: "Wei Wang" hundreds,
"Huacheng Yu" none but one.

A name's commonness decides how much evidence matching asks for. A family name alone
("Wang", "Yu") says too little: "Yu" is shared by millions, but a two-syllable given
name like "Huacheng" is rare enough that the full name belongs to one researcher. The
frequencies come from sinonym's ORCID-derived tables (surname characters and given-name
characters), in toneless pinyin: ``data/chinese_name_frequency.json``, written by
``scripts/build_name_frequency.py``. A given
name is split into pinyin syllables ("huacheng" = hua + cheng, "Hui-Yuan" = hui + yuan)
and its characters are taken as independent, which underrates the popular pairs
("Xiaodong") but orders names rightly: one syllable, or two frequent ones, is common.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from itertools import product
from pathlib import Path

FREQUENCIES = Path(__file__).resolve().parent / "data" / "chinese_name_frequency.json"

# Authors with a Chinese name on arXiv, roughly a quarter of about 2.5 million.
CHINESE_AUTHORS = 600_000
# One-character given names among researchers (the rest have two).
SINGLE_SYLLABLE_SHARE = 0.3
MAX_SYLLABLE = 6  # "zhuang", "shuang"


@cache
def _tables() -> tuple[dict[str, float], dict[str, float]]:
    """(family name -> share of Chinese people, given syllable -> share of given characters)."""
    table = json.loads(FREQUENCIES.read_text(encoding="utf-8"))
    return table["family"], table["given_syllable"]


@lru_cache(maxsize=20_000)
def _splits(word: str) -> tuple[tuple[str, ...], ...]:
    """Every reading of a word as pinyin syllables: 'xian' -> (xian), (xi, an)."""
    if not word:
        return ((),)
    syllables = _tables()[1]
    return tuple(
        (word[:i], *rest)
        for i in range(1, min(MAX_SYLLABLE, len(word)) + 1)
        if word[:i] in syllables
        for rest in _splits(word[i:])
    )


def is_pinyin_given_name(word: str) -> bool:
    """Whether a word reads as a one- or two-syllable pinyin given name ('huiyuan', 'wei')."""
    return any(1 <= len(reading) <= 2 for reading in _splits(word))


def _initial_share(letter: str) -> float:
    return _initial_shares().get(letter, 0.0)


@cache
def _initial_shares() -> dict[str, float]:
    shares: dict[str, float] = {}
    for syllable, share in _tables()[1].items():
        shares[syllable[0]] = shares.get(syllable[0], 0.0) + share
    return shares


def _given_share(given: tuple[str, ...]) -> float | None:
    """The share of Chinese people with this given name (folded tokens, initials allowed),
    or None when it is not one: not pinyin, or more than two syllables."""
    syllables = _tables()[1]
    if all(len(token) == 1 for token in given):
        if len(given) > 2:
            return None
        share = SINGLE_SYLLABLE_SHARE if len(given) == 1 else 1 - SINGLE_SYLLABLE_SHARE
        for letter in given:
            share *= _initial_share(letter)
        # One initial stands for any given name starting with it.
        return share / SINGLE_SYLLABLE_SHARE if len(given) == 1 else share
    if any(len(token) == 1 for token in given):
        return None
    best = None
    for reading in product(*(_splits(token) for token in given)):
        parts = [s for split in reading for s in split]
        if not 1 <= len(parts) <= 2:
            continue
        share = SINGLE_SYLLABLE_SHARE if len(parts) == 1 else 1 - SINGLE_SYLLABLE_SHARE
        for part in parts:
            share *= syllables[part]
        best = share if best is None else max(best, share)
    return best


def expected_namesakes(given: tuple[str, ...], family: str) -> float | None:
    """How many arXiv authors are expected to bear this Chinese name (folded parts, as
    ``core.names.name_parts`` gives them), or None when it is not a Chinese name."""
    share_of_family = _tables()[0].get(family)
    if not share_of_family or not given:
        return None
    share_of_given = _given_share(given)
    if share_of_given is None:
        return None
    return CHINESE_AUTHORS * share_of_family * share_of_given
