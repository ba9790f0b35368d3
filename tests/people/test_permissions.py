"""Who may do what: every state-changing endpoint for anonymous, another user, the owner, a curator."""

import pytest
from django.test import Client

from profiles import claims, collaboration
from profiles.models import Author, Claim
from tests.people.conftest import signed_in

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


@pytest.fixture
def world(researchers, make_user):
    ada, alan = researchers
    owner = make_user("ada@analytical.example")
    claims.file_claim(owner, ada)
    Author.objects.filter(pk=ada.pk).update(open_to_collaborate=True)
    ada = Author.objects.get(pk=ada.pk)
    claimant = make_user()
    waiting = claims.file_claim(claimant, alan)
    invitation = collaboration.send_invitation(claimant, ada, "Topic", "Hello")
    return {
        "ada": ada, "owner": owner, "other": make_user(), "curator": make_user(staff=True),
        "claimant": claimant, "claim": waiting, "invitation": invitation,
    }  # fmt: skip


def _as(client, world, who):
    if who != "anonymous":
        signed_in(client, world[who])
    return client


# (method, path template, data, {who: expected status}); 302 to LOGIN for anonymous.
MATRIX = [
    ("post", "/researchers/{ada}/follow/", {}, {"other": 302, "owner": 302, "curator": 302}),
    ("get", "/researchers/{ada}/edit/", None, {"other": 403, "owner": 200, "curator": 403}),
    ("post", "/researchers/{ada}/edit/", {"headline": "x"}, {"other": 403, "owner": 302, "curator": 403}),
    ("post", "/researchers/{ada}/works/2601.00003/not-mine/", {}, {"other": 403, "owner": 302, "curator": 403}),
    ("post", "/researchers/{ada}/invite/", {"topic": "t", "message": "m"}, {"other": 302, "owner": 403, "curator": 302}),
    ("get", "/me/invitations/{invitation}/", None, {"other": 403, "owner": 200, "curator": 403, "claimant": 200}),
    ("post", "/me/invitations/{invitation}/", {"accept": "1"}, {"other": 403, "curator": 403, "claimant": 403, "owner": 302}),
    ("post", "/me/claims/{claim}/withdraw/", {}, {"other": 403, "owner": 403, "curator": 403, "claimant": 302}),
    ("get", "/me/", None, {"other": 200, "owner": 200}),
]  # fmt: skip


@pytest.mark.parametrize("method, template, data, expected", MATRIX)
@pytest.mark.parametrize("who", ["anonymous", "other", "owner", "curator", "claimant"])
def test_permission_matrix(client, world, method, template, data, expected, who):
    if who != "anonymous" and who not in expected:
        pytest.skip("not a role this endpoint distinguishes")
    path = template.format(
        ada=world["ada"].slug, invitation=world["invitation"].pk, claim=world["claim"].pk
    )
    response = getattr(_as(client, world, who), method)(path, data)
    if who == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(LOGIN), path
    else:
        assert response.status_code == expected[who], (who, path)


def test_refused_actions_change_nothing(client, world):
    signed_in(client, world["other"])
    client.post(f"/researchers/{world['ada'].slug}/edit/", {"headline": "Hacked"})
    client.post(f"/researchers/{world['ada'].slug}/works/2601.00003/not-mine/")
    client.post(f"/me/claims/{world['claim'].pk}/withdraw/")
    ada = Author.objects.get(pk=world["ada"].pk)
    assert ada.headline == "" and ada.works_count == 3
    assert Claim.objects.get(pk=world["claim"].pk).status == "pending"


def test_state_changes_need_the_csrf_token(world):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["owner"])
    assert strict.post(f"/researchers/{world['ada'].slug}/follow/").status_code == 403
    page = strict.get(world["ada"].get_absolute_url()).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in page  # HTMX sends it from <body>


def test_only_curators_reach_the_claim_queue(client, world):
    assert signed_in(client, world["other"]).get("/admin/profiles/claim/").status_code == 302
    queue = signed_in(client, world["curator"]).get("/admin/profiles/claim/?status__exact=pending")
    assert queue.status_code == 200 and "A verified email address" in queue.content.decode()
    client.post(
        "/admin/profiles/claim/",
        {"action": "approve_claims", "_selected_action": [world["claim"].pk]},
    )
    assert Claim.objects.get(pk=world["claim"].pk).status == "approved"
