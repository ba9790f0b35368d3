"""Subscribing: the form, double opt-in by email, and answers that never tell who is subscribed."""

import re
import smtplib
from datetime import timedelta

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from digests.models import Subscription
from tests.digests.conftest import html_part, links_in, path_of
from tests.people.conftest import signed_in

pytestmark = pytest.mark.django_db


def same_page(response, email) -> str:
    """The page with the address and the per-request CSRF token taken out."""
    page = response.content.decode().replace(email, "EMAIL")
    page = re.sub(r'"X-CSRFToken": "[^"]+"', "", page)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def confirm_link(message) -> str:
    [url] = [u for u in links_in(message.body) if "/digests/confirm/" in u]
    assert url in html_part(message)
    return path_of(url)


def test_the_form_lists_categories_popular_first_and_offers_followed_only_when_signed_in(
    client, make_user
):
    page = client.get("/digests/").content.decode()
    assert "Get trending papers in your inbox" in page
    assert page.index("<summary>Popular") < page.index("<summary>Computer Science")
    assert page.index('value="cs.LG"') < page.index('value="cs.AR"')
    assert page.count('value="cs.LG"') == 1  # listed once, under Popular
    assert '<summary>Mathematics <span class="muted small">' in page
    assert 'value="daily" checked' in page
    assert "include_followed" not in page

    page = signed_in(client, make_user("ada@example.org")).get("/digests/").content.decode()
    assert 'name="include_followed"' in page and 'value="ada@example.org"' in page


def test_subscribe_confirm_by_email_then_the_subscription_is_active(client, mailoutbox):
    response = client.post(
        "/digests/",
        {"email": " Reader@Example.org ", "frequency": "weekly", "categories": ["cs.LG", "cs.CL"]},
    )
    assert response.status_code == 302 and response["Location"] == "/digests/check-your-inbox/"
    page = client.get(response["Location"]).content.decode()
    assert "We&#x27;ve sent a message to reader@example.org." in page and "Check your inbox" in page
    assert 'name="email" id="resend-email" value="reader@example.org"' in page

    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.frequency) == ("reader@example.org", "weekly")
    assert (
        subscription.categories == ["cs.CL", "cs.LG"]
        and subscription.status == "Waiting for confirmation"
    )
    [message] = mailoutbox
    assert message.to == ["reader@example.org"]
    assert message.subject == "[Peerfolio] Confirm your digest subscription"
    assert "weekly digest of trending arXiv papers (cs.CL, cs.LG)" in message.body
    assert "Confirm subscription" in html_part(message)

    link = confirm_link(message)
    page = client.get(link).content.decode()
    assert "Confirm your subscription" in page and "reader@example.org" in page
    assert not Subscription.objects.get().is_active  # a visit (a mail scanner) confirms nothing

    response = client.post(link)
    assert response.status_code == 302 and response["Location"].startswith("/digests/manage/")
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.status == "Active"
    page = client.get(response["Location"]).content.decode()
    assert "You&#x27;re subscribed." in page and 'value="weekly" checked' in page
    assert 'value="cs.CL" checked' in page and 'value="cs.AI">' in page

    assert client.post(link).status_code == 302  # confirming twice is harmless
    assert Subscription.objects.get().confirmed_at == subscription.confirmed_at


def test_subscribing_a_subscribed_address_says_the_same_and_changes_nothing(
    client, subscriber, mailoutbox
):
    subscriber("taken@example.org", frequency="daily", categories=["cs.LG"])

    fresh = client.post(
        "/digests/", {"email": "new@example.org", "frequency": "daily"}, follow=True
    )
    taken = client.post(
        "/digests/", {"email": "TAKEN@example.org", "frequency": "weekly", "categories": ["hep-th"]},
        follow=True,
    )  # fmt: skip

    assert same_page(fresh, "new@example.org") == same_page(taken, "taken@example.org")
    assert Subscription.objects.count() == 2
    kept = Subscription.objects.get(email="taken@example.org")
    assert (kept.frequency, kept.categories, kept.is_active) == ("daily", ["cs.LG"], True)
    # The owner of the address hears about it, with a link to change things themselves.
    notice = mailoutbox[-1]
    assert notice.to == ["taken@example.org"] and "already" in notice.subject
    assert any("/digests/manage/" in u for u in links_in(notice.body))


def test_asking_again_while_unconfirmed_takes_the_new_choices_and_does_not_flood_the_inbox(
    client, mailoutbox
):
    client.post("/digests/", {"email": "twice@example.org", "frequency": "daily"})
    client.post("/digests/", {"email": "twice@example.org", "frequency": "weekly"})
    assert Subscription.objects.get().frequency == "weekly"
    assert len(mailoutbox) == 1  # a second link within minutes is not sent

    Subscription.objects.update(link_sent_at=timezone.now() - timedelta(minutes=6))
    client.post("/digests/resend/", {"email": "twice@example.org"})
    assert len(mailoutbox) == 2 and "weekly digest" in mailoutbox[1].body


def test_an_unsubscribed_address_can_subscribe_again_through_a_new_confirmation(
    client, subscriber, mailoutbox
):
    gone = subscriber("back@example.org", unsubscribed_at=timezone.now())
    client.post("/digests/", {"email": "back@example.org", "frequency": "weekly"})
    gone.refresh_from_db()
    assert gone.status == "Waiting for confirmation" and gone.frequency == "weekly"
    client.post(confirm_link(mailoutbox[-1]))
    gone.refresh_from_db()
    assert gone.is_active and gone.unsubscribed_at is None


def test_bad_input_re_renders_the_form_with_messages(client):
    response = client.post(
        "/digests/", {"email": "not an address", "frequency": "hourly", "categories": ["xx.YY"]}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid email address." in page
    assert "Select a valid choice. hourly is not one of the available choices." in page
    assert "Select a valid choice. xx.YY is not one of the available choices." in page
    assert 'value="not an address"' in page
    assert not Subscription.objects.exists()


def test_a_signed_in_person_subscribes_their_own_verified_address_at_once(
    client, make_user, mailoutbox
):
    user = make_user("ada@example.org")
    response = signed_in(client, user).post(
        "/digests/", {"email": "ada@example.org", "frequency": "daily", "include_followed": "on"}
    )
    assert response["Location"] == "/me/#digests"
    subscription = Subscription.objects.get()
    assert subscription.is_active and subscription.user == user and subscription.include_followed
    assert mailoutbox == []  # the account already proved the address
    page = client.get("/me/").content.decode()
    assert "You&#x27;re subscribed: digests will go to ada@example.org." in page
    assert "with people you follow" in page


def test_a_signed_in_person_subscribing_another_address_still_needs_its_confirmation(
    client, make_user, mailoutbox
):
    signed_in(client, make_user("ada@example.org")).post(
        "/digests/", {"email": "friend@example.org", "frequency": "daily", "include_followed": "on"}
    )
    subscription = Subscription.objects.get()
    assert not subscription.is_active and subscription.user is None
    assert not subscription.include_followed  # someone else's follows are not theirs to get
    assert mailoutbox[0].to == ["friend@example.org"]


def test_a_mail_server_failure_shows_a_message_and_keeps_nothing(client, monkeypatch):
    def down(self, messages):
        raise smtplib.SMTPConnectError(421, "Service not available")

    monkeypatch.setattr(EmailBackend, "send_messages", down)
    response = client.post("/digests/", {"email": "x@example.org", "frequency": "daily"})
    assert response.status_code == 503
    assert "We could not send the email just now." in response.content.decode()
    assert not Subscription.objects.exists()  # so trying again later starts afresh
