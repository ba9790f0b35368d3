"""Sending digests: what each holds, once per subscriber and period, and what a failure leaves."""

import smtplib
import threading
from datetime import date, timedelta

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.db import connections

from digests.models import Delivery
from digests.periods import parse_period, period_key
from digests.sending import deliver
from digests.tasks import send_digest, send_digests
from profiles.follows import follow
from profiles.models import Author
from tests.digests.conftest import (
    ANNOUNCED,
    SEND_DAY,
    free_port,
    grace,
    html_part,
    links_in,
    path_of,
)
from tests.people.conftest import signed_in

pytestmark = pytest.mark.django_db


def run(frequency="daily", day=SEND_DAY):
    return send_digests.apply(args=[frequency], kwargs={"day": day.isoformat()}).get()


def test_period_keys_name_the_day_or_the_iso_week_and_cover_the_announce_days_before_it():
    assert period_key("daily", date(2026, 11, 26)) == "daily:2026-11-26"
    assert period_key("weekly", date(2026, 11, 23)) == "weekly:2026-W48"
    assert period_key("weekly", date(2026, 11, 29)) == "weekly:2026-W48"  # Sunday, same week
    assert period_key("weekly", date(2027, 1, 1)) == "weekly:2026-W53"  # ISO year, not calendar

    daily = parse_period("daily:2026-11-26")
    assert (daily.first, daily.last, daily.label) == (ANNOUNCED, ANNOUNCED, "Wed, Nov 25")
    weekly = parse_period("weekly:2026-W48")
    assert (weekly.first, weekly.last) == (date(2026, 11, 16), date(2026, 11, 22))
    assert weekly.label == "Nov 16 – Nov 22"
    for bad in ("daily:2026-13-01", "weekly:2026-W54", "monthly:2026-11", "daily:"):
        with pytest.raises(ValueError):
            parse_period(bad)


def test_the_daily_digest_sends_yesterdays_top_papers_once_and_a_rerun_sends_nothing(
    announce, subscriber, eager, mailoutbox
):
    low = announce(ANNOUNCED, votes=2, title="Low votes")
    top = announce(ANNOUNCED, votes=40, title="Most upvoted")
    announce(ANNOUNCED - timedelta(days=1), votes=99, title="The day before")
    announce(SEND_DAY, votes=99, title="Announced today")
    subscription = subscriber()

    assert run() == 1
    [message] = mailoutbox
    assert message.to == ["reader@example.org"]
    assert message.subject == "[Peerfolio] Daily digest: 2 papers · Wed, Nov 25"
    body = message.body
    assert body.index("1. Most upvoted") < body.index("2. Low votes")
    assert "The day before" not in body and "Announced today" not in body
    assert f"http://127.0.0.1:8000/papers/{top.arxiv_id}/" in body
    assert "cs.LG · 40 upvotes · 3 authors" in body
    assert "Jürgen Müller, Ada Lovelace, Chen Li" in body
    html = html_part(message)
    assert f'href="http://127.0.0.1:8000/papers/{low.arxiv_id}/"' in html
    assert html.index("Most upvoted") < html.index("Low votes")
    assert "3 authors" in html and "&#9650;&nbsp;40</span> upvotes" in html

    delivery = Delivery.objects.get()
    assert (delivery.subscription, delivery.period_key) == (subscription, "daily:2026-11-26")
    assert (delivery.status, delivery.papers_count, delivery.attempts) == ("sent", 2, 1)

    assert run() == 0  # the beat fired twice: nobody is queued again
    assert send_digest.apply(args=[subscription.pk, "daily:2026-11-26"]).get() == "handled"
    assert len(mailoutbox) == 1 and Delivery.objects.count() == 1


def test_the_weekly_digest_covers_the_seven_days_before_its_monday(
    announce, subscriber, eager, mailoutbox
):
    monday = date(2026, 11, 23)
    announce(monday - timedelta(days=7), votes=5, title="First day of last week")
    announce(monday - timedelta(days=1), votes=9, title="Last day of last week")
    announce(monday - timedelta(days=8), votes=50, title="Two weeks ago")
    announce(monday, votes=50, title="This Monday")
    subscriber(frequency="weekly")
    subscriber("daily@example.org")

    assert run("weekly", monday) == 1
    [message] = mailoutbox
    assert message.subject == "[Peerfolio] Weekly digest: 2 papers · Nov 16 – Nov 22"
    assert message.to == ["reader@example.org"]
    assert message.body.index("Last day of last week") < message.body.index("First day")
    assert "Two weeks ago" not in message.body and "This Monday" not in message.body
    assert Delivery.objects.get().period_key == "weekly:2026-W48"
    assert run("weekly", monday + timedelta(days=3)) == 0  # any day of that week is the same period


