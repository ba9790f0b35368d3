"""Sources and runs in the admin: queries checked per kind, schedules, Run now, progress, Retry."""

import re
from datetime import timedelta

import httpx
import pytest
import respx
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.paginator import EstimatedCountPaginator
from ingest import tasks
from ingest.models import FeedSource, ImportRecord, ImportRun, SourceKind
from papers.models import Paper
from tests.feedgen import api_feed, make_record, oai_list_records

pytestmark = pytest.mark.django_db
SOURCES, RUNS, RECORDS = (
    "/admin/ingest/feedsource/",
    "/admin/ingest/importrun/",
    "/admin/ingest/importrecord/",
)
API = "https://export.arxiv.org/api/query"
OAI = "https://oaipmh.arxiv.org/oai"


@pytest.fixture(autouse=True)
def fast_polite_client(settings, redis_client):
    settings.ARXIV_MIN_INTERVAL = 0
    settings.ARXIV_MAX_RETRIES = 0


@pytest.fixture
def queued(monkeypatch):
    """What would have been sent to the workers: (task name, id) in order."""
    sent = []
    monkeypatch.setattr(
        tasks.run_feed_source, "apply_async", lambda a, **_: sent.append(("run", *a))
    )
    monkeypatch.setattr(
        tasks.resume_import_run, "apply_async", lambda a, **_: sent.append(("resume", *a))
    )
    return sent


def source_form(**values):
    form = {
        "name": "ML daily",
        "kind": "rss",
        "query": "cs.LG+stat.ML",
        "metadata_prefix": "arXivRaw",
        "enabled": "on",
        "interval_minutes": "",
        "cron": "",
        "hold_for_review": "False",
    }
    return {k: v for k, v in {**form, **values}.items() if v is not None}


# --------------------------------------------------------------------------- sources


@pytest.mark.parametrize(
    ("kind", "query", "error"),
    [
        ("rss", "cs.LG+cs.XX", "Not an arXiv category or archive: cs.XX."),
        ("rss", "cs.LG stat.ML", "Not an arXiv category or archive: cs.LG stat.ML."),
        ("rss", "cs.LG++stat.ML", "Join categories with"),
        ("oai", "computer-science", "is not an arXiv OAI-PMH set"),
        ("oai", "physics:cs", "is not an arXiv OAI-PMH set"),
        ("api", "cat:cs.LGG AND au:smith", "Unknown arXiv category in cat: cs.LGG."),
        ("api", "(ti:graph AND au:smith", "The brackets in this query do not match."),
        ("api", "   ", "This field is required."),
    ],
)
def test_a_query_that_does_not_fit_its_kind_is_refused_with_a_form_error(
    admin_client, kind, query, error
):
    response = admin_client.post(f"{SOURCES}add/", source_form(kind=kind, query=query))

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not FeedSource.objects.exists()


@pytest.mark.parametrize(
    ("kind", "query"),
    [
        ("rss", "cs.LG+stat.ML"),
        ("rss", "hep-th"),
        ("oai", "cs"),
        ("oai", "physics:hep-th"),
        ("oai", "cs:cs:LG"),
        ("api", 'cat:cs.LG AND ti:"graph neural"'),
    ],
)
def test_a_query_that_fits_its_kind_is_saved(admin_client, kind, query):
    response = admin_client.post(f"{SOURCES}add/", source_form(kind=kind, query=query))

    assert response.status_code == 302
    assert FeedSource.objects.get().query == query


def test_a_file_is_not_a_kind_of_source_one_can_add(admin_client):
    response = admin_client.post(f"{SOURCES}add/", source_form(kind="file"))

    assert "Select a valid choice" in response.content.decode()
    assert not FeedSource.objects.exists()


def test_a_crontab_or_an_interval_becomes_the_beat_entry_and_can_be_edited(admin_client):
    admin_client.post(f"{SOURCES}add/", source_form(cron="30  5 * * 1-5", hold_for_review="True"))
    source = FeedSource.objects.get()
    task = source.periodic_task

    assert source.hold_for_review and source.cron == "30 5 * * 1-5"
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("30", "5", "1-5")
    assert task.interval is None and task.enabled and task.args == f"[{source.pk}]"

    admin_client.post(f"{SOURCES}{source.pk}/change/", source_form(interval_minutes="60"))
    task.refresh_from_db()
    assert task.crontab is None and task.interval.every == 60

    admin_client.post(f"{SOURCES}{source.pk}/change/", source_form())
    task.refresh_from_db()
    assert not task.enabled  # manual runs only: beat stops sending it
    assert PeriodicTask.objects.filter(task="ingest.tasks.run_feed_source").count() == 1


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"cron": "30 5 * *"}, "A crontab has five fields"),
        ({"cron": "75 5 * * *"}, "Not a valid crontab"),
        (
            {"cron": "0 5 * * *", "interval_minutes": "60"},
            "Choose an interval or a crontab, not both.",
        ),
    ],
)
def test_a_bad_schedule_is_refused_with_a_form_error(admin_client, values, error):
    response = admin_client.post(f"{SOURCES}add/", source_form(**values))

    assert error in response.content.decode()
    assert not FeedSource.objects.exists()
    assert not PeriodicTask.objects.filter(task="ingest.tasks.run_feed_source").exists()


