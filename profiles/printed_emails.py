"""Email addresses printed in a work, and whether one is tied to a particular byline.

An address proves who someone is only when it is the *whole* address (not a
substring of a longer one), compared exactly on the local part and on the
IDNA-encoded domain (so a look-alike domain, a homoglyph or an IDN spelling of
another domain never matches), and when the work ties it to this byline:

- it is printed in this byline's own affiliation text (arXiv's
  ``<arxiv:affiliation>``);
- the paper has a single author;
- its local part names this author and no other author of the paper
  ("lovelace@", "a.lovelace@", "alovelace@", "ada.lovelace@");
- or it follows this author's printed name in the comment or abstract
  ("Corresponding author: Douglas W. Yu, dougwyu@gmail.com", "email: A. Lovelace
  <x@y>") with no other author's name in between.

An exact address printed on a co-authored work without such a tie is shown to a
curator as supporting evidence, never taken as proof.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import idna

from core.names import normalize_name

# An address bounded by characters that cannot belong to it, so "da@x.org" is not found
# inside "ada@x.org" and "ada@x.or" not inside "ada@x.org". Domain labels may be any
# Unicode letters: an IDN or a homoglyph is read whole and then fails the IDNA comparison.
_ADDRESS = re.compile(
    r"(?<![\w.%+\-@])"
    r"([\w.%+\-]+)@((?:[\w\-]+\.)+[\w\-]+)"
    r"(?![\w\-@]|\.[\w\-])"
)
# How far before an address a name may be printed and still be "next to" it.
NAME_WINDOW = 80


@dataclass(frozen=True)
class Address:
    """An address split into an exact local part and an IDNA-encoded, lower-case domain."""

    local: str
    domain: str

    def __str__(self) -> str:
        return f"{self.local}@{self.domain}"


def parse_address(text: str) -> Address | None:
    """The address ``text`` is, or None when it is not one address or its domain is not valid."""
    match = _ADDRESS.fullmatch(text.strip())
    return _address(match) if match else None


def addresses_in(text: str) -> list[tuple[Address, int]]:
    """Every whole, valid address printed in ``text``, with where it starts."""
    found = []
    for match in _ADDRESS.finditer(text or ""):
        address = _address(match)
        if address is not None:
            found.append((address, match.start()))
    return found


def _address(match: re.Match) -> Address | None:
    local, domain = match.group(1), encode_domain(match.group(2))
    if local.startswith(".") or local.endswith(".") or ".." in local or not domain:
        return None
    return Address(local, domain)


def encode_domain(domain: str) -> str:
    """A domain IDNA-encoded and lower-case ("xn--…" for an IDN), or '' when it is not valid.

    UTS 46 maps case and width, never one script's letter to another's, so a
    homoglyph stays a different domain.
    """
    try:
        return idna.encode(domain.strip(), uts46=True).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError):
        return ""


@dataclass(frozen=True)
class Byline:
    """One name on a work, as printed, with its printed affiliation."""

    author_id: int | None
    name: str
    affiliation: str = ""


def name_keys(name: str) -> set[str]:
    """The ways a local part can spell this name: surname, initial+surname, given+surname."""
    parts = normalize_name(name).split()
    if not parts:
        return set()
    family, given = parts[-1], parts[:-1]
    keys = {family}
    if given:
        first = given[0]
        keys |= {
            first[0] + family,
            first + family,
            f"{first[0]}.{family}",
            f"{first}.{family}",
            f"{first}_{family}",
            f"{first}-{family}",
            family + first[0],
            f"{family}.{first}",
            "".join(p[0] for p in given) + family,
        }
    return keys


def _local_names(local: str) -> set[str]:
    folded = local.lower()
    tokens = [t for t in re.split(r"[._\-+0-9]+", folded) if t]
    return {folded, re.sub(r"[0-9]+$", "", folded), *tokens}


def tie(address: Address, bylines: list[Byline], mine: int, comment: str, abstract: str) -> str:
    """Why ``address``, printed on this work, is tied to the byline at index ``mine``; '' if not."""
    me = bylines[mine]
    if any(a == address for a, _ in addresses_in(me.affiliation)):
        return "printed in your byline's affiliation"
    if len(bylines) == 1:
        return "printed on a work with a single author"
    local = _local_names(address.local)
    named = [i for i, b in enumerate(bylines) if local & name_keys(b.name)]
    if named == [mine]:
        return "its name part names you and no other author"
    for text in (comment, abstract):
        for found, start in addresses_in(text):
            if found == address and _nearest_name_before(text, start, bylines) == mine:
                return "printed next to your name"
    return ""


def _nearest_name_before(text: str, start: int, bylines: list[Byline]) -> int | None:
    """The byline whose name (full, or surname) ends closest before ``start``, within reach."""
    window = text[max(0, start - NAME_WINDOW) : start]
    # Only the clause the address is in: stop at the previous address or sentence.
    window = re.split(r"[;\n]|@\S+", window)[-1]
    folded = f" {normalize_name(window)} "
    positions = {}
    for i, byline in enumerate(bylines):
        parts = normalize_name(byline.name).split()
        if parts:
            at = max(folded.rfind(f" {needle} ") for needle in (" ".join(parts), parts[-1]))
            if at >= 0:
                positions[i] = at
    if not positions:
        return None
    nearest = max(positions.values())
    closest = [i for i, at in positions.items() if at == nearest]
    return closest[0] if len(closest) == 1 else None  # two authors share that surname: no tie


def exact_matches(addresses: Iterable[Address], text: str) -> list[Address]:
    """Those of ``addresses`` printed whole in ``text``."""
    wanted = set(addresses)
    return [a for a, _ in addresses_in(text) if a in wanted]
