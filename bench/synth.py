"""A realistic bench database: 200,000 arXiv-like papers with everything ingest would have left.

    .venv/bin/python bench/synth.py                    # 200,000 papers into an empty bench database
    .venv/bin/python bench/synth.py --reset            # empty it first (the category taxonomy stays)
    .venv/bin/python bench/synth.py --papers 20000 --seed 7 --reset

What it makes (see bench/README.md for the numbers):

- papers from 2007 to ``--until`` (today), more each year, in arXiv's category mix
  (cs.* growing, math.*, hep-*, astro-ph.*, cond-mat.*, quant-ph, physics.*, ...),
  arXiv ids of the period, versions 1-5 with PaperVersion rows, announce dates on
  weekdays, titles and abstracts from word lists (LaTeX included), comments,
  licences, journal refs and DOIs, code links in the text (``code_url`` is what
  ``papers.links.find_code_url`` finds there), citation counts on ~70%;
- people with skewed productivity (most have 1-3 papers, a few stars 500-2,400),
  careers, labs, institutions, accented names and many namesakes ("Wei Zhang");
- bylines of 1-20 people with a long tail, and collaboration papers of 51 to
  3,000 names (ATLAS, CMS, LIGO, ...) with their group name in the byline;
- Authorship rows in byline order with matched_by and confidence, AuthorAlias
  rows, Paper.author_count and authors_text, co-author edges by graph.edges'
  rules, and every Author counter computed by the app's own refresh functions;
- a few hundred merged records (old URLs 301 to the survivor) and a few hundred
  claimed ones at verification levels 2-4.

Everything is written in one transaction with COPY and set-based SQL, secondary
indexes dropped during the load and rebuilt after it; then every invariant is
checked (a failed check rolls the whole load back) and the tables are vacuumed
and analysed. The same --seed and --until give the same database.
"""

from __future__ import annotations

import argparse
import bisect
import importlib
import itertools
import json
import math
import queue
import random
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# bench/ingest.py would shadow the ingest package: the project root goes first, bench/ last.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))
from bench.common import bench_ingest  # noqa: E402 - after the path is set

sys.path.append(str(HERE))

import synth_check  # noqa: E402
import synth_text as words  # noqa: E402

FIRST_YEAR = 2007
GROWTH = 1.085  # papers per year grow ~8.5% a year, as arXiv's submissions did
DEFAULT_PAPERS = 200_000
CHUNK = 10_000  # papers generated and copied per round
STAR_SCALE_BASE = 200_000  # star and collaboration targets are given for this many papers

# --------------------------------------------------------------------------- communities


@dataclass
class Community:
    """A research community: its share of papers (2007 -> last year), categories and habits."""

    key: str
    share: tuple[float, float]
    categories: dict[str, float]  # code -> weight; codes of the taxonomy not listed get `rest`
    people: tuple[float, float]  # lognormal (mu, sigma) of the number of people on a byline
    initials: float  # share of people printed as "Y. Wang"
    code: tuple[float, float]  # share of papers with a code link (2007 -> last year)
    related: tuple[str, ...] = ()  # communities it cross-lists into
    rest: float = 0.3
    alphabetical: float = 0.0  # share of bylines in alphabetical order


COMMUNITIES = [
    Community(
        "ml", (0.06, 0.30),
        {"cs.LG": 30, "cs.CV": 25, "cs.CL": 18, "cs.AI": 10, "stat.ML": 6, "cs.IR": 3,
         "cs.NE": 2, "eess.IV": 2.5, "eess.AS": 1.5, "cs.SD": 1.2, "cs.MM": 0.6, "cs.MA": 0.8},
        (1.55, 0.5), 0.06, (0.06, 0.40), ("cs", "stat"),
    ),
    Community(
        "cs", (0.10, 0.14),
        {"cs.CR": 6, "cs.SE": 5, "cs.DC": 4, "cs.NI": 4, "cs.RO": 6, "cs.DS": 4, "cs.IT": 5,
         "math.IT": 1, "cs.LO": 2, "cs.PL": 2, "cs.DB": 2, "cs.CY": 3, "cs.SI": 3, "cs.GT": 2,
         "cs.CC": 1.5, "cs.DM": 1, "cs.FL": 1, "cs.CG": 1, "cs.AR": 1, "cs.GR": 1.5,
         "cs.HC": 2, "cs.SY": 2, "eess.SY": 3, "eess.SP": 4, "cs.NA": 1, "cs.CE": 1},
        (1.2, 0.5), 0.1, (0.04, 0.22), ("ml", "math"), alphabetical=0.2,
    ),
    Community(
        "math", (0.23, 0.15),
        {"math.AP": 6, "math.PR": 5, "math.CO": 6, "math.AG": 5, "math.NT": 4, "math.OC": 5,
         "math.NA": 5, "math.DG": 4, "math.DS": 3, "math.FA": 3, "math.GT": 2, "math.GR": 2,
         "math.RT": 2, "math.CA": 2, "math.ST": 3, "math-ph": 3, "math.MP": 1},
        (0.55, 0.45), 0.25, (0.005, 0.03), ("cs", "stat", "hep"), rest=1.0, alphabetical=0.8,
    ),
    Community(
        "hep", (0.19, 0.08),
        {"hep-ph": 12, "hep-th": 10, "gr-qc": 6, "hep-ex": 4, "hep-lat": 2, "nucl-th": 3,
         "nucl-ex": 1.5},
        (0.95, 0.55), 0.45, (0.01, 0.06), ("astro", "math"), alphabetical=0.4,
    ),
    Community(
        "astro", (0.12, 0.07),
        {"astro-ph.GA": 8, "astro-ph.CO": 7, "astro-ph.SR": 6, "astro-ph.HE": 6,
         "astro-ph.EP": 4, "astro-ph.IM": 3},
        (1.75, 0.75), 0.35, (0.02, 0.10), ("hep", "physics"),
    ),
    Community(
        "condmat", (0.14, 0.08),
        {"cond-mat.mtrl-sci": 9, "cond-mat.mes-hall": 8, "cond-mat.str-el": 6,
         "cond-mat.stat-mech": 5, "cond-mat.soft": 4, "cond-mat.supr-con": 3,
         "cond-mat.quant-gas": 2.5, "cond-mat.dis-nn": 1.5, "cond-mat.other": 1},
        (1.45, 0.55), 0.3, (0.01, 0.08), ("quantum", "physics"),
    ),
    Community(
        "quantum", (0.05, 0.06), {"quant-ph": 1}, (1.2, 0.55), 0.3, (0.02, 0.12),
        ("condmat", "cs"),
    ),
    Community(
        "physics", (0.07, 0.06),
        {"physics.optics": 5, "physics.flu-dyn": 5, "physics.app-ph": 4, "physics.chem-ph": 3,
         "physics.comp-ph": 2.5, "physics.soc-ph": 2.5, "physics.atom-ph": 2.5,
         "physics.plasm-ph": 2, "physics.ins-det": 2, "physics.bio-ph": 2, "nlin.CD": 1.2},
        (1.2, 0.55), 0.3, (0.02, 0.10), ("condmat", "bio"), rest=0.8,
    ),
    Community(
        "bio", (0.02, 0.02),
        {"q-bio.NC": 3, "q-bio.PE": 3, "q-bio.QM": 3, "q-bio.BM": 2, "q-bio.MN": 1.5,
         "q-bio.GN": 1.5},
        (1.5, 0.65), 0.2, (0.03, 0.15), ("physics", "ml"), rest=0.8,
    ),
    Community(
        "stat", (0.02, 0.03),
        {"stat.ME": 4, "stat.AP": 3, "stat.CO": 1, "stat.TH": 1, "stat.OT": 0.3},
        (0.95, 0.5), 0.15, (0.03, 0.15), ("ml", "math"),
    ),
    Community(
        "econ", (0.01, 0.02),
        {"econ.EM": 2, "econ.GN": 2, "econ.TH": 1.5, "q-fin.EC": 0.3},
        (0.8, 0.45), 0.15, (0.01, 0.08), ("stat", "math"), rest=1.0,
    ),
]  # fmt: skip
COMMUNITY_BY_KEY = {c.key: c for c in COMMUNITIES}


def community_of(code: str) -> str:
    """The community a taxonomy code belongs to when no community lists it."""
    archive = code.split(".")[0]
    return {
        "cs": "cs", "eess": "cs", "stat": "stat", "math": "math", "math-ph": "math",
        "astro-ph": "astro", "cond-mat": "condmat", "quant-ph": "quantum", "physics": "physics",
        "nlin": "physics", "q-bio": "bio", "q-fin": "econ", "econ": "econ",
    }.get(archive, "hep")  # fmt: skip


