"""API tokens: made and revoked on /me/api-tokens/ by their owner only; a token raises the limit."""

import re

import pytest

from api.models import ApiToken

pytestmark = pytest.mark.django_db


def _make_token(client, name="reading list"):
    response = client.post("/me/api-tokens/", {"name": name}, follow=True)
    secret = re.search(r"(pf_[\w-]+)", response.content.decode()).group(1)
    return ApiToken.objects.get(name=name), secret


def test_a_person_makes_a_token_and_sees_its_secret_once(client, make_user):
    user = make_user()
    client.force_login(user)
    token, secret = _make_token(client)
    assert token.user == user and token.prefix == secret[:10]
    assert secret not in token.digest  # only a digest is kept
    page = client.get("/me/api-tokens/").content.decode()
    assert "reading list" in page and secret not in page and f"{secret[:10]}…" in page
    assert 'href="/me/api-tokens/"' in client.get("/me/").content.decode()


def test_a_valid_token_reads_at_the_configured_limits(client, make_user, lab, settings):
    from django_ratelimit.core import _split_rate  # the parser django-ratelimit itself uses

    assert (
        _split_rate(settings.RATE_LIMITS["api_token"])[0]
        > _split_rate(settings.RATE_LIMITS["api"])[0]
    )
    client.force_login(make_user())
    _, secret = _make_token(client)
    client.logout()
    response = client.get("/api/v1/researchers", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200


def test_a_token_raises_the_rate_limit(client, make_user, lab, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "2/m", "api_token": "5/m"}
    client.force_login(make_user())
    _, secret = _make_token(client)
    client.logout()
    bearer = {"Authorization": f"Bearer {secret}"}
    with_token = [client.get("/api/v1/researchers", headers=bearer).status_code for _ in range(6)]
    assert with_token == [200] * 5 + [429]
    without = [client.get("/api/v1/researchers").status_code for _ in range(3)]
    assert without == [200, 200, 429]


def test_an_unknown_or_revoked_token_is_a_json_401(client, make_user, lab):
    response = client.get("/api/v1/researchers", headers={"Authorization": "Bearer pf_made-up"})
    assert response.status_code == 401 and "not valid" in response.json()["message"]

    client.force_login(make_user())
    token, secret = _make_token(client)
    client.post(f"/me/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    revoked = client.get("/api/v1/researchers", headers={"Authorization": f"Bearer {secret}"})
    assert revoked.status_code == 401


def test_only_the_owner_can_revoke_and_strangers_are_sent_to_sign_in(client, make_user):
    client.force_login(make_user())
    token, _ = _make_token(client, "owner-only-token")
    client.force_login(make_user())
    client.post(f"/me/api-tokens/{token.pk}/revoke/")
    assert "owner-only-token" not in client.get("/me/api-tokens/").content.decode()
    client.logout()
    assert client.post(f"/me/api-tokens/{token.pk}/revoke/").status_code == 302
    assert client.get("/me/api-tokens/")["Location"].startswith("/accounts/login/")
    token.refresh_from_db()
    assert token.revoked_at is None


def test_at_most_five_active_tokens(client, make_user):
    client.force_login(make_user())
    for n in range(5):
        _make_token(client, f"token {n}")
    page = client.post("/me/api-tokens/", {"name": "one more"}, follow=True).content.decode()
    assert "At most 5 active tokens" in page and ApiToken.objects.count() == 5
