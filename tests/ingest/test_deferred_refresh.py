"""A run refreshes its authors once, at its end: the same authors as a refresh per batch."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest
import respx
from django.db import connection

from ingest.models import FeedSource, ImportRun, PendingAuthor, SourceKind
from ingest.pipeline import run_source
from ingest.records import AuthorRecord
from ingest.store import refresh_stale_authors, store_batch
from papers.models import Authorship
from profiles.metrics import refresh_counters
from profiles.models import Author
from tests.feedgen import make_record, oai_list_records

pytestmark = pytest.mark.django_db

# Every cached column a batch's authors get from their bylines.
AUTHOR_COLUMNS = (
    "normalized_name", "works_count", "topics_count", "category_codes", "primary_category",
    "first_year", "last_year", "close_collaborators_count", "works_by_year", "trust_score",
    "trust_breakdown", "verification_level", "institution__name",
)  # fmt: skip
PEOPLE = [
    ("Ada Lovelace", "University of London"),
    ("Alan Turing", "Cambridge"),
    ("Grace Hopper", ""),
    ("Wei Zhang", "Tsinghua University"),
    ("Chen Li", ""),
    ("Jürgen Müller", "ETH Zürich"),
]
CATEGORIES = [["cs.LG", "stat.ML"], ["math.CO"], ["cs.CL", "cs.LG"], ["hep-th"]]


def _paper(n):
    """Paper n: three of six people, one of four category sets, one of three years."""
    people = [PEOPLE[(n + k * (1 + n % 2)) % len(PEOPLE)] for k in range(3)]
    categories = CATEGORIES[n % len(CATEGORIES)]
    published = datetime(2023 + n % 3, 3, 1, tzinfo=UTC) + timedelta(days=n)
    return make_record(
        n,
        authors=[AuthorRecord(name, affiliations=(aff,) if aff else ()) for name, aff in people],
        categories=categories,
        primary_category=categories[0],
        published=published,
        updated=published,
        versions=[],
    )


def _authors():
    rows = Author.objects.order_by("normalized_name", "id").values_list(*AUTHOR_COLUMNS)
    return [tuple(sorted(v) if isinstance(v, list) and k == 3 else v for k, v in enumerate(r))
            for r in rows]  # fmt: skip


def _run():
    return ImportRun.objects.create(kind=SourceKind.FILE, origin="test")


def _empty_tables():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks
        cursor.execute(
            "TRUNCATE papers_paper, papers_paperversion, papers_authorship, profiles_author, "
            "profiles_authoralias, profiles_institution, graph_coauthoredge, ingest_importrun, "
            "ingest_importrecord CASCADE"
        )


def test_a_run_refreshed_at_its_end_leaves_the_authors_a_refresh_per_batch_leaves():
    batches = [[_paper(n) for n in range(start, start + 8)] for start in (1, 9, 17)]
    run = _run()
    for batch in batches:
        store_batch(batch, run)
        refresh_stale_authors()
    per_batch = _authors()
    _empty_tables()

    run = _run()
    for batch in batches:
        store_batch(batch, run)
    refreshed = refresh_stale_authors()

    assert len(refreshed) == len(per_batch) >= len(PEOPLE)
    assert _authors() == per_batch
    assert not Author.objects.filter(counters_refreshed_at__isnull=True).exists()


def test_a_later_batch_of_the_run_matches_on_categories_the_earlier_one_stored():
    run = _run()
    store_batch([_paper_by(1, ["Ottilie Quarendon", "Ada Lovelace"], ["math.CO"])], run)

    # No shared co-author: only the category of paper 1 ties this Ottilie Quarendon to that one.
    store_batch([_paper_by(2, ["Ottilie Quarendon", "Grace Hopper"], ["math.CO"])], run)

    quarendon = Author.objects.get(normalized_name="ottilie quarendon")
    second = Authorship.objects.get(paper__arxiv_id="2601.00002", position=0)
    assert (second.author_id, second.matched_by) == (quarendon.id, Authorship.MatchedBy.EXACT)
    # The run's works wait beside the record, which keeps its counters until the run's end.
    pending = PendingAuthor.objects.get(author=quarendon)
    assert (pending.works, pending.category_codes, quarendon.counters_refreshed_at) == (
        2,
        ["math.CO"],
        None,
    )
    refresh_stale_authors()
    quarendon.refresh_from_db()
    assert (quarendon.works_count, quarendon.category_codes) == (2, ["math.CO"])
    assert not PendingAuthor.objects.exists()


def test_a_record_refreshed_mid_run_counts_only_the_works_it_gains_after():
    run = _run()
    store_batch([_paper_by(1, ["Ottilie Quarendon", "Ada Lovelace"], ["math.CO"])], run)
    quarendon = Author.objects.get(normalized_name="ottilie quarendon")
    refresh_counters([quarendon.pk])  # as a curator's merge does, in the middle of the run

    store_batch([_paper_by(2, ["Ottilie Quarendon", "Ada Lovelace"], ["cs.LG"])], run)

    assert Author.objects.filter(normalized_name="ottilie quarendon").count() == 1
    pending = PendingAuthor.objects.get(author=quarendon)
    assert (pending.works, pending.category_codes) == (1, ["cs.LG"])


def _paper_by(n, names, categories):
    return make_record(
        n,
        authors=[AuthorRecord(name) for name in names],
        categories=categories,
        primary_category=categories[0],
    )


def test_stale_authors_wait_for_the_refresh_and_held_records_touch_no_author():
    run = _run()
    store_batch([_paper(1)], run)
    assert set(Author.objects.values_list("trust_score", "topics_count")) == {(0, 0)}

    store_batch([_paper(2)], run, hold=True)
    refresh_stale_authors()
    stamps = dict(Author.objects.values_list("id", "counters_refreshed_at"))
    store_batch([_paper(3)], run, hold=True)

    assert all(a.trust_score > 0 and a.topics_count == 1 for a in Author.objects.all())
    assert dict(Author.objects.values_list("id", "counters_refreshed_at")) == stamps
    assert refresh_stale_authors() == []


def test_a_withdrawn_paper_leaves_its_authors_works_and_topics():
    run = _run()
    pair = ["Ada Lovelace", "Alan Turing"]
    store_batch([_paper_by(1, pair, ["cs.LG"]), _paper_by(2, pair, ["math.CO"])], run)
    refresh_stale_authors()
    assert Author.objects.get(normalized_name="ada lovelace").works_count == 2

    store_batch([make_record(2, deleted=True)], run)
    refresh_stale_authors()

    ada = Author.objects.get(normalized_name="ada lovelace")
    assert (ada.works_count, ada.category_codes) == (1, ["cs.LG"])


@respx.mock
def test_a_run_that_fails_on_a_later_page_still_refreshes_the_authors_it_stored(
    settings, redis_client
):
    settings.ARXIV_MIN_INTERVAL, settings.ARXIV_MAX_RETRIES = 0, 0
    first = oai_list_records([_paper(1), _paper(2)], resumption_token="7|2", complete_list_size=4)
    respx.get(url__startswith="https://oaipmh.arxiv.org/oai").mock(
        side_effect=[httpx.Response(200, content=first), httpx.Response(200, content=b"<OAI-PMH")]
    )
    source = FeedSource.objects.create(name="cs set", kind=SourceKind.OAI, query="cs")

    run = run_source(source)

    assert run.status == ImportRun.Status.FAILED and run.created == 2
    assert not Author.objects.filter(counters_refreshed_at__isnull=True).exists()
    assert all(a.works_count >= 1 and a.trust_score > 0 for a in Author.objects.all())
