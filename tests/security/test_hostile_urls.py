"""The server errors a hostile crawl of the demo found: each is now a 400 or 404 with a clear page."""

from __future__ import annotations

import pytest
from django.core import signing

from digests.tokens import _SALTS
from ingest.models import ImportRun
from profiles.models import Author

pytestmark = pytest.mark.django_db
NOT_FOUND = "Page not found"
BAD_REQUEST = "This request cannot be answered"


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/papers/week/9999-12-31/", "/papers/week/0001-01-01/", "/papers/month/9999-12/",
     "/papers/month/0001-01/"],
)  # fmt: skip
def test_a_week_or_month_at_the_end_of_the_calendar_is_not_found(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "the calendar ends there" in text(response)


def test_the_weeks_next_to_the_ends_of_the_calendar_still_list(client):
    assert client.get("/papers/week/9999-12-20/").status_code == 200
    assert client.get("/papers/month/0001-02/").status_code == 200


@pytest.mark.parametrize("url", ["/accounts/orcid/login/", "/accounts/orcid/login/callback/"])
def test_orcid_sign_in_is_not_found_until_it_is_configured(client, settings, url):
    settings.SOCIALACCOUNT_PROVIDERS = {"orcid": {"APPS": []}}
    assert client.get(url).status_code == 404
    response = client.post(url)
    assert response.status_code == 404 and NOT_FOUND in text(response)


def test_no_orcid_button_while_orcid_is_not_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"orcid": {"APPS": []}}
    assert "/accounts/orcid/login/" not in text(client.get("/accounts/login/"))
    settings.SOCIALACCOUNT_PROVIDERS = {
        "orcid": {"APPS": [{"client_id": "APP-TEST", "secret": "shh", "key": ""}]}
    }
    page = text(client.get("/accounts/login/"))
    assert "/accounts/orcid/login/" in page and "Orcid.org" in page


@pytest.mark.parametrize(
    "purpose, signer",
    [("manage", signing.Signer), ("confirm", signing.TimestampSigner),
     ("unsubscribe", signing.Signer)],
)  # fmt: skip
def test_a_signed_digest_link_naming_a_unicode_digit_does_not_work(client, purpose, signer):
    # "²".isdigit() is true and int("²") fails: only a correctly signed token reaches that far.
    token = signer(salt=_SALTS[purpose]).sign("²")
    response = client.get(f"/digests/{purpose}/{token}/")
    assert response.status_code == 400 and "This link does not work" in text(response)


def test_admin_author_search_for_a_unicode_digit_finds_nothing(client, world):
    client.force_login(world["superuser"])
    response = client.get("/admin/profiles/author/", {"q": "²"})
    assert response.status_code == 200 and "0 authors" in text(response)


@pytest.mark.parametrize("query", ["survivor=abc&loser={ada}", "survivor={ada}&loser=²", ""])
def test_merging_records_named_by_no_id_is_not_found(client, world, query):
    client.force_login(world["superuser"])
    response = client.get("/admin/profiles/author/merge/?" + query.format(ada=world["ada"].pk))
    assert response.status_code == 404 and NOT_FOUND in text(response)
    assert Author.objects.filter(merged_into__isnull=False).count() == 0


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/admin/ingest/importrun/abc/change/"),
        ("get", "/admin/ingest/importrun/abc/progress/"),
        ("get", "/admin/ingest/importrun/²/change/"),
        ("post", "/admin/ingest/importrun/abc/retry/"),
        ("post", "/admin/ingest/heldrecord/abc/approve/"),
        ("get", "/admin/ingest/heldrecord/abc/change/"),
    ],
)
def test_admin_pages_for_an_id_that_is_no_number_are_not_found(client, world, method, url):
    client.force_login(world["superuser"])
    runs = ImportRun.objects.count()
    response = getattr(client, method)(url, follow=True)
    assert response.status_code == 404 and NOT_FOUND in text(response)
    assert ImportRun.objects.count() == runs


def test_running_a_feed_source_that_is_no_number_gets_the_admins_own_answer(client, world):
    client.force_login(world["superuser"])
    response = client.post("/admin/ingest/feedsource/abc/run/", follow=True)
    # The route takes numbers only; the admin's catch-all says the object does not exist.
    assert response.status_code == 200 and "doesn’t exist" in text(response)
    assert ImportRun.objects.filter(source=world["source"]).count() == 0


@pytest.mark.parametrize(
    "url",
    ["/admin/papers/category/%00/change/", "/researchers/%00/", "/search/?q=%00",
     "/search/?q=%FF%FE", "/papers/daily/?category=a%00b"],
)  # fmt: skip
def test_a_nul_byte_or_bytes_that_are_not_utf8_are_a_bad_request(client, world, url):
    client.force_login(world["superuser"])
    response = client.get(url)
    assert response.status_code == 400 and BAD_REQUEST in text(response)


def test_a_form_value_with_a_nul_byte_is_a_bad_request_and_changes_nothing(client, world):
    client.force_login(world["owner"])
    response = client.post(f"/researchers/{world['ada'].slug}/edit/", {"headline": "Hi\x00"})
    assert response.status_code == 400 and BAD_REQUEST in text(response)
    assert Author.objects.get(pk=world["ada"].pk).headline == ""


@pytest.mark.parametrize(
    "url",
    ["/", "/papers/daily/", "/papers/trending/", "/papers/2601.00001/", "/researchers/",
     "/search/?q=sparse", "/graph/", "/digests/", "/papers/week/2026-01-05/"],
)  # fmt: skip
def test_head_answers_like_get_without_the_body(client, world, url):
    got = client.get(url, follow=True)
    head = client.head(url, follow=True)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]


def test_head_on_a_digest_link_changes_nothing(client, world):
    from digests.models import Subscription
    from digests.tokens import make_token

    subscription = Subscription.objects.create(email="reader@example.org")
    assert (
        client.head(f"/digests/confirm/{make_token('confirm', subscription)}/").status_code == 200
    )
    client.head(f"/digests/unsubscribe/{make_token('unsubscribe', subscription)}/")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None and subscription.unsubscribed_at is None
