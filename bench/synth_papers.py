"""One paper of bench/synth.py's world at a time: its byline, categories, versions, announce
day, citations and text; and the arXiv ids of the period.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, datetime, timedelta

from bench import synth_text
from bench.synth_plan import ARCHIVE_SINCE, COMMUNITY_BY_KEY, FIRST_YEAR, Person, Skeleton


class PaperDraws:
    """World's draws for one paper (a mixin: it uses the world's rng, people and labs)."""

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
            host = rng.choices(
                [h for h, _ in synth_text.CODE_HOSTS], [w for _, w in synth_text.CODE_HOSTS]
            )[0]
            url = host.format(
                u=f"{rng.choice(synth_text.REPO_WORDS)}-lab{paper_id % 997}",
                r=f"{rng.choice(synth_text.REPO_WORDS)}-{rng.choice(synth_text.REPO_WORDS)}",
            )
        in_abstract = url and rng.random() < 0.6
        abstract = maker.abstract(
            rng,
            rng.randint(100, 250),
            extra=f"Code is available at {url}." if in_abstract else "",
        )
        comment = ""
        if rng.random() < 0.75:
            comment = rng.choice(synth_text.COMMENTS).format(
                p=rng.randint(5, 60),
                f=rng.randint(1, 15),
                t=rng.randint(1, 6),
                v=max(2, version),
                venue=rng.choice(synth_text.VENUES[s.community]),
            )
        if url and not in_abstract:
            comment = f"{comment}; code: {url}" if comment else f"Code: {url}"
        age = (self.now - s.published).days / 365.25
        journal_ref = doi = ""
        if rng.random() < 0.12 + 0.38 * min(1.0, age / 4):
            ref, doi_pattern = rng.choice(synth_text.JOURNALS[s.community])
            p = rng.randint(1000, 99999)
            values = {
                "venue": rng.choice(synth_text.VENUES[s.community]),
                "y": min(self.last_year, s.published.year + rng.choice((0, 1, 1, 2))),
                "v": rng.randint(10, 130),
                "p": p,
                "p2": p + rng.randint(10, 40),
                "m": f"{rng.randint(1, 12):02d}",
            }
            journal_ref = ref.format(**values)
            if doi_pattern and rng.random() < 0.85:
                doi = doi_pattern.format(**values)
        licence = rng.choices(
            [u for u, _ in synth_text.LICENSES], [w for _, w in synth_text.LICENSES]
        )[0]
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