# Archives arXiv opened during the period: no paper is filed there earlier.
ARCHIVE_SINCE = {"eess": 2017, "econ": 2017, "q-fin": 2009, "stat": 2007}


@dataclass
class Collaboration:
    """A big experiment whose papers list (a large part of) everyone in it."""

    name: str  # the group name printed in the byline ("ATLAS Collaboration")
    community: str
    categories: tuple[str, ...]  # primary first
    members: int
    since: int
    share: float  # of the collaboration papers


COLLABORATIONS = [
    Collaboration("ATLAS Collaboration", "hep", ("hep-ex", "hep-ph"), 3300, 2009, 0.24),
    Collaboration("CMS Collaboration", "hep", ("hep-ex", "hep-ph"), 2900, 2009, 0.22),
    Collaboration("LHCb Collaboration", "hep", ("hep-ex",), 1000, 2010, 0.10),
    Collaboration("ALICE Collaboration", "hep", ("nucl-ex", "hep-ex"), 1900, 2010, 0.09),
    Collaboration("Belle II Collaboration", "hep", ("hep-ex",), 1100, 2016, 0.03),
    Collaboration("DUNE Collaboration", "hep", ("hep-ex", "physics.ins-det"), 1400, 2016, 0.02),
    Collaboration(
        "LIGO Scientific Collaboration", "astro", ("gr-qc", "astro-ph.HE"), 1600, 2010, 0.09
    ),
    Collaboration("IceCube Collaboration", "astro", ("astro-ph.HE",), 450, 2009, 0.06),
    Collaboration("Fermi-LAT Collaboration", "astro", ("astro-ph.HE",), 250, 2009, 0.04),
    Collaboration("DESI Collaboration", "astro", ("astro-ph.CO",), 900, 2016, 0.05),
    Collaboration(
        "Event Horizon Telescope Collaboration", "astro", ("astro-ph.GA",), 350, 2019, 0.02
    ),
    Collaboration("Gemini Team", "ml", ("cs.CL", "cs.AI"), 1300, 2023, 0.02),
    Collaboration("COVID-19 Genomics UK Consortium", "bio", ("q-bio.PE",), 300, 2020, 0.02),
]
COLLABORATION_PAPERS = 0.0008  # share of all papers
# Star researchers: (community, works at 200,000 papers). The rest of the tail is Pareto.
STARS = [
    ("ml", 2400), ("hep", 1800), ("ml", 1500), ("astro", 1200), ("quantum", 1000),
    ("cs", 900), ("hep", 800), ("math", 700), ("condmat", 650), ("physics", 550),
    ("stat", 500), ("ml", 500),
]  # fmt: skip
PEOPLE_PER_BYLINE = 0.33  # pool size per expected byline slot of a community
MERGED = 300  # merged records at 200,000 papers (and a few chains)
CLAIMED = 300  # claimed records at 200,000 papers


# --------------------------------------------------------------------------- people


class Person:
    __slots__ = (
        "community", "given", "middle", "surname", "as_initials", "weight", "start", "end",
        "lab", "institution", "second_institution", "affiliation_share", "printed", "ascii",
        "reversed", "sort_key", "author_id", "variant", "claimed", "printed_affiliation", "works",
    )  # fmt: skip

    def __init__(self, community, name, weight, start, end):
        self.community = community
        self.given, self.middle, self.surname, self.as_initials = name
        self.weight, self.start, self.end = weight, start, end
        self.lab = self.institution = self.second_institution = None
        self.affiliation_share = 0.0
        self.author_id = 0
        self.variant = None  # the printed name a merged record had (curator-matched bylines)
        self.claimed = False
        self.printed_affiliation = False
        self.printed = None  # set by World.named() when first needed
        self.works = 0

    def active(self, year):
        return self.start <= year <= self.end


def _cumulative(weights):
    return list(itertools.accumulate(weights))


