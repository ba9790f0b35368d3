"""Identity, measured: a labelled set of people, loaded fresh, scored like a curator would.

    .venv/bin/python bench/identity.py [--people 400] [--papers 2500] [--seed 7] [--batch 100]

The labelled set is synthetic and known by construction: each byline slot
(arXiv id + position) names one person of the generator. People come in labs
(a circle of co-authors and one or two categories); each is printed in the
variants real bylines show (full name, middle initial, initials only, TeX
accents, "oe" transliteration, family name first for East Asian names), and
namesakes are made on purpose: several "Wei Wang"s in one category, a "John
Smith" beside a "Jane Smith", a "J. Smith" in another lab. Adversarial papers
ride along: a 3,000-author paper followed by a 3-author paper with two of its
authors, group bylines ("CMS", "Keck Array", "X for the IceCube Collaboration"),
particles ("van der", "de la").

Papers are stored through ``ingest.store.store_batch`` in shuffled batches, the
run finished as ingest finishes it (counters, the re-clustering sweep), then
the bylines are read back and compared with the labels:

- split: people with two or more papers whose papers sit on more than one record;
- wrong attribution: bylines on a record whose majority person is someone else;
- pairwise precision / recall and B³ F1 over byline slots;
- queue: bylines left below the review confidence (curators see them).

Runs on its own database (BENCH_DATABASE_URL, default ``<DATABASE_URL>_bench``),
which it empties first.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database  # noqa: E402
from bench.common import reliability  # noqa: E402

ONSETS = ["Br", "K", "L", "M", "Qu", "Th", "Ab", "Ok", "Fer", "Hav", "Del", "Str", "V", "Gr"]
MIDDLES = ["ar", "en", "ow", "is", "el", "un", "ac", "or", "im", "ev"]
ENDINGS = [
    "don",
    "wood",
    "ski",
    "kwo",
    "qvist",
    "anos",
    "eira",
    "mura",
    "kamp",
    "croix",
    "nan",
    "berg",
]
NAMESAKE_SHARE = 0.12  # people named like another person (other lab, maybe same field) ...
# ... of whom this share carry the identical full name, the rest the family name and initial
# ("Karl"/"Kathrin Bringmann"). Calibrated on the real labelled set (identity_real.json): of
# 74 namesake pairs read there, 1 has one identical uncommon name spelled out (two Siddhartha
# Sens, in two fields). 0.25 keeps identical twins far commoner here than there; --identical
# 1.0 is the harsher world of the first measurements (every namesake an identical twin).
IDENTICAL_SHARE = 0.25
COMMON_FAMILIES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Kim", "Nguyen"]
UMLAUTS = [("ü", '\\"u', "ue"), ("ö", '\\"o', "oe"), ("ä", '\\"a', "ae")]
PARTICLES = ["van der", "de la", "von", "van", "di"]
GIVEN = [
    "John",
    "Jane",
    "Maria",
    "Peter",
    "Anna",
    "Lukas",
    "Sofia",
    "David",
    "Elena",
    "Tomas",
    "Clara",
    "Martin",
    "Irene",
    "Samuel",
    "Olga",
    "Hugo",
]
EAST_ASIAN_GIVEN = ["Wei", "Jun", "Min", "Hao", "Yan", "Lei", "Tomohiro", "Seung"]
MIDDLE = ["A.", "B.", "K.", "M.", "R."]
CATEGORIES = ["cs.LG", "cs.DS", "hep-th", "math.CO", "astro-ph.CO", "cond-mat.str-el", "q-bio.NC"]
GROUP_BYLINES = ["CMS Collaboration", "Keck Array", "HFLAV", "ATLAS"]


@dataclass(eq=False)
class Person:
    pid: int
    variants: list[str]
    lab: int
    cause: str  # what makes this person hard: the per-cause table groups by it


@dataclass
class Labelled:
    people: list[Person] = field(default_factory=list)
    papers: list = field(default_factory=list)  # PaperRecord
    truth: dict[tuple[str, int], int] = field(default_factory=dict)  # (arxiv id, position) -> pid


def make_people(
    rng: random.Random, count: int, labs: int, identical_share: float = IDENTICAL_SHARE
) -> list[Person]:
    people = []
    for pid in range(count):
        lab = pid % labs
        kind = rng.random()
        middle = rng.choice(MIDDLE)
        if kind < 0.25:
            given, family = rng.choice(EAST_ASIAN_GIVEN), rng.choice(COMMON_FAMILIES)
            variants = [f"{given} {family}", f"{family} {given}", f"{given[0]}. {family}"]
            cause = "common or reversed name"
        elif kind < 0.40:
            given, (letter, tex, spelled) = rng.choice(GIVEN), rng.choice(UMLAUTS)
            head, tail = rng.choice(ONSETS), rng.choice(ENDINGS)
            variants = [f"{given} {head}{v}{tail}" for v in (letter, tex, spelled)]
            cause = "TeX or transliteration"
        elif kind < 0.50:
            given = rng.choice(GIVEN)
            family = f"{rng.choice(PARTICLES)} {rng.choice(ONSETS)}{rng.choice(ENDINGS)}"
            variants = [f"{given} {family}", f"{given[0]}. {family}"]
            cause = "particles"
        else:
            given = rng.choice(GIVEN)
            family = rng.choice(ONSETS) + rng.choice(MIDDLES) + rng.choice(ENDINGS)
            variants = [f"{given} {family}", f"{given} {middle} {family}",
                        f"{given[0]}. {middle} {family}", f"{given[0]}. {family}"]  # fmt: skip
            cause = "initials or middle name"
        draw = rng.random()
        if people and draw < NAMESAKE_SHARE * identical_share:
            twin = rng.choice(people)
            variants, cause = list(twin.variants), "namesake of another person"
        elif people and draw < NAMESAKE_SHARE:
            # Karl and Kathrin Bringmann: the family name and initial of someone else.
            twin = rng.choice(people)
            given = twin.variants[0].split()[0]
            other = [g for g in GIVEN + EAST_ASIAN_GIVEN if g[0] == given[0] and g != given]
            if other:
                new = rng.choice(other)
                variants = [v.replace(given, new, 1) for v in twin.variants]
                cause = "same family and initial as another"
        people.append(Person(pid, variants, lab, cause))
    return people


def make_papers(rng: random.Random, people: list[Person], count: int, labs: int) -> Labelled:
    from ingest.records import AuthorRecord, PaperRecord, VersionRecord

    labelled = Labelled(people=people)
    by_lab = defaultdict(list)
    for person in people:
        by_lab[person.lab].append(person)
    lab_categories = {lab: rng.sample(CATEGORIES, 2) for lab in range(labs)}
    start = datetime(2020, 1, 1, tzinfo=UTC)

    def paper(n: int, authors: list[Person | str], category: str) -> None:
        arxiv_id = f"2001.{n:05d}"
        records = []
        for position, who in enumerate(authors):
            if isinstance(who, str):
                records.append(AuthorRecord(who))
                continue
            records.append(AuthorRecord(rng.choice(who.variants)))
            labelled.truth[(arxiv_id, position)] = who.pid
        when = start + timedelta(days=n % 1500, minutes=n)
        labelled.papers.append(
            PaperRecord(
                arxiv_id=arxiv_id, title=f"Synthetic identity paper {n}", abstract="Labelled.",
                authors=records, primary_category=category, categories=[category],
                published=when, updated=when, versions=[VersionRecord(1, when, "100kb")],
            )
        )  # fmt: skip

    for n in range(count):
        lab = rng.randrange(labs)
        members = by_lab[lab]
        authors: list[Person | str] = rng.sample(members, min(len(members), rng.randint(2, 4)))
        if rng.random() < 0.1:  # a visitor from another lab
            authors.append(rng.choice(people))
        if rng.random() < 0.03:
            authors.append(rng.choice(GROUP_BYLINES))
        authors = list(dict.fromkeys(authors))  # one person once per byline
        paper(n, authors, rng.choice(lab_categories[lab]))
    # A 3,000-author paper, then a 3-author paper with two of its authors.
    crowd = rng.sample(people, min(len(people) // 10, 300))
    paper(count, [*crowd, *(f"Crowd Member{i}" for i in range(2700))], "hep-ex")
    paper(count + 1, [crowd[0], crowd[1], "Teresa Maria Montaruli for the IceCube Collaboration"],
          "hep-ex")  # fmt: skip
    return labelled


def load(labelled: Labelled, batch: int, rng: random.Random) -> float:
    from ingest.models import ImportRun, SourceKind
    from ingest.runs import finish
    from ingest.store import store_batch

    papers = list(labelled.papers)
    rng.shuffle(papers)
    run = ImportRun.objects.create(kind=SourceKind.FILE, status=ImportRun.Status.RUNNING)
    started = time.perf_counter()
    for i in range(0, len(papers), batch):
        store_batch(papers[i : i + batch], run)
    finish(run)
    return time.perf_counter() - started


def score(labelled: Labelled) -> dict:
    from ingest.matching import REVIEW_BELOW
    from papers.models import Authorship

    rows = Authorship.objects.filter(paper__arxiv_id__startswith="2001.").values_list(
        "paper__arxiv_id", "position", "author_id", "confidence", "matched_by"
    )
    record_of, queued, how, confidence_of = {}, 0, {}, {}
    for arxiv_id, position, author_id, confidence, matched_by in rows:
        if (arxiv_id, position) in labelled.truth:
            record_of[(arxiv_id, position)] = author_id
            confidence_of[(arxiv_id, position)] = confidence
            how[(arxiv_id, position)] = matched_by
            queued += author_id is not None and confidence < REVIEW_BELOW
    slots = [s for s in labelled.truth if record_of.get(s)]
    person_records, record_people = defaultdict(set), defaultdict(Counter)
    person_papers = defaultdict(set)
    for slot in slots:
        pid, rec = labelled.truth[slot], record_of[slot]
        person_records[pid].add(rec)
        record_people[rec][pid] += 1
        person_papers[pid].add(slot[0])
    cause = {p.pid: p.cause for p in labelled.people}
    multi = [pid for pid, papers in person_papers.items() if len(papers) >= 2]
    split = [pid for pid in multi if len(person_records[pid]) > 1]
    wrong = [
        s for s in slots
        if record_people[record_of[s]].most_common(1)[0][0] != labelled.truth[s]
    ]  # fmt: skip
    # B³ over byline slots: precision of each slot's record cluster, recall of its person cluster.
    by_record, by_person = defaultdict(list), defaultdict(list)
    for s in slots:
        by_record[record_of[s]].append(s)
        by_person[labelled.truth[s]].append(s)
    precision = sum(
        record_people[record_of[s]][labelled.truth[s]] / len(by_record[record_of[s]]) for s in slots
    ) / len(slots)
    recall = sum(
        Counter(record_of[t] for t in by_person[labelled.truth[s]])[record_of[s]]
        / len(by_person[labelled.truth[s]])
        for s in slots
    ) / len(slots)
    per_cause = defaultdict(lambda: [0, 0])
    for pid in multi:
        per_cause[cause[pid]][0] += 1
        per_cause[cause[pid]][1] += pid in split
    return {
        "bylines": len(slots),
        "people with 2+ papers": len(multi),
        "split %": 100 * len(split) / max(1, len(multi)),
        "wrong attribution %": 100 * len(wrong) / max(1, len(slots)),
        "B3 precision": precision,
        "B3 recall": recall,
        "B3 F1": 2 * precision * recall / (precision + recall),
        "queued bylines": queued,
        "split by cause": {k: f"{v[1]}/{v[0]}" for k, v in sorted(per_cause.items())},
        "reliability (confidence, bylines, right)": reliability(
            {s: confidence_of[s] for s in slots}, set(slots) - set(wrong)
        ),
        "wrong by match": dict(Counter(how[s] for s in wrong)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--papers", type=int, default=2500)
    parser.add_argument("--labs", type=int, default=80)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument(
        "--identical", type=float, default=IDENTICAL_SHARE,
        help="share of namesakes with the identical full name (1.0: all of them)",
    )  # fmt: skip
    args = parser.parse_args()
    print(f"database: {database.setup_django()}")
    database.reset_tables()
    rng = random.Random(args.seed)
    people = make_people(rng, args.people, args.labs, args.identical)
    labelled = make_papers(rng, people, args.papers, args.labs)
    seconds = load(labelled, args.batch, rng)
    print(f"loaded {len(labelled.papers)} papers in {seconds:.1f} s")
    for key, value in score(labelled).items():
        if isinstance(value, list):
            print(f"{key:>24}:")
            for bucket, count, share in value:
                print(f"{bucket:>30} {count:>7} {share:>8}")
            continue
        print(f"{key:>24}: {value:.4f}" if isinstance(value, float) else f"{key:>24}: {value}")


if __name__ == "__main__":
    main()
