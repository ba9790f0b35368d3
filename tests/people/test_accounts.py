"""Accounts through django-allauth: sign-up with email verification, sign-in limits, ORCID sign-in."""

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import respx
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.core.cache import cache

from tests.people.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ORCID = "0000-0002-1825-0097"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()  # allauth keeps its rate-limit counters in the (Redis) cache
    yield
    cache.clear()


def _link(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_sign_up_sends_a_verification_link_that_signs_you_in(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "ada@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert client.get("/me/").status_code == 302  # not signed in before verifying
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@example.org"]

    confirm = urlsplit(_link(mail.outbox[0])).path
    assert client.get(confirm).status_code == 200  # a page with a button, not a GET that acts
    client.post(confirm)
    assert client.get("/me/").status_code == 200


def test_unverified_accounts_cannot_sign_in(client):
    client.post(
        "/accounts/signup/",
        {"email": "ada@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.logout()
    response = client.post("/accounts/login/", {"login": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert client.get("/me/").status_code == 302


def test_password_reset_by_email(client, make_user):
    make_user("ada@example.org")
    client.post("/accounts/password/reset/", {"email": "ada@example.org"})
    assert (
        mail.outbox[-1].to == ["ada@example.org"]
        and "/accounts/password/reset/key/" in mail.outbox[-1].body
    )


@respx.mock
def test_sign_in_with_orcid_keeps_the_orcid_id_on_the_user(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "orcid": {"APPS": [{"client_id": "APP-TEST", "secret": "shh", "key": ""}]}
    }
    start = client.post("/accounts/orcid/login/")
    authorize = urlsplit(start["Location"])
    assert authorize.netloc == "orcid.org" and authorize.path == "/oauth/authorize"
    state = parse_qs(authorize.query)["state"][0]

    token = respx.post("https://pub.orcid.org/oauth/token").mock(
        return_value=httpx.Response(200, json={
            "access_token": "tok", "token_type": "bearer", "refresh_token": "ref",
            "expires_in": 631138518, "scope": "/authenticate", "name": "Ada Lovelace", "orcid": ORCID,
        })
    )  # fmt: skip
    respx.get(f"https://pub.orcid.org/v3.0/{ORCID}/record").mock(
        return_value=httpx.Response(200, json={
            "orcid-identifier": {"uri": f"https://orcid.org/{ORCID}", "path": ORCID, "host": "orcid.org"},
            "person": {"name": {"given-names": {"value": "Ada"}, "family-name": {"value": "Lovelace"}},
                       "emails": {"email": []}},
        })
    )  # fmt: skip
    callback = client.get("/accounts/orcid/login/callback/", {"code": "abc", "state": state})
    assert token.called
    # ORCID rarely shares an email: allauth asks for one, then the usual verification.
    assert callback.status_code == 302 and callback["Location"] == "/accounts/3rdparty/signup/"
    client.post("/accounts/3rdparty/signup/", {"email": "ada@example.org"})
    account = SocialAccount.objects.get(provider="orcid")
    assert account.uid == ORCID and account.user.email == "ada@example.org"
    assert mail.outbox[-1].to == ["ada@example.org"]