class Pick:
    """Weighted draws from a fixed list (bisect on cumulative weights)."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, items, weights):
        self.items, self.cum = items, _cumulative(weights)
        self.total = self.cum[-1] if self.cum else 0.0

    def __call__(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]

    def __bool__(self):
        return bool(self.items)


# --------------------------------------------------------------------------- the generator


@dataclass
class Skeleton:
    """A paper before it has people and words: when, where, how many names, which experiment."""

    published: datetime
    community: str
    primary: str
    people: int
    collaboration: Collaboration | None = None
    group: str = ""
    stars: list = field(default_factory=list)


class World:
    """Everything generated: people, labs, paper skeletons; then rows, paper by paper."""

    def __init__(self, papers, seed, until, normalize, find_code_url, record, max_people):
        self.rng = random.Random(seed)
        self.max_people = max_people  # graph.models.MAX_AUTHORS_FOR_EDGES
        self.n_papers = papers
        self.scale = papers / STAR_SCALE_BASE
        self.until = until
        self.last_year = until.year
        self.normalize = normalize
        self.find_code_url = find_code_url
        self.record = record  # (PaperRecord, AuthorRecord, VersionRecord, digest)
        self.now = datetime(until.year, until.month, until.day, 23, 0, tzinfo=UTC)
        self.people: list[Person] = []
        self.authors: list[Person] = []  # by author id - 1, in the order ingest would create them
        self.name_count: Counter = Counter()  # normalised name -> author records so far
        self.text = {c.key: words.TextMaker(c.key) for c in COMMUNITIES}
        self.institutions = [
            (name, country, normalize(name)) for name, country in words.institutions()
        ]
        self.edge_papers: list[tuple[int, int, int]] = []  # (paper id, people, year), 2..MAX people
        self.stats = Counter()

    # ---------------------------------------------------------------- skeletons

    def _shares(self, year):
        t = min(1.0, max(0.0, (year - FIRST_YEAR) / max(1, self.last_year - FIRST_YEAR)))
        return [c.share[0] + (c.share[1] - c.share[0]) * t for c in COMMUNITIES]

    def _category_picks(self, taxonomy):
        """(community, year) -> weighted pick of primary categories open that year."""
        listed = {code for c in COMMUNITIES for code in c.categories}
        members = defaultdict(dict)
        for c in COMMUNITIES:
            members[c.key].update(c.categories)
        for code in taxonomy:
            if code not in listed:
                home = COMMUNITY_BY_KEY[community_of(code)]
                members[home.key][code] = home.rest
        picks = {}
        for c in COMMUNITIES:
            for year in range(FIRST_YEAR, self.last_year + 1):
                codes = [
                    code
                    for code in members[c.key]
                    if ARCHIVE_SINCE.get(code.split(".")[0], 0) <= year
                ]
                picks[c.key, year] = Pick(codes, [members[c.key][code] for code in codes])
        self.members = members
        return picks

    def skeletons(self, taxonomy) -> list[Skeleton]:
        rng = self.rng
        start = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
        span = (self.now - start).total_seconds() / 86400
        k = math.log(GROWTH) / 365.25
        category = self._category_picks(taxonomy)
        community = {  # a community with no category open yet (econ before 2009) gets none
            year: Pick(
                [c.key for c in COMMUNITIES],
                [
                    w if category[c.key, year] else 0.0
                    for c, w in zip(COMMUNITIES, self._shares(year), strict=True)
                ],
            )
            for year in range(FIRST_YEAR, self.last_year + 1)
        }
        out = []
        for _ in range(self.n_papers):
            days = math.log1p(rng.random() * math.expm1(k * span)) / k
            published = start + timedelta(days=days)
            year = published.year
            key = community[year](rng)
            mu, sigma = COMMUNITY_BY_KEY[key].people
            people = min(1000, max(1, round(rng.lognormvariate(mu, sigma))))
            out.append(Skeleton(published, key, category[key, year](rng), people))
        out.sort(key=lambda s: s.published)
        self._collaboration_papers(out)
        self._boundary_papers(out)
        return out

    def _collaboration_papers(self, skeletons):
        """Turn some papers into collaboration papers; the first is the 3,000-name one."""
        rng = self.rng
        count = max(3, round(self.n_papers * COLLABORATION_PAPERS))
        pick = Pick(COLLABORATIONS, [c.share for c in COLLABORATIONS])
        by_year = defaultdict(list)
        for index, s in enumerate(skeletons):
            by_year[s.published.year].append(index)
        used = set()

        def place(collab, people, year=None):
            years = [y for y in by_year if y >= collab.since and (year is None or y == year)]
            years = years or list(by_year)  # an --until before the collaboration began
            for _ in range(100):
                index = rng.choice(by_year[rng.choice(years)])
                if index not in used:
                    break
            used.add(index)
            s = skeletons[index]
            s.community, s.primary, s.collaboration = collab.community, collab.categories[0], collab
            s.people, s.group = people, collab.name
            return s

        atlas, cms = COLLABORATIONS[0], COLLABORATIONS[1]
        mid = min(2018, self.last_year)
        place(atlas, 2999, mid)  # + the group name: 3,000 names on the byline
        place(cms, 2350, mid)
        place(COLLABORATIONS[6], 1450)  # LIGO
        for _ in range(count - 3):
            collab = pick(rng)
            if rng.random() < 0.15:
                people = round(collab.members * rng.uniform(0.6, 0.9))
            else:
                people = min(collab.members, max(51, round(rng.lognormvariate(math.log(180), 0.7))))
            place(collab, people)

    def _boundary_papers(self, skeletons):
        """A byline of MAX people and a group name (edges), one of MAX + 1 people (no edges)."""
        rng = self.rng
        hep = [
            i
            for i, s in enumerate(skeletons)
            if s.community == "hep" and s.collaboration is None and s.published.year >= 2010
        ]
        first, second = rng.sample(hep, 2)
        skeletons[first].people = self.max_people
        skeletons[first].group = "HotQCD Collaboration"
        skeletons[second].people = self.max_people + 1

    # ---------------------------------------------------------------- people

    def populate(self, skeletons):
        """People per community (careers, weights, labs), collaboration members and stars."""
        rng = self.rng
        slots = Counter()
        years = defaultdict(list)
        for s in skeletons:
            if s.collaboration is None:
                slots[s.community] += s.people
                years[s.community].append(s.published.year)
        institution_pick = Pick(
            list(range(len(self.institutions))),
            [
                4.0 if i < len(words.FAMOUS_INSTITUTIONS) else 1.0
                for i in range(len(self.institutions))
            ],
        )
        self.year_pick = {}
        self.labs = []
        for c in COMMUNITIES:
            if not years[c.key]:
                continue
            people = []
            for _ in range(max(20, round(slots[c.key] * PEOPLE_PER_BYLINE))):
                weight = min(100.0, rng.paretovariate(1.3))
                length = round(rng.lognormvariate(math.log(2.5) + 0.35 * math.log(weight), 0.7))
                length = min(30, max(1, length))
                anchor = rng.choice(years[c.key])
                begin = anchor - rng.randrange(length)
                people.append(
                    Person(
                        c.key, words.person_name(rng, c.initials), weight, begin, begin + length - 1
                    )
                )
            self._labs(people, institution_pick, size=(math.log(10), 0.7))
            self.people.extend(people)
        self.collaboration_members = {}
        for collab in COLLABORATIONS:
            members = []
            for _ in range(collab.members):
                begin = collab.since - rng.randrange(6)
                person = Person(
                    collab.community,
                    words.person_name(rng, 0.6),
                    0.3,
                    begin,
                    begin + rng.randrange(10, 25),
                )
                members.append(person)
            self._labs(members, institution_pick, size=(math.log(30), 0.5))
            self.people.extend(members)
            self.collaboration_members[collab.name] = members
        self.stars = []
        for key, works in STARS:
            if not years[key]:
                continue
            star = Person(key, words.person_name(rng, 0.0), 1.0, FIRST_YEAR - 3, self.last_year)
            group = [star] + [
                Person(key, words.person_name(rng, 0.1), min(40.0, rng.paretovariate(1.5)),
                       y, y + rng.randrange(3, 8))
                for y in (rng.choice(years[key]) - 2 for _ in range(max(10, round(110 * self.scale ** 0.5))))
            ]  # fmt: skip
            self._labs(group, institution_pick, size=None)
            self.people.extend(group)
            self.stars.append((star, max(10, round(works * self.scale))))
        self._year_picks()

    def _labs(self, people, institution_pick, size):
        rng = self.rng
        rng.shuffle(people)
        at = 0
        while at < len(people):
            n = len(people) if size is None else max(2, min(200, round(rng.lognormvariate(*size))))
            members = people[at : at + n]
            at += n
            lab = len(self.labs)
            institution = institution_pick(rng)
            for person in members:
                person.lab = lab
                if rng.random() < 0.8:
                    person.institution = institution
                    person.affiliation_share = rng.choice((0.0, 0.0, 0.0, 0.4, 0.7, 0.9))
                    if rng.random() < 0.05:
                        person.second_institution = institution_pick(rng)
            self.labs.append(Pick(members, [p.weight for p in members]))

    def named(self, person):
        """The person with their printed forms worked out (done once, when first needed)."""
        if person.printed is None:
            self._prepare_names(person)
        return person

    def _prepare_names(self, person):
        normalize = self.normalize
        printed = words.printed_name(
            person.given, person.middle, person.surname, person.as_initials
        )
        person.printed = printed
        folded = normalize(printed)
        plain = words.ascii_name(printed)
        person.ascii = plain if plain != printed and normalize(plain) == folded else None
        first = words.initial(person.given) if person.as_initials else person.given
        middle = f" {person.middle}." if person.middle else ""
        turned = f"{person.surname}, {first}{middle}"
        person.reversed = turned if normalize(turned) == folded else None
        person.sort_key = normalize(person.surname)

    def _year_picks(self):
        by = defaultdict(list)
        for person in self.people:
            for year in range(max(FIRST_YEAR, person.start), min(self.last_year, person.end) + 1):
                by[person.community, year].append(person)
        self.year_pick = {key: Pick(p, [x.weight for x in p]) for key, p in by.items()}
        everyone = defaultdict(list)
        for person in self.people:
            everyone[person.community].append(person)
        self.community_pick = {k: Pick(p, [x.weight for x in p]) for k, p in everyone.items()}

    def assign_stars(self, skeletons):
        """Each star joins its target number of papers of their community (not collaborations)."""
        rng = self.rng
        by_community = defaultdict(list)
        for index, s in enumerate(skeletons):
            if s.collaboration is None and s.group == "":
                by_community[s.community].append(index)
        for star, works in self.stars:
            pool = by_community[star.community]
            for index in rng.sample(pool, min(works, len(pool))):
                s = skeletons[index]
                s.stars.append(star)
                s.people = max(s.people, len(s.stars))

    def choose_merges_and_claims(self):
        """Survivors of merges (with the other spelling they had) and claimed records."""
        rng = self.rng
        ordinary = [
            p for p in self.people if p.weight >= 1.5 and p.community != "" and p.end >= FIRST_YEAR
        ]
        for person in rng.sample(
            ordinary, min(len(ordinary), round(MERGED * self.scale * 1.6) + 5)
        ):
            variant = self._variant(self.named(person))
            if variant:
                person.variant = variant
        claimable = Pick(ordinary, [p.weight for p in ordinary])
        wanted = round(CLAIMED * self.scale * 1.3) + 5
        chosen = {id(star): star for star, _ in self.stars[:3]}
        while len(chosen) < min(wanted, len(ordinary)):
            person = claimable(rng)
            chosen[id(person)] = person
        for person in chosen.values():
            person.claimed = True

    def _variant(self, person):
        """A spelling that folds differently: "W. Zhang" for "Wei Zhang", a middle initial more or less."""
        if not person.as_initials:
            variant = words.printed_name(person.given, person.middle, person.surname, True)
        elif person.middle:
            variant = words.printed_name(person.given, "", person.surname, True)
        else:
            variant = words.printed_name(
                person.given, self.rng.choice("ABCDEFGH"), person.surname, True
            )
        return variant if self.normalize(variant) != self.normalize(person.printed) else None

    # ---------------------------------------------------------------- papers

    def draw(self, community, year, lab, p_lab, taken):
        rng = self.rng
        for _ in range(8):
            if lab is not None and rng.random() < p_lab:
                person = self.labs[lab](rng)
                if not person.active(year):
                    continue
            else:
                pick = self.year_pick.get((community, year)) or self.community_pick[community]
                person = pick(rng)
            if id(person) not in taken:
                return person
        return None

    def byline(self, s: Skeleton) -> list[Person]:
        rng = self.rng
        year = s.published.year
        if s.collaboration is not None:
            members = self.collaboration_members[s.collaboration.name]
            active = [p for p in members if p.active(year)]
            if len(active) < s.people:
                others = [p for p in members if not p.active(year)]
                active += rng.sample(others, min(len(others), s.people - len(active)))
            chosen = [self.named(p) for p in rng.sample(active, min(s.people, len(active)))]
            chosen.sort(key=lambda p: p.sort_key)
            return chosen
        chosen = list(s.stars)
        taken = {id(p) for p in chosen}
        if chosen:
            lab, p_lab = chosen[0].lab, 0.85
        else:
            lead = self.draw(s.community, year, None, 0.0, taken)
            chosen, lab, p_lab = [lead], lead.lab, 0.65
            taken.add(id(lead))
        while len(chosen) < s.people:
            person = self.draw(s.community, year, lab, p_lab, taken)
            if person is None:
                person = self.draw(s.community, year, None, 0.0, taken)
                if person is None:
                    break
            chosen.append(person)
            taken.add(id(person))
        community = COMMUNITY_BY_KEY[s.community]
        chosen = [self.named(p) for p in chosen]
        if rng.random() < community.alphabetical:
            chosen.sort(key=lambda p: p.sort_key)
        else:
            head, rest = chosen[: max(1, len(s.stars))], chosen[max(1, len(s.stars)) :]
            rng.shuffle(rest)
            # A star (a lab's head) is usually last; a lead author usually first.
            chosen = rest + head if s.stars and rng.random() < 0.7 else head + rest
        return chosen

    def categories(self, s: Skeleton, aliases) -> list[str]:
        rng = self.rng
        if s.collaboration is not None:
            codes = list(s.collaboration.categories)
        else:
            codes = [s.primary]
            extra = rng.choices((0, 1, 2, 3), (55, 28, 12, 5))[0]
            community = COMMUNITY_BY_KEY[s.community]
            year = s.published.year
            for _ in range(extra):
                home = community.key
                if community.related and rng.random() < 0.3:
                    home = rng.choice(community.related)
                pool = self.members[home]
                code = rng.choices(list(pool), list(pool.values()))[0]
                if ARCHIVE_SINCE.get(code.split(".")[0], 0) <= year and code not in codes:
                    codes.append(code)
        for code in list(codes):
            partner = aliases.get(code)
            if partner and partner not in codes and rng.random() < 0.9:
                codes.append(partner)
        return codes

    def versions(self, published: datetime) -> list[datetime]:
        rng = self.rng
        latest = rng.choices((1, 2, 3, 4, 5), (55, 28, 11, 4, 2))[0]
        dates = [published]
        for _ in range(latest - 1):
            later = dates[-1] + timedelta(days=1 + rng.expovariate(1 / 60), hours=rng.random() * 12)
            if later >= self.now - timedelta(days=1):
                break
            dates.append(later)
        return dates

    def announced(self, when: datetime) -> date:
        """The next weekday after a submission (Friday to Sunday go out on Monday), at most --until."""
        day = when.date() + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        if day > self.until:
            day = self.until
            while day.weekday() >= 5:
                day -= timedelta(days=1)
        return day

    def citations(self, s: Skeleton, year_columns: bool):
        """(count, source, as of, by year) with a heavy tail; older and bigger papers more."""
        rng = self.rng
        age = (self.now - s.published).days / 365.25
        if age < 0.05 or rng.random() > 0.7:
            return None, "", None, {}
        mu = 0.8 + 0.9 * math.log1p(age) + (0.8 if s.collaboration else 0.0)
        count = 0 if rng.random() < 0.08 else min(60_000, int(rng.lognormvariate(mu, 1.25)))
        as_of = self.now - timedelta(days=rng.uniform(0, 20))
        by_year = {}
        if year_columns and count and rng.random() < 0.85:
            first = max(s.published.year, self.last_year - 9)
            spread = [rng.random() + 0.2 for _ in range(first, self.last_year + 1)]
            total = sum(spread)
            for y, part in zip(range(first, self.last_year + 1), spread, strict=True):
                n = int(count * part / total)
                if n:
                    by_year[str(y)] = n
        return count, self.citation_source, as_of, by_year

    def text_fields(self, s: Skeleton, paper_id: int, version: int):
        """Title, abstract, comment, journal ref, DOI, licence, code URL (found in the text)."""
        rng = self.rng
        c = COMMUNITY_BY_KEY[s.community]
        maker = self.text[s.community]
        t = min(
            1.0, max(0.0, (s.published.year - FIRST_YEAR) / max(1, self.last_year - FIRST_YEAR))
        )
        code_share = c.code[0] + (c.code[1] - c.code[0]) * t
        url = ""
        if rng.random() < code_share:
            host = rng.choices([h for h, _ in words.CODE_HOSTS], [w for _, w in words.CODE_HOSTS])[
                0
            ]
            url = host.format(
                u=f"{rng.choice(words.REPO_WORDS)}-lab{paper_id % 997}",
                r=f"{rng.choice(words.REPO_WORDS)}-{rng.choice(words.REPO_WORDS)}",
            )
        in_abstract = url and rng.random() < 0.6
        abstract = maker.abstract(
            rng,
            rng.randint(100, 250),
            extra=f"Code is available at {url}." if in_abstract else "",
        )
        comment = ""
        if rng.random() < 0.75:
            comment = rng.choice(words.COMMENTS).format(
                p=rng.randint(5, 60),
                f=rng.randint(1, 15),
                t=rng.randint(1, 6),
                v=max(2, version),
                venue=rng.choice(words.VENUES[s.community]),
            )
        if url and not in_abstract:
            comment = f"{comment}; code: {url}" if comment else f"Code: {url}"
        age = (self.now - s.published).days / 365.25
        journal_ref = doi = ""
        if rng.random() < 0.12 + 0.38 * min(1.0, age / 4):
            ref, doi_pattern = rng.choice(words.JOURNALS[s.community])
            p = rng.randint(1000, 99999)
            values = {
                "venue": rng.choice(words.VENUES[s.community]),
                "y": min(self.last_year, s.published.year + rng.choice((0, 1, 1, 2))),
                "v": rng.randint(10, 130),
                "p": p,
                "p2": p + rng.randint(10, 40),
                "m": f"{rng.randint(1, 12):02d}",
            }
            journal_ref = ref.format(**values)
            if doi_pattern and rng.random() < 0.85:
                doi = doi_pattern.format(**values)
        licence = rng.choices([u for u, _ in words.LICENSES], [w for _, w in words.LICENSES])[0]
        title = maker.title(rng)
        return (
            title,
            abstract,
            comment,
            journal_ref,
            doi,
            licence,
            self.find_code_url(abstract, comment),
        )


def arxiv_ids(skeletons) -> list[str]:
    """Ids of the period: archive/YYMMNNN before April 2007, YYMM.NNNN to 2014, YYMM.NNNNN after."""
    counters = Counter()
    ids = []
    for s in skeletons:
        d = s.published
        yymm = f"{d.year % 100:02d}{d.month:02d}"
        if (d.year, d.month) < (2007, 4):
            archive = s.primary.split(".")[0]
            counters[archive, yymm] += 1
            ids.append(f"{archive}/{yymm}{counters[archive, yymm]:03d}")
        else:
            counters[yymm] += 1
            width = 4 if d.year < 2015 else 5
            ids.append(f"{yymm}.{counters[yymm]:0{width}d}")
    return ids


# --------------------------------------------------------------------------- database


def log(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:7.1f} s] {message}", flush=True)


class MissingColumn(Exception):
    """A model gained a required column synth knows nothing about."""


def table_columns(model, provided: list[str]) -> tuple[list[str], tuple]:
    """``provided`` columns plus every other NOT NULL column without a database default.

    The app's models change while this bench lives: a new column with a database
    default or NULL allowed needs nothing here; one with only a Python default
    gets that default; anything else stops the run with its name.
    """
    from django.db.models import NOT_PROVIDED

    extra_columns, extra_values = [], []
    for f in model._meta.concrete_fields:
        if f.column in provided or f.primary_key or getattr(f, "generated", False):
            continue
        if f.db_default is not NOT_PROVIDED or f.null:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = datetime.now(UTC)
        elif f.has_default():
            value = f.get_default()
            if isinstance(value, dict | list) and f.get_internal_type() == "JSONField":
                value = json.dumps(value)
            elif isinstance(value, list):
                value = "{" + ",".join(value) + "}"
        else:
            raise MissingColumn(
                f"{model._meta.label}.{f.name} is required and bench/synth.py does not fill it; "
                "add it to the row the generator writes."
            )
        extra_columns.append(f.column)
        extra_values.append(value)
    return provided + extra_columns, tuple(extra_values)


class Copier:
    """COPY rows into one table on Django's connection (inside its transaction).

    It uses the psycopg connection itself, so a Writer thread can run it.
    """

    def __init__(self, model, provided: list[str]):
        from django.db import connection

        connection.ensure_connection()
        self.raw = connection.connection
        self.table = model._meta.db_table
        self.columns, self.extra = table_columns(model, provided)
        self.rows = 0
        self.seconds = 0.0

    def write(self, rows) -> None:
        started = time.perf_counter()
        names = ", ".join(f'"{c}"' for c in self.columns)
        extra = self.extra
        with (
            self.raw.cursor() as cursor,
            cursor.copy(f'COPY "{self.table}" ({names}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(row + extra if extra else row)
                self.rows += 1
        self.seconds += time.perf_counter() - started


# Written when the app has them (claims and follows).
OPTIONAL_TABLES = ("profiles_claim", "profiles_follow", "papers_upvote")


class Writer:
    """Runs COPY jobs on a thread, so PostgreSQL indexes and computes search vectors for one
    chunk while Python generates the next (the main thread leaves the connection alone)."""

    def __init__(self):
        self.jobs: queue.Queue = queue.Queue(maxsize=4)
        self.error: BaseException | None = None
        self.waited = 0.0
        self.thread = threading.Thread(target=self._run, name="synth-copy", daemon=True)
        self.thread.start()

    def _run(self):
        while (job := self.jobs.get()) is not None:
            if self.error is None:
                try:
                    job[0].write(job[1])
                except BaseException as exc:  # reported by the main thread
                    self.error = exc

    def submit(self, copier: Copier, rows: list) -> None:
        if self.error is not None:
            raise self.error
        started = time.perf_counter()
        self.jobs.put((copier, rows))
        self.waited += time.perf_counter() - started

    def close(self) -> None:
        self.jobs.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


# The tables synth writes; all but the last get explicit ids.
TABLES = (
    "papers_paper", "papers_paperversion", "papers_authorship", "profiles_author",
    "profiles_authoralias", "profiles_institution", "graph_coauthoredge",
)  # fmt: skip


def drop_secondary_indexes(cursor) -> list[tuple[str, str]]:
    """Drop the non-unique indexes of the loaded tables; their definitions, to rebuild them."""
    cursor.execute(
        """
        SELECT ic.relname, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
        WHERE t.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary
        ORDER BY t.relname, ic.relname
        """,
        [list(TABLES)],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return indexes


def refreshers():
    """The app's own refresh functions, in the order ingest and the metric tasks call them.

    (module, function, required). Optional ones are skipped when the app lacks them.
    """
    return (
        ("profiles.metrics", "refresh_counters", True),
        ("profiles.institutions", "refresh_institutions", False),
        ("profiles.metrics", "refresh_citation_metrics", False),
        ("profiles.scores", "refresh_author_scores", False),
        ("profiles.trust", "refresh_trust", False),
    )


def run_refreshers(ids: list[int], chunk: int, started: float, quiet: bool = False) -> list[str]:
    from django.db import transaction

    done = []
    for module_name, name, required in refreshers():
        try:
            function = getattr(importlib.import_module(module_name), name)
        except (ImportError, AttributeError):
            if required:
                raise
            if not quiet:
                print(f"  (the app has no {module_name}.{name}; skipped)")
            continue
        t0 = time.perf_counter()
        for at in range(0, len(ids), chunk):
            try:
                with transaction.atomic():  # a savepoint: an optional refresher may fail alone
                    function(ids[at : at + chunk])
            except Exception as exc:
                if required:
                    raise
                print(f"  {module_name}.{name} failed ({exc}); its columns are left as they were")
                break
        else:
            done.append(f"{module_name}.{name}")
            if not quiet:
                seconds = time.perf_counter() - t0
                log(f"{module_name}.{name}: {len(ids):,} authors in {seconds:.1f} s", started)
    return done


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=DEFAULT_PAPERS, help="papers (200000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument(
        "--until", type=date.fromisoformat, default=None, help="last day with papers (today)"
    )
    parser.add_argument("--reset", action="store_true", help="empty the bench tables first")
    parser.add_argument(
        "--recreate",
        action="store_true",
        help="drop and recreate the bench database first (after the app's migrations were rewritten)",
    )
    parser.add_argument(
        "--refresh-chunk", type=int, default=25_000, help="authors per refresh call"
    )
    args = parser.parse_args(argv)
    if args.papers < 2_000:
        parser.error("--papers must be at least 2000 (the collaboration papers need room)")
    until = args.until or datetime.now(UTC).date()

    started = time.perf_counter()
    if args.recreate:
        drop_bench_database()
        args.reset = True
    url = bench_ingest().setup_django()
    from django.db import connection

    from core.names import normalize_name
    from graph.models import MAX_AUTHORS_FOR_EDGES
    from ingest.records import AuthorRecord, PaperRecord, VersionRecord, digest
    from papers.links import find_code_url
    from papers.taxonomy import CATEGORIES, CATEGORY_ALIASES

    print(
        f"database {url.rsplit('/', 1)[-1]}; {args.papers:,} papers, seed {args.seed}, until {until}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM papers_paper) + (SELECT count(*) FROM profiles_author)"
        )
        if cursor.fetchone()[0] and not args.reset:
            sys.exit(
                "The bench database already has papers or authors; add --reset to empty it "
                "first (synth never adds to existing data)."
            )

    world = World(
        args.papers, args.seed, until, normalize_name, find_code_url,
        (PaperRecord, AuthorRecord, VersionRecord, digest), MAX_AUTHORS_FOR_EDGES,
    )  # fmt: skip
    try:
        from papers.citations import SEMANTIC_SCHOLAR

        world.citation_source = SEMANTIC_SCHOLAR
    except ImportError:
        world.citation_source = "semantic_scholar"
    taxonomy = [row[0] for row in CATEGORIES]
    aliases = {**CATEGORY_ALIASES, **{v: k for k, v in CATEGORY_ALIASES.items()}}
    skeletons = world.skeletons(taxonomy)
    world.populate(skeletons)
    world.assign_stars(skeletons)
    world.choose_merges_and_claims()
    log(f"planned {len(skeletons):,} papers and {len(world.people):,} people", started)

    from django.db import transaction

    try:
        with transaction.atomic():
            Loader(world, skeletons, aliases, args, started).run()
    except MissingColumn as exc:
        sys.exit(str(exc))
    log("committed", started)
    vacuum_and_report(started)
    return 0


PAPER_COLUMNS = [
    "id", "arxiv_id", "latest_version", "title", "abstract", "primary_category_id",
    "categories", "published", "updated", "comment", "journal_ref", "doi", "license",
    "code_url", "announced_on", "announce_type", "withdrawn", "author_count", "authors_text",
    "citation_count", "citations_source", "citations_as_of", "content_hash", "created_at",
    "modified_at",
]  # fmt: skip
BYLINE_COLUMNS = [
    "id", "paper_id", "author_id", "position", "name_as_printed", "affiliation_as_printed",
    "matched_by", "confidence",
]  # fmt: skip
AUTHOR_COLUMNS = [
    "id", "slug", "display_name", "normalized_name", "headline", "role", "institution_id",
    "homepage", "orcid", "open_to_collaborate", "claimed_by_id", "verification_level",
    "merged_into_id", "created_at",
]  # fmt: skip


class Loader:
    """Writes the world into the bench database, inside the caller's transaction."""

    def __init__(self, world: World, skeletons, aliases, args, started):
        from django.db import connection

        from papers.models import Authorship, Paper

        self.world, self.skeletons, self.aliases = world, skeletons, aliases
        self.args, self.started = args, started
        self.cursor = connection.cursor()
        self.M = Authorship.MatchedBy
        self.year_columns = any(
            f.column == "citations_by_year" for f in Paper._meta.concrete_fields
        )
        # Each paper's BibTeX entry, as ingest stores it, when the app keeps one (papers.bibtex).
        self.bibtex_column = any(f.column == "bibtex" for f in Paper._meta.concrete_fields)
        self.ids = arxiv_ids(skeletons)
        rng = world.rng
        self.withdrawn = set(rng.sample(range(len(skeletons)), max(1, len(skeletons) // 1000)))
        self.author_created: dict[int, datetime] = {}
        self.first_name: dict[int, str] = {}  # the name each record was made under
        self.version_id = self.byline_id = 0
        self.fast_payload = True
        self.paper_facts: list[tuple[date, int]] = []  # for upvotes

    def run(self) -> None:
        self.prepare()
        self.papers()
        author_ids = self.people()
        self.community()
        self.edges()
        self.finish(author_ids)

    def prepare(self) -> None:
        from django.contrib.auth import get_user_model

        cursor = self.cursor
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute("SET LOCAL work_mem TO '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem TO '1GB'")
        try:
            # Foreign keys are checked by triggers: off for the load, checked in SQL afterwards.
            with transaction_savepoint():
                cursor.execute("SET LOCAL session_replication_role TO replica")
            triggers = "off (checked after the load)"
        except Exception:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            triggers = "on (not a superuser)"
        if self.args.reset:
            bench_ingest().reset_tables()
            get_user_model().objects.filter(username__startswith="synth-").delete()
            log("emptied the bench tables", self.started)
        self.indexes = drop_secondary_indexes(cursor)
        log(
            f"dropped {len(self.indexes)} secondary indexes for the load; "
            f"foreign-key triggers {triggers}",
            self.started,
        )

    # ---------------------------------------------------------------- papers and bylines

    def papers(self) -> None:
        from papers.models import Authorship, Paper, PaperVersion

        columns = PAPER_COLUMNS + (["citations_by_year"] if self.year_columns else [])
        columns += ["bibtex"] if self.bibtex_column else []
        papers = Copier(Paper, columns)
        versions = Copier(PaperVersion, ["id", "paper_id", "version", "submitted_at", "size"])
        bylines = Copier(Authorship, BYLINE_COLUMNS)
        writer = Writer()
        rows = ([], [], [])
        total = len(self.skeletons)
        for index, s in enumerate(self.skeletons):
            self.paper(index, s, *rows)
            if len(rows[0]) >= CHUNK or index == total - 1:
                for copier, chunk in zip((papers, versions, bylines), rows, strict=True):
                    writer.submit(copier, chunk)
                rows = ([], [], [])
                copied = papers.seconds + versions.seconds + bylines.seconds
                log(
                    f"papers {index + 1:,} / {total:,}, bylines {self.byline_id:,}, "
                    f"authors {len(self.world.authors):,} (COPY {copied:.0f} s on its own "
                    f"thread, waited for it {writer.waited:.0f} s)",
                    self.started,
                )
        writer.close()
        log(
            f"COPY seconds: papers {papers.seconds:.0f} (search vectors computed as rows arrive), "
            f"versions {versions.seconds:.0f}, bylines {bylines.seconds:.0f}",
            self.started,
        )

    def paper(self, index: int, s: Skeleton, paper_rows, version_rows, byline_rows) -> None:
        world, rng = self.world, self.world.rng
        PaperRecord, AuthorRecord, VersionRecord, digest = world.record
        paper_id = index + 1
        people = world.byline(s)
        dates = world.versions(s.published)
        created = datetime.combine(world.announced(s.published), datetime.min.time(), UTC)
        created = min(created + timedelta(hours=20), world.now)
        names, affiliations = self.bylines(paper_id, s, people, created, byline_rows)
        if 2 <= len(people) <= world.max_people:
            world.edge_papers.append((paper_id, len(people), s.published.year))

        categories = world.categories(s, self.aliases)
        latest = len(dates)
        title, abstract, comment, journal_ref, doi, licence, code_url = world.text_fields(
            s, paper_id, latest
        )
        sizes = [f"{rng.randint(80, 9000)}kb" for _ in dates]
        for v, (when, size) in enumerate(zip(dates, sizes, strict=True), start=1):
            self.version_id += 1
            version_rows.append((self.version_id, paper_id, v, when, size))
        if latest > 1:
            announce_type, announced_on = "replace", world.announced(dates[-1])
        else:
            announce_type = "cross" if rng.random() < 0.12 else "new"
            announced_on = world.announced(s.published)
        modified = min(
            datetime.combine(announced_on, datetime.min.time(), UTC) + timedelta(hours=20),
            world.now,
        )
        # The digest ingest stores (ingest.records.digest of the record's payload), so that
        # a real feed entry for the same paper would be recognised as unchanged. The payload
        # is built directly (PaperRecord.to_payload is slow); every 500th paper is checked
        # against to_payload itself, and a difference switches to it for good.
        payload = {
            "arxiv_id": self.ids[index], "version": latest, "title": title, "abstract": abstract,
            "authors": [
                {"name": n, "keyname": "", "forenames": "",
                 "affiliations": a.split("; ") if a else []}
                for n, a in zip(names, affiliations, strict=True)
            ],
            "primary_category": categories[0], "categories": categories,
            "published": s.published.isoformat(), "updated": dates[-1].isoformat(),
            "comment": comment, "journal_ref": journal_ref, "doi": doi, "license": licence,
            "versions": [
                {"version": v, "submitted_at": when.isoformat(), "size": size}
                for v, (when, size) in enumerate(zip(dates, sizes, strict=True), start=1)
            ],
            "announce_type": announce_type, "announced_on": announced_on.isoformat(),
            "deleted": False,
        }  # fmt: skip
        if not self.fast_payload or index % 500 == 0:
            record = PaperRecord(
                arxiv_id=self.ids[index],
                version=latest,
                title=title,
                abstract=abstract,
                authors=[
                    AuthorRecord(n, affiliations=tuple(a.split("; ")) if a else ())
                    for n, a in zip(names, affiliations, strict=True)
                ],
                primary_category=categories[0],
                categories=categories,
                published=s.published,
                updated=dates[-1],
                comment=comment,
                journal_ref=journal_ref,
                doi=doi,
                license=licence,
                versions=[
                    VersionRecord(v, when, size)
                    for v, (when, size) in enumerate(zip(dates, sizes, strict=True), start=1)
                ],
                announce_type=announce_type,
                announced_on=announced_on,
            ).to_payload()
            if self.fast_payload and record != payload:
                print("  (PaperRecord.to_payload changed shape: using it for every paper)")
                self.fast_payload = False
            payload = record
        count, source, as_of, by_year = world.citations(s, self.year_columns)
        row = (
            paper_id, self.ids[index], latest, title, abstract, categories[0],
            "{" + ",".join(categories) + "}", s.published, dates[-1], comment, journal_ref, doi,
            licence, code_url, announced_on, announce_type, index in self.withdrawn, len(names),
            ", ".join(names), count, source, as_of, digest(payload), created, modified,
        )  # fmt: skip
        if self.year_columns:
            row += (json.dumps(by_year),)
        if self.bibtex_column:
            from papers.bibtex import bibtex_entry

            row += (
                bibtex_entry(
                    arxiv_id=self.ids[index], title=title, year=s.published.year,
                    primary_category=categories[0], doi=doi, journal_ref=journal_ref, names=names,
                ),
            )  # fmt: skip
        paper_rows.append(row)
        self.paper_facts.append((announced_on, count or 0))
        world.stats["code"] += bool(code_url)
        world.stats["cited"] += count is not None

    def bylines(self, paper_id, s: Skeleton, people, created, byline_rows):
        """One Authorship row per name, matched as ingest would: new, coauthor, exact, ..."""
        world, rng, M = self.world, self.world.rng, self.M
        seen_labs = Counter(p.lab for p in people if p.author_id)
        names, affiliations = [], []
        for position, person in enumerate(people):
            first = person.author_id == 0
            person.works += 1
            name, how, confidence = person.printed, M.EXACT, 0.8
            r = rng.random()
            if not first and person.variant and r < 0.15:
                name, how, confidence = person.variant, M.CURATOR, 1.0
            elif person.ascii and r < 0.25:
                name = person.ascii
            elif person.reversed and r > 0.99:
                name = person.reversed
            if first:
                world.authors.append(person)
                person.author_id = len(world.authors)
                self.author_created[person.author_id] = created
                self.first_name[person.author_id] = name
                folded = world.normalize(name)
                how = M.NEW
                # A new record beside a namesake is made with confidence 0.5 (curators look).
                confidence = 0.5 if world.name_count[folded] else 1.0
                world.name_count[folded] += 1
            elif how != M.CURATOR:
                if person.claimed and rng.random() < 0.25:
                    how, confidence = M.OWNER, 1.0
                elif s.collaboration is not None or seen_labs[person.lab] > 1:
                    how, confidence = M.COAUTHOR, 0.95
            affiliation = ""
            if (
                s.collaboration is None
                and person.institution is not None
                and rng.random() < person.affiliation_share
            ):
                affiliation = world.institutions[person.institution][0]
                if person.second_institution is not None:
                    affiliation += "; " + world.institutions[person.second_institution][0]
                person.printed_affiliation = True
            names.append(name)
            affiliations.append(affiliation)
            self.byline_id += 1
            byline_rows.append(
                (self.byline_id, paper_id, person.author_id, position, name, affiliation, how,
                 confidence)
            )  # fmt: skip
        if s.group:
            self.byline_id += 1
            byline_rows.append(
                (self.byline_id, paper_id, None, len(people), s.group, "", M.GROUP, 1.0)
            )
            names.append(s.group)
            affiliations.append("")
        return names, affiliations

    # ---------------------------------------------------------------- people

    def people(self) -> list[int]:
        """Users for claimed records, institutions, authors, merged records, aliases."""
        from django.contrib.auth import get_user_model

        from profiles.models import Author, AuthorAlias, Institution

        world = self.world
        User = get_user_model()
        claimed = [p for p in world.authors if p.claimed]
        users = User.objects.bulk_create(
            [
                User(
                    username=f"synth-{p.author_id}",
                    email=f"synth-{p.author_id}@example.org",
                    password="!",
                    first_name=p.given[:150],
                    last_name=p.surname[:150],
                )
                for p in claimed
            ]
        )
        self.user_of = {p.author_id: u.pk for p, u in zip(claimed, users, strict=True)}

        wanted = set()
        for person in world.authors:
            if person.printed_affiliation or person.claimed:
                wanted.update((person.institution, person.second_institution))
        wanted.discard(None)
        self.institution_ids, rows, by_folded = {}, [], {}
        for i in sorted(wanted):
            name, country, folded = world.institutions[i]
            if folded not in by_folded:
                by_folded[folded] = len(rows) + 1
                rows.append((len(rows) + 1, name[:300], folded[:300], country))
            self.institution_ids[i] = by_folded[folded]
        Copier(Institution, ["id", "name", "normalized_name", "country"]).write(rows)

        self.taken_slugs: set[str] = set()
        author_rows, alias_rows = self.author_rows()
        merged = self.merged_rows(author_rows, alias_rows)
        Copier(Author, AUTHOR_COLUMNS).write(author_rows)
        seen, aliases = set(), []
        for author_id, name, folded in alias_rows:
            if (author_id, folded) not in seen:
                seen.add((author_id, folded))
                aliases.append((len(aliases) + 1, author_id, name, folded))
        Copier(AuthorAlias, ["id", "author_id", "name", "normalized"]).write(aliases)
        log(
            f"authors {len(author_rows):,} ({merged} merged records, {len(claimed)} claimed), "
            f"aliases {len(aliases):,}, institutions {len(rows):,}",
            self.started,
        )
        return [row[0] for row in author_rows]

    def community(self) -> None:
        """Claims behind the claimed records, readers' follows and upvotes, each when the app
        has the model (a model synth cannot fill is skipped with a note)."""
        from django.apps import apps

        for label, method in (
            ("profiles.Claim", self.claims),
            ("profiles.Follow", self.follows),
            ("papers.Upvote", self.upvotes),
        ):
            try:
                model = apps.get_model(label)
                with transaction_savepoint():
                    method(model)
            except LookupError:
                print(f"  (the app has no {label}; none written)")
            except MissingColumn as exc:
                print(f"  ({label} skipped: {exc})")

    def readers(self) -> list[int]:
        """User ids of people who follow and upvote (made once)."""
        from django.contrib.auth import get_user_model

        if not hasattr(self, "_readers"):
            User = get_user_model()
            users = User.objects.bulk_create(
                [
                    User(username=f"synth-reader-{i}", email=f"synth-reader-{i}@example.org",
                         password="!")
                    for i in range(round(2500 * self.world.scale) + 20)
                ]
            )  # fmt: skip
            self._readers = [u.pk for u in users]
        return self._readers

    def claims(self, Claim) -> None:
        """An approved claim per claimed record (evidence as profiles.claims records it), a few
        claims waiting for a curator and a few open disputes."""
        from django.contrib.auth import get_user_model

        from profiles.models import VerificationLevel as L

        world, rng = self.world, self.world.rng
        User = get_user_model()
        curator = User.objects.create(
            username="synth-curator", email="synth-curator@example.org", password="!",
            is_staff=True,
        )  # fmt: skip
        rows = []

        def evidence(level):
            strong = rng.choice(("orcid", "institution_email", "email_in_works"))
            checks = [
                ("verified_email", "A verified email address", True),
                ("orcid", "An ORCID iD on record", level >= L.EVIDENCE and strong == "orcid"),
                ("institution_email", "A verified email at the record's institution",
                 level >= L.EVIDENCE and strong == "institution_email"),
                ("email_in_works", "Your email address printed in one of the works",
                 level >= L.EVIDENCE and strong == "email_in_works"),
            ]  # fmt: skip
            return json.dumps(
                [{"key": k, "label": t, "passed": ok, "detail": ""} for k, t, ok in checks]
            )

        for author_id, level, user_id, created in self.claimed_rows:
            filed = min(created + timedelta(days=rng.randint(30, 2000)), world.now)
            if level == L.EVIDENCE:
                decided_by, note = None, "Approved at once: strong evidence."
            else:
                decided_by, note = curator.pk, "Checked by a curator."
            rows.append(
                (author_id, user_id, "claim", "approved", level, evidence(level), "", note,
                 filed + timedelta(hours=rng.randint(0, 72)) if decided_by else filed,
                 decided_by, filed)
            )  # fmt: skip
        claimants = [a for a, *_ in self.claimed_rows]
        unclaimed = [p.author_id for p in world.authors if not p.claimed and p.works >= 3]
        extra = User.objects.bulk_create(
            [
                User(username=f"synth-claimant-{i}", email=f"synth-claimant-{i}@example.org",
                     password="!")
                for i in range(max(3, len(claimants) // 10))
            ]
        )  # fmt: skip
        for i, user in enumerate(extra):
            if i % 3 == 2 and claimants:  # a dispute of someone else's claim
                author_id, kind = rng.choice(claimants), "dispute"
            else:
                author_id, kind = rng.choice(unclaimed), "claim"
            filed = world.now - timedelta(days=rng.uniform(0, 30))
            rows.append(
                (author_id, user.pk, kind, "pending", L.CLAIMED, evidence(L.CLAIMED),
                 "This is my record.", "", None, None, filed)
            )  # fmt: skip
        Copier(
            Claim,
            ["author_id", "user_id", "kind", "status", "level", "evidence", "message",
             "decision_note", "decided_at", "decided_by_id", "created_at"],
        ).write(rows)  # fmt: skip
        log(f"claims {len(rows):,} ({len(self.claimed_rows)} approved)", self.started)

    def follows(self, Follow) -> None:
        """Readers following researchers (more works, more followers); followers_count as
        profiles.follows keeps it, the number of Follow rows."""
        world, rng = self.world, self.world.rng
        readers = self.readers()
        people = [p for p in world.authors if p.works]
        pick = Pick(people, [p.works**0.9 for p in people])
        rows = []
        for user in readers:
            followed = set()
            for _ in range(min(300, int(rng.lognormvariate(math.log(6), 1.0)) + 1)):
                person = pick(rng)
                if person.author_id not in followed:
                    followed.add(person.author_id)
                    since = self.author_created[person.author_id]
                    rows.append(
                        (user, person.author_id, since + (world.now - since) * rng.random())
                    )
        Copier(Follow, ["user_id", "author_id", "created_at"]).write(rows)
        self.cursor.execute(
            """
            UPDATE profiles_author a SET followers_count = f.n
            FROM (SELECT author_id, count(*) AS n FROM profiles_follow GROUP BY author_id) f
            WHERE a.id = f.author_id
            """
        )
        log(f"follows {len(rows):,} by {len(readers):,} readers", self.started)

    def upvotes(self, Upvote) -> None:
        """Readers upvoting papers: mostly this month's (a few catch on), some older well-cited
        ones; Paper.upvotes_count as the app keeps it, the number of Upvote rows."""
        world, rng = self.world, self.world.rng
        facts = self.paper_facts  # (announced on, citations) by paper id - 1
        recent_from = world.until - timedelta(days=45)
        first_recent = next((i for i, f in enumerate(facts) if f[0] >= recent_from), len(facts))
        recent = list(range(first_recent, len(facts)))
        appeal = Pick(recent, [rng.paretovariate(1.1) for _ in recent]) if recent else None
        cited = Pick(list(range(len(facts))), [1 + f[1] for f in facts])
        rows = []
        for user in self.readers():
            voted = set()
            for _ in range(min(400, int(rng.lognormvariate(math.log(10), 1.1)) + 1)):
                index = appeal(rng) if appeal and rng.random() < 0.65 else cited(rng)
                if index not in voted:
                    voted.add(index)
                    announced = datetime.combine(facts[index][0], datetime.min.time(), UTC)
                    when = announced + (world.now - announced) * rng.random()
                    rows.append((user, index + 1, min(when, world.now)))
        Copier(Upvote, ["user_id", "paper_id", "created_at"]).write(rows)
        self.cursor.execute(
            """
            UPDATE papers_paper p SET upvotes_count = u.n
            FROM (SELECT paper_id, count(*) AS n FROM papers_upvote GROUP BY paper_id) u
            WHERE p.id = u.paper_id
            """
        )
        log(f"upvotes {len(rows):,} on {len({r[1] for r in rows}):,} papers", self.started)

    def slug_for(self, name: str, author_id: int) -> str:
        """As ingest.store makes them: slugify(name), and "-<id>" when that slug is taken."""
        from django.utils.text import slugify

        slug = slugify(name)[:100] or "author"
        if slug in self.taken_slugs:
            slug = f"{slug}-{author_id}"
        self.taken_slugs.add(slug)
        return slug

    def author_rows(self):
        from django.utils.text import slugify

        from profiles.models import VerificationLevel as L

        world, rng = self.world, self.world.rng
        author_rows, alias_rows = [], []
        self.claimed_rows = []  # (author id, level, user id, created at)
        for person in world.authors:
            author_id = person.author_id
            display = self.first_name[author_id]
            folded = world.normalize(display)
            extra = ("", "", None, "", "", False, None, L.IMPORTED)
            if person.claimed:
                level = rng.choices((L.CLAIMED, L.EVIDENCE, L.REVIEWED), (60, 25, 15))[0]
                extra = (
                    rng.choice(words.HEADLINES),
                    rng.choice(words.ROLES),
                    self.institution_ids.get(person.institution),
                    f"https://{slugify(person.surname) or 'home'}.example.org/",
                    orcid(rng) if level >= L.EVIDENCE or rng.random() < 0.3 else "",
                    rng.random() < 0.35,
                    self.user_of[author_id],
                    level,
                )
                self.claimed_rows.append(
                    (author_id, level, self.user_of[author_id], self.author_created[author_id])
                )
            author_rows.append(
                (author_id, self.slug_for(display, author_id), display[:300], folded[:300],
                 *extra, None, self.author_created[author_id])
            )  # fmt: skip
            alias_rows.append((author_id, display[:300], folded[:300]))
            if person.variant:  # bylines a curator attached under another spelling
                alias_rows.append((author_id, person.variant, world.normalize(person.variant)))
        return author_rows, alias_rows

    def merged_rows(self, author_rows, alias_rows) -> int:
        """Records of an old spelling, merged into the survivor (every 40th with a chain)."""
        from profiles.models import VerificationLevel as L

        world, rng, normalize = self.world, self.world.rng, self.world.normalize
        next_id = len(world.authors)
        merged = 0
        survivors = [p for p in world.authors if p.variant]
        rng.shuffle(survivors)

        def add(name, into, when):
            nonlocal next_id, merged
            next_id += 1
            merged += 1
            author_rows.append(
                (next_id, self.slug_for(name, next_id), name, normalize(name), "", "", None, "",
                 "", False, None, L.IMPORTED, into, min(when, world.now))
            )  # fmt: skip
            alias_rows.append((next_id, name, normalize(name)))
            return next_id

        for person in survivors[: round(MERGED * world.scale) + 2]:
            when = self.author_created[person.author_id] + timedelta(days=rng.randint(1, 400))
            record = add(person.variant, person.author_id, when)
            if merged % 40 == 0:  # an even older record, merged into the merged one
                older = words.printed_name(person.given, rng.choice("JKLMN"), person.surname, False)
                if normalize(older) not in (normalize(person.variant), normalize(person.printed)):
                    add(older, record, when)
        return merged

    # ---------------------------------------------------------------- edges, indexes, counters

    def edges(self) -> None:
        """Co-author edges by graph.edges' rules, set-wise from the bylines just written."""
        from django.db import connection

        with connection.connection.cursor() as raw:
            raw.execute(
                "CREATE TEMP TABLE synth_edge_paper "
                "(paper_id bigint PRIMARY KEY, people int, year int) ON COMMIT DROP"
            )
            with raw.copy("COPY synth_edge_paper (paper_id, people, year) FROM STDIN") as copy:
                for row in self.world.edge_papers:
                    copy.write_row(row)
        cursor = self.cursor
        cursor.execute("ANALYZE synth_edge_paper")
        cursor.execute("ANALYZE papers_authorship")
        # Each byline of n = 2..MAX people adds 1/(n-1) to each pair's weight and 1 to its
        # paper_count; years from the v1 date. Bylines above MAX add nothing.
        cursor.execute(
            """
            INSERT INTO graph_coauthoredge
                (author_a_id, author_b_id, weight, paper_count, first_year, last_year)
            SELECT x.author_id, y.author_id, sum(1.0::float8 / (t.people - 1)), count(*),
                   min(t.year), max(t.year)
            FROM synth_edge_paper t
            JOIN papers_authorship x ON x.paper_id = t.paper_id AND x.author_id IS NOT NULL
            JOIN papers_authorship y ON y.paper_id = t.paper_id AND y.author_id > x.author_id
            GROUP BY 1, 2
            ORDER BY 1, 2
            """
        )
        log(f"co-author edges {cursor.rowcount:,}", self.started)

    def finish(self, author_ids: list[int]) -> None:
        from ingest.models import ImportRun, SourceKind

        cursor, world, args = self.cursor, self.world, self.args
        for table in TABLES[:-1]:  # explicit ids: the sequences go past them
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT max(id) FROM {table}), 1))"
            )
        for _, definition in self.indexes:
            cursor.execute(definition)
        log(f"rebuilt {len(self.indexes)} indexes", self.started)
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")
        run_refreshers(author_ids, args.refresh_chunk, self.started)
        ImportRun.objects.create(
            kind=SourceKind.FILE,
            origin=f"bench/synth.py --papers {args.papers} --seed {args.seed} --until {world.until}",
            status=ImportRun.Status.SUCCEEDED,
            fetched=len(self.skeletons),
            created=len(self.skeletons),
            started_at=datetime.now(UTC),
            finished_at=datetime.now(UTC),
        )
        synth_check.check_all(
            world, lambda ids: run_refreshers(ids, len(ids), self.started, quiet=True)
        )
        print(
            f"  {world.stats['code']:,} papers with code, {world.stats['cited']:,} with "
            f"citations, {len(self.withdrawn)} withdrawn"
        )


class transaction_savepoint:
    """A savepoint that is rolled back when its block fails (so the transaction goes on)."""

    def __enter__(self):
        from django.db import transaction

        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def __exit__(self, *exc):
        return self.atomic.__exit__(*exc)


def orcid(rng) -> str:
    """A well-formed ORCID iD (ISO 7064 11,2 check digit), in the 0000-0002-... range."""
    digits = [0, 0, 0, 0, 0, 0, 0, 2] + [rng.randrange(10) for _ in range(7)]
    total = 0
    for d in digits:
        total = (total + d) * 2
    check = (12 - total % 11) % 11
    text = "".join(map(str, digits)) + ("X" if check == 10 else str(check))
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def drop_bench_database() -> None:
    """DROP DATABASE the bench database (never the development one: bench_database_url refuses)."""
    from urllib.parse import unquote, urlsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(bench_ingest().bench_database_url())
    name = unquote(parts.path.lstrip("/"))
    with psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=unquote(parts.username or "postgres"),
        password=unquote(parts.password or "") or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    print(f"dropped database {name!r}; it is created and migrated again")


def vacuum_and_report(started):
    from django.db import connection

    with connection.cursor() as cursor:
        for table in (*TABLES, *OPTIONAL_TABLES):
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0]:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        log("VACUUM (ANALYZE) done", started)
        print("\nrows per table:")
        for table in (*TABLES, *OPTIONAL_TABLES, "auth_user", "ingest_importrun"):
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0]:
                cursor.execute(f"SELECT count(*) FROM {table}")
                print(f"  {table:<24} {cursor.fetchone()[0]:>12,}")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"  database size            {cursor.fetchone()[0]:>12}")
    log("done", started)


if __name__ == "__main__":
    sys.exit(main())
