"""The people bench/synth.py writes: users for claimed records, institutions, authors with
their slugs, merged records of another spelling (a few chains) and aliases.
"""

from __future__ import annotations

from datetime import timedelta

from bench import synth_names, synth_text
from bench.synth_db import Copier, log
from bench.synth_plan import MERGED

AUTHOR_COLUMNS = [
    "id", "slug", "display_name", "normalized_name", "headline", "role", "institution_id",
    "homepage", "orcid", "open_to_collaborate", "claimed_by_id", "verification_level",
    "merged_into_id", "created_at",
]  # fmt: skip


class AuthorRows:
    """Loader's people (a mixin: it uses the loader's world, cursor and bookkeeping)."""

    def people(self) -> list[int]:
        """Users for claimed records, institutions, authors, merged records, aliases."""
        from django.contrib.auth import get_user_model

        from core.names import alias_block
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
                aliases.append((len(aliases) + 1, author_id, name, folded, alias_block(name)))
        Copier(AuthorAlias, ["id", "author_id", "name", "normalized", "block"]).write(aliases)
        log(
            f"authors {len(author_rows):,} ({merged} merged records, {len(claimed)} claimed), "
            f"aliases {len(aliases):,}, institutions {len(rows):,}",
            self.started,
        )
        return [row[0] for row in author_rows]

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
                    rng.choice(synth_text.HEADLINES),
                    rng.choice(synth_text.ROLES),
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
                older = synth_names.printed_name(
                    person.given, rng.choice("JKLMN"), person.surname, False
                )
                if normalize(older) not in (normalize(person.variant), normalize(person.printed)):
                    add(older, record, when)
        return merged


def orcid(rng) -> str:
    """A well-formed ORCID iD (ISO 7064 11,2 check digit), in the 0000-0002-... range."""
    digits = [0, 0, 0, 0, 0, 0, 0, 2] + [rng.randrange(10) for _ in range(7)]
    total = 0
    for d in digits:
        total = (total + d) * 2
    check = (12 - total % 11) % 11
    text = "".join(map(str, digits)) + ("X" if check == 10 else str(check))
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))
