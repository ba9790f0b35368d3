"""Signed links: confirm (expires), manage and unsubscribe (never expire), all without signing in."""

import time
from types import SimpleNamespace

import pytest
from django.core import signing
from django.test import Client

from digests.models import Subscription
from digests.tokens import CONFIRM_MAX_AGE, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """Moves django.core.signing's clock (only its clock) forward by some seconds."""

    def move(seconds):
        now = time.time() + seconds
        monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: now))

    return move


@pytest.fixture
def pending(db):
    return Subscription.objects.create(email="new@example.org", frequency="weekly")


def test_a_confirm_link_works_for_three_days_then_offers_a_new_one(client, pending, clock):
    link = f"/digests/confirm/{make_token('confirm', pending)}/"

    clock(CONFIRM_MAX_AGE.total_seconds() - 60)
    assert "Confirm your subscription" in client.get(link).content.decode()

    clock(CONFIRM_MAX_AGE.total_seconds() + 60)
    for response in (client.get(link), client.post(link)):
        page = response.content.decode()
        assert response.status_code == 400
        assert "This link has expired" in page and "Confirmation links work for 3 days" in page
        assert 'value="new@example.org"' in page and 'action="/digests/resend/"' in page
    pending.refresh_from_db()
    assert not pending.is_active


def test_the_resend_form_mails_a_fresh_confirmation(client, pending, mailoutbox):
    response = client.post("/digests/resend/", {"email": "new@example.org"})
    assert response["Location"] == "/digests/check-your-inbox/"
    [message] = mailoutbox
    assert message.to == ["new@example.org"] and "/digests/confirm/" in message.body


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # edited signature
        lambda t: signing.Signer(salt="someone-else").sign(t.split(":")[0]),
        lambda t: "not-a-token",
        lambda t: t[: len(t) // 2],  # cut off by a mail client
    ],
    ids=["edited", "other-salt", "garbage", "truncated"],
)
def test_a_tampered_link_gets_a_clear_page_not_an_error(client, pending, mangle):
    token = mangle(make_token("confirm", pending))
    for url in (f"/digests/confirm/{token}/", f"/digests/manage/{token}/",
                f"/digests/unsubscribe/{token}/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
        assert client.post(url).status_code == 400
    pending.refresh_from_db()
    assert pending.confirmed_at is None and pending.unsubscribed_at is None


def test_a_link_is_good_only_for_its_purpose_and_never_shows_the_address(client, subscriber):
    active = subscriber("a@example.org")
    manage = make_token("manage", active)
    assert manage.split(":")[0] == str(active.pk) and len(manage.split(":")) == 2  # id:signature
    assert client.post(f"/digests/unsubscribe/{manage}/").status_code == 400
    assert client.get(f"/digests/confirm/{make_token('unsubscribe', active)}/").status_code == 400
    assert client.get(f"/digests/manage/{make_token('confirm', active)}/").status_code == 400
    active.refresh_from_db()
    assert active.is_active
    Subscription.objects.all().delete()
    assert client.get(f"/digests/manage/{manage}/").status_code == 400  # a deleted row


def test_unsubscribe_asks_on_get_and_unsubscribes_on_post_without_signing_in(subscriber, clock):
    subscription = subscriber("a@example.org", frequency="weekly")
    link = f"/digests/unsubscribe/{make_token('unsubscribe', subscription)}/"
    clock(3 * 365 * 24 * 3600)  # an old digest's link still works
    client = Client(enforce_csrf_checks=True)

    page = client.get(link).content.decode()
    assert "Unsubscribe from the digest?" in page and "stop getting the weekly digest" in page
    subscription.refresh_from_db()
    assert subscription.is_active  # looking is not unsubscribing

    response = client.post(link)
    assert response.status_code == 302 and response["Location"].startswith("/digests/manage/")
    subscription.refresh_from_db()
    assert not subscription.is_active and subscription.status == "Unsubscribed"
    page = client.get(response["Location"]).content.decode()
    assert "a@example.org is unsubscribed. No more digests." in page
    assert "Subscribe again" in page

    Client().post(response["Location"], {"resubscribe": "1"})  # a page form, with its CSRF check
    subscription.refresh_from_db()
    assert subscription.is_active


def test_one_click_unsubscribe_from_a_mail_provider(subscriber):
    subscription = subscriber()
    link = f"/digests/unsubscribe/{make_token('unsubscribe', subscription)}/"
    # RFC 8058: a POST with this exact body, no cookies, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and "You're unsubscribed" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    again = Client().post(link, "List-Unsubscribe=One-Click",
                          content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert again.status_code == 200
    assert Subscription.objects.get().unsubscribed_at == subscription.unsubscribed_at


def test_the_manage_link_changes_choices_without_signing_in(client, subscriber, make_user):
    subscription = subscriber("a@example.org")
    link = f"/digests/manage/{make_token('manage', subscription)}/"
    page = client.get(link).content.decode()
    assert "Your digest" in page and "a@example.org" in page and 'value="daily" checked' in page
    assert "include_followed" not in page  # no account, nobody followed

    response = client.post(link, {"frequency": "weekly", "categories": ["cs.CV", "cs.AI"]})
    assert response.status_code == 302 and response["Location"] == link
    subscription.refresh_from_db()
    assert (subscription.frequency, subscription.categories) == ("weekly", ["cs.AI", "cs.CV"])
    assert "Your digest settings are saved." in client.get(link).content.decode()

    bad = client.post(link, {"frequency": "yearly"})
    assert bad.status_code == 400 and "Select a valid choice." in bad.content.decode()
    subscription.refresh_from_db()
    assert subscription.frequency == "weekly"


def test_the_manage_page_offers_followed_researchers_for_an_account_subscription(
    client, subscriber, make_user
):
    subscription = subscriber("ada@example.org", user=make_user("ada@example.org"))
    link = f"/digests/manage/{make_token('manage', subscription)}/"
    assert 'name="include_followed"' in client.get(link).content.decode()
    client.post(link, {"frequency": "daily", "include_followed": "on"})
    subscription.refresh_from_db()
    assert subscription.include_followed
