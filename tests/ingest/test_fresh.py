"""Fresh by default: a polled RSS listing leaves every page right when its run succeeds.

arXiv is mocked at the network edge only (respx), with responses in arXiv's real
formats (tests.feedgen); everything else is the real pipeline, database and pages.
"""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import httpx
import pytest
import respx
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from graph.models import CoauthorEdge
from ingest.models import FeedSource, ImportRun, SourceKind
from ingest.pipeline import run_source
from ingest.polling import in_announcement_window, poll_due
from ingest.tasks import run_feed_source
from papers.models import Paper
from profiles.models import Author, Follow
from tests.feedgen import api_feed, make_record, rss_feed

pytestmark = pytest.mark.django_db
API = "https://export.arxiv.org/api/query"
RSS = "https://rss.arxiv.org/rss/cs.LG"
LISTING_DAY = date(2026, 1, 6)  # a Tuesday: announced Monday 5 January, 20:00 US Eastern


@pytest.fixture(autouse=True)
def fast_polite_client(settings, redis_client):
    settings.ARXIV_MIN_INTERVAL = 0
    settings.ARXIV_MAX_RETRIES = 0


def _source(**extra):
    return FeedSource.objects.create(name="ML", kind=SourceKind.RSS, query="cs.LG", **extra)


def _history(authors_of_paper, n=8):
    """Older papers by the same people (so the new paper is their newest), imported via the API."""
    return [
        make_record(
            n + i,
            published=datetime(2025, 3, 1, 12, tzinfo=UTC) + timedelta(days=i),
            authors=authors_of_paper,
            title=f"Older work number {i} on kernels",
            abstract=f"Kernel methods {i} for spectral clustering of large graphs.",
        )
        for i in range(n)
    ]


def test_a_feed_source_built_in_code_without_a_cron_passes_full_clean():
    source = FeedSource(name="ML", kind=SourceKind.RSS, query="cs.LG", interval_minutes=15)
    source.full_clean(exclude=["periodic_task"])  # raised AttributeError on DatabaseDefault
    source.save()
    assert FeedSource.objects.get().cron == ""
    with pytest.raises(ValidationError, match="not both"):
        FeedSource(
            name="x", kind="rss", query="cs.AI", interval_minutes=5, cron="0 * * * *"
        ).full_clean(exclude=["periodic_task"])


