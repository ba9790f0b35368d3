"""BibTeX for arXiv papers, in the form arXiv's own "Export BibTeX citation" gives.

Each paper's entry is built once, when ingest stores the paper, and kept in
``Paper.bibtex``: a researcher's ``works.bib`` of 2,000 works then reads one
text column per work instead of every byline of every work. Exports only join
the stored entries and make their keys unique within the file.

Keys are the first person's surname, the year and the first title word of more
than three letters ("lovelace2026analytical"). Group bylines ("LHCb
collaboration", "… Consortium"; ``core.names.is_group_name``, the rule
matching uses) are skipped; a byline of groups only takes the first group's
first word. When one file would repeat a key, the entries sharing it are put in
arXiv-id order (oldest first, so a new paper never renames an old key): the
first keeps the key, the next get "a", "b", … ("gagie2022space",
"gagie2022spacea", "gagie2022spaceb"), as reference managers do.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Iterable, Iterator

from django.db import connection

from core.names import is_group_name, normalize_name
from papers.bibtex_text import field_text
from papers.mathtext import MATH

_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_TEX_COMMAND = re.compile(r"\\[a-zA-Z]+")
# A name BibTeX would split or misread: " and " separates names; a fourth part has no meaning.
_AND = re.compile(r"\sand\s", re.IGNORECASE)


def citation_key(title: str, year: int | None, names: list[str]) -> str:
    """'lovelace2026analytical': first person's surname, year, first title word."""
    return f"{_surname(names)}{year or ''}{_title_word(title)}"


def bibtex_entry(
    *,
    arxiv_id: str,
    title: str,
    year: int | None,
    primary_category: str | None,
    doi: str,
    journal_ref: str,
    names: list[str],
) -> str:
    """One paper's entry, from the values ingest stores (the paper need not be saved yet)."""
    fields = {
        "title": "{" + field_text(title) + "}",
        "author": " and ".join(_name(n) for n in names if n.strip()),
        "year": str(year or ""),
        "eprint": arxiv_id,
        "archivePrefix": "arXiv",
        "primaryClass": primary_category or "",
        # A DOI is read verbatim (biblatex): only braces, which end the value, are taken out.
        "doi": re.sub(r"[{}\s]", "", doi or ""),
        "journal": field_text(journal_ref),
        "url": f"https://arxiv.org/abs/{arxiv_id}",
    }
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items() if value)
    kind = "article" if journal_ref else "misc"
    return f"@{kind}{{{citation_key(title, year, names)},\n{body}\n}}\n"


def bibtex_file(entries: Iterable[tuple[str, str]]) -> str:
    """Stored entries as one file, keys made unique. ``entries``: (arxiv_id, entry) pairs."""
    entries = list(entries)
    keys = unique_keys([(arxiv_id, entry_key(entry)) for arxiv_id, entry in entries])
    return "\n".join(_with_key(entry, key) for (_, entry), key in zip(entries, keys, strict=True))


def unique_keys(keyed: list[tuple[str, str]]) -> list[str]:
    """The key of each (arxiv_id, key) pair, suffixed "a", "b", … where keys collide."""
    taken = {key for _, key in keyed}
    sharing: dict[str, list[int]] = {}
    for index, (_, key) in enumerate(keyed):
        sharing.setdefault(key, []).append(index)
    keys = [key for _, key in keyed]
    for key, indexes in sharing.items():
        if len(indexes) == 1:
            continue
        later = sorted(indexes, key=lambda i: keyed[i][0])[1:]
        suffixes = _suffixes()
        for index in later:
            candidate = key + next(suffixes)
            while candidate in taken:  # "smith2020spacea" may be another paper's own key
                candidate = key + next(suffixes)
            keys[index] = candidate
            taken.add(candidate)
    return keys


def entry_key(entry: str) -> str:
    """The key of a stored entry: what stands between "@misc{" and the first comma."""
    return entry[entry.index("{") + 1 : entry.index(",")]


def paper_entry(paper) -> str:
    """A paper's entry: the stored one, or built now for a paper stored without one."""
    return paper.bibtex or build_entries([paper.pk])[paper.pk]


def build_entries(paper_ids: list[int]) -> dict[int, str]:
    """Entries built from the database as it stands (two index lookups per paper)."""
    if not paper_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_PAPERS_WITH_NAMES, [paper_ids])
        return {row[0]: _entry_from_row(row) for row in cursor.fetchall()}


def refresh_entries(paper_ids: list[int]) -> None:
    """Rebuild and store the entries of these papers (a title or byline changed)."""
    entries = build_entries(paper_ids)
    if not entries:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE papers_paper p SET bibtex = e.bibtex"
            " FROM unnest(%s::bigint[], %s::text[]) AS e(id, bibtex) WHERE p.id = e.id",
            [list(entries), list(entries.values())],
        )


# Byline names in order with each paper: one statement for any number of papers.
_PAPERS_WITH_NAMES = """
    SELECT p.id, p.arxiv_id, p.title,
           EXTRACT(YEAR FROM COALESCE(p.published AT TIME ZONE 'UTC', p.announced_on))::int,
           p.primary_category_id, p.doi, p.journal_ref,
           COALESCE((SELECT array_agg(a.name_as_printed ORDER BY a.position)
                     FROM papers_authorship a WHERE a.paper_id = p.id), '{}')
    FROM papers_paper p WHERE p.id = ANY(%s)
"""


def _entry_from_row(row) -> str:
    _, arxiv_id, title, year, category, doi, journal_ref, names = row
    return bibtex_entry(
        arxiv_id=arxiv_id,
        title=title,
        year=year,
        primary_category=category,
        doi=doi,
        journal_ref=journal_ref,
        names=names,
    )


def _with_key(entry: str, key: str) -> str:
    start, end = entry.index("{") + 1, entry.index(",")
    return entry if entry[start:end] == key else f"{entry[:start]}{key}{entry[end:]}"


def _suffixes() -> Iterator[str]:
    """a, b, …, z, aa, ab, …"""
    for length in itertools.count(1):
        for letters in itertools.product(string.ascii_lowercase, repeat=length):
            yield "".join(letters)


def _name(name: str) -> str:
    """A byline name for the author field; a group or odd name braced so it stays one name."""
    text = field_text(name)
    if is_group_name(name) or _AND.search(f" {name} ") or name.count(",") > 2:
        return "{" + text + "}"
    return text


def _surname(names: list[str]) -> str:
    person = next((n for n in names if n.strip() and not is_group_name(n)), None)
    if person is not None:
        words = _ascii_words(normalize_name(person))
        while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
            words.pop()
        return words[-1] if words else "anon"
    group = next((n for n in names if n.strip()), "")
    return next((w for w in _ascii_words(group) if w != "the"), "anon")


def _title_word(title: str) -> str:
    prose = _TEX_COMMAND.sub(" ", MATH.sub(" ", title or ""))
    return next((w for w in _ascii_words(prose) if len(w) > 3), "paper")


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z]+", folded)
