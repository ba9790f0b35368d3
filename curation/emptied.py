"""Records a byline update left with no works: removed by the task that emptied them.

A paper's new version may print its authors differently; the bylines are matched
again and the record an old spelling made can end with nothing on it. Such a
record is deleted (its aliases and cached rows with it) unless someone holds on
to it: an owner or a claim, followers, an invitation, a byline an owner sent away
from it, a record merged into it, or an audit event about it (an undo may need it).
"""

from __future__ import annotations

import logging

from django.db.models import Exists, OuterRef, Q

from audit.models import AuditEvent
from papers.models import Authorship
from profiles.models import Author, Claim, CollaborationRequest, Follow

log = logging.getLogger("peerfolio.identity")


def remove_empty_records(author_ids) -> list[int]:
    """Delete those of these records nothing holds on to; returns the ids deleted."""
    ids = sorted({int(i) for i in author_ids})
    if not ids:
        return []
    author = OuterRef("pk")
    empty = (
        Author.objects.filter(pk__in=ids, merged_into__isnull=True, claimed_by__isnull=True)
        .exclude(Exists(Authorship.objects.filter(Q(author=author) | Q(held_from=author))))
        .exclude(Exists(Follow.objects.filter(author=author)))
        .exclude(Exists(Claim.objects.filter(author=author)))
        .exclude(Exists(CollaborationRequest.objects.filter(author=author)))
        .exclude(Exists(Author.objects.filter(merged_into=author)))
    )
    gone = set(empty.values_list("pk", flat=True))
    mentioned = set(
        AuditEvent.objects.filter(
            target_type="profiles.author", target_id__in=[str(i) for i in gone]
        ).values_list("target_id", flat=True)
    )
    gone -= {int(i) for i in mentioned}
    if gone:
        Author.objects.filter(pk__in=gone).delete()
        log.info("Removed %d author records left with no works", len(gone))
    return sorted(gone)
