"""Adversarial identity cases: small papers, each stored as its own one-paper import.

    .venv/bin/python bench/identity_cases.py          # a table: each case, right or what went wrong

Each case is a few papers (byline, category), loaded fresh in order, each its own
ImportRun finished as ingest finishes it (counters, the re-clustering sweep), and what
must hold of the stored bylines: slots (paper index, position) on one record, slots on
different records, slots that make no record (a group), slots whose record bears a name.
``tests/bench/test_identity_cases.py`` runs every case in ``make test``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

Slot = tuple[int, int]  # (paper index in the case, byline position)
CROWD = [f"Crowd Member{i}" for i in range(3000)]


@dataclass
class Case:
    """Papers stored one by one, and what the stored bylines must show."""

    name: str
    papers: list[tuple[list[str], str]]
    together: list[tuple[Slot, ...]] = field(default_factory=list)
    apart: list[tuple[Slot, Slot]] = field(default_factory=list)
    groups: list[Slot] = field(default_factory=list)
    named: list[tuple[Slot, str]] = field(default_factory=list)


CASES = [
    Case(
        "alternating namesakes in two fields",
        [
            (["Siddhartha Sen", "Ada Lovelace"], "cs.DC"),
            (["Siddhartha Sen", "Edward Witten"], "hep-th"),
            (["Siddhartha Sen", "Grace Hopper"], "cs.DC"),
            (["Siddhartha Sen", "Juan Maldacena"], "hep-th"),
        ],
        together=[((0, 0), (2, 0)), ((1, 0), (3, 0))],
        apart=[((0, 0), (1, 0))],
    ),
    Case(
        "four forms of one name",
        [
            (["Ottilie A. Quarendon", "Ada Lovelace"], "cs.DS"),
            (["O. A. Quarendon", "Ada Lovelace"], "cs.DS"),
            (["Ottilie Quarendon", "Ada Lovelace"], "cs.DS"),
            (["O. Quarendon", "Ada Lovelace"], "cs.DS"),
        ],
        together=[((0, 0), (1, 0), (2, 0), (3, 0))],
    ),
    Case(
        "TeX and transliteration",
        [
            (['J\\"urgen M\\"uller', "Ada Lovelace"], "math.CO"),
            (["Jürgen Müller", "Ada Lovelace"], "math.CO"),
            (["Juergen Mueller", "Ada Lovelace"], "math.CO"),
            (["Bal{\\'a}zs Keszegh", "Ada Lovelace"], "math.CO"),
            (["Balázs Keszegh", "Ada Lovelace"], "math.CO"),
        ],
        together=[((0, 0), (1, 0), (2, 0)), ((3, 0), (4, 0))],
        named=[((0, 0), "Jürgen Müller")],
    ),
    Case(
        "a 3,000-author paper, then a 3-author paper with two of them",
        [
            (["Ottilie Quarendon", "Bartholomew Xylander", *CROWD], "hep-ex"),
            (["Ottilie Quarendon", "Bartholomew Xylander", "Ada Lovelace"], "hep-ex"),
        ],
        together=[((0, 0), (1, 0)), ((0, 1), (1, 1))],
    ),
    Case(
        "group bylines",
        [
            (["CMS Collaboration", "Ann Quarendon"], "hep-ex"),
            (
                ["Teresa Maria Montaruli for the IceCube Collaboration", "Ada Lovelace"],
                "astro-ph.HE",
            ),
            (["CMS Collaboration: V. Khachatryan", "Ada Lovelace"], "hep-ex"),
            (["Keck Array", "HFLAV", "Ann Quarendon"], "astro-ph.CO"),
        ],
        groups=[(0, 0), (3, 0), (3, 1)],
        named=[((1, 0), "Teresa Maria Montaruli"), ((2, 0), "V. Khachatryan")],
    ),
    Case(
        "CJK names and family name first",
        [
            (["Tomohiro I", "Ada Lovelace"], "cs.DS"),
            (["I Tomohiro", "Ada Lovelace"], "cs.DS"),
            (["Wei Wang", "Ottilie Quarendon", "Bartholomew Xylander"], "cs.LG"),
            (["Wang Wei", "Ottilie Quarendon", "Bartholomew Xylander"], "cs.LG"),
            (["王伟", "Ottilie Quarendon", "Bartholomew Xylander"], "cs.LG"),
            (["Wang Huiyuan", "Zhou Hongyan", "Ottilie Quarendon"], "astro-ph.GA"),
            (["Hui-Yuan Wang", "Hongyan Zhou", "Ottilie Quarendon"], "astro-ph.GA"),
        ],
        together=[((0, 0), (1, 0)), ((2, 0), (3, 0), (4, 0)), ((5, 0), (6, 0)), ((5, 1), (6, 1))],
    ),
    Case(
        "particles",
        [
            (["Ludwig van Beethoven", "Ada Lovelace"], "physics.hist-ph"),
            (["L. van Beethoven", "Ada Lovelace"], "physics.hist-ph"),
            (["Seán Ó Riada", "Grace Hopper"], "cs.SD"),
            (["Sean O Riada", "Grace Hopper"], "cs.SD"),
            (["Juan de la Cruz", "Edward Witten"], "hep-th"),
            (["J. de la Cruz", "Edward Witten"], "hep-th"),
        ],
        together=[((0, 0), (1, 0)), ((2, 0), (3, 0)), ((4, 0), (5, 0))],
    ),
    Case(
        "two namesakes on one byline",
        [(["Wei Wang", "Wei Wang", "Ada Lovelace"], "cs.LG")],
        apart=[((0, 0), (0, 1))],
    ),
    Case(
        "another given name never joins",
        [
            (["John Quarendon", "Ada Lovelace"], "cs.DS"),
            (["Jane Quarendon", "Ada Lovelace"], "cs.DS"),
        ],
        apart=[((0, 0), (1, 0))],
    ),
    Case(
        "a common name without shared co-authors stays apart",
        [
            (["Wei Wang", "Ada Lovelace"], "cs.LG"),
            (["Wei Wang", "Edward Witten"], "cs.LG"),
        ],
        apart=[((0, 0), (1, 0))],
    ),
]


def arxiv_id(paper: int) -> str:
    return f"2002.{paper + 1:05d}"


def load_case(case: Case) -> None:
    """Store the case's papers, each as a one-paper import run finished as ingest does."""
    from ingest.models import ImportRun, SourceKind
    from ingest.records import AuthorRecord, PaperRecord, VersionRecord
    from ingest.runs import finish
    from ingest.store import store_batch

    start = datetime(2020, 2, 1, tzinfo=UTC)
    for paper, (names, category) in enumerate(case.papers):
        when = start + timedelta(days=paper)
        record = PaperRecord(
            arxiv_id=arxiv_id(paper), title=f"Identity case paper {paper}", abstract="A case.",
            authors=[AuthorRecord(name) for name in names], primary_category=category,
            categories=[category], published=when, updated=when,
            versions=[VersionRecord(1, when, "10kb")],
        )  # fmt: skip
        run = ImportRun.objects.create(kind=SourceKind.FILE, status=ImportRun.Status.RUNNING)
        store_batch([record], run)
        finish(run)


