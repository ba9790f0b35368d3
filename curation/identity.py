"""Identity repair: merge two author records, move bylines between records (split), and undo.

Every operation is one transaction, refuses bad input with a reason before
changing anything, and writes one AuditEvent whose ``before`` and ``after`` hold
what is needed to put things back. An event can be undone while nothing that
depends on it has changed since: the records it touched have no later action
that is still in force, and the bylines it moved are still where it put them.

Moved bylines are marked ``matched_by = curator``, so the next import of those
papers keeps them where the curator put them (ingest.store keeps curator rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.text import slugify

from audit.models import AuditEvent
from audit.trail import UndoRefused, record, register_undo, undoable_actions
from core.names import decode_tex, normalize_name
from core.tasks import send_on_commit
from graph.edges import rebuild_author_edges
from papers.models import Authorship
from profiles.institutions import refresh_institutions
from profiles.models import Author, AuthorAlias, Follow, VerificationLevel
from profiles.name_keys import alias_row
from profiles.tasks import refresh_author_metrics, refresh_trust_of
from profiles.trust import refresh_trust

MERGED, MOVED = "authors_merged", "authorships_moved"
ACTION_NAMES = {
    MERGED: "a merge",
    MOVED: "a move of works",
    "dispute_decided": "a dispute decision",
}
AUTHOR = "profiles.author"


class IdentityRefused(UndoRefused):
    """An identity repair that cannot be done as asked; the message says why."""


@dataclass
class MergePreview:
    """What a merge would move, and what would stop it."""

    survivor: Author
    loser: Author
    works: int = 0
    shared_works: int = 0
    aliases: list[str] = field(default_factory=list)
    followers: int = 0
    problems: list[str] = field(default_factory=list)


def preview_merge(survivor: Author, loser: Author) -> MergePreview:
    preview = MergePreview(survivor, loser)
    preview.problems = _merge_problems(survivor, loser)
    loser_papers = Authorship.objects.filter(author=loser).values("paper_id")
    preview.works = loser_papers.distinct().count()
    preview.shared_works = (
        Authorship.objects.filter(author=survivor, paper_id__in=loser_papers)
        .values("paper_id").distinct().count()
    )  # fmt: skip
    preview.aliases = list(AuthorAlias.objects.filter(author=loser).values_list("name", flat=True))
    preview.followers = Follow.objects.filter(author=loser).count()
    return preview


def _merge_problems(survivor: Author, loser: Author) -> list[str]:
    problems = []
    if survivor.pk == loser.pk:
        problems.append("An author cannot be merged into itself.")
    if loser.merged_into_id:
        problems.append(f"{loser.display_name} was already merged into another record.")
    if survivor.merged_into_id:
        problems.append(
            f"{survivor.display_name} was itself merged into another record; merge into that one."
        )
    if (
        survivor.claimed_by_id
        and loser.claimed_by_id
        and survivor.claimed_by_id != loser.claimed_by_id
    ):
        problems.append(
            "Both records are claimed, by different people: decide the claims before merging."
        )
    return problems


def merge(
    survivor: Author,
    loser: Author,
    curator,
    reason: str = "",
    *,
    matched_by: str = Authorship.MatchedBy.CURATOR,
    confidence: float = 1.0,
) -> AuditEvent:
    """Fold ``loser`` into ``survivor``: bylines, aliases, followers and the claim move; the
    loser's URL answers 301 to the survivor from now on.

    The moved bylines say how they were decided: by a curator (kept by every
    import), or by the re-clustering sweep (``matched_by`` coauthor).
    """
    with transaction.atomic():
        survivor, loser = _lock(survivor.pk, loser.pk)
        problems = _merge_problems(survivor, loser)
        if problems:
            raise IdentityRefused(" ".join(problems))
        bylines = list(
            Authorship.objects.filter(author=loser).values_list("id", "matched_by", "confidence")
        )
        aliases = list(
            AuthorAlias.objects.filter(author=loser).values_list("id", "name", "normalized")
        )
        taken = set(
            AuthorAlias.objects.filter(author=survivor).values_list("normalized", flat=True)
        )
        moved_aliases = [a for a in aliases if a[2] not in taken]
        follows = list(Follow.objects.filter(author=loser).values_list("id", "user_id"))
        following_both = set(
            Follow.objects.filter(author=survivor, user_id__in=[u for _, u in follows]).values_list(
                "user_id", flat=True
            )
        )
        before = {
            "survivor": _snapshot(survivor),
            "loser": _snapshot(loser),
            "bylines": bylines,
            "aliases_moved": [a[0] for a in moved_aliases],
            "aliases_dropped": [[a[1], a[2]] for a in aliases if a[2] in taken],
            "follows_moved": [f for f, u in follows if u not in following_both],
            "follows_dropped": [u for _, u in follows if u in following_both],
        }
        Authorship.objects.filter(author=loser).update(
            author=survivor, matched_by=matched_by, confidence=confidence
        )
        AuthorAlias.objects.filter(pk__in=before["aliases_moved"]).update(author=survivor)
        AuthorAlias.objects.filter(author=loser).delete()
        Follow.objects.filter(pk__in=before["follows_moved"]).update(author=survivor)
        Follow.objects.filter(author=loser).delete()
        survivor_changes = {}
        if loser.claimed_by_id and not survivor.claimed_by_id:
            survivor_changes = {
                "claimed_by_id": loser.claimed_by_id,
                "verification_level": max(survivor.verification_level, loser.verification_level),
            }
        if loser.orcid and not survivor.orcid:
            survivor_changes["orcid"] = loser.orcid
        Author.objects.filter(pk=survivor.pk).update(**survivor_changes)
        Author.objects.filter(pk=loser.pk).update(
            merged_into=survivor, claimed_by=None, verification_level=VerificationLevel.NAME_ONLY
        )
        _recompute([survivor.pk, loser.pk])
        return record(
            curator,
            MERGED,
            survivor,
            before=before,
            after={"survivor": survivor.pk, "loser": loser.pk, "bylines": [b[0] for b in bylines]},
            reason=reason,
        )


def move_bylines(authorship_ids, *, to: Author | None = None, new_name: str = "", curator,
                 reason: str = "") -> AuditEvent:  # fmt: skip
    """Move bylines to another record, or to a new one named ``new_name`` (a split)."""
    ids = sorted(set(int(i) for i in authorship_ids))
    if not ids:
        raise IdentityRefused("Pick at least one work to move.")
    with transaction.atomic():
        rows = list(
            Authorship.objects.select_for_update()
            .filter(pk__in=ids)
            .values_list("id", "author_id", "matched_by", "confidence", "held_from_id")
        )
        if len(rows) != len(ids):
            raise IdentityRefused("Some of these bylines no longer exist; reload and try again.")
        sources = {r[1] for r in rows if r[1]}
        if to is not None:
            to = Author.objects.select_for_update().get(pk=to.pk)
            if to.merged_into_id:
                raise IdentityRefused(f"{to.display_name} was merged into another record.")
            if {to.pk} == sources:
                raise IdentityRefused("These works are already on that record.")
        for source in Author.objects.filter(pk__in=sources):
            left = Authorship.objects.filter(author=source).exclude(pk__in=ids).exists()
            if not left and to is None:
                raise IdentityRefused(
                    f"That would move every work away from {source.display_name}: "
                    "merge the records instead."
                )
        created = None
        if to is None:
            name = new_name.strip()
            if not name:
                raise IdentityRefused("Name the new record the works move to.")
            to = created = _new_author(name)
        Authorship.objects.filter(pk__in=ids).update(
            author=to, matched_by=Authorship.MatchedBy.CURATOR, confidence=1.0
        )
        _add_alias(to, [r[0] for r in rows])
        _recompute(sources | {to.pk})
        return record(
            curator,
            MOVED,
            to,
            before={"bylines": [list(r) for r in rows]},
            after={
                "to": to.pk,
                "created": created.pk if created else None,
                "bylines": ids,
                "from": sorted(sources),
            },  # fmt: skip
            reason=reason,
        )


def _why_not_undo_repair(event: AuditEvent) -> str:
    """What blocks undoing a merge or a move: a later repair of the same records, moved works."""
    authors = _authors_of(event)
    later = (
        AuditEvent.objects.filter(created_at__gt=event.created_at, undone_at__isnull=True)
        .filter(action__in=(MERGED, MOVED))
        .exclude(pk=event.pk)
    )
    for other in later:
        if _authors_of(other) & authors:
            return (
                f"A later change depends on it ({undoable_actions()[other.action]} "
                f"on {other.created_at:%b %d %H:%M}); undo that one first."
            )
    expected = event.after.get("survivor") or event.after.get("to")
    moved = Authorship.objects.filter(pk__in=event.after.get("bylines", []))
    if moved.exclude(author_id=expected).exists() or moved.count() != len(event.after["bylines"]):
        return "Some of the works it moved have moved again or are gone since."
    if (
        event.action == MERGED
        and not Author.objects.filter(
            pk=event.after["loser"], merged_into_id=event.after["survivor"]
        ).exists()
    ):
        return "The merged record has changed since."
    return ""


def _undo_repair(event: AuditEvent, curator) -> set[int]:
    touched = _undo_merge(event) if event.action == MERGED else _undo_move(event)
    _recompute(touched)
    return touched


register_undo(MERGED, "a merge", _why_not_undo_repair, _undo_repair)
register_undo(MOVED, "a move of works", _why_not_undo_repair, _undo_repair)


def _undo_merge(event) -> set[int]:
    survivor_id, loser_id = event.after["survivor"], event.after["loser"]
    before = event.before
    _restore_bylines([(pk, loser_id, by, conf) for pk, by, conf in before["bylines"]])
    AuthorAlias.objects.filter(pk__in=before["aliases_moved"]).update(author_id=loser_id)
    AuthorAlias.objects.bulk_create(
        [_alias(loser_id, n) for n, _ in before["aliases_dropped"]],
        ignore_conflicts=True,
    )
    Follow.objects.filter(pk__in=before["follows_moved"]).update(author_id=loser_id)
    Follow.objects.bulk_create(
        [Follow(author_id=loser_id, user_id=u) for u in before["follows_dropped"]],
        ignore_conflicts=True,
    )
    Author.objects.filter(pk=loser_id).update(**_restore(before["loser"]))
    Author.objects.filter(pk=survivor_id).update(**_restore(before["survivor"]))
    return {survivor_id, loser_id}


def _restore_bylines(rows) -> None:
    """Put bylines back on their records, [(id, author, matched_by, confidence)], in one UPDATE.

    held_from is not among them: neither a merge nor a move changes it.
    """
    if not rows:
        return
    ids, authors, matched_by, confidence = (list(c) for c in zip(*rows, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE papers_authorship s
            SET author_id = v.author, matched_by = v.matched_by, confidence = v.confidence
            FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::float8[])
                AS v(id, author, matched_by, confidence)
            WHERE s.id = v.id
            """,
            [ids, authors, matched_by, confidence],
        )


