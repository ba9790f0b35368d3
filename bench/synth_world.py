"""The world bench/synth.py generates: paper skeletons (when, where, how many names, which
experiment), people with careers and labs at institutions, stars, merged and claimed records.

Papers' bylines, categories, versions, dates, citations and text are drawn by
``synth_papers.PaperDraws``, which World inherits.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

from bench import synth_institutions, synth_names, synth_text
from bench.synth_papers import PaperDraws
from bench.synth_plan import (
    ARCHIVE_SINCE,
    CLAIMED,
    COLLABORATION_PAPERS,
    COLLABORATIONS,
    COMMUNITIES,
    COMMUNITY_BY_KEY,
    FIRST_YEAR,
    GROWTH,
    MERGED,
    PEOPLE_PER_BYLINE,
    STAR_SCALE_BASE,
    STARS,
    Person,
    Pick,
    Skeleton,
    community_of,
)


class World(PaperDraws):
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
        self.text = {c.key: synth_text.TextMaker(c.key) for c in COMMUNITIES}
        self.institutions = [
            (name, country, normalize(name)) for name, country in synth_institutions.institutions()
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
                4.0 if i < len(synth_institutions.FAMOUS_INSTITUTIONS) else 1.0
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
                        c.key,
                        synth_names.person_name(rng, c.initials),
                        weight,
                        begin,
                        begin + length - 1,
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
                    synth_names.person_name(rng, 0.6),
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
            star = Person(
                key, synth_names.person_name(rng, 0.0), 1.0, FIRST_YEAR - 3, self.last_year
            )
            group = [star] + [
                Person(key, synth_names.person_name(rng, 0.1), min(40.0, rng.paretovariate(1.5)),
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
        printed = synth_names.printed_name(
            person.given, person.middle, person.surname, person.as_initials
        )
        person.printed = printed
        folded = normalize(printed)
        plain = synth_names.ascii_name(printed)
        person.ascii = plain if plain != printed and normalize(plain) == folded else None
        first = synth_names.initial(person.given) if person.as_initials else person.given
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
            variant = synth_names.printed_name(person.given, person.middle, person.surname, True)
        elif person.middle:
            variant = synth_names.printed_name(person.given, "", person.surname, True)
        else:
            variant = synth_names.printed_name(
                person.given, self.rng.choice("ABCDEFGH"), person.surname, True
            )
        return variant if self.normalize(variant) != self.normalize(person.printed) else None
