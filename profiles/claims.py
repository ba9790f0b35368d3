"""Claiming an author record: what evidence a claim carries and what it unlocks.

Verification levels (profiles.models.VerificationLevel):

- L0: a name-only record (its bylines are all low-confidence matches);
- L1: an imported record with a consistent identity (the default);
- L2: claimed by an account with a verified email;
- L3: a claim backed by strong evidence: an ORCID sign-in whose iD is the
  record's, or whose ORCID record lists one of the record's arXiv works; a
  verified email at the domain of the record's institution; or a verified email
  address printed in one of the record's works;
- L4: reviewed and confirmed by a curator.

Strong (L3) evidence approves a claim at once; a weaker claim waits for a
curator. One record has one owner: a second claimant is told so and can file a
dispute instead. Every decision writes an AuditEvent; no claim is deleted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ingest.audit import record
from papers.models import Paper
from profiles.models import Author, Claim, VerificationLevel
from profiles.orcid import OrcidUnavailable, arxiv_ids_on_record, orcid_of
from profiles.tasks import refresh_trust_of_coauthors
from profiles.trust import refresh_trust

STRONG_EVIDENCE = {"orcid", "institution_email", "email_in_works"}


class ClaimRefused(Exception):
    """A claim that cannot be filed; the message is shown to the person as it is."""


@dataclass(frozen=True)
class Evidence:
    """One check made when a claim is filed, and what it showed."""

    key: str
    label: str
    passed: bool
    detail: str = ""


def gather_evidence(user, author: Author, orcid_http=None) -> list[Evidence]:
    """Every check, passed or not, so the claimant and the curator see the same list."""
    emails = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    evidence = [
        Evidence(
            "verified_email",
            "A verified email address",
            bool(emails),
            ", ".join(emails) if emails else "Verify your email address first.",
        )
    ]
    evidence.append(_orcid_evidence(user, author, orcid_http))
    domain = (author.institution.email_domain if author.institution_id else "").lower().strip()
    at_institution = [e for e in emails if domain and _in_domain(e, domain)]
    evidence.append(
        Evidence(
            "institution_email",
            "A verified email at the record's institution",
            bool(at_institution),
            at_institution[0]
            if at_institution
            else (
                f"None of your addresses is at {domain}."
                if domain
                else "No institution domain on record."
            ),
        )
    )
    printed = _email_in_works(author, emails)
    evidence.append(
        Evidence(
            "email_in_works",
            "Your email address printed in one of the works",
            bool(printed),
            f"{printed[0]} in arXiv:{printed[1]}" if printed else "Not found in the works' text.",
        )
    )
    return evidence


def level_for(evidence: list[Evidence]) -> int:
    passed = {e.key for e in evidence if e.passed}
    if "verified_email" not in passed:
        return VerificationLevel.IMPORTED
    return VerificationLevel.EVIDENCE if passed & STRONG_EVIDENCE else VerificationLevel.CLAIMED


def file_claim(user, author: Author, message: str = "", orcid_http=None) -> Claim:
    """File a claim (or return the one already open); approve it at once on strong evidence."""
    # Evidence may ask ORCID over the network: gathered before the record's row is locked.
    evidence = gather_evidence(user, author, orcid_http)
    with transaction.atomic():
        author = (
            Author.objects.select_for_update(of=("self",))
            .select_related("institution")
            .get(pk=author.pk)
        )
        if author.merged_into_id:
            raise ClaimRefused("This record was merged into another one; claim that one instead.")
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
            evidence=[asdict(e) for e in evidence],
            message=message,
        )
        record(user, "claim_filed", claim, after={"author": author.pk, "level": level})
        if level >= VerificationLevel.EVIDENCE:
            _approve(claim, author, decided_by=None, note="Approved at once: strong evidence.")
    return claim


def file_dispute(user, author: Author, message: str) -> Claim:
    """Tell curators that someone else's claim on this record is wrong."""
    if not message.strip():
        raise ClaimRefused("Say why the record is yours: curators read every dispute.")
    with transaction.atomic():
        author = Author.objects.select_for_update().get(pk=author.pk)
        if not author.claimed_by_id or author.claimed_by_id == user.pk:
            raise ClaimRefused("Only a record someone else owns can be disputed.")
        dispute, created = Claim.objects.get_or_create(
            author=author,
            user=user,
            kind=Claim.Kind.DISPUTE,
            status=Claim.Status.PENDING,
            defaults={"level": author.verification_level, "message": message},
        )
        if created:
            record(user, "dispute_filed", dispute, after={"author": author.pk})
    refresh_trust([author.pk])
    return dispute


def approve(claim: Claim, curator, note: str = "") -> None:
    """A curator approves a waiting claim: the record gets its owner at the claim's level."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        author = Author.objects.select_for_update().get(pk=claim.author_id)
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
    transaction.on_commit(lambda: refresh_trust_of_coauthors.delay(author.pk))


def _decide(claim: Claim, status: str, decided_by, note: str) -> None:
    claim.status, claim.decision_note, claim.decided_at = status, note, timezone.now()
    claim.decided_by = decided_by if getattr(decided_by, "is_authenticated", False) else None
    claim.save(update_fields=["status", "decision_note", "decided_at", "decided_by"])


def _orcid_evidence(user, author: Author, http) -> Evidence:
    label = "ORCID sign-in matching the record"
    orcid = orcid_of(user)
    if not orcid:
        return Evidence("orcid", label, False, "Sign in with ORCID to add this evidence.")
    if author.orcid:
        matches = author.orcid == orcid
        return Evidence("orcid", label, matches, f"Record {author.orcid}, yours {orcid}.")
    try:
        listed = arxiv_ids_on_record(orcid, http)
    except OrcidUnavailable:
        return Evidence("orcid", label, False, "ORCID could not be reached; try again later.")
    shared = sorted(
        Paper.objects.filter(authorships__author=author, arxiv_id__in=listed).values_list(
            "arxiv_id", flat=True
        )
    )
    if shared:
        return Evidence("orcid", label, True, f"Your ORCID record lists arXiv:{shared[0]}.")
    return Evidence("orcid", label, False, "Your ORCID record lists none of these works.")


def _in_domain(email: str, domain: str) -> bool:
    host = email.rsplit("@", 1)[-1].lower()
    return host == domain or host.endswith("." + domain)


def _email_in_works(author: Author, emails: list[str]) -> tuple[str, str] | None:
    if not emails:
        return None
    match = Q()
    for email in emails:
        match |= Q(comment__icontains=email) | Q(abstract__icontains=email)
    paper = (
        Paper.objects.filter(authorships__author=author)
        .filter(match)
        .only("arxiv_id", "comment", "abstract")
        .first()
    )
    if paper is None:
        return None
    text = f"{paper.comment} {paper.abstract}".lower()
    return next(e for e in emails if e.lower() in text), paper.arxiv_id