def failures(case: Case) -> list[str]:
    """What the stored bylines show against what the case asks; [] when all of it holds."""
    from papers.models import Authorship

    stored = {
        (arxiv, position): (author_id, name)
        for arxiv, position, author_id, name in Authorship.objects.filter(
            paper__arxiv_id__startswith="2002."
        ).values_list("paper__arxiv_id", "position", "author_id", "author__display_name")
    }

    def at(slot: Slot):
        return stored.get((arxiv_id(slot[0]), slot[1]), (None, None))

    def printed(slot: Slot) -> str:
        return case.papers[slot[0]][0][slot[1]]

    wrong = []
    for slots in case.together:
        records = {at(s)[0] for s in slots}
        if len(records) != 1 or None in records:
            wrong.append(
                f"apart: {' / '.join(printed(s) for s in slots)} ({sorted(map(str, records))})"
            )
    for a, b in case.apart:
        if at(a)[0] is not None and at(a)[0] == at(b)[0]:
            wrong.append(f"joined: {printed(a)} [{a[0]}] / {printed(b)} [{b[0]}]")
    for slot in case.groups:
        if at(slot)[0] is not None:
            wrong.append(f"a group made a person: {printed(slot)}")
    for slot, name in case.named:
        if at(slot)[1] != name:
            wrong.append(f"{printed(slot)}: record named {at(slot)[1]!r}, not {name!r}")
    return wrong


def main() -> None:
    from bench import database

    print(f"database: {database.setup_django()}")
    right = 0
    for case in CASES:
        database.reset_tables()
        load_case(case)
        wrong = failures(case)
        right += not wrong
        print(f"  {'right' if not wrong else 'WRONG':5}  {case.name}")
        for line in wrong:
            print(f"         {line}")
    print(f"{right} of {len(CASES)} cases right")


if __name__ == "__main__":
    main()