def _undo_move(event) -> set[int]:
    touched = {event.after["to"]}
    _restore_bylines(
        [(pk, author, by, conf) for pk, author, by, conf, _ in event.before["bylines"]]
    )
    touched.update(row[1] for row in event.before["bylines"] if row[1])
    created = event.after.get("created")
    if created and not Authorship.objects.filter(author_id=created).exists():
        # The record the split made is empty again: it goes, so no empty profile remains.
        AuthorAlias.objects.filter(author_id=created).delete()
        Follow.objects.filter(author_id=created).delete()
        Author.objects.filter(pk=created).update(merged_into=None)
        touched.discard(created)
        rebuild_author_edges([created])
        Author.objects.filter(pk=created).delete()
    return touched


def _authors_of(event: AuditEvent) -> set[int]:
    after = event.after or {}
    ids = {after.get(k) for k in ("survivor", "loser", "to", "created")}
    ids.update(after.get("from", []))
    return {i for i in ids if i}


def _lock(*ids):
    found = {a.pk: a for a in Author.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    missing = [i for i in ids if i not in found]
    if missing:
        raise IdentityRefused("One of these records no longer exists.")
    return [found[i] for i in ids]


def _snapshot(author: Author) -> dict:
    return {
        "merged_into": author.merged_into_id,
        "claimed_by": author.claimed_by_id,
        "verification_level": author.verification_level,
        "orcid": author.orcid,
    }


def _restore(snapshot: dict) -> dict:
    return {
        "merged_into_id": snapshot["merged_into"],
        "claimed_by_id": snapshot["claimed_by"],
        "verification_level": snapshot["verification_level"],
        "orcid": snapshot["orcid"],
    }


def _new_author(name: str) -> Author:
    name = decode_tex(name)  # a profile shows Jürgen Müller, not J\\"urgen M\\"uller
    base = slugify(name)[:100] or "author"
    slug = base if not Author.objects.filter(slug=base).exists() else None
    author = Author.objects.create(
        slug=slug or f"{base}-new", display_name=name, normalized_name=normalize_name(name),
        verification_level=VerificationLevel.IMPORTED,
    )  # fmt: skip
    if slug is None:
        author.slug = f"{base}-{author.pk}"
        author.save(update_fields=["slug"])
    return author


def _add_alias(author: Author, authorship_ids) -> None:
    """The names these bylines printed become spellings of the record they moved to."""
    names = set(
        Authorship.objects.filter(pk__in=authorship_ids).values_list("name_as_printed", flat=True)
    )
    AuthorAlias.objects.bulk_create(
        [_alias(author.pk, n) for n in names],
        ignore_conflicts=True,
    )


def _alias(author_id: int, name: str) -> AuthorAlias:
    _, name, normalized, block = alias_row(author_id, name)
    return AuthorAlias(author_id=author_id, name=name, normalized=normalized, block=block)


def _recompute(author_ids) -> None:
    """Edges, counters, followers, institutions and trust of the records involved, at once.

    Their co-authors' close-collaborator counts follow the edges at once. Tasks after the
    commit do the rest: the records' citation metrics and scores (read over every work),
    and their co-authors' trust (which counts co-authors with claimed records).
    """
    ids = sorted(set(author_ids))
    touched = rebuild_author_edges(ids)  # and every counter of these records
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE profiles_author a SET followers_count = "
            "(SELECT count(*) FROM profiles_follow f WHERE f.author_id = a.id) WHERE a.id = ANY(%s)",
            [ids],
        )
    refresh_institutions(ids)
    refresh_trust(ids)
    send_on_commit(refresh_author_metrics, ids)
    # Their co-authors, old and new (the rebuild returns them): one task, no second lookup.
    coauthors = sorted(touched.difference(ids))
    send_on_commit(refresh_trust_of, coauthors)
