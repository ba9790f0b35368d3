"""Direct collaboration: invitations to the owner of a claimed record, and the thread that follows.

Only a claimed record whose owner is "Open to collaborate" can be invited; only
signed-in people invite; nobody invites themselves; a sender may send
INVITATIONS_PER_DAY invitations in any 24 hours (counted under a lock on the
sender, so two tabs at once cannot slip past it). Both sides get an email when
an invitation arrives and when it is answered.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from profiles.models import Author, CollaborationMessage, CollaborationRequest

INVITATIONS_PER_DAY = 5


class InvitationRefused(Exception):
    """An invitation, answer or reply that cannot be made; the message is shown as it is."""


def why_not_invite(user, author: Author) -> str:
    """'' when ``user`` may invite this record's owner, else the reason, in the page's words."""
    if not author.claimed_by_id:
        return "Claim this author entity first to unlock direct invitations."
    if not author.open_to_collaborate:
        return "This researcher is not taking collaboration requests right now."
    if not user.is_authenticated:
        return "Sign in to send a collaboration request."
    if author.claimed_by_id == user.pk:
        return "This is your own record."
    return ""


def send_invitation(user, author: Author, topic: str, message: str) -> CollaborationRequest:
    with transaction.atomic():
        author = Author.objects.select_for_update().get(pk=author.pk)
        reason = why_not_invite(user, author)
        if reason:
            raise InvitationRefused(reason)
        # The lock on the sender's row serialises their sends: the count below is exact.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        since = timezone.now() - timedelta(days=1)
        if (
            CollaborationRequest.objects.filter(sender=user, created_at__gte=since).count()
            >= INVITATIONS_PER_DAY
        ):
            raise InvitationRefused(
                f"You have sent {INVITATIONS_PER_DAY} invitations in the last 24 hours; "
                "please wait before sending more."
            )
        invitation = CollaborationRequest.objects.create(
            sender=user,
            author=author,
            recipient_id=author.claimed_by_id,
            topic=topic,
            message=message,
        )
        transaction.on_commit(lambda: _notify(invitation, "received", invitation.recipient))
    return invitation


def answer(invitation: CollaborationRequest, user, *, accept: bool) -> None:
    with transaction.atomic():
        invitation = CollaborationRequest.objects.select_for_update().get(pk=invitation.pk)
        if invitation.recipient_id != user.pk:
            raise InvitationRefused("Only the person invited can answer.")
        if invitation.status != CollaborationRequest.Status.PENDING:
            raise InvitationRefused("This invitation has already been answered.")
        invitation.status = (
            CollaborationRequest.Status.ACCEPTED if accept else CollaborationRequest.Status.DECLINED
        )
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "answered_at"])
        transaction.on_commit(lambda: _notify(invitation, invitation.status, invitation.sender))


def reply(invitation: CollaborationRequest, user, body: str) -> CollaborationMessage:
    if not invitation.involves(user):
        raise InvitationRefused("Only the two people in this conversation can reply.")
    if invitation.status != CollaborationRequest.Status.ACCEPTED:
        raise InvitationRefused("Replies open once the invitation is accepted.")
    return CollaborationMessage.objects.create(request=invitation, sender=user, body=body)


def _notify(invitation: CollaborationRequest, event: str, to_user) -> None:
    if not to_user.email:
        return
    context = {
        "invitation": invitation,
        "event": event,
        "url": settings.SITE_URL + reverse("invitation", args=[invitation.pk]),
    }
    subject = {
        "received": f"Collaboration request: {invitation.topic}",
        "accepted": f"Accepted: {invitation.topic}",
        "declined": f"Declined: {invitation.topic}",
    }[event]
    send_mail(
        f"[Peerfolio] {subject}",
        render_to_string("emails/invitation.txt", context),
        None,
        [to_user.email],
    )
