"""The claim matrix: who can take which record with which evidence, on real recorded arXiv works.

The works are real entries of the recorded arXiv API file (read in place), written
back as an API page and imported through the real ingest path:

- 2212.03067 (Giancarlo, Grimaudo): "Contact: raffaele.giancarlo@unipa.it" in the abstract;
- 1406.0426 (Heng Li, single author): "Contact: hengli@broadinstitute.org";
- 1106.2603 (five authors): "Corresponding author: Douglas W. Yu, dougwyu@gmail.com";
- 1602.05856 (Minkin, Pham, Medvedev): "Contact: ium125@psu.edu", nobody's name;
- 1805.08816 (Grabowski, Bieniecki): "Contact: wbieniec@kis.p.lodz.pl".

Each case files a claim as a new user would and checks where it lands: approved at
once (L3), queued for a curator (L2), disputed, or refused with its message.
"""

from __future__ import annotations

import dataclasses
import functools

import httpx
import pytest
import respx
from allauth.socialaccount.models import SocialAccount

from ingest.pipeline import read_saved_response
from ingest.sources import arxiv_api
from profiles import claim_evidence, claims
from profiles.models import Author, Claim, Institution, VerificationLevel
from tests.feedgen import api_feed

pytestmark = pytest.mark.django_db
REAL_WORKS = ["2212.03067", "1406.0426", "1106.2603", "1602.05856", "1805.08816"]
ORCID = "0000-0002-1825-0097"
RECORD = f"https://pub.orcid.org/v3.0/{ORCID}/record"


@functools.cache
def _real_records(path):
    body = read_saved_response(path)
    return [r for r in arxiv_api.parse(body).records if r.arxiv_id in REAL_WORKS]


@pytest.fixture
def works(samples, ingest):
    records = _real_records(samples / "api/stringologytimes_api_entries_2060.xml")
    assert sorted(r.arxiv_id for r in records) == sorted(REAL_WORKS)
    ingest(api_feed(records))
    return {a.display_name: a for a in Author.objects.all()}


def _claim(make_user, works, name, email, **extra) -> Claim:
    return claims.file_claim(make_user(email, **extra), Author.objects.get(pk=works[name].pk))


def _owner(works, name):
    return Author.objects.get(pk=works[name].pk).claimed_by


APPROVED, QUEUED = Claim.Status.APPROVED, Claim.Status.PENDING

# (case, record claimed, claimant's verified address, where it lands, the evidence that decided)
EMAIL_CASES = [
    ("exact address whose name part names him", "Raffaele Giancarlo",
     "raffaele.giancarlo@unipa.it", APPROVED, "email_in_works"),
    ("domain in another case: still the same address", "Raffaele Giancarlo",
     "raffaele.giancarlo@UNIPA.IT", APPROVED, "email_in_works"),
    ("a single-author work", "Heng Li", "hengli@broadinstitute.org", APPROVED, "email_in_works"),
    ("printed next to his name", "Douglas W. Yu", "dougwyu@gmail.com", APPROVED, "email_in_works"),
    ("a substring of the printed address", "Raffaele Giancarlo",
     "giancarlo@unipa.it", QUEUED, None),
    ("the local part in another case", "Raffaele Giancarlo",
     "Raffaele.Giancarlo@unipa.it", QUEUED, None),
    ("a look-alike domain one letter short", "Raffaele Giancarlo",
     "raffaele.giancarlo@unipa.i", QUEUED, None),
    ("a look-alike domain one letter long", "Raffaele Giancarlo",
     "raffaele.giancarlo@unipa.itt", QUEUED, None),
    ("an IDN homoglyph of the domain (Cyrillic і)", "Raffaele Giancarlo",
     "raffaele.giancarlo@un\u0456pa.it", QUEUED, None),
    ("the co-author's address, on the co-author's record", "Gennaro Grimaudo",
     "raffaele.giancarlo@unipa.it", QUEUED, "email_on_coauthored_work"),
    ("a co-author's address printed next to another name", "Mihai Pop",
     "dougwyu@gmail.com", QUEUED, "email_on_coauthored_work"),
    ("an address naming nobody on a three-author work", "Ilia Minkin",
     "ium125@psu.edu", QUEUED, "email_on_coauthored_work"),
    ("an abbreviated name part (not surname, not initial + surname)", "Wojciech Bieniecki",
     "wbieniec@kis.p.lodz.pl", QUEUED, "email_on_coauthored_work"),
]  # fmt: skip


@pytest.mark.parametrize(
    "case, name, email, status, decided_by", EMAIL_CASES, ids=[c[0] for c in EMAIL_CASES]
)
def test_printed_email_cases(works, make_user, case, name, email, status, decided_by):
    claim = _claim(make_user, works, name, email)
    assert claim.status == status, case
    if status == APPROVED:
        assert claim.level == VerificationLevel.EVIDENCE
        assert _owner(works, name) == claim.user
    else:
        assert claim.level == VerificationLevel.CLAIMED and _owner(works, name) is None
        assert "email_in_works" not in claim.evidence_keys
    if decided_by:
        assert decided_by in claim.evidence_keys


