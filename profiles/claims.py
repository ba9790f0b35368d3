"""Claiming an author record, disputing a claim, and the curator's decisions.

Verification levels (profiles.models.VerificationLevel):

- L0: a name-only record (its bylines are all low-confidence matches);
- L1: an imported record with a consistent identity (the default);
- L2: claimed by an account with a verified email, after a curator's approval;
- L3: a claim backed by proof (``profiles.claim_evidence``): the claimant's exact
  address printed in a work and tied to this byline, or an ORCID record listing
  the record's works under a compatible name;
- L4: reviewed and confirmed by a curator.

Proof approves a claim at once; anything less waits for a curator, supporting
evidence first. One record has one owner: a second claimant files a dispute,
which a curator decides with both evidence lists side by side. Every decision
writes an AuditEvent (a dispute decision can be undone); no claim is deleted.
"""

from __future__ import annotations

from dataclasses import asdict

from celery import current_app
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.trail import record, register_undo
from core.tasks import send_on_commit
from profiles.claim_evidence import (
    Evidence,
    gather_evidence,
    level_for,
    orcid_unreachable,
    priority_for,
)
from profiles.models import Author, Claim, VerificationLevel
from profiles.orcid import orcid_of
from profiles.trust import refresh_trust

DISPUTE_DECIDED = "dispute_decided"
ORCID_RECHECK_SECONDS = 15 * 60

__all__ = ["ClaimRefused", "Evidence", "gather_evidence", "file_claim", "file_dispute"]


class ClaimRefused(Exception):
    """A claim that cannot be filed or decided; the message is shown to the person as it is."""


def file_claim(user, author: Author, message: str = "", orcid_http=None) -> Claim:
    """File a claim (or return the one already open); approve it at once on proof."""
    # Evidence may ask ORCID over the network: gathered before the record's row is locked.
    evidence = gather_evidence(user, author, orcid_http)
    with transaction.atomic():
        author = _lock_author(author)
        if author.claimed_by_id == user.pk:
            raise ClaimRefused("You already own this record.")
        if author.claimed_by_id:
            raise ClaimRefused(
                "This record is already claimed by another account. If it is yours, "
                "file a dispute and a curator will look at both claims."
            )
        owned = Author.objects.filter(claimed_by=user).exclude(pk=author.pk).first()
        if owned:
            raise ClaimRefused(
                f"You already own the record of {owned.display_name}. One person owns one "
                "record; if both are you, ask the curators to merge them."
            )
        open_claim = Claim.objects.filter(
            author=author, user=user, kind=Claim.Kind.CLAIM, status=Claim.Status.PENDING
        ).first()
        if open_claim:
            return open_claim
        level = level_for(evidence)
        if level < VerificationLevel.CLAIMED:
            raise ClaimRefused("Verify your email address before you claim a record.")
        claim = Claim.objects.create(
            author=author,
            user=user,
            level=level,
            priority=priority_for(evidence),
            evidence=[asdict(e) for e in evidence],
            message=message,
        )
        record(user, "claim_filed", claim, after={"author": author.pk, "level": level})
        if level >= VerificationLevel.EVIDENCE:
            _approve(
                claim, author, decided_by=None, note="Approved at once: proof in the evidence."
            )
        elif orcid_unreachable(claim.evidence):
            send_on_commit(_task("recheck_claim"), claim.pk, countdown=ORCID_RECHECK_SECONDS)
    return claim


def recheck(claim: Claim, orcid_http=None) -> Claim:
    """Gather a waiting claim's evidence again (ORCID was down); approve it if it now proves."""
    evidence = gather_evidence(claim.user, claim.author, orcid_http)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        author = _lock_author(claim.author)
        if claim.status != Claim.Status.PENDING or claim.kind != Claim.Kind.CLAIM:
            return claim
        claim.evidence = [asdict(e) for e in evidence]
        claim.level = max(level_for(evidence), VerificationLevel.CLAIMED)
        claim.priority = priority_for(evidence)
        claim.save(update_fields=["evidence", "level", "priority"])
        if claim.level >= VerificationLevel.EVIDENCE and not author.claimed_by_id:
            _approve(claim, author, decided_by=None, note="Approved when ORCID answered.")
    return claim


def file_dispute(user, author: Author, message: str, orcid_http=None) -> Claim:
    """Tell curators that someone else's claim on this record is wrong, with one's own evidence."""
    if not message.strip():
        raise ClaimRefused("Say why the record is yours: curators read every dispute.")
    evidence = gather_evidence(user, author, orcid_http)
    level = level_for(evidence)
    with transaction.atomic():
        author = _lock_author(author)
        if not author.claimed_by_id or author.claimed_by_id == user.pk:
            raise ClaimRefused("Only a record someone else owns can be disputed.")
        if level < VerificationLevel.CLAIMED:
            raise ClaimRefused("Verify your email address before you dispute a claim.")
        dispute, created = Claim.objects.get_or_create(
            author=author,
            user=user,
            kind=Claim.Kind.DISPUTE,
            status=Claim.Status.PENDING,
            defaults={
                "level": level,
                "priority": priority_for(evidence) + 10,
                "evidence": [asdict(e) for e in evidence],
                "message": message,
            },
        )
        if created:
            record(user, "dispute_filed", dispute, after={"author": author.pk})
    refresh_trust([author.pk])
    return dispute


