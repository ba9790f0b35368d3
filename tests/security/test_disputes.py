"""Disputes: both evidence lists side by side for a curator, a decision in the audit trail, undo."""

import pytest

from audit import trail
from audit.models import AuditEvent
from profiles import claims
from profiles.models import Author, Claim, VerificationLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def disputed(researchers, make_user):
    ada, _ = researchers
    owner = make_user("ada@analytical.example")
    claims.file_claim(owner, ada)
    rival = make_user("lovelace@rival.example")
    dispute = claims.file_dispute(rival, Author.objects.get(pk=ada.pk), "I wrote these papers.")
    return ada, owner, rival, dispute


def _curator(make_user):
    return make_user("curator@example.org", curator=True)


def test_a_dispute_carries_the_disputers_own_evidence(disputed):
    _, _, _, dispute = disputed
    assert dispute.kind == Claim.Kind.DISPUTE and dispute.status == Claim.Status.PENDING
    assert [e["key"] for e in dispute.evidence][0] == "verified_email"
    assert dispute.priority >= 10


def test_the_curator_sees_both_evidence_lists_side_by_side(client, disputed, make_user):
    _, owner, rival, dispute = disputed
    client.force_login(_curator(make_user))
    page = client.get(f"/admin/profiles/claim/{dispute.pk}/dispute/").content.decode()
    assert "Current owner: ada@analytical.example" in page
    assert "Disputed by: lovelace@rival.example" in page
    assert "ada@analytical.example in arXiv:2601.00002" in page  # the owner's proof
    assert "I wrote these papers." in page and "Give the record to the disputer" in page


def test_giving_the_record_to_the_disputer_is_audited_and_can_be_undone(
    client, disputed, make_user
):
    ada, owner, rival, dispute = disputed
    curator = _curator(make_user)
    client.force_login(curator)
    response = client.post(
        f"/admin/profiles/claim/{dispute.pk}/dispute/", {"decision": "give", "note": "Homepage."}
    )
    assert response.status_code == 302
    ada = Author.objects.get(pk=ada.pk)
    assert ada.claimed_by == rival and ada.verification_level == VerificationLevel.CLAIMED
    assert Claim.objects.get(user=owner).status == Claim.Status.REVOKED
    event = AuditEvent.objects.get(action=claims.DISPUTE_DECIDED)
    assert event.actor == curator and event.reason == "Homepage."

    assert client.post(f"/admin/profiles/author/undo/{event.pk}/").status_code == 302
    ada = Author.objects.get(pk=ada.pk)
    assert ada.claimed_by == owner and ada.verification_level == VerificationLevel.EVIDENCE
    assert Claim.objects.get(user=owner).status == Claim.Status.APPROVED
    assert Claim.objects.get(pk=dispute.pk).status == Claim.Status.PENDING
    assert AuditEvent.objects.filter(action=f"undo_{claims.DISPUTE_DECIDED}").exists()
    # Undone once: the dispute can be decided again, and the old event not undone twice.
    assert "already undone" in trail.why_not_undo(AuditEvent.objects.get(pk=event.pk))


def test_keeping_the_owner_rejects_the_dispute(disputed, make_user):
    ada, owner, _, dispute = disputed
    claims.decide_dispute(dispute, _curator(make_user), give_to_disputer=False, note="No proof.")
    assert Author.objects.get(pk=ada.pk).claimed_by == owner
    assert Claim.objects.get(pk=dispute.pk).status == Claim.Status.REJECTED
    with pytest.raises(claims.ClaimRefused, match="Only a waiting dispute"):
        claims.decide_dispute(dispute, None, give_to_disputer=True)


def test_someone_without_claim_permissions_cannot_decide(client, disputed, make_user):
    _, owner, _, dispute = disputed
    staff = make_user("staff@example.org", staff=True)
    staff.is_superuser = False
    staff.save()
    client.force_login(staff)
    response = client.post(f"/admin/profiles/claim/{dispute.pk}/dispute/", {"decision": "give"})
    assert response.status_code == 403
    assert Author.objects.get(pk=dispute.author_id).claimed_by == owner
