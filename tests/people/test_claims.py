"""Claiming a record at each evidence level, disputes, and the curator's decisions."""

import httpx
import pytest
import respx
from allauth.socialaccount.models import SocialAccount

from audit.models import AuditEvent
from profiles import claims
from profiles.models import Author, Claim, VerificationLevel
from tests.people.conftest import signed_in

pytestmark = pytest.mark.django_db
ORCID = "0000-0002-1825-0097"
RECORD = f"https://pub.orcid.org/v3.0/{ORCID}/record"


def _orcid_record(*arxiv_ids, given="Ada", family="Lovelace"):
    """The shape of ORCID's public API v3.0 /record answer: the person, and one group per work."""
    return {
        "orcid-identifier": {"path": ORCID},
        "person": {
            "name": {"given-names": {"value": given}, "family-name": {"value": family},
                     "credit-name": None},
            "other-names": {"other-name": []},
        },
        "activities-summary": {"works": {"group": [
            {
                "external-ids": {
                    "external-id": [
                        {"external-id-type": "arxiv", "external-id-value": f"arXiv:{i}",
                         "external-id-relationship": "self"},
                        {"external-id-type": "doi", "external-id-value": f"10.48550/arXiv.{i}",
                         "external-id-relationship": "self"},
                    ]
                },
                "work-summary": [{"put-code": n, "title": {"title": {"value": f"Work {n}"}}}],
            }
            for n, i in enumerate(arxiv_ids)
        ]}},
    }  # fmt: skip


def _reload(author):
    return Author.objects.select_related("claimed_by").get(pk=author.pk)


def test_a_verified_email_alone_files_a_claim_that_waits_for_a_curator(researchers, make_user):
    ada, _ = researchers
    claim = claims.file_claim(make_user(), ada)
    assert (claim.status, claim.level) == (Claim.Status.PENDING, VerificationLevel.CLAIMED)
    assert _reload(ada).claimed_by is None
    assert [e["key"] for e in claim.evidence if e["passed"]] == ["verified_email"]


def test_an_unverified_email_cannot_claim(researchers, make_user):
    ada, _ = researchers
    with pytest.raises(claims.ClaimRefused, match="Verify your email"):
        claims.file_claim(make_user(verified=False), ada)
    assert not Claim.objects.exists()


def test_email_printed_in_a_work_approves_at_once_as_l3(researchers, make_user):
    ada, _ = researchers
    user = make_user("ada@analytical.example")
    claim = claims.file_claim(user, ada)
    ada = _reload(ada)
    assert claim.status == Claim.Status.APPROVED and ada.claimed_by == user
    assert ada.verification_level == VerificationLevel.EVIDENCE
    assert "email_in_works" in claim.evidence_keys
    assert AuditEvent.objects.filter(action="claim_approved", target_id=str(claim.pk)).exists()
    assert ada.trust_score > 0 and "claimed" in [line["key"] for line in ada.trust_breakdown]


def test_institution_email_lifts_a_claim_to_the_front_of_the_queue_but_never_approves(
    researchers, make_user
):
    ada, _ = researchers
    from profiles.models import Institution

    ada.institution = Institution.objects.create(
        name="ETH Zürich", normalized_name="eth zurich", email_domain="ethz.ch"
    )
    ada.save()
    plain = claims.file_claim(make_user(), _reload(ada))
    claim = claims.file_claim(make_user("ada@inf.ethz.ch"), ada)
    assert claim.status == Claim.Status.PENDING and "institution_email" in claim.evidence_keys
    assert claim.level == VerificationLevel.CLAIMED and _reload(ada).claimed_by is None
    assert claim.priority > plain.priority
    queue = list(Claim.objects.filter(status="pending").order_by("-priority", "created_at"))
    assert queue[0] == claim


@respx.mock
def test_orcid_whose_record_lists_two_of_the_works_under_her_name_approves(researchers, make_user):
    ada, _ = researchers
    user = make_user()
    SocialAccount.objects.create(user=user, provider="orcid", uid=ORCID)
    respx.get(RECORD).mock(
        return_value=httpx.Response(
            200, json=_orcid_record("2601.00003v2", "2601.00001", "1999.00001", given="A.")
        )
    )

    claim = claims.file_claim(user, ada)

    assert claim.status == Claim.Status.APPROVED and "orcid" in claim.evidence_keys
    assert _reload(ada).orcid == ORCID
    assert {line["key"] for line in _reload(ada).trust_breakdown} >= {"orcid", "claimed"}


@respx.mock
def test_orcid_listing_one_work_of_three_leaves_the_claim_waiting(researchers, make_user):
    ada, _ = researchers
    user = make_user()
    SocialAccount.objects.create(user=user, provider="orcid", uid=ORCID)
    respx.get(RECORD).mock(return_value=httpx.Response(200, json=_orcid_record("2601.00003")))
    claim = claims.file_claim(user, ada)
    orcid = next(e for e in claim.evidence if e["key"] == "orcid")
    assert (
        claim.status == Claim.Status.PENDING
        and "1 of this record's works; 2 needed" in orcid["detail"]
    )