def owner_claim(author: Author) -> Claim | None:
    """The approved claim that made the current owner, if any."""
    return (
        Claim.objects.filter(author=author, kind=Claim.Kind.CLAIM, status=Claim.Status.APPROVED)
        .select_related("user")
        .first()
    )


def decide_dispute(
    dispute: Claim, curator, *, give_to_disputer: bool, note: str = ""
) -> AuditEvent:
    """A curator decides a dispute: the owner keeps the record, or it passes to the disputer."""
    with transaction.atomic():
        dispute = Claim.objects.select_for_update().get(pk=dispute.pk)
        if dispute.kind != Claim.Kind.DISPUTE or dispute.status != Claim.Status.PENDING:
            raise ClaimRefused("Only a waiting dispute can be decided.")
        author = _lock_author(dispute.author)
        current = owner_claim(author)
        before = {
            "author": author.pk,
            "claimed_by": author.claimed_by_id,
            "verification_level": author.verification_level,
            "orcid": author.orcid,
            "owner_claim": current.pk if current else None,
            "dispute": dispute.pk,
        }
        after = {**before, "given_to_disputer": give_to_disputer}
        if give_to_disputer:
            if current:
                _decide(current, Claim.Status.REVOKED, curator, f"Dispute {dispute.pk}: {note}")
            level = max(dispute.level, VerificationLevel.CLAIMED)
            granted = Claim.objects.create(
                author=author,
                user=dispute.user,
                level=level,
                evidence=dispute.evidence,
                message=dispute.message,
                status=Claim.Status.APPROVED,
                decided_by=curator,
                decided_at=timezone.now(),
                decision_note=f"Given on dispute {dispute.pk}. {note}".strip(),
            )
            # The record learns the winner's iD only when their ORCID proved the works.
            orcid = orcid_of(dispute.user) if "orcid" in granted.evidence_keys else author.orcid
            Author.objects.filter(pk=author.pk).update(
                claimed_by=dispute.user, verification_level=level, orcid=orcid
            )
            after.update(claimed_by=dispute.user_id, verification_level=level, orcid=orcid,
                         granted_claim=granted.pk)  # fmt: skip
        _decide(dispute, Claim.Status.APPROVED if give_to_disputer else Claim.Status.REJECTED,
                curator, note)  # fmt: skip
        event = record(curator, DISPUTE_DECIDED, author, before=before, after=after, reason=note)
        refresh_trust([author.pk])
    send_on_commit(_task("refresh_trust_of_coauthors"), author.pk)
    return event


def _why_not_undo_dispute(event: AuditEvent) -> str:
    author = Author.objects.filter(pk=event.after["author"]).first()
    if author is None or author.claimed_by_id != event.after["claimed_by"]:
        return "The record's owner has changed since."
    later = AuditEvent.objects.filter(
        action=DISPUTE_DECIDED, target_id=event.target_id, created_at__gt=event.created_at,
        undone_at__isnull=True,
    ).exclude(pk=event.pk)  # fmt: skip
    if later.exists():
        return "A later dispute decision on this record depends on it; undo that one first."
    return ""


def _undo_dispute(event: AuditEvent, curator) -> set[int]:
    before, after = event.before, event.after
    if after.get("granted_claim"):
        Claim.objects.filter(pk=after["granted_claim"]).update(
            status=Claim.Status.REVOKED, decided_by=curator, decided_at=timezone.now()
        )
    if before.get("owner_claim"):
        Claim.objects.filter(pk=before["owner_claim"]).update(status=Claim.Status.APPROVED)
    Claim.objects.filter(pk=before["dispute"]).update(
        status=Claim.Status.PENDING, decided_by=None, decided_at=None
    )
    Author.objects.filter(pk=before["author"]).update(
        claimed_by_id=before["claimed_by"],
        verification_level=before["verification_level"],
        orcid=before["orcid"],
    )
    refresh_trust([before["author"]])
    return {before["author"]}


register_undo(DISPUTE_DECIDED, "a dispute decision", _why_not_undo_dispute, _undo_dispute)


def approve(claim: Claim, curator, note: str = "") -> None:
    """A curator approves a waiting claim: the record gets its owner at the claim's level."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        author = _lock_author(claim.author)
        if claim.status != Claim.Status.PENDING or claim.kind != Claim.Kind.CLAIM:
            raise ClaimRefused("Only a waiting claim can be approved.")
        if author.claimed_by_id and author.claimed_by_id != claim.user_id:
            raise ClaimRefused("The record already has another owner; decide the dispute first.")
        _approve(claim, author, decided_by=curator, note=note)


def reject(claim: Claim, curator, note: str = "") -> None:
    """A curator rejects a waiting claim or dispute; it stays in the history."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != Claim.Status.PENDING:
            raise ClaimRefused("Only a waiting claim or dispute can be rejected.")
        _decide(claim, Claim.Status.REJECTED, curator, note)
        record(curator, f"{claim.kind}_rejected", claim, before={"status": "pending"},
               after={"status": "rejected"}, reason=note)  # fmt: skip
    refresh_trust([claim.author_id])