def test_arxiv_endpoints_come_from_the_environment(monkeypatch):
    import subprocess
    import sys

    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
        "django.setup(); from django.conf import settings as s;"
        "print(s.ARXIV_API_URL, s.ARXIV_RSS_URL, s.ARXIV_OAI_URL, s.ARXIV_OFFLINE)"
    )
    env = {
        **__import__("os").environ,
        "ARXIV_API_URL": "http://127.0.0.1:9/api",
        "ARXIV_RSS_URL": "http://127.0.0.1:9/rss/",
        "ARXIV_OAI_URL": "http://127.0.0.1:9/oai",
        "ARXIV_OFFLINE": "1",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.split() == [
        "http://127.0.0.1:9/api",
        "http://127.0.0.1:9/rss/",
        "http://127.0.0.1:9/oai",
        "True",
    ], out.stderr


@respx.mock
def test_an_rss_paper_is_dated_at_once_first_on_profiles_then_filled_in_from_the_api(client):
    people = make_record(0).authors
    history = _history(people)
    respx.get(url__startswith=API).mock(return_value=httpx.Response(200, content=api_feed(history)))
    run_source(FeedSource.objects.create(name="h", kind=SourceKind.API, query="cat:cs.LG"))
    respx.reset()

    new = make_record(
        900,
        authors=people,
        announced_on=LISTING_DAY,
        title="Fresh Results on Sparse Transformers",
        comment="9 pages; accepted at ICML",
        doi="10.1000/fresh.1",
        journal_ref="Proc. ICML 2026",
    )
    respx.get(RSS).mock(return_value=httpx.Response(200, content=rss_feed([new])))
    api = respx.get(url__startswith=API).mock(
        return_value=httpx.Response(500)  # the API is down for this poll
    )

    run = run_source(_source())

    assert run.status == "succeeded" and run.created == 1
    assert "v1 dates failed" in run.error and "\n" not in run.error
    paper = Paper.objects.get(arxiv_id=new.arxiv_id)
    assert paper.dated_by_announcement
    assert paper.published == datetime(2026, 1, 5, 20, 0, tzinfo=UTC) + timedelta(hours=5)
    assert paper.novelty is not None  # derived data done when the run says succeeded
    author = Author.objects.get(authorships__paper=paper, authorships__position=0)
    assert author.works_count == len(history) + 1
    assert author.novelty is not None and author.ai_score == 100.0
    edge = CoauthorEdge.objects.get(author_a__in=[author], author_b__display_name="Chen Li")
    assert (edge.paper_count, edge.last_year) == (len(history) + 1, 2026)  # dated by announcement
    page = client.get(author.get_absolute_url()).content.decode()
    works = page.split('id="published-work"', 1)[1]
    assert works.index(new.title) < works.index("Older work number 7")
    assert "Announced Jan 6" in works
    api_works = client.get(reverse("api:researcher_works", args=[author.slug])).json()
    assert api_works["items"][0]["arxiv_id"] == new.arxiv_id
    assert api_works["items"][0]["published_is_announcement"] is True

    # The next poll: the listing is unchanged (304), and the API answers with v1 date etc.
    respx.get(RSS).mock(return_value=httpx.Response(304))
    api.mock(return_value=httpx.Response(200, content=api_feed([new])))
    second = run_source(FeedSource.objects.get(kind="rss"))

    assert second.status == "succeeded"
    assert api.calls.last.request.url.params["id_list"] == new.arxiv_id
    paper.refresh_from_db()
    assert not paper.dated_by_announcement and paper.published == new.published
    assert (paper.comment, paper.doi, paper.journal_ref) == (
        new.comment,
        new.doi,
        new.journal_ref,
    )
    assert paper.novelty is not None
    assert paper.versions.get(version=1).submitted_at == new.published
    page = client.get(author.get_absolute_url()).content.decode()
    assert "Announced Jan 6" not in page.split('id="published-work"', 1)[1]


@respx.mock
def test_missing_metadata_is_asked_for_in_batched_id_list_requests(settings):
    from ingest import fill_in

    records = [make_record(n, announced_on=LISTING_DAY) for n in range(1, 6)]
    respx.get(RSS).mock(return_value=httpx.Response(200, content=rss_feed(records)))

    def answer(request):
        ids = request.url.params["id_list"].split(",")
        return httpx.Response(200, content=api_feed([r for r in records if r.arxiv_id in ids]))

    api = respx.get(url__startswith=API).mock(side_effect=answer)
    original = fill_in.ID_LIST_BATCH
    fill_in.ID_LIST_BATCH = 2
    try:
        run = run_source(_source())
    finally:
        fill_in.ID_LIST_BATCH = original

    assert run.status == "succeeded" and run.error == ""
    assert [len(c.request.url.params["id_list"].split(",")) for c in api.calls] == [2, 2, 1]
    assert not Paper.objects.filter(dated_by_announcement=True).exists()
    assert not Paper.objects.filter(novelty__isnull=True).exists()


@respx.mock
def test_followers_see_the_new_paper_on_me_and_in_the_atom_feed_at_once(client, make_user):
    people = make_record(0).authors
    respx.get(url__startswith=API).mock(
        return_value=httpx.Response(200, content=api_feed(_history(people)))
    )
    run_source(FeedSource.objects.create(name="h", kind=SourceKind.API, query="cat:cs.LG"))
    author = Author.objects.get(display_name="Ada Lovelace")
    user = make_user()
    Follow.objects.create(user=user, author=author)
    respx.reset()

    new = make_record(901, authors=people, announced_on=LISTING_DAY, title="A Brand New Result")
    respx.get(RSS).mock(return_value=httpx.Response(200, content=rss_feed([new])))
    respx.get(url__startswith=API).mock(return_value=httpx.Response(200, content=api_feed([new])))
    run_source(_source())

    client.force_login(user)
    me = client.get(reverse("me")).content.decode()
    assert new.title in me
    feed = client.get(reverse("profiles:feed", args=[author.slug])).content.decode()
    assert feed.index(new.title) < feed.index("Older work number")

    from digests.content import followed_works
    from digests.periods import Period

    period = Period("2026-01-06", "daily", LISTING_DAY, LISTING_DAY)
    assert [p.title for p in followed_works(user.pk, period)] == [new.title]


@respx.mock
def test_an_unreachable_arxiv_fails_the_poll_in_one_line_and_backs_off():
    route = respx.get(RSS).mock(side_effect=httpx.ConnectError("Connection refused"))
    source = _source(interval_minutes=60)

    first = run_feed_source(source.pk, scheduled=True)
    run = ImportRun.objects.get(pk=first)
    assert run.status == "failed"
    assert run.error == "arXiv could not be reached (ConnectError: Connection refused)."

    # The next ticks within the back-off make no run and no request.
    assert run_feed_source(source.pk, scheduled=True) is None
    assert run_feed_source(source.pk, scheduled=True) is None
    assert ImportRun.objects.count() == 1 and route.call_count == 1

    # A curator's "Run now" still runs.
    assert run_feed_source(source.pk) is not None and ImportRun.objects.count() == 2

    # Once the (now longer: two failures) delay has passed, a scheduled poll runs again.
    ImportRun.objects.update(finished_at=timezone.now() - timedelta(minutes=19))
    assert run_feed_source(source.pk, scheduled=True) is None
    ImportRun.objects.update(finished_at=timezone.now() - timedelta(minutes=21))
    assert run_feed_source(source.pk, scheduled=True) is not None


def test_the_announcement_window_follows_daylight_saving_time():
    # 20:00 US Eastern is 01:00 UTC in winter (EST) and 00:00 UTC in summer (EDT).
    assert in_announcement_window(datetime(2026, 1, 6, 1, 10, tzinfo=UTC))  # Mon 20:10 EST
    assert not in_announcement_window(datetime(2026, 1, 6, 0, 10, tzinfo=UTC))  # Mon 19:10 EST
    assert in_announcement_window(datetime(2026, 7, 7, 0, 10, tzinfo=UTC))  # Mon 20:10 EDT
    assert not in_announcement_window(datetime(2026, 7, 7, 1, 50, tzinfo=UTC))  # 21:50 EDT
    assert not in_announcement_window(datetime(2026, 1, 10, 1, 10, tzinfo=UTC))  # Friday evening


def test_an_rss_source_polls_every_tick_in_the_window_and_hourly_otherwise():
    source = _source(interval_minutes=15)
    outside = datetime(2026, 1, 6, 15, 0, tzinfo=UTC)
    assert poll_due(source, now=outside)
    ImportRun.objects.create(source=source, kind="rss", origin="x", status="succeeded")
    ImportRun.objects.update(created_at=outside - timedelta(minutes=30))
    assert not poll_due(source, now=outside)
    assert poll_due(source, now=outside + timedelta(minutes=30))
    ImportRun.objects.update(created_at=datetime(2026, 1, 6, 1, 0, tzinfo=UTC))
    assert poll_due(source, now=datetime(2026, 1, 6, 1, 15, tzinfo=UTC))


def test_standard_sources_are_created_once_for_the_sites_categories(settings):
    out = StringIO()
    call_command("standard_sources", categories="cs.LG+stat.ML", stdout=out)
    call_command("standard_sources", categories="cs.LG+stat.ML", stdout=out)

    rss = FeedSource.objects.get(kind="rss")
    assert (rss.query, rss.interval_minutes, rss.enabled) == ("cs.LG+stat.ML", 15, True)
    assert rss.periodic_task.enabled and rss.periodic_task.kwargs == '{"scheduled": true}'
    oai = FeedSource.objects.filter(kind="oai").order_by("query")
    assert [(s.query, s.cron, s.enabled) for s in oai] == [
        ("cs", "0 6 * * *", True),
        ("stat", "0 6 * * *", True),
    ]
    assert FeedSource.objects.count() == 3
    assert "around arXiv's announcement" in out.getvalue()


def test_standard_sources_are_disabled_when_arxiv_offline(settings):
    settings.ARXIV_OFFLINE = True
    call_command("standard_sources", stdout=StringIO())
    assert FeedSource.objects.exists()
    assert not FeedSource.objects.filter(enabled=True).exists()
    assert not FeedSource.objects.filter(periodic_task__enabled=True).exists()