@respx.mock
def test_orcid_down_leaves_the_claim_waiting_and_asks_again_later(
    researchers, make_user, django_capture_on_commit_callbacks, monkeypatch
):
    from profiles.tasks import recheck_claim

    _, alan = researchers
    user = make_user()
    SocialAccount.objects.create(user=user, provider="orcid", uid=ORCID)
    down = respx.get(RECORD).mock(return_value=httpx.Response(503))
    later = []
    monkeypatch.setattr(
        recheck_claim, "apply_async", lambda args, countdown, **_: later.append((args, countdown))
    )
    with django_capture_on_commit_callbacks(execute=True):
        claim = claims.file_claim(user, alan)
    orcid = next(e for e in claim.evidence if e["key"] == "orcid")
    assert claim.status == Claim.Status.PENDING and "could not be reached" in orcid["detail"]
    assert later == [([claim.pk], claims.ORCID_RECHECK_SECONDS)]

    # ORCID is back, listing both of Alan's works under his name: the waiting claim is approved.
    from django.core.cache import cache

    cache.clear()
    down.mock(return_value=httpx.Response(
        200, json=_orcid_record("2601.00001", "2601.00002", given="Alan", family="Turing")
    ))  # fmt: skip
    assert recheck_claim.run(claim.pk) == Claim.Status.APPROVED
    assert _reload(alan).claimed_by == user


def test_a_record_with_a_known_orcid_matches_only_that_id(researchers, make_user):
    ada, _ = researchers
    Author.objects.filter(pk=ada.pk).update(orcid=ORCID)
    impostor = make_user()
    SocialAccount.objects.create(user=impostor, provider="orcid", uid="0000-0001-5109-3700")
    assert claims.file_claim(impostor, _reload(ada)).status == Claim.Status.PENDING


def test_second_claimant_is_told_and_can_dispute(researchers, make_user):
    ada, _ = researchers
    claims.file_claim(make_user("ada@analytical.example"), ada)
    rival = make_user()
    with pytest.raises(claims.ClaimRefused, match="already claimed by another account"):
        claims.file_claim(rival, _reload(ada))
    dispute = claims.file_dispute(rival, _reload(ada), "I am the real Ada.")
    assert dispute.kind == Claim.Kind.DISPUTE and dispute.status == Claim.Status.PENDING
    assert {line["key"]: line["points"] for line in _reload(ada).trust_breakdown}["disputes"] == -15


def test_one_person_owns_one_record(researchers, make_user):
    ada, alan = researchers
    user = make_user("ada@analytical.example")
    claims.file_claim(user, ada)
    with pytest.raises(claims.ClaimRefused, match="already own the record of Ada Lovelace"):
        claims.file_claim(user, alan)


def test_curator_approves_rejects_and_confirms_with_audit_events(researchers, make_user):
    ada, alan = researchers
    curator = make_user(staff=True)
    waiting = claims.file_claim(make_user(), ada)
    claims.approve(waiting, curator, "Checked the homepage.")
    ada = _reload(ada)
    assert ada.claimed_by == waiting.user and ada.verification_level == VerificationLevel.CLAIMED
    claims.confirm_identity(ada, curator)
    assert _reload(ada).verification_level == VerificationLevel.REVIEWED

    refused = claims.file_claim(make_user(), alan)
    claims.reject(refused, curator, "No evidence.")
    refused.refresh_from_db()
    assert refused.status == Claim.Status.REJECTED and refused.decided_by == curator
    assert _reload(alan).claimed_by is None
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "claim_filed", "claim_approved", "identity_confirmed", "claim_filed", "claim_rejected",
    ]  # fmt: skip
    with pytest.raises(claims.ClaimRefused):
        claims.reject(refused, curator)


def test_withdrawn_claims_keep_their_history(researchers, make_user):
    ada, _ = researchers
    user = make_user()
    claim = claims.file_claim(user, ada)
    claims.withdraw(claim, user)
    again = claims.file_claim(user, ada)
    assert list(Claim.objects.filter(user=user).values_list("status", flat=True)) == [
        "pending", "withdrawn",
    ]  # fmt: skip
    assert again.pk != claim.pk


def test_claim_page_shows_the_evidence_and_files_the_claim(client, researchers, make_user):
    ada, _ = researchers
    signed_in(client, make_user("ada@analytical.example"))
    page = client.get(f"/researchers/{ada.slug}/claim/").content.decode()
    assert (
        "A verified email address" in page and "ada@analytical.example in arXiv:2601.00002" in page
    )
    response = client.post(f"/researchers/{ada.slug}/claim/", {"message": ""}, follow=True)
    html = response.content.decode()
    assert "Your claim is approved" in html and "Claimed" in html and "Edit your profile" in html


def test_profile_shows_claimed_and_the_new_trust(client, researchers, make_user):
    ada, _ = researchers
    before = client.get(ada.get_absolute_url()).content.decode()
    claims.file_claim(make_user("ada@analytical.example"), ada)
    after = client.get(ada.get_absolute_url()).content.decode()
    assert "Unclaimed author" in before and "Unclaimed author" not in after
    assert "Verification L3" in after and "+20</span> claimed by a signed-in researcher" in after


def test_an_approved_claim_raises_the_co_authors_trust_through_a_task(
    researchers, make_user, django_capture_on_commit_callbacks, monkeypatch
):
    from config.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)  # run the task in-process
    ada, alan = researchers
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        claims.file_claim(make_user("ada@analytical.example"), ada)
    assert len(callbacks) == 1
    lines = {line["key"]: line["points"] for line in Author.objects.get(pk=alan.pk).trust_breakdown}
    assert lines["verified_coauthors"] == 2


@respx.mock
def test_showing_the_evidence_then_filing_asks_orcid_once(researchers, make_user):
    ada, _ = researchers
    user = make_user()
    SocialAccount.objects.create(user=user, provider="orcid", uid=ORCID)
    works = respx.get(RECORD).mock(
        return_value=httpx.Response(200, json=_orcid_record("2601.00003v2", "2601.00002"))
    )

    claims.gather_evidence(user, ada)  # the claim page
    claim = claims.file_claim(user, ada)  # the claim itself

    assert claim.status == Claim.Status.APPROVED
    assert works.call_count == 1
