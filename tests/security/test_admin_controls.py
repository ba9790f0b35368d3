"""In the admin, ownership, verification, ORCID and merges change only through audited actions."""

import pytest

from audit.models import AuditEvent
from profiles import claims
from profiles.models import Author, Claim, VerificationLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(make_user):
    return make_user("curator@example.org", curator=True)


def test_the_change_form_cannot_set_owner_level_orcid_or_merge(
    client, researchers, curator, make_user
):
    ada, alan = researchers
    stranger = make_user("stranger@example.org")
    client.force_login(curator)
    url = f"/admin/profiles/author/{ada.pk}/change/"
    form = client.get(url).content.decode()
    assert 'name="claimed_by"' not in form and 'name="verification_level"' not in form
    assert 'name="orcid"' not in form and 'name="merged_into"' not in form
    before = Author.objects.values().get(pk=ada.pk)
    client.post(url, {
        "slug": ada.slug, "display_name": ada.display_name, "normalized_name": ada.normalized_name,
        "claimed_by": stranger.pk, "verification_level": 4, "orcid": "0000-0002-1825-0097",
        "merged_into": alan.pk,
        "aliases-TOTAL_FORMS": 0, "aliases-INITIAL_FORMS": 0,
    })  # fmt: skip
    after = Author.objects.values().get(pk=ada.pk)
    for field in ("claimed_by_id", "verification_level", "orcid", "merged_into_id"):
        assert after[field] == before[field], field


def test_releasing_an_owner_is_a_named_audited_action(client, researchers, curator, make_user):
    ada, _ = researchers
    owner = make_user("ada@analytical.example")
    claims.file_claim(owner, ada)
    client.force_login(curator)
    response = client.post(
        "/admin/profiles/author/", {"action": "release_owners", "_selected_action": [ada.pk]}
    )
    assert response.status_code == 302
    ada = Author.objects.get(pk=ada.pk)
    assert ada.claimed_by is None and ada.verification_level == VerificationLevel.IMPORTED
    assert Claim.objects.get(user=owner).status == Claim.Status.REVOKED
    event = AuditEvent.objects.get(action="owner_released")
    assert event.actor == curator and event.before["claimed_by"] == owner.pk


def test_clearing_an_orcid_and_confirming_an_owner_are_audited(
    client, researchers, curator, make_user
):
    ada, _ = researchers
    claims.file_claim(make_user("ada@analytical.example"), ada)
    Author.objects.filter(pk=ada.pk).update(orcid="0000-0002-1825-0097")
    client.force_login(curator)
    for action in ("clear_orcids", "confirm_owners"):
        client.post("/admin/profiles/author/", {"action": action, "_selected_action": [ada.pk]})
    ada = Author.objects.get(pk=ada.pk)
    assert ada.orcid == "" and ada.verification_level == VerificationLevel.REVIEWED
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "orcid_cleared", "identity_confirmed",
    }  # fmt: skip


def test_confirming_an_owner_from_the_claims_queue_is_audited(
    client, researchers, curator, make_user
):
    ada, _ = researchers
    claim = claims.file_claim(make_user("ada@analytical.example"), ada)
    assert claim.status == Claim.Status.APPROVED
    client.force_login(curator)
    response = client.post(
        "/admin/profiles/claim/", {"action": "confirm_owners", "_selected_action": [claim.pk]}
    )
    assert response.status_code == 302
    assert Author.objects.get(pk=ada.pk).verification_level == VerificationLevel.REVIEWED
    assert AuditEvent.objects.filter(action="identity_confirmed", actor=curator).count() == 1


def test_claims_are_read_only_records_in_the_admin(client, researchers, curator, make_user):
    ada, _ = researchers
    claim = claims.file_claim(make_user(), ada)
    client.force_login(curator)
    form = client.get(f"/admin/profiles/claim/{claim.pk}/change/").content.decode()
    assert 'name="status"' not in form and 'name="user"' not in form
    assert client.get("/admin/profiles/claim/add/").status_code == 403


def test_curators_are_not_superusers_and_see_the_curator_tools(client, curator):
    client.force_login(curator)
    index = client.get("/admin/").content.decode()
    assert "Authors" in index and "Claims" in index
    assert "Users" not in index  # account administration is not a curator's
    assert client.get("/admin/auth/user/").status_code == 403