def test_an_address_in_the_bylines_own_affiliation_proves_it(ingest, make_user):
    from ingest.records import AuthorRecord
    from tests.feedgen import make_record

    ingest(api_feed([make_record(1, authors=[
        AuthorRecord("Ada Lovelace", affiliations=("Analytical Engines Ltd, ada@ae.example",)),
        AuthorRecord("Alan Turing", affiliations=("NPL",)),
    ])]))  # fmt: skip
    ada = Author.objects.get(display_name="Ada Lovelace")
    alan = Author.objects.get(display_name="Alan Turing")
    user = make_user("ada@ae.example")
    # The address does not prove Alan: it is printed in Ada's affiliation, not his.
    on_alan = claim_evidence.gather_evidence(user, alan)
    assert claim_evidence.level_for(on_alan) == VerificationLevel.CLAIMED
    assert claims.file_claim(user, ada).status == APPROVED


def test_an_institution_address_queues_first_and_never_approves(works, make_user):
    giancarlo = works["Raffaele Giancarlo"]
    giancarlo.institution = Institution.objects.create(
        name="Università di Palermo", normalized_name="universita di palermo",
        email_domain="unipa.it",
    )  # fmt: skip
    giancarlo.save()
    plain = _claim(make_user, works, "Raffaele Giancarlo", "someone@example.org")
    colleague = _claim(make_user, works, "Raffaele Giancarlo", "grimaudo@math.unipa.it")
    assert colleague.status == QUEUED and "institution_email" in colleague.evidence_keys
    assert colleague.priority > plain.priority and _owner(works, "Raffaele Giancarlo") is None


def test_an_unverified_address_is_refused_with_its_message(works, make_user):
    with pytest.raises(claims.ClaimRefused, match="Verify your email"):
        _claim(make_user, works, "Heng Li", "hengli@broadinstitute.org", verified=False)
    assert not Claim.objects.exists()


def test_a_taken_record_is_refused_and_offers_a_dispute(works, make_user):
    _claim(make_user, works, "Heng Li", "hengli@broadinstitute.org")
    with pytest.raises(claims.ClaimRefused, match="file a dispute"):
        _claim(make_user, works, "Heng Li", "heng@example.org")
    assert _owner(works, "Heng Li").email == "hengli@broadinstitute.org"


def _orcid_record(names, *arxiv_ids):
    given, family = names
    groups = [{"external-ids": {"external-id": [
        {"external-id-type": "arxiv", "external-id-value": i}]}} for i in arxiv_ids]  # fmt: skip
    return {
        "person": {"name": {"given-names": {"value": given}, "family-name": {"value": family}}},
        "activities-summary": {"works": {"group": groups}},
    }


def _with_orcid(make_user, orcid=ORCID):
    user = make_user()
    SocialAccount.objects.create(user=user, provider="orcid", uid=orcid)
    return user


@respx.mock
def test_orcid_listing_the_works_under_his_name_approves(works, make_user):
    respx.get(RECORD).mock(return_value=httpx.Response(
        200, json=_orcid_record(("Raffaele", "Giancarlo"), "2212.03067")))  # fmt: skip
    user = _with_orcid(make_user)
    claim = claims.file_claim(user, works["Raffaele Giancarlo"])
    # One work on the record: "all of them" is one.
    assert claim.status == APPROVED and _owner(works, "Raffaele Giancarlo") == user
    assert Author.objects.get(pk=works["Raffaele Giancarlo"].pk).orcid == ORCID


@respx.mock
def test_orcid_listing_the_works_under_another_name_waits(works, make_user):
    respx.get(RECORD).mock(return_value=httpx.Response(
        200, json=_orcid_record(("Gennaro", "Grimaudo"), "2212.03067")))  # fmt: skip
    claim = claims.file_claim(_with_orcid(make_user), works["Raffaele Giancarlo"])
    detail = next(e["detail"] for e in claim.evidence if e["key"] == "orcid")
    assert claim.status == QUEUED and "does not match Raffaele Giancarlo" in detail


@respx.mock
def test_an_orcid_id_already_on_another_record_is_a_dispute_never_an_overwrite(works, make_user):
    respx.get(RECORD).mock(return_value=httpx.Response(
        200, json=_orcid_record(("Raffaele", "Giancarlo"), "2212.03067")))  # fmt: skip
    Author.objects.filter(pk=works["Heng Li"].pk).update(orcid=ORCID)
    claim = claims.file_claim(_with_orcid(make_user), works["Raffaele Giancarlo"])
    assert claim.status == QUEUED and "orcid_conflict" in claim.evidence_keys
    assert claim.priority >= 10  # disputes first in the curator queue
    assert Author.objects.get(pk=works["Heng Li"].pk).orcid == ORCID
    assert Author.objects.get(pk=works["Raffaele Giancarlo"].pk).orcid == ""


@respx.mock
def test_orcid_down_waits_with_that_said(works, make_user):
    respx.get(RECORD).mock(return_value=httpx.Response(502))
    claim = claims.file_claim(_with_orcid(make_user), works["Heng Li"])
    detail = next(e["detail"] for e in claim.evidence if e["key"] == "orcid")
    assert claim.status == QUEUED and "ORCID could not be reached" in detail


def test_the_claim_page_shows_why_an_address_did_not_prove(client, works, make_user):
    client.force_login(make_user("dougwyu@gmail.com"))
    page = client.get(works["Mihai Pop"].get_absolute_url() + "claim/").content.decode()
    assert "dougwyu@gmail.com in arXiv:1106.2603" in page
    assert "not tied to this byline" in page


def test_evidence_is_frozen_in_the_claim(works, make_user):
    claim = _claim(make_user, works, "Heng Li", "hengli@broadinstitute.org")
    keys = [e["key"] for e in claim.evidence]
    assert keys[:2] == ["verified_email", "email_in_works"]
    assert all(
        set(e) == {f.name for f in dataclasses.fields(claims.Evidence)} for e in claim.evidence
    )
