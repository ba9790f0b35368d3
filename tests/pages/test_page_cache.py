"""Pages kept for anonymous visitors (core.pagecache): shared, never stale, never personal."""

import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from core import pagecache
from papers.models import Paper
from profiles.models import Author
from tests.feedgen import api_feed, make_record

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


@pytest.fixture
def ada_paper(ingest):
    assert ingest(api_feed([make_record(7)])).status == "succeeded"
    return Paper.objects.get(arxiv_id="2601.00007"), Author.objects.get(display_name="Ada Lovelace")


def _token(response) -> str:
    (token,) = set(TOKEN.findall(response.content.decode()))
    return token


def test_a_second_visitor_gets_the_kept_page_with_a_csrf_token_of_their_own(
    ada_paper, django_assert_num_queries
):
    paper, ada = ada_paper
    for url in (paper.get_absolute_url(), ada.get_absolute_url(), "/papers/daily/"):
        first = Client().get(url)
        second_client = Client()
        with django_assert_num_queries(0):  # served from the cache: no database at all
            second = second_client.get(url)

        assert first.status_code == second.status_code == 200
        assert first["ETag"] == second["ETag"]
        for response in (first, second):
            body = response.content.decode()
            assert pagecache.CSRF_PLACEHOLDER not in body
            assert pagecache.NONCE_PLACEHOLDER not in body
        # Each visitor's token belongs to the cookie they were sent, never the other's.
        first_secret = first.cookies["csrftoken"].value
        second_secret = second.cookies["csrftoken"].value
        assert first_secret != second_secret
        assert _unmask_cipher_token(_token(first)) == first_secret
        assert _unmask_cipher_token(_token(second)) == second_secret


def test_a_signed_in_page_is_never_kept_nor_answered_from_the_cache(ada_paper, make_user):
    _, ada = ada_paper
    owner = make_user("ada@example.org")
    Author.objects.filter(pk=ada.pk).update(claimed_by=owner)
    signed_in = Client()
    signed_in.force_login(owner)

    anonymous_first = Client().get(ada.get_absolute_url()).content.decode()
    own = signed_in.get(ada.get_absolute_url()).content.decode()
    anonymous_after = Client().get(ada.get_absolute_url()).content.decode()

    assert "This is your record." in own and "Sign out" in own
    for page in (anonymous_first, anonymous_after):
        assert "This is your record." not in page and "Sign out" not in page
        assert "Log in" in page or "Sign in" in page
    assert _token_or_none(anonymous_after) != _token_or_none(own)
    signed_in_token = _unmask_cipher_token(_token_or_none(own))
    assert signed_in_token not in (_unmask_cipher_token(t) for t in TOKEN.findall(anonymous_after))


def _token_or_none(body: str):
    found = TOKEN.findall(body)
    return found[0] if found else None


def test_an_import_that_changes_a_title_shows_at_once_on_the_paper_and_the_profile(
    client, ingest, ada_paper
):
    paper, ada = ada_paper
    assert "Part 7" in client.get(paper.get_absolute_url()).content.decode()
    assert "Part 7" in client.get(ada.get_absolute_url()).content.decode()
    assert "Part 7" in Client().get(ada.get_absolute_url()).content.decode()  # now kept

    newer = make_record(
        7, version=2, title="Sparse Attention for $k$-Graphs, Revised",
        updated=datetime(2026, 2, 1, tzinfo=UTC),
    )  # fmt: skip
    assert ingest(api_feed([newer])).status == "succeeded"

    for url in (paper.get_absolute_url(), ada.get_absolute_url()):
        page = Client().get(url).content.decode()
        assert "Revised" in page and "Part 7" not in page
        assert "<math" in page  # the stored HTML, with its MathML


def test_a_repeat_visit_gets_a_304_until_the_page_changes(ada_paper):
    paper, _ = ada_paper
    url = paper.get_absolute_url()
    visitor = Client()
    first = visitor.get(url)
    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]

    again = visitor.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert "Content-Security-Policy" not in again  # the visitor's copy keeps its own nonce

    paper.title = "A Changed Title"
    paper.save()
    changed = visitor.get(url, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "A Changed Title" in changed.content.decode()


def test_every_write_of_content_replaces_the_version_now_and_at_commit(ada_paper):
    paper, _ = ada_paper
    before = pagecache.current_version()
    Paper.objects.filter(pk=paper.pk).update(title="Changed")
    assert pagecache.current_version() != before
    # And once more when the transaction commits (registered once per transaction).
    at_commit = [entry[1] for entry in connection.run_on_commit]
    assert at_commit.count(pagecache.bump) == 1
    # Reads and other tables do not.
    after = pagecache.current_version()
    list(Paper.objects.select_for_update().filter(pk=paper.pk))
    cache.set("unrelated", 1)
    assert pagecache.current_version() == after


@pytest.mark.parametrize(
    "sql, writes",
    [
        ('UPDATE "papers_paper" SET "upvotes_count" = 1', True),
        ("INSERT INTO papers_authorship (paper_id) SELECT 1", True),
        ('DELETE FROM "profiles_follow" WHERE id = 1', True),
        ("WITH d AS (DELETE FROM graph_coauthoredge RETURNING 1) SELECT 1", True),
        ('UPDATE "auth_user" SET "first_name" = \'x\'', True),
        ('SELECT 1 FROM "papers_paper" FOR UPDATE', False),
        ("WITH recent AS (SELECT id FROM papers_paper) SELECT 1 -- UPDATE papers_paper", False),
        ('UPDATE "django_session" SET "expire_date" = now()', False),
        ("INSERT INTO ingest_importrecord (run_id) VALUES (1)", False),
    ],
)
def test_which_statements_move_the_version(sql, writes):
    assert pagecache.writes_content(sql) is writes


def test_pages_still_answer_with_the_cache_down(ada_paper, settings):
    paper, ada = ada_paper
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    for url in (paper.get_absolute_url(), ada.get_absolute_url()):
        response = Client().get(url)
        assert response.status_code == 200
        assert pagecache.CSRF_PLACEHOLDER not in response.content.decode()
        assert "ETag" not in response


def test_each_stored_batch_moves_the_version_not_only_the_end_of_its_run(
    django_capture_on_commit_callbacks,
):
    from ingest.models import ImportRun, SourceKind
    from ingest.store import store_batch

    run = ImportRun.objects.create(kind=SourceKind.FILE, status=ImportRun.Status.RUNNING)
    before = pagecache.current_version()

    # Papers and bylines go in by COPY, which the statement watch cannot see.
    with django_capture_on_commit_callbacks(execute=True):
        store_batch([make_record(7)], run)

    assert pagecache.current_version() != before
