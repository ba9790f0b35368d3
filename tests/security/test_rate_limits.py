"""Rate limits: over the limit a person gets the 429 page (never a 500), and nothing is lost."""

import pytest
from django.core import mail

from profiles.models import Author, Claim, CollaborationRequest

pytestmark = pytest.mark.django_db


def _is_429(response):
    return response.status_code == 429 and "Too many requests" in response.content.decode()


def test_five_claims_a_day_per_account(client, researchers, make_user):
    ada, _ = researchers
    client.force_login(make_user())
    url = f"/researchers/{ada.slug}/claim/"
    answers = [client.post(url, {"message": f"try {n}"}) for n in range(6)]
    assert all(a.status_code == 302 for a in answers[:5])
    assert _is_429(answers[5])
    assert answers[5]["Retry-After"]
    assert Claim.objects.filter(author=ada).count() == 1  # the claim filed before is intact


def test_disputes_count_with_claims(client, researchers, make_user):
    ada, _ = researchers
    from profiles import claims

    claims.file_claim(make_user("ada@analytical.example"), ada)
    client.force_login(make_user())
    url = f"/researchers/{ada.slug}/claim/dispute/"
    answers = [client.post(url, {"message": "Mine."}) for _ in range(6)]
    assert _is_429(answers[5]) and not any(a.status_code >= 500 for a in answers)


def test_collaboration_requests_are_limited(client, researchers, make_user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invitations": "3/h"}
    ada, _ = researchers
    from profiles import claims

    claims.file_claim(make_user("ada@analytical.example"), ada)
    Author.objects.filter(pk=ada.pk).update(open_to_collaborate=True)
    client.force_login(make_user())
    url = f"/researchers/{ada.slug}/invite/"
    answers = [client.post(url, {"topic": f"T{n}", "message": "Hello"}) for n in range(4)]
    assert _is_429(answers[3])
    assert CollaborationRequest.objects.count() == 3


def test_upvotes_are_limited(client, researchers, make_user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upvotes": "4/h"}
    from papers.models import Paper

    paper = Paper.objects.order_by("arxiv_id").first()
    client.force_login(make_user())
    answers = [client.post(f"/papers/{paper.arxiv_id}/upvote/") for _ in range(5)]
    assert _is_429(answers[4])


def test_search_is_limited_per_address(client, researchers, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": "5/m"}
    answers = [client.get("/search/", {"q": "lovelace"}) for _ in range(6)]
    assert all(a.status_code == 200 for a in answers[:5]) and _is_429(answers[5])
    # Another address still searches.
    assert client.get("/search/", {"q": "lovelace"}, REMOTE_ADDR="203.0.113.5").status_code == 200


def test_sign_up_is_limited_per_address(client):
    answers = [
        client.post("/accounts/signup/", {
            "email": f"new{n}@example.org", "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
        })
        for n in range(11)
    ]  # fmt: skip
    assert all(a.status_code < 400 for a in answers[:10])
    assert answers[10].status_code == 429


def test_password_reset_is_limited_per_address(client, make_user):
    make_user("ada@example.org")
    answers = [
        client.post("/accounts/password/reset/", {"email": "ada@example.org"}) for _ in range(5)
    ]
    assert any(a.status_code == 429 for a in answers) and not any(
        a.status_code >= 500 for a in answers
    )
    assert len(mail.outbox) <= 3
