"""Storing is idempotent, newer versions win, and nothing a source lacks is blanked."""

import hashlib
from datetime import date

import pytest
from django.db import connection
from psycopg.errors import DataError

from ingest.matching import Matcher
from ingest.models import ImportRecord, ImportRun
from ingest.records import AuthorRecord, VersionRecord
from ingest.store import store_batch
from papers.models import Paper, PaperVersion
from tests.conftest import table_counts
from tests.feedgen import api_feed, make_record, oai_list_records, rss_feed

pytestmark = pytest.mark.django_db


def database_digest() -> str:
    """A digest of every stored paper, version, byline and edge."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT string_agg(x, '|' ORDER BY x) FROM (
              SELECT concat_ws(',', arxiv_id, latest_version, title, abstract, categories::text,
                               updated, comment, doi, content_hash) AS x FROM papers_paper
              UNION ALL SELECT concat_ws(',', paper_id, version, submitted_at) FROM papers_paperversion
              UNION ALL SELECT concat_ws(',', paper_id, position, author_id, matched_by, confidence)
                        FROM papers_authorship
              UNION ALL SELECT concat_ws(',', author_a_id, author_b_id, weight, paper_count)
                        FROM graph_coauthoredge
              UNION ALL SELECT concat_ws(',', id, works_count, topics_count) FROM profiles_author
            ) rows
            """
        )
        return hashlib.sha256((cursor.fetchone()[0] or "").encode()).hexdigest()


@pytest.mark.parametrize(
    "build",
    [
        lambda rs: api_feed(rs),
        lambda rs: rss_feed(rs),
        lambda rs: oai_list_records(rs, prefix="arXivRaw"),
        lambda rs: oai_list_records(rs, prefix="arXiv"),
    ],
    ids=["api", "rss", "oai-arXivRaw", "oai-arXiv"],
)
def test_the_same_response_twice_changes_nothing(ingest, build):
    body = build([make_record(n) for n in range(1, 6)])

    first = ingest(body)
    counts, digest = table_counts(), database_digest()
    second = ingest(body)

    assert (first.status, first.created, first.unchanged) == ("succeeded", 5, 0)
    assert (second.status, second.created, second.updated, second.unchanged) == (
        "succeeded",
        0,
        0,
        5,
    )
    assert table_counts() == counts
    assert database_digest() == digest


def test_a_newer_version_updates_the_paper_and_adds_versions(ingest):
    ingest(oai_list_records([make_record(1)]))
    v3 = make_record(1, version=3)
    v3.title = "Sparse Attention for Graph Learning, revised"

    run = ingest(oai_list_records([v3]))

    paper = Paper.objects.get(arxiv_id="2601.00001")
    assert (run.created, run.updated) == (0, 1)
    assert paper.latest_version == 3 and paper.title.endswith("revised")
    assert list(PaperVersion.objects.filter(paper=paper).values_list("version", flat=True)) == [
        1,
        2,
        3,
    ]


def test_an_older_version_never_overwrites_a_newer_one(ingest):
    newer = make_record(1, version=2)
    newer.title = "The second version"
    ingest(api_feed([newer]))

    run = ingest(api_feed([make_record(1)]))

    paper = Paper.objects.get(arxiv_id="2601.00001")
    assert run.unchanged == 1
    assert (paper.latest_version, paper.title) == (2, "The second version")


def test_a_source_without_a_field_keeps_the_stored_value(ingest):
    full = make_record(1)
    full.comment, full.doi = "12 pages", "10.1000/xyz"
    ingest(oai_list_records([full]))
    # RSS has no comment and (here) no DOI, but announces the paper a day later.
    listing = make_record(1, version=2, comment="", doi="", announced_on=date(2026, 1, 20))

    ingest(rss_feed([listing]))

    paper = Paper.objects.get(arxiv_id="2601.00001")
    assert (paper.comment, paper.doi, paper.latest_version) == ("12 pages", "10.1000/xyz", 2)
    assert paper.announced_on == date(2026, 1, 20) and paper.announce_type == "replace"


def test_a_deleted_oai_record_marks_the_paper_withdrawn(ingest):
    ingest(oai_list_records([make_record(1), make_record(2)]))

    run = ingest(oai_list_records([make_record(1, deleted=True)]))

    assert run.updated == 1
    assert Paper.objects.get(arxiv_id="2601.00001").withdrawn
    assert not Paper.objects.get(arxiv_id="2601.00002").withdrawn


def test_every_entry_is_kept_as_an_import_record_with_payload_and_digest(ingest):
    run = ingest(api_feed([make_record(1), make_record(2)]))

    records = ImportRecord.objects.filter(run=run).order_by("arxiv_id")
    assert [(r.arxiv_id, r.status) for r in records] == [
        ("2601.00001", "applied"),
        ("2601.00002", "applied"),
    ]
    assert records[0].payload["title"] == "Sparse Attention for Graph Learning, Part 1"
    assert len(records[0].content_hash) == 64 and records[0].paper.arxiv_id == "2601.00001"


def test_held_records_wait_for_review_and_change_no_paper(ingest):
    run = ingest(api_feed([make_record(1)]), hold=True)

    assert (run.held, run.created) == (1, 0)
    assert not Paper.objects.exists()
    assert ImportRecord.objects.get(run=run).status == ImportRecord.Status.HELD


def test_code_links_in_abstract_or_comment_become_the_code_url(ingest):
    record = make_record(1, comment="Code: https://github.com/acme/sparse-attn.")
    ingest(api_feed([record, make_record(2)]))

    assert (
        Paper.objects.get(arxiv_id="2601.00001").code_url == "https://github.com/acme/sparse-attn"
    )
    assert Paper.objects.get(arxiv_id="2601.00002").code_url == ""


def test_run_counts_add_up_to_what_was_fetched(ingest):
    ingest(api_feed([make_record(1), make_record(2)]))
    changed = make_record(2, version=2)

    run = ingest(api_feed([make_record(1), changed, make_record(3)]))

    assert (run.fetched, run.created, run.updated, run.unchanged) == (3, 1, 1, 1)
    assert ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.SUCCEEDED


def _page(count, start=1):
    return [
        make_record(n, authors=[AuthorRecord(f"Writer Number{n}"), AuthorRecord("Ada Lovelace")])
        for n in range(start, start + count)
    ]


def test_a_page_whose_papers_fail_to_write_leaves_nothing_and_the_connection_usable(ingest):
    ingest(api_feed(_page(2)))
    before, digest = table_counts(), database_digest()
    bad = _page(3, start=10)
    # Out of PaperVersion.version's range (sizes and texts are bounded at ingest, so a version
    # number stands in): the papers' write, beside the matching, fails.
    bad[1].versions = [VersionRecord(40_000)]
    run = ImportRun.objects.create(kind="file", origin="test")

    with pytest.raises(DataError):
        store_batch(bad, run)

    assert table_counts() == before and database_digest() == digest
    assert Paper.objects.count() == 2  # the connection takes the next statement


def test_a_page_whose_matching_fails_waits_for_the_papers_write_and_leaves_nothing(
    ingest, monkeypatch
):
    ingest(api_feed(_page(2)))
    before = table_counts()

    def broken(self, names, categories):
        raise RuntimeError("matching broke")

    monkeypatch.setattr(Matcher, "resolve", broken)
    run = ImportRun.objects.create(kind="file", origin="test")
    with pytest.raises(RuntimeError, match="matching broke"):
        store_batch(_page(3, start=10), run)

    assert table_counts() == before
    assert not Paper.objects.filter(arxiv_id__in=["2601.00010", "2601.00011"]).exists()
