"""BibTeX for arXiv papers, in the form arXiv's own "Export BibTeX citation" gives."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.matching import normalize_name
from papers.models import Paper

# Characters with a meaning in BibTeX field values, escaped; braces are balanced by escaping.
_SPECIAL = str.maketrans(
    {"{": r"\{", "}": r"\}", "\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "#": r"\#"}
)


def citation_key(paper: Paper, first_author: str) -> str:
    """'lovelace2026analytical': first author's surname, year, first title word."""
    folded = normalize_name(first_author).split() or ["anon"]
    surname = re.sub(r"[^a-z]", "", folded[-1]) or "anon"
    word = next((w for w in re.findall(r"[a-z]+", paper.title.lower()) if len(w) > 3), "paper")
    return f"{surname}{paper.year or ''}{word}"


def bibtex_entry(paper: Paper, authors: list[str]) -> str:
    fields = {
        "title": "{" + _value(paper.title) + "}",
        "author": " and ".join(_value(name) for name in authors),
        "year": str(paper.year or ""),
        "eprint": paper.arxiv_id,
        "archivePrefix": "arXiv",
        "primaryClass": paper.primary_category_id or "",
        "doi": paper.doi,
        "journal": _value(paper.journal_ref),
        "url": f"https://arxiv.org/abs/{paper.arxiv_id}",
    }
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items() if value)
    kind = "article" if paper.journal_ref else "misc"
    return f"@{kind}{{{citation_key(paper, authors[0] if authors else '')},\n{body}\n}}\n"


def bibtex_entries(papers: Iterable[Paper]) -> str:
    """Entries for papers whose ``authorships`` are prefetched in byline order."""
    return "\n".join(
        bibtex_entry(paper, [a.name_as_printed for a in paper.authorships.all()])
        for paper in papers
    )


def _value(text: str) -> str:
    return " ".join((text or "").split()).translate(_SPECIAL)