def test_categories_filter_the_papers_and_no_categories_means_all(
    announce, subscriber, eager, mailoutbox
):
    announce(ANNOUNCED, votes=3, title="A learning paper")  # cs.LG, stat.ML
    announce(ANNOUNCED, votes=1, title="A statistics paper", primary_category="math.ST",
             categories=["math.ST", "stat.TH"])  # fmt: skip
    subscriber("stats@example.org", categories=["math.ST"])
    subscriber("ml@example.org", categories=["stat.ML", "cs.CV"])  # cross-lists count
    subscriber("all@example.org")

    assert run() == 3
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert "A statistics paper" in bodies["stats@example.org"]
    assert "A learning paper" not in bodies["stats@example.org"]
    assert "A learning paper" in bodies["ml@example.org"]
    assert "A statistics paper" not in bodies["ml@example.org"]
    assert "A learning paper" in bodies["all@example.org"]
    assert "A statistics paper" in bodies["all@example.org"]
    assert "in math.ST." in bodies["stats@example.org"]
    assert "in every category." in bodies["all@example.org"]


def test_new_works_by_followed_researchers_get_their_own_section(
    announce, subscriber, make_user, eager, mailoutbox
):
    announce(ANNOUNCED, votes=7, title="Trending in vision", primary_category="cs.CV",
             categories=["cs.CV"], **grace())  # fmt: skip
    announce(ANNOUNCED, votes=0, title="Ada's new statistics paper", primary_category="math.ST",
             categories=["math.ST"])  # fmt: skip
    announce(ANNOUNCED, title="Ada's new version", announce_type="replace")
    announce(ANNOUNCED - timedelta(days=2), title="Ada's older paper")
    user = make_user("ada-fan@example.org")
    follow(user, Author.objects.get(display_name="Ada Lovelace"))
    subscriber("ada-fan@example.org", user=user, categories=["cs.CV"], include_followed=True)
    subscriber("not-asked@example.org", user=make_user(), categories=["cs.CV"])

    assert run() == 2
    messages = {m.to[0]: m for m in mailoutbox}
    fan = messages["ada-fan@example.org"].body
    assert fan.index("Trending in vision") < fan.index("New from researchers you follow")
    assert fan.index("New from researchers you follow") < fan.index("Ada's new statistics paper")
    assert "Ada's new version" not in fan and "Ada's older paper" not in fan
    assert "New from researchers you follow" in html_part(messages["ada-fan@example.org"])
    assert "New from researchers you follow" not in messages["not-asked@example.org"].body
    assert "Ada's new statistics paper" not in messages["not-asked@example.org"].body


def test_a_period_with_nothing_to_send_sends_nothing_but_counts_as_handled(
    announce, subscriber, eager, mailoutbox
):
    announce(ANNOUNCED, votes=3, primary_category="math.ST", categories=["math.ST"])
    subscriber(categories=["cs.CV"])

    assert run() == 1
    assert mailoutbox == []
    assert Delivery.objects.get().status == "empty"
    assert run() == 0


def test_only_confirmed_still_subscribed_addresses_of_that_frequency_get_the_digest(
    announce, subscriber, eager, mailoutbox
):
    announce(ANNOUNCED, votes=1)
    subscriber("active@example.org")
    subscriber("pending@example.org", confirmed_at=None)
    gone = subscriber("gone@example.org")
    gone.unsubscribed_at = gone.confirmed_at
    gone.save()
    subscriber("weekly@example.org", frequency="weekly")

    assert run() == 1
    assert [m.to for m in mailoutbox] == [["active@example.org"]]
    # A task queued before an unsubscribe sends nothing when it runs.
    assert deliver(gone.pk, "daily:2026-11-26") == "inactive"


