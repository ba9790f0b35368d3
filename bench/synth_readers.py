"""What readers and owners add in bench/synth.py: claims behind the claimed records (and a few
pending claims and disputes), follows and upvotes, each when the app has the model.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta

from bench.synth_db import Copier, MissingColumn, log, transaction_savepoint
from bench.synth_plan import Pick


class ReaderRows:
    """Loader's claims, follows and upvotes (a mixin: it uses the loader's world and rows)."""

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
