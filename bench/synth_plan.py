"""What bench/synth.py plans with: research communities (their share of papers over the
years, categories and habits), big collaborations, star researchers, and the small types the
plan is made of (Person, Pick, Skeleton).
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field
from datetime import datetime

FIRST_YEAR = 2007
GROWTH = 1.085  # papers per year grow ~8.5% a year, as arXiv's submissions did
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
