"""Operations: the digest schedules are beat rows from the one registry; the admin shows who gets what."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from config.celery import app
from digests.models import Delivery

pytestmark = pytest.mark.django_db


def test_daily_and_weekly_digests_are_scheduled_at_six_utc():
    names = ["Send daily digests", "Send weekly digests"]
    PeriodicTask.objects.filter(
        name__in=names
    ).delete()  # a transactional test may have flushed them

    call_command("sync_schedules", stdout=StringIO())
    call_command("sync_schedules", stdout=StringIO())  # syncing again is harmless

    daily, weekly = (PeriodicTask.objects.get(name=name) for name in names)
    for row in (daily, weekly):
        assert row.task == "digests.tasks.send_digests" and row.task in app.tasks
        assert row.enabled and row.interval is None
        assert (row.crontab.minute, row.crontab.hour, str(row.crontab.timezone)) == (
            "0",
            "6",
            "UTC",
        )
    assert json.loads(daily.kwargs) == {"frequency": "daily"}
    assert json.loads(weekly.kwargs) == {"frequency": "weekly"}
    assert daily.crontab.day_of_week == "*" and weekly.crontab.day_of_week == "1"  # Monday
    assert PeriodicTask.objects.filter(task="digests.tasks.send_digests").count() == 2


def test_curators_see_subscriptions_and_deliveries_in_the_admin(client, subscriber, make_user):
    subscription = subscriber("reader@example.org", categories=["cs.LG"])
    Delivery.objects.create(subscription=subscription, period_key="daily:2026-11-26", status="sent")
    client.force_login(make_user(staff=True))

    page = client.get("/admin/digests/subscription/").content.decode()
    assert "reader@example.org" in page and "cs.LG" in page and "Active" in page
    page = client.get("/admin/digests/delivery/?status=sent").content.decode()
    assert "daily:2026-11-26" in page
    assert client.get(f"/admin/digests/subscription/{subscription.pk}/change/").status_code == 200
