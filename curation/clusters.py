"""The duplicates queue by cluster: records the open questions link, asked about at once.

Four "Meng He" records with a question between each two are one decision for a
curator (are these one person?), not six rows. A cluster is a connected group of
records under the open duplicate questions; clusters rank by their best question.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from curation.models import IdentityQuestion
from curation.questions import find_root, open_questions
from profiles.models import Author


@dataclass
class Cluster:
    """Open duplicate questions that link one group of records, best first."""

    questions: list[IdentityQuestion]

    @cached_property  # the template asks for it per row, and survivor again
    def records(self) -> list[Author]:
        """The group's records, most works first: the first is the one to keep."""
        seen = {}
        for question in self.questions:
            for author in (question.author, question.other):
                seen.setdefault(author.pk, author)
        return sorted(seen.values(), key=lambda a: (-a.works_count, a.pk))

    @property
    def survivor(self) -> Author:
        return self.records[0]

    @property
    def ids(self) -> str:
        return ",".join(str(q.pk) for q in self.questions)


def duplicate_clusters() -> list[list[int]]:
    """Every open duplicate question's id, grouped by cluster, best cluster first."""
    rows = list(
        open_questions(IdentityQuestion.Kind.DUPLICATE).values_list("id", "author_id", "other_id")
    )
    parent: dict[int, int] = {}
    for _, author, other in rows:
        parent[find_root(parent, author)] = find_root(parent, other)
    grouped: dict[int, list[int]] = {}
    for question, author, _ in rows:  # best first, so each cluster sits where its best does
        grouped.setdefault(find_root(parent, author), []).append(question)
    return list(grouped.values())


def clusters_of(groups: list[list[int]]) -> list[Cluster]:
    """The clusters of these question ids, with their records loaded (one query)."""
    wanted = [question for group in groups for question in group]
    loaded = {
        q.pk: q for q in open_questions(IdentityQuestion.Kind.DUPLICATE).filter(pk__in=wanted)
    }
    clusters = [Cluster([loaded[q] for q in group if q in loaded]) for group in groups]
    return [cluster for cluster in clusters if cluster.questions]


def cluster_from_post(text: str) -> Cluster | None:
    """The cluster a curator answered, from its question ids ("12,15,19"); None if none is open."""
    ids = [int(part) for part in text.split(",") if part.strip().isdigit()][:200]
    clusters = clusters_of([ids]) if ids else []
    return clusters[0] if clusters else None