def test_digests_carry_one_click_unsubscribe_headers_that_work(
    announce, subscriber, eager, mailoutbox, client
):
    announce(ANNOUNCED, votes=1)
    subscription = subscriber()
    run()
    [message] = mailoutbox

    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://127.0.0.1:8000/digests/unsubscribe/") and header.endswith(">")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = header[1:-1]
    assert unsubscribe_url in message.body and unsubscribe_url in html_part(message)
    manage = [u for u in links_in(message.body) if "/digests/manage/" in u]
    assert manage and client.get(path_of(manage[0])).status_code == 200

    response = client.post(
        path_of(unsubscribe_url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None and not subscription.is_active


def test_a_failed_send_is_retried_later_and_still_sent_only_once(
    announce, subscriber, monkeypatch, mailoutbox
):
    announce(ANNOUNCED, votes=1)
    subscription = subscriber()
    real_send = EmailBackend.send_messages
    failures = iter([smtplib.SMTPServerDisconnected("Connection unexpectedly closed")])

    def flaky(self, messages):
        for exc in failures:
            raise exc
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)

    with pytest.raises(smtplib.SMTPServerDisconnected):
        deliver(subscription.pk, "daily:2026-11-26")
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and "Connection unexpectedly closed" in delivery.error
    assert mailoutbox == []

    assert deliver(subscription.pk, "daily:2026-11-26") == "sent"  # the retry
    assert deliver(subscription.pk, "daily:2026-11-26") == "handled"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == ("sent", 2, "")
    assert len(mailoutbox) == 1


def test_the_task_retries_connection_errors_with_backoff_and_gives_up_without_sending(
    announce, subscriber, settings, mailoutbox
):
    announce(ANNOUNCED, votes=1)
    subscription = subscriber()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # refuses connections
    settings.EMAIL_TIMEOUT = 2

    result = send_digest.apply(args=[subscription.pk, "daily:2026-11-26"])

    assert result.failed() and isinstance(result.result, OSError)
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.attempts == send_digest.max_retries + 1  # eager retries run at once
    assert send_digest.autoretry_for == (smtplib.SMTPException, OSError)
    assert send_digest.retry_backoff and send_digest.acks_late


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workers_racing_for_the_same_digest_send_it_once(announce, subscriber, mailoutbox):
    """Eight workers got the same task (a re-run beat, a redelivery) and start together."""
    announce(ANNOUNCED, votes=1)
    subscription = subscriber()
    barrier, outcomes = threading.Barrier(8), []

    def work():
        try:
            barrier.wait()
            outcomes.append(deliver(subscription.pk, "daily:2026-11-26"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["handled"] * 7 + ["sent"]
    assert len(mailoutbox) == 1
    assert Delivery.objects.get().attempts == 1


def test_a_send_interrupted_mid_way_is_never_repeated(announce, subscriber, mailoutbox):
    announce(ANNOUNCED, votes=1)
    subscription = subscriber()
    # A worker claimed the row and died before recording the outcome: the message may be out.
    Delivery.objects.create(
        subscription=subscription, period_key="daily:2026-11-26", status="sending", attempts=1
    )
    assert deliver(subscription.pk, "daily:2026-11-26") == "handled"
    assert send_digests.apply(args=["daily"], kwargs={"day": "2026-11-26"}).get() == 0
    assert mailoutbox == []


def test_signed_in_people_see_their_digests_on_me_in_one_query(
    client, subscriber, make_user, django_assert_max_num_queries
):
    user = make_user("me@example.org")
    signed_in(client, user)
    page = client.get("/me/").content.decode()
    assert "Email digests" in page and 'href="/digests/"' in page

    subscriber("me@example.org", categories=["cs.LG", "stat.ML"])
    with django_assert_max_num_queries(30) as one:
        page = client.get("/me/").content.decode()
    assert "cs.LG, stat.ML" in page and "Change or unsubscribe" in page
    assert 'href="/digests/manage/' in page
    digest_queries = [q for q in one.captured_queries if "digests_subscription" in q["sql"]]
    assert len(digest_queries) == 1

    subscriber("me+weekly@example.org", user=user, frequency="weekly", confirmed_at=None)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/me/").content.decode()
    assert "Waiting for confirmation" in page and "Weekly" in page