def withdraw(claim: Claim, user) -> None:
    """The claimant takes back a waiting claim or dispute."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.user_id != user.pk or claim.status != Claim.Status.PENDING:
            raise ClaimRefused("Only your own waiting claim can be withdrawn.")
        _decide(claim, Claim.Status.WITHDRAWN, user, "Withdrawn by the claimant.")
        record(user, f"{claim.kind}_withdrawn", claim, before={"status": "pending"},
               after={"status": "withdrawn"})  # fmt: skip
    refresh_trust([claim.author_id])


def confirm_identity(author: Author, curator, note: str = "") -> None:
    """A curator has reviewed the owner's identity: the record becomes L4."""
    with transaction.atomic():
        author = Author.objects.select_for_update().get(pk=author.pk)
        if not author.claimed_by_id:
            raise ClaimRefused("Only a claimed record can be confirmed.")
        before = author.verification_level
        Author.objects.filter(pk=author.pk).update(verification_level=VerificationLevel.REVIEWED)
        record(curator, "identity_confirmed", author, before={"verification_level": before},
               after={"verification_level": VerificationLevel.REVIEWED}, reason=note)  # fmt: skip
    refresh_trust([author.pk])


def _lock_author(author: Author) -> Author:
    author = (
        Author.objects.select_for_update(of=("self",))
        .select_related("institution")
        .get(pk=author.pk)
    )
    if author.merged_into_id:
        raise ClaimRefused("This record was merged into another one; claim that one instead.")
    return author


def _approve(claim: Claim, author: Author, decided_by, note: str) -> None:
    before = {"claimed_by": author.claimed_by_id, "verification_level": author.verification_level}
    level = max(claim.level, author.verification_level if author.claimed_by_id else claim.level)
    changes = {"claimed_by": claim.user_id, "verification_level": level}
    if "orcid" in claim.evidence_keys and not author.orcid:
        changes["orcid"] = orcid_of(claim.user)  # the works matched: the record learns its iD
    Author.objects.filter(pk=author.pk).update(**changes)
    _decide(claim, Claim.Status.APPROVED, decided_by, note)
    record(decided_by, "claim_approved", claim, before=before,
           after={"claimed_by": claim.user_id, "verification_level": level}, reason=note)  # fmt: skip
    refresh_trust([author.pk])
    send_on_commit(_task("refresh_trust_of_coauthors"), author.pk)


def _decide(claim: Claim, status: str, decided_by, note: str) -> None:
    claim.status, claim.decision_note, claim.decided_at = status, note, timezone.now()
    claim.decided_by = decided_by if getattr(decided_by, "is_authenticated", False) else None
    claim.save(update_fields=["status", "decision_note", "decided_at", "decided_by"])


def release_owner(author: Author, curator, note: str = "") -> AuditEvent:
    """A curator takes a record back from its owner (the approved claim is revoked)."""
    with transaction.atomic():
        author = _lock_author(author)
        if not author.claimed_by_id:
            raise ClaimRefused(f"{author.display_name} has no owner to release.")
        current = owner_claim(author)
        before = {"claimed_by": author.claimed_by_id, "verification_level": author.verification_level,
                  "owner_claim": current.pk if current else None}  # fmt: skip
        if current:
            _decide(current, Claim.Status.REVOKED, curator, note or "Released by a curator.")
        Author.objects.filter(pk=author.pk).update(
            claimed_by=None, verification_level=VerificationLevel.IMPORTED
        )
        event = record(curator, "owner_released", author, before=before,
                       after={"claimed_by": None, "verification_level": VerificationLevel.IMPORTED},
                       reason=note)  # fmt: skip
        refresh_trust([author.pk])
    send_on_commit(_task("refresh_trust_of_coauthors"), author.pk)
    return event


def clear_orcid(author: Author, curator, note: str = "") -> AuditEvent:
    """A curator removes a wrong ORCID iD from a record."""
    with transaction.atomic():
        author = _lock_author(author)
        if not author.orcid:
            raise ClaimRefused(f"{author.display_name} has no ORCID iD.")
        event = record(curator, "orcid_cleared", author, before={"orcid": author.orcid},
                       after={"orcid": ""}, reason=note)  # fmt: skip
        Author.objects.filter(pk=author.pk).update(orcid="")
    return event


def _task(name: str):
    """One of profiles.tasks, by its registered name: those tasks call into this module."""
    return current_app.tasks[f"profiles.tasks.{name}"]