def test_disable_and_enable_actions_switch_the_beat_entry(admin_client):
    source = FeedSource.objects.create(
        name="ML", kind=SourceKind.RSS, query="cs.LG", interval_minutes=60
    )
    select = {"_selected_action": [source.pk]}

    admin_client.post(SOURCES, {"action": "disable_sources", **select})
    source.refresh_from_db()
    assert not source.enabled and not source.periodic_task.enabled

    admin_client.post(SOURCES, {"action": "enable_sources", **select})
    source.refresh_from_db()
    assert source.enabled and source.periodic_task.enabled


def test_the_run_now_button_queues_a_pull_after_commit(
    admin_client, queued, django_capture_on_commit_callbacks
):
    source = FeedSource.objects.create(name="ML", kind=SourceKind.RSS, query="cs.LG")

    page = admin_client.get(f"{SOURCES}{source.pk}/change/").content.decode()
    assert f'action="/admin/ingest/feedsource/{source.pk}/run/"' in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(f"{SOURCES}{source.pk}/run/", follow=True)
        assert queued == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()

    assert queued == [("run", source.pk)]
    assert "Queued 1 pull(s): ML." in response.content.decode()
    assert admin_client.get(f"{SOURCES}{source.pk}/run/").status_code == 405


def test_run_now_on_a_disabled_source_queues_nothing_and_says_so(
    admin_client, queued, django_capture_on_commit_callbacks
):
    source = FeedSource.objects.create(
        name="Old", kind=SourceKind.RSS, query="cs.AI", enabled=False
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{SOURCES}{source.pk}/run/", follow=True)

    assert queued == []
    assert "Not queued (disabled): Old." in response.content.decode()


# --------------------------------------------------------------------------- resume after failure


def _api_page(start, total, size=200):
    records = [make_record(n) for n in range(start + 1, min(start + size, total) + 1)]
    return httpx.Response(
        200, content=api_feed(records, total_results=total, start=start, items_per_page=size)
    )


def _retry_now(client, run, queued, capture):
    """Press Retry, let the transaction commit, and run what was queued as a worker would."""
    with capture(execute=True):
        response = client.post(f"{RUNS}{run.pk}/retry/", follow=True)
    for task, run_id in queued:
        assert task == "resume"
        tasks.resume_import_run(run_id)
    return response


@respx.mock
def test_retry_resumes_an_api_pull_at_the_saved_offset_and_imports_nothing_twice(
    admin_client, queued, django_capture_on_commit_callbacks
):
    pages = {0: _api_page(0, 450), 200: httpx.Response(500), 400: _api_page(400, 450)}
    route = respx.get(API).mock(side_effect=lambda r: pages[int(r.url.params["start"])])
    source = FeedSource.objects.create(name="cs.LG", kind=SourceKind.API, query="cat:cs.LG")
    tasks.run_feed_source(source.pk)
    run = ImportRun.objects.get()
    assert (run.status, run.cursor, Paper.objects.count()) == ("failed", {"start": 200}, 200)
    page = admin_client.get(f"{RUNS}{run.pk}/change/").content.decode()
    assert "HTTP 500" in page and "result 200 of the query (API start offset)" in page

    pages[200] = _api_page(200, 450)
    response = _retry_now(admin_client, run, queued, django_capture_on_commit_callbacks)

    assert f"Run #{run.pk} is queued to resume from result 200" in response.content.decode()
    assert [int(c.request.url.params["start"]) for c in route.calls] == [0, 200, 200, 400]
    run.refresh_from_db()
    assert (run.status, run.fetched, run.created, run.unchanged) == ("succeeded", 450, 450, 0)
    assert Paper.objects.count() == 450
    assert ImportRecord.objects.filter(run=run).count() == 450  # each entry once


@respx.mock
def test_retry_resumes_an_oai_harvest_at_the_saved_resumption_token(
    admin_client, queued, django_capture_on_commit_callbacks
):
    pages = {
        None: oai_list_records(
            [make_record(n) for n in range(1, 4)], resumption_token="t|3", complete_list_size=8
        ),
        "t|3": oai_list_records(
            [make_record(n) for n in range(4, 7)],
            resumption_token="t|6",
            cursor=3,
            complete_list_size=8,
        ),
        "t|6": oai_list_records(
            [make_record(n) for n in range(7, 9)],
            resumption_token="",
            cursor=6,
            complete_list_size=8,
        ),
    }
    broken = {"t|3"}

    def answer(request):
        token = request.url.params.get("resumptionToken")
        if token in broken:
            return httpx.Response(200, content=b"<html><body>Service unavailable</body></html>")
        return httpx.Response(200, content=pages[token])

    route = respx.get(url__startswith=OAI).mock(side_effect=answer)
    source = FeedSource.objects.create(name="cs", kind=SourceKind.OAI, query="cs")
    tasks.run_feed_source(source.pk)
    run = ImportRun.objects.get()
    assert (run.status, run.cursor, run.fetched) == ("failed", {"resumption_token": "t|3"}, 3)

    broken.clear()
    _retry_now(admin_client, run, queued, django_capture_on_commit_callbacks)

    tokens = [c.request.url.params.get("resumptionToken") for c in route.calls]
    assert tokens == [None, "t|3", "t|3", "t|6"]
    run.refresh_from_db()
    assert (run.status, run.fetched, run.created, run.total) == ("succeeded", 8, 8, 8)
    assert sorted(ImportRecord.objects.filter(run=run).values_list("arxiv_id", flat=True)) == [
        f"2601.{n:05d}" for n in range(1, 9)
    ]


def _run(**values):
    defaults = {"kind": SourceKind.API, "origin": "cat:cs.LG", "status": "failed", "error": "boom"}
    return ImportRun.objects.create(**{**defaults, **values})


def test_retry_is_refused_with_a_reason_for_files_running_and_succeeded_runs(
    admin_client, queued, django_capture_on_commit_callbacks
):
    source = FeedSource.objects.create(name="ML", kind=SourceKind.API, query="cat:cs.LG")
    cases = [
        (_run(kind=SourceKind.FILE, origin="/tmp/x.xml"), "imported a file, not a feed source"),
        (_run(source=source, status="running"), "is still running; wait for it to finish"),
        (_run(source=source, status="succeeded"), "succeeded; there is nothing to retry"),
    ]
    for run, message in cases:
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(f"{RUNS}{run.pk}/retry/", follow=True)
        assert message in response.content.decode()
        run.refresh_from_db()
        assert run.status != "queued" or run.source is None
    assert queued == []


def test_retry_pressed_twice_queues_one_resume(
    admin_client, queued, django_capture_on_commit_callbacks
):
    source = FeedSource.objects.create(name="ML", kind=SourceKind.API, query="cat:cs.LG")
    run = _run(source=source, cursor={"start": 200})

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(RUNS, {"action": "retry_runs", "_selected_action": [run.pk]})
        second = admin_client.post(f"{RUNS}{run.pk}/retry/", follow=True)

    assert queued == [("resume", run.pk)]
    assert "is still queued" in second.content.decode()
    run.refresh_from_db()
    assert run.status == "queued"


# --------------------------------------------------------------------------- progress


def test_the_progress_fragment_shows_done_total_rate_and_keeps_polling_while_running(
    admin_client,
):
    started = timezone.now() - timedelta(seconds=10)
    run = _run(status="running", fetched=450, total=1000, started_at=started, error="")

    fragment = admin_client.get(
        f"{RUNS}{run.pk}/progress/", headers={"HX-Request": "true"}
    ).content.decode()

    assert "450 of 1,000 (45%)" in fragment
    rate = float(re.search(r"([\d.]+) records/s", fragment).group(1))
    assert 40 < rate <= 45  # 450 records in a little over 10 s
    assert f'hx-get="/admin/ingest/importrun/{run.pk}/progress/"' in fragment
    assert 'hx-trigger="every 2s"' in fragment
    assert "<html" not in fragment  # the panel alone, swapped into the page


def test_the_progress_fragment_of_a_finished_run_stops_polling_and_shows_the_error(admin_client):
    started = timezone.now() - timedelta(seconds=20)
    run = _run(
        status="failed",
        fetched=200,
        total=450,
        failed=1,
        started_at=started,
        finished_at=started + timedelta(seconds=4),
        error="arXiv answered HTTP 500 three times.",
    )

    fragment = admin_client.get(f"{RUNS}{run.pk}/progress/").content.decode()

    assert "200 of 450 (44%)" in fragment and "50.0 records/s" in fragment
    assert "arXiv answered HTTP 500 three times." in fragment
    assert "hx-trigger" not in fragment and "hx-get" not in fragment


def test_the_run_page_embeds_the_polling_panel_and_htmx(admin_client):
    run = _run(status="running", fetched=10, total=None, started_at=timezone.now(), error="")

    page = admin_client.get(f"{RUNS}{run.pk}/change/").content.decode()

    assert 'id="run-progress"' in page and 'hx-trigger="every 2s"' in page
    assert "django_htmx/htmx-2.min.js" in page
    assert "(the source gives no total)" in page
    assert 'name="_save"' not in page  # a run is read, not edited


# --------------------------------------------------------------------------- who may, and CSRF


def test_anonymous_and_non_staff_are_sent_to_sign_in_and_queue_nothing(client, make_user, queued):
    source = FeedSource.objects.create(name="ML", kind=SourceKind.API, query="cat:cs.LG")
    run = _run(source=source)
    for signed_in in (None, make_user()):
        if signed_in:
            client.force_login(signed_in)
        for url in (f"{RUNS}{run.pk}/progress/", f"{RUNS}{run.pk}/change/"):
            response = client.get(url)
            assert response.status_code == 302 and response.url.startswith("/admin/login/")
        for url in (f"{RUNS}{run.pk}/retry/", f"{SOURCES}{source.pk}/run/"):
            response = client.post(url)
            assert response.status_code == 302 and response.url.startswith("/admin/login/")
    run.refresh_from_db()
    assert run.status == "failed" and queued == []


def test_staff_without_permissions_get_403_on_progress_retry_and_run_now(client, make_user):
    staff = make_user()
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    source = FeedSource.objects.create(name="ML", kind=SourceKind.API, query="cat:cs.LG")
    run = _run(source=source)

    assert client.get(f"{RUNS}{run.pk}/progress/").status_code == 403
    assert client.post(f"{RUNS}{run.pk}/retry/").status_code == 403
    assert client.post(f"{SOURCES}{source.pk}/run/").status_code == 403


def test_actions_and_buttons_need_the_csrf_token(
    make_user, queued, django_capture_on_commit_callbacks
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(staff=True))
    source = FeedSource.objects.create(name="ML", kind=SourceKind.API, query="cat:cs.LG")
    run = _run(source=source)

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{RUNS}{run.pk}/retry/").status_code == 403
        assert client.post(f"{SOURCES}{source.pk}/run/").status_code == 403
        action = {"action": "run_now", "_selected_action": [source.pk]}
        assert client.post(SOURCES, action).status_code == 403
    assert queued == []

    token = client.get(f"{RUNS}{run.pk}/change/").cookies["csrftoken"].value
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{RUNS}{run.pk}/retry/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and queued == [("resume", run.pk)]


# --------------------------------------------------------------------------- big lists


def test_a_long_list_shows_an_estimate_and_never_counts_the_whole_table(
    admin_client, monkeypatch, ingest
):
    ingest(api_feed([make_record(n) for n in range(1, 31)]))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ingest_importrecord")
    ingest(api_feed([make_record(n) for n in range(31, 41)]))  # not yet in the estimate
    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 10)

    with CaptureQueriesContext(connection) as unfiltered:
        page = admin_client.get(RECORDS).content.decode()
    with CaptureQueriesContext(connection) as filtered:
        applied = admin_client.get(f"{RECORDS}?status__exact=applied").content.decode()

    assert "about 30 import records" in page  # PostgreSQL's estimate, before the last 10
    assert not [q for q in unfiltered.captured_queries if "COUNT(" in q["sql"].upper()]
    assert re.search(r"about \d+ import records", applied)
    counts = [q["sql"] for q in filtered.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 11" in sql for sql in counts)  # counted up to the bound only


def test_a_short_filtered_list_is_counted_exactly(admin_client, monkeypatch, ingest):
    ingest(api_feed([make_record(n) for n in range(1, 31)]))
    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 10)

    page = admin_client.get(RECORDS, {"q": "2601.00007"}).content.decode()

    assert "1 import record" in page and "about" not in page.split('class="paginator"')[-1]


def test_a_small_or_never_analysed_table_is_counted_exactly(admin_client, ingest):
    ingest(api_feed([make_record(n) for n in range(1, 4)]))

    page = admin_client.get(RECORDS).content.decode()

    assert "3 import records" in page and "about 3" not in page


def test_records_are_found_by_arxiv_id_with_or_without_version(admin_client, ingest):
    ingest(api_feed([make_record(1), make_record(2)]))

    page = admin_client.get(RECORDS, {"q": "arXiv:2601.00002v1"}).content.decode()

    assert "2601.00002" in page and "2601.00001" not in page
