"""How long each feed field may be; a record over a bound is held for a curator, never cut.

Two kinds of bound. Where a field lands in a sized column, the bound is the
column's size: a longer value could only be stored cut short (a wrong DOI, a
wrong name on a profile) or fail the whole page's transaction. Where the column
is text, the bound sits far above anything arXiv sends, so that a broken or
hostile feed cannot put a megabyte "abstract" on a page, yet no real paper is
ever held.

What arXiv really sends (the recorded API, RSS and OAI-PMH responses, ~3,900
entries from 1996 to 2026): titles up to 212 characters, abstracts up to 2,387
(arXiv asks for at most 1,920 at submission; older entries run longer), comments
up to 414, journal references up to 213, DOIs up to 36, names up to 41,
affiliations up to 203 and bylines up to 706 names. The largest author lists on
arXiv are the LHC and gravitational-wave collaborations: around 3,000 names, and
5,154 on the ATLAS + CMS Higgs mass paper (1503.07589), so the byline bound is
twice that.

A record is checked once, when a page is stored (``ingest.store``) and again before
a curator's approval (``ingest.changes.refusal_reason``): one ``len`` per field.
"""

from __future__ import annotations

from core.names import normalize_name
from ingest.records import PaperRecord

TITLE = 1_000  # 5x the longest real title; Paper.title is text
ABSTRACT = 10_000  # 4x the longest real abstract; Paper.abstract is text
COMMENT = 2_000  # 5x the longest real comment; Paper.comment is text
JOURNAL_REF = 500  # 2x the longest real reference; Paper.journal_ref is text
DOI = 200  # Paper.doi is varchar(200)
LICENSE = 300  # Paper.license is varchar(300)
CATEGORY = 32  # Category.code and Paper.categories are varchar(32)
VERSION_SIZE = 20  # PaperVersion.size is varchar(20) ("1024kb")
# Authorship.name_as_printed, Author.display_name and normalized_name, AuthorAlias.name and
# normalized are varchar(300); the folded form is checked too, since folding can lengthen
# a name ("ß" becomes "ss").
NAME = 300
AFFILIATION = 1_000  # one byline's affiliations as printed, "; "-joined; 5x the longest real one
AUTHORS = 10_000  # names on one byline: the largest real one is 5,154

# (PaperRecord attribute, the name a curator reads, bound)
TEXT_FIELDS = (
    ("title", "title", TITLE),
    ("abstract", "abstract", ABSTRACT),
    ("comment", "comment", COMMENT),
    ("journal_ref", "journal reference", JOURNAL_REF),
    ("doi", "DOI", DOI),
    ("license", "licence", LICENSE),
)


def limit_reason(record: PaperRecord) -> str:
    """Why ``record`` is over a bound, in sentences for a curator; "" when it fits.

    "The title is 12,004 characters; the limit is 1,000." Every field over its
    bound is named; of many overlong names or affiliations, the first and a count.
    """
    problems = [
        _too_long(f"The {label}", len(value), limit)
        for attribute, label, limit in TEXT_FIELDS
        if len(value := getattr(record, attribute)) > limit
    ]
    for code in (record.primary_category, *record.categories):
        if len(code) > CATEGORY:
            problems.append(_too_long(f'The category "{code[:40]}…"', len(code), CATEGORY))
            break
    for version in record.versions:
        if len(version.size) > VERSION_SIZE:
            label = f"The size of v{version.version}"
            problems.append(_too_long(label, len(version.size), VERSION_SIZE))
            break
    if len(record.authors) > AUTHORS:
        problems.append(
            f"The byline has {len(record.authors):,} authors; the limit is {AUTHORS:,}."
        )
    problems += _byline_problems(record)
    return " ".join(problems)


def _byline_problems(record: PaperRecord) -> list[str]:
    names, affiliations = [], []
    for position, author in enumerate(record.authors, 1):
        name = author.name
        if len(name) > NAME:
            names.append(_too_long(f"The name of author {position}", len(name), NAME))
        # Folding lengthens only names with letters outside ASCII: only those are folded here.
        elif not name.isascii() and len(folded := normalize_name(name)) > NAME:
            label = f"The name of author {position}, folded for matching,"
            names.append(_too_long(label, len(folded), NAME))
        if author.affiliations:
            # As the store prints them: "; "-joined.
            length = sum(map(len, author.affiliations)) + 2 * (len(author.affiliations) - 1)
            if length > AFFILIATION:
                label = f"The affiliation of author {position}"
                affiliations.append(_too_long(label, length, AFFILIATION))
    return _first_of(names, "names") + _first_of(affiliations, "affiliations")


def _first_of(problems: list[str], what: str) -> list[str]:
    if len(problems) > 1:
        return [f"{problems[0][:-1]} ({len(problems):,} {what} are over it)."]
    return problems


def _too_long(label: str, length: int, limit: int) -> str:
    return f"{label} is {length:,} characters; the limit is {limit:,}."
