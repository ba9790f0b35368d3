"""Named read queries for profile pages; each one is served by an index named in profiles.models."""

import logging

from django.http import Http404

from papers.models import Paper
from papers.queries import with_lead_authors
from profiles.models import Author, Claim, CollaborationRequest, Follow

log = logging.getLogger("peerfolio.profiles")


def most_active_authors(limit=12):
    """Most works first, merged records hidden (author_active_idx)."""
    return Author.objects.filter(merged_into__isnull=True, works_count__gt=0).order_by(
        "-works_count", "id"
    )[:limit]


def author_by_slug(slug) -> tuple[Author, bool]:
    """The author a URL names, following merges to the survivor; (author, was_merged).

    Merge chains are short (a merge points at a live record, and undoing it restores
    the old one), but the walk is bounded so a bad row can never loop forever.
    """
    author = Author.objects.select_related("institution").filter(slug=slug).first()
    if author is None:
        raise Http404("No researcher with this address.")
    moved = False
    for _ in range(10):
        if not author.merged_into_id:
            return author, moved
        author, moved = (
            Author.objects.select_related("institution").get(pk=author.merged_into_id),
            True,
        )
    log.error("Merge chain from author %s does not end; check merged_into.", slug)
    raise Http404("This researcher record cannot be shown: its merge history is broken.")


def home_of(user):
    """What /me/ shows: new works by followed researchers, follows, records, claims, inbox."""
    return {
        "followed_works": list(
            with_lead_authors(
                Paper.objects.filter(authorships__author__follows__user=user, withdrawn=False)
                .distinct()
                .order_by("-published", "-id")
            )[:20]
        ),
        "follows": list(
            Follow.objects.filter(user=user).select_related("author").order_by("-created_at")[:200]
        ),
        "owned": list(Author.objects.filter(claimed_by=user)),
        "claims": list(Claim.objects.filter(user=user).select_related("author")[:50]),
        "received": list(
            CollaborationRequest.objects.filter(recipient=user).select_related("sender", "author")[
                :50
            ]
        ),
        "sent": list(
            CollaborationRequest.objects.filter(sender=user).select_related("author")[:50]
        ),
    }
