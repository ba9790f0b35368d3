"""Curators see sources, runs and records in the admin; everyone else is sent to sign in."""

import pytest
from django.contrib.auth import get_user_model

from ingest.models import FeedSource, SourceKind
from tests.feedgen import api_feed, make_record

pytestmark = pytest.mark.django_db
PAGES = [
    "/admin/ingest/feedsource/",
    "/admin/ingest/importrun/",
    "/admin/ingest/importrecord/",
    "/admin/papers/paper/",
    "/admin/profiles/author/",
    "/admin/graph/coauthoredge/",
]


def test_staff_can_open_every_ingest_list(admin_client, ingest):
    ingest(api_feed([make_record(1)]))
    for page in PAGES:
        assert admin_client.get(page).status_code == 200, page


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_and_non_staff_are_sent_to_sign_in(client, page):
    assert client.get(page).status_code == 302
    get_user_model().objects.create_user("reader", password="x" * 12)
    client.login(username="reader", password="x" * 12)
    assert client.get(page).status_code == 302


def test_run_now_queues_enabled_sources_after_commit(
    admin_client, monkeypatch, django_capture_on_commit_callbacks
):
    from ingest import tasks

    queued = []
    monkeypatch.setattr(
        tasks.run_feed_source, "apply_async", lambda args, **_: queued.append(args[0])
    )
    on = FeedSource.objects.create(name="on", kind=SourceKind.API, query="cat:cs.LG")
    off = FeedSource.objects.create(
        name="off", kind=SourceKind.API, query="cat:cs.AI", enabled=False
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/ingest/feedsource/", {"action": "run_now", "_selected_action": [on.pk, off.pk]}
        )

    assert response.status_code == 302
    assert queued == [on.pk]
