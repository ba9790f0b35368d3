"""Find bylines whose identity is a real question, and print their papers side by side.

    .venv/bin/python bench/identity_real_candidates.py [--min 2] [--key "prezza n"] [--common]

Bylines of every file in ``bench.identity_real_files.SOURCES`` are grouped by
blocking key (``core.names.blocking_keys``: folded family name + first initial,
TeX decoded, "oe" = "ö"; a two-part name also under its reversed key). A block is
printed when it holds bylines of two or more papers: each byline with its arXiv id,
position, the name as printed, year, category, title, co-authors and affiliation,
so a person can read them and decide who is who. The labels in
``bench/data/identity_real.json`` are that reading, never the matcher's output.

Needs only Django settings (the product's readers), no database.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup() -> Path:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    return Path(settings.ARXIV_SAMPLES_DIR)


def blocks(sources) -> dict[str, list[tuple]]:
    """Blocking key -> [(arXiv id, position, record, source path)], every key of every name."""
    from core.names import blocking_keys, is_group_name

    found = defaultdict(list)
    for source in sources:
        for record in source.records:
            for position, author in enumerate(record.authors):
                if is_group_name(author.name):
                    continue
                for key in blocking_keys(author.name):
                    found[key].append((record.arxiv_id, position, record, source.path))
    return found


def describe(arxiv_id: str, position: int, record, path: str, width: int = 110, brief=False) -> str:
    author = record.authors[position]
    if brief:  # one line: id, position, name, year, category, title, first co-authors
        others = [a.name for i, a in enumerate(record.authors) if i != position][:5]
        year = record.published.year if record.published else "?"
        return (
            f"  [{arxiv_id}, {position}] {author.name} | {year} {record.primary_category} "
            f"{Path(path).name[:6]} | {record.title[:60]} | {'; '.join(others)}"
            + (f" @ {author.affiliations[0][:40]}" if author.affiliations else "")
        )
    others = [a.name for i, a in enumerate(record.authors) if i != position]
    year = record.published.year if record.published else "?"
    affiliation = "; ".join(author.affiliations) if author.affiliations else ""
    lines = [
        f"  [{arxiv_id}, {position}] {author.name!r}  {year} {record.primary_category} "
        f"({Path(path).name[:18]})" + (f"  @ {affiliation}" if affiliation else ""),
        f"      {record.title[:width]}",
        f"      with: {', '.join(others[:12])}" + (" ..." if len(others) > 12 else ""),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min", type=int, default=2, help="papers a block needs to be shown")
    parser.add_argument(
        "--key", help="only these blocking keys, comma-separated ('prezza n,gagie t')"
    )
    parser.add_argument("--common", action="store_true", help="only common family names")
    parser.add_argument("--list", action="store_true", help="one line per block: key, papers")
    parser.add_argument("--brief", action="store_true", help="one line per byline")
    args = parser.parse_args()
    root = setup()
    from bench.identity_real_files import read_sources
    from core.names import COMMON_FAMILY_NAMES

    found = blocks(read_sources(root))
    keys = sorted(found, key=lambda k: (-len({b[0] for b in found[k]}), k))
    for key in keys:
        papers = {b[0] for b in found[key]}
        if len(papers) < args.min or (args.key and key not in args.key.split(",")):
            continue
        if args.common and key.split()[0] not in COMMON_FAMILY_NAMES:
            continue
        names = sorted({b[2].authors[b[1]].name for b in found[key]})
        if args.list:
            print(f"{key!r:24} {len(papers):3} papers  {' | '.join(names)[:150]}")
            continue
        print(f"=== {key!r}: {len(papers)} papers, printed as {names}")
        for byline in sorted(found[key], key=lambda b: (b[2].published or 0, b[0])):
            print(describe(*byline, brief=args.brief))


if __name__ == "__main__":
    main()
