"""Paper text for bench/synth.py: titles and abstracts by research community, comments,
venues, journal references, DOIs, code links, licences, and what owners of claimed
profiles write about themselves.

The word lists are data, in ``bench/data/paper_words.json``: words every community uses
(``common``) and, per community, its topics, methods, properties, settings, results,
LaTeX, areas and acronyms. Names are in ``synth_names``, institutions in
``synth_institutions``. Nothing here touches Django or the database, so the generator
stays deterministic for a seed.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

_DATA = json.loads(
    (Path(__file__).parent / "data" / "paper_words.json").read_text(encoding="utf-8")
)
COMMON: dict[str, list[str]] = _DATA["common"]
COMMUNITY_TEXT: dict[str, dict[str, list[str]]] = _DATA["communities"]

_CONTEXT = [
    "{Topic} have attracted considerable attention in recent years.",
    "Understanding {topic} remains a central challenge in {area}.",
    "{Topic} play a key role in {area}.",
    "Recent progress on {topic} has raised new questions about their {prop}.",
]
_PROBLEM = [
    "However, existing approaches to {topic} suffer from limited {prop}.",
    "A key open question is how {topic} relate to {topic2}.",
    "Despite recent progress, little is known about the {prop} of {topic}.",
    "Previous work has largely ignored the {prop} of such systems.",
]
_METHOD = [
    "In this paper, we {verb} {method} for {topic}.",
    "We {verb} {topic} using {method}.",
    "Building on {method}, we {verb} a {adj} framework for {topic2}.",
    "Here we {verb} a {adj} description of {topic} in {setting}.",
    "Our approach combines {method} with {method2}.",
]
_RESULT = [
    "Our method {result}.",
    "Experiments on {setting} show that the approach {result}.",
    "We show that {claim}.",
    "In particular, the analysis {result}.",
    "We find that {topic} exhibit a crossover at {latex}.",
    "As a consequence, we obtain a bound of order {latex}.",
]
_FILLER = [
    "We further discuss the {prop} of {topic2} and its dependence on {latex}.",
    "We also {verb} the role of {topic2} in {area}.",
    "The analysis relies on {method2} and holds in {setting}.",
    "Numerical evidence supports these findings.",
    "Several open problems are discussed.",
    "Finally, we comment on implications for {topic2}.",
    "The construction is explicit and easy to implement.",
]
_CLOSING = [
    "These results shed light on {topic2}.",
    "Our findings open the way to {adj} studies of {topic2}.",
    "This suggests new directions for research in {area}.",
]
_MORE = _FILLER + _RESULT + _METHOD
MAX_WORDS = 250

_TITLES = [
    "{Adj} {topic} via {method2}",
    "{Method} for {topic}",
    "On the {prop} of {topic}",
    "Towards {adj} {topic}",
    "{Topic} and {topic2}",
    "A {adj} approach to {topic}",
    "{Topic} with {method}",
    "{Topic} in {setting}",
    "Revisiting {topic}: {prop} and beyond",
]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _pick(rng: random.Random, items: list[str]) -> str:
    return items[int(rng.random() * len(items))]


class _Slots(dict):
    """The words of one sentence, drawn only when its template asks for them.

    "Topic" and "topic" are the same topic; "topic2" (and "method2") another one.
    """

    def __init__(self, words: dict[str, list[str]], rng: random.Random):
        super().__init__()
        self.words, self.rng = words, rng

    def __missing__(self, key: str) -> str:
        lower = key[:1].lower() + key[1:]
        if lower != key:  # "Topic", "Adj": the capitalised form of the same draw
            value = _cap(self[lower])
        elif key.endswith("2"):
            first = self[key[:-1]]
            value = first
            while value == first:
                value = _pick(self.rng, self.words[key[:-1]])
        else:
            value = _pick(self.rng, self.words[key])
        self[key] = value
        return value


class TextMaker:
    """Titles and abstracts for one community, from its word lists and a few sentence shapes."""

    def __init__(self, community: str):
        self.words = {**COMMON, **COMMUNITY_TEXT[community]}

    def _fill(self, rng: random.Random, template: str) -> str:
        return template.format_map(_Slots(self.words, rng))

    def title(self, rng: random.Random) -> str:
        title = self._fill(rng, _pick(rng, _TITLES))
        if self.words["acronym"] and rng.random() < 0.3:
            title = f"{_pick(rng, self.words['acronym'])}: {title}"
        if rng.random() < 0.12:
            title += f" at {_pick(rng, self.words['latex'])}"
        return title

    def abstract(self, rng: random.Random, words: int, extra: str = "") -> str:
        """``words`` (100 to 250) words, give or take a sentence, never over MAX_WORDS:
        context, problem, method, results, more, a closing line and ``extra``."""
        sentences = [
            self._fill(rng, _pick(rng, _CONTEXT)),
            self._fill(rng, _pick(rng, _PROBLEM)),
            self._fill(rng, _pick(rng, _METHOD)),
            self._fill(rng, _pick(rng, _RESULT)),
        ]
        count = sum(s.count(" ") + 1 for s in sentences)
        closing = self._fill(rng, _pick(rng, _CLOSING))
        tail = closing.count(" ") + 1 + (extra.count(" ") + 1 if extra else 0)
        while count + tail < words:
            sentence = self._fill(rng, _pick(rng, _MORE))
            sentences.append(sentence)
            count += sentence.count(" ") + 1
        while count + tail > MAX_WORDS and len(sentences) > 4:
            count -= sentences.pop().count(" ") + 1
        return " ".join([*sentences, closing, *([extra] if extra else [])])


COMMENTS = [
    "{p} pages, {f} figures",
    "{p} pages, {f} figures, {t} tables",
    "{p} pages",
    "Accepted at {venue}",
    "{p} pages, {f} figures; v{v}: references added",
    "Published version",
    "Comments welcome",
    "{p} pages, {f} figures, submitted to {venue}",
]
VENUES = {
    "ml": ["NeurIPS", "ICML", "ICLR", "CVPR", "ACL", "EMNLP", "AAAI"],
    "cs": ["STOC", "FOCS", "SODA", "OSDI", "PLDI", "CCS", "ICALP"],
    "math": ["Ann. of Math.", "Invent. Math.", "Duke Math. J.", "J. Amer. Math. Soc."],
    "hep": ["Phys. Rev. D", "JHEP", "Phys. Rev. Lett.", "Eur. Phys. J. C"],
    "astro": ["ApJ", "MNRAS", "A&A", "AJ"],
    "condmat": ["Phys. Rev. B", "Nature Physics", "Phys. Rev. Lett."],
    "quantum": ["PRX Quantum", "Quantum", "Phys. Rev. A"],
    "physics": ["Phys. Rev. E", "J. Fluid Mech.", "Optica"],
    "bio": ["PLoS Comput. Biol.", "eLife", "Bull. Math. Biol."],
    "stat": ["Ann. Statist.", "JASA", "Biometrika"],
    "econ": ["Econometrica", "Math. Finance", "J. Econ. Theory"],
}
# (journal reference pattern, DOI pattern) per community; {v} volume, {p} page, {y} year.
JOURNALS = {
    "ml": [("Proceedings of {venue} {y}", ""), ("Trans. Mach. Learn. Res. ({y})", "")],
    "cs": [("IEEE Trans. Inf. Theory {v} ({y}) {p}-{p2}", "10.1109/TIT.{y}.{p}{v}"),
           ("Proceedings of {venue} {y}, pp. {p}-{p2}", "10.1145/{p}.{v}{p2}")],
    "math": [("Ann. of Math. (2) {v} ({y}), no. 2, {p}-{p2}", "10.4007/annals.{y}.{v}.2.{p}"),
             ("Invent. Math. {v} ({y}) {p}-{p2}", "10.1007/s00222-0{y}-0{p}-{v}")],
    "hep": [("Phys. Rev. D {v}, {p} ({y})", "10.1103/PhysRevD.{v}.{p}"),
            ("JHEP {m} ({y}) {p}", "10.1007/JHEP{m}({y}){p}")],
    "astro": [("Astrophys. J. {v}, {p} ({y})", "10.3847/1538-4357/ab{p}"),
              ("Mon. Not. R. Astron. Soc. {v}, {p}-{p2} ({y})", "10.1093/mnras/stz{p}")],
    "condmat": [("Phys. Rev. B {v}, {p} ({y})", "10.1103/PhysRevB.{v}.{p}")],
    "quantum": [("Phys. Rev. A {v}, {p} ({y})", "10.1103/PhysRevA.{v}.{p}"),
                ("Quantum {v}, {p} ({y})", "10.22331/q-{y}-{m}-01-{p}")],
    "physics": [("Phys. Rev. E {v}, {p} ({y})", "10.1103/PhysRevE.{v}.{p}"),
                ("J. Fluid Mech. {v}, A{p} ({y})", "10.1017/jfm.{y}.{p}")],
    "bio": [("PLoS Comput. Biol. {v}, e{p} ({y})", "10.1371/journal.pcbi.{p}")],
    "stat": [("Ann. Statist. {v} ({y}) {p}-{p2}", "10.1214/{y}-AOS{p}")],
    "econ": [("Econometrica {v} ({y}) {p}-{p2}", "10.3982/ECTA{p}")],
}  # fmt: skip

CODE_HOSTS = [
    ("https://github.com/{u}/{r}", 0.84),
    ("https://huggingface.co/{u}/{r}", 0.08),
    ("https://gitlab.com/{u}/{r}", 0.05),
    ("https://bitbucket.org/{u}/{r}", 0.02),
    ("https://codeberg.org/{u}/{r}", 0.01),
]
REPO_WORDS = [
    "flame",
    "orca",
    "lumen",
    "prism",
    "spark",
    "halo",
    "tide",
    "kite",
    "mosaic",
    "quill",
    "sage",
    "bolt",
    "cirrus",
    "vortex",
    "nebula",
    "lattice",
    "tensor",
    "graph",
    "diffuse",
    "align",
    "fast",
    "tiny",
    "deep",
    "sparse",
]
LICENSES = [
    ("http://arxiv.org/licenses/nonexclusive-distrib/1.0/", 0.6),
    ("http://creativecommons.org/licenses/by/4.0/", 0.3),
    ("http://creativecommons.org/licenses/by-nc-sa/4.0/", 0.05),
    ("", 0.05),
]

# Claimed profiles: what owners write about themselves.
HEADLINES = [
    "Working on the theory and practice of learning from data",
    "Particle physicist; precision measurements at the LHC",
    "Number theory, automorphic forms and their L-functions",
    "Galaxy evolution across cosmic time",
    "Quantum error correction and fault-tolerant computing",
    "Strongly correlated electrons and quantum materials",
    "Algorithms, complexity and their applications",
    "Statistical methods for causal questions",
    "Fluid dynamics, turbulence and mixing",
    "Computational biology and population dynamics",
]
ROLES = [
    "Professor", "Associate Professor", "Assistant Professor", "Postdoctoral Researcher",
    "PhD Student", "Research Scientist", "Staff Scientist", "Lecturer", "Group Leader",
]  # fmt: skip
