"""arXiv's metadata snapshot (JSON lines) through ``manage.py ingest --file``.

The lines are written from real recorded arXivRaw records (``feedgen.snapshot_lines``),
so every field a real record has is carried, and the same papers can be loaded
through the OAI form to compare what each path stores.
"""

import gzip
import io
import json
import sys
from dataclasses import replace

import pytest
import zstandard
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from ingest import snapshot
from ingest.models import ImportRun
from ingest.pipeline import import_file
from ingest.records import AuthorRecord
from ingest.sources import oai_pmh
from papers.models import Authorship, Category, Paper
from tests.conftest import table_counts
from tests.feedgen import oai_list_records, snapshot_lines

pytestmark = pytest.mark.django_db

RECORDED = "oai/litpuvn_ListRecords_arXivRaw_2016-10-20_387rec.xml"


@pytest.fixture
def real_records(samples):
    """The 387 real arXivRaw records of a recorded OAI-PMH page, parsed by the OAI parser."""
    return oai_pmh.parse((samples / RECORDED).read_bytes()).records


def stored_state() -> dict:
    """What the database holds of papers, bylines and authors, with no row ids in it."""
    papers = {
        p.arxiv_id: (
            p.latest_version,
            p.title,
            p.abstract,
            p.primary_category_id,
            tuple(p.categories),
            p.published,
            p.updated,
            p.comment,
            p.journal_ref,
            p.doi,
            p.license,
            p.code_url,
            p.authors_text,
            # Sizes are arXivRaw's only: the snapshot has none.
            tuple(p.versions.order_by("version").values_list("version", "submitted_at")),
        )
        for p in Paper.objects.prefetch_related("versions")
    }
    bylines = {}
    for a in Authorship.objects.select_related("paper", "author").order_by("position"):
        bylines.setdefault(a.paper.arxiv_id, []).append(
            (
                a.position,
                a.name_as_printed,
                a.affiliation_as_printed,
                a.author and a.author.display_name,
                a.matched_by,
                a.confidence,
            )
        )
    works = {}
    for a in Authorship.objects.select_related("paper", "author").exclude(author=None):
        works.setdefault(a.author_id, (a.author.display_name, set()))[1].add(a.paper.arxiv_id)
    authors = sorted((name, tuple(sorted(ids))) for name, ids in works.values())
    return {"papers": papers, "bylines": bylines, "authors": authors, "counts": table_counts()}


def empty_tables() -> None:
    """Every ingest, papers, profiles and graph table emptied (the taxonomy kept), as a new database."""
    tables = [
        m._meta.db_table
        for label in ("ingest", "papers", "profiles", "graph")
        for m in apps.get_app_config(label).get_models(include_auto_created=True)
        if m is not Category and m._meta.managed and not m._meta.proxy
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's open transaction
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


def test_200_real_snapshot_lines_give_200_papers_with_every_field_and_byline(
    real_records, tmp_path, capsys
):
    # One real record gets a code link in its comment, as papers with code print it.
    records = real_records[:200]
    records[7] = replace(records[7], comment=f"{records[7].comment} Code: https://github.com/a/b.")
    path = tmp_path / "arxiv-metadata-oai-snapshot.json"
    path.write_bytes(snapshot_lines(records))

    call_command("ingest", "--file", str(path))

    assert capsys.readouterr().out.startswith(f"OK {path}: fetched 200, created 200")
    assert Paper.objects.count() == 200
    for record in records:
        paper = Paper.objects.get(arxiv_id=record.arxiv_id)
        assert paper.title == record.title and paper.abstract == record.abstract
        assert paper.primary_category_id == record.categories[0]
        assert paper.categories == record.categories
        assert (paper.comment, paper.journal_ref) == (record.comment, record.journal_ref)
        assert (paper.doi, paper.license) == (record.doi, record.license)
        assert paper.latest_version == record.versions[-1].version
        assert paper.published == record.versions[0].submitted_at
        assert list(paper.versions.order_by("version").values_list("version", "submitted_at")) == [
            (v.version, v.submitted_at) for v in record.versions
        ]
        bylines = paper.authorships.order_by("position")
        assert [(b.name_as_printed, b.affiliation_as_printed) for b in bylines] == [
            (a.name, ", ".join(a.affiliations)) for a in record.authors
        ]
    # Every kind of field turns up among the 200, so each assertion above was exercised.
    stored = Paper.objects.all()
    assert all(
        stored.exclude(**{field: ""}).exists()
        for field in ("comment", "journal_ref", "doi", "license")
    )
    assert stored.filter(latest_version__gt=1).exists()
    assert list(stored.exclude(code_url="").values_list("arxiv_id", "code_url")) == [
        (records[7].arxiv_id, "https://github.com/a/b")
    ]
    assert Authorship.objects.count() == sum(len(r.authors) for r in records)
    run = ImportRun.objects.get()
    assert (run.status, run.total, run.fetched, run.cursor["line"]) == ("succeeded", 200, 200, 200)


def test_the_same_real_records_through_oai_and_snapshot_give_the_same_papers_and_people(
    real_records, tmp_path
):
    (tmp_path / "page.xml").write_bytes(oai_list_records(real_records))
    (tmp_path / "snapshot.jsonl").write_bytes(snapshot_lines(real_records))

    import_file(tmp_path / "page.xml")
    through_oai = stored_state()
    empty_tables()
    import_file(tmp_path / "snapshot.jsonl")
    through_snapshot = stored_state()

    assert len(through_oai["papers"]) == 387 and through_oai["authors"]
    assert through_snapshot == through_oai


def test_bad_lines_are_counted_with_their_numbers_and_the_rest_is_stored(
    real_records, tmp_path, capsys
):
    good = snapshot_lines(real_records[:3]).splitlines()
    lines = [
        good[0],
        b"{not json",
        json.dumps({"title": "No id at all"}).encode(),
        b"",
        good[1],
        json.dumps({"id": "0704.0001", "versions": "v1"}).encode(),
        json.dumps({"id": "0704.0002", "authors_parsed": [["Smith", 7, ""]]}).encode(),
        b"[1, 2, 3]",
        good[2],
    ]
    path = tmp_path / "snapshot.json"
    path.write_bytes(b"\n".join(lines) + b"\n")

    call_command("ingest", "--file", str(path))

    assert set(Paper.objects.values_list("arxiv_id", flat=True)) == {
        r.arxiv_id for r in real_records[:3]
    }
    run = ImportRun.objects.get()
    assert (run.status, run.failed, run.fetched) == ("succeeded", 5, 3)
    for number in (2, 3, 6, 7, 8):
        assert f"line {number} (" in run.error
    assert "line 4 " not in run.error  # a blank line is not a bad one
    assert run.error.startswith("5 bad lines skipped")
    assert "5 bad lines skipped: line 2 (not JSON" in capsys.readouterr().out


@pytest.mark.parametrize(
    "compress", [gzip.compress, zstandard.ZstdCompressor().compress], ids=["gz", "zst"]
)
def test_gzip_and_zstd_snapshots_are_recognised_by_their_bytes(real_records, tmp_path, compress):
    path = tmp_path / "snapshot.bin"  # no telling name: the content decides
    path.write_bytes(compress(snapshot_lines(real_records[:30])))

    call_command("ingest", "--file", str(path))

    assert Paper.objects.count() == 30
    assert Authorship.objects.count() == sum(len(r.authors) for r in real_records[:30])
    assert ImportRun.objects.get().total == 30


def test_a_snapshot_on_standard_input(real_records, monkeypatch, capsys):
    data = gzip.compress(snapshot_lines(real_records[:20]))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))

    call_command("ingest", "--file", "-")

    assert Paper.objects.count() == 20
    run = ImportRun.objects.get()
    assert (run.origin, run.status, run.cursor["line"], run.total) == ("-", "succeeded", 20, None)


def test_a_killed_run_resumes_after_its_last_page_and_ends_as_an_uninterrupted_one(
    real_records, tmp_path, monkeypatch
):
    monkeypatch.setattr(snapshot, "PAGE_LINES", 50)
    path = tmp_path / "snapshot.json"
    path.write_bytes(snapshot_lines(real_records[:230]))
    import_file(path)
    uninterrupted = stored_state()
    empty_tables()

    real_store, pages = snapshot.store_batch, []

    def dies_on_the_third_page(records, run, **kwargs):
        pages.append(len(records))
        if len(pages) == 3:
            raise RuntimeError("killed")
        return real_store(records, run, **kwargs)

    monkeypatch.setattr(snapshot, "store_batch", dies_on_the_third_page)
    with pytest.raises(RuntimeError):
        call_command("ingest", "--file", str(path))
    run = ImportRun.objects.get()
    assert (run.status, run.cursor["line"], Paper.objects.count()) == ("failed", 100, 100)
    assert (run.fetched, run.total) == (100, 230)  # the curator's progress: 100 of 230

    monkeypatch.setattr(snapshot, "store_batch", real_store)
    told = []
    import_file(path, progress=lambda lines, total=None: told.append((lines, total)))

    # The bar starts at the 100 lines stored before and moves a page at a time.
    assert told == [(100, 230), (50, None), (50, None), (30, None)]
    run = ImportRun.objects.get()  # the same run, resumed, not a second one
    assert (run.status, run.cursor["line"], run.fetched) == ("succeeded", 230, 230)
    assert stored_state() == uninterrupted


def test_rerunning_a_finished_snapshot_changes_nothing(real_records, tmp_path):
    path = tmp_path / "snapshot.json"
    path.write_bytes(snapshot_lines(real_records[:100]))
    call_command("ingest", "--file", str(path))
    before = stored_state()
    modified = dict(Paper.objects.values_list("arxiv_id", "modified_at"))

    call_command("ingest", "--file", str(path))

    second = ImportRun.objects.order_by("-id").first()
    assert (second.created, second.updated, second.unchanged) == (0, 0, 100)
    assert stored_state() == before
    assert dict(Paper.objects.values_list("arxiv_id", "modified_at")) == modified
    assert ImportRun.objects.count() == 2


def test_a_recorded_json_response_is_still_not_a_snapshot(samples, tmp_path):
    recorded = samples / "api/arxiv.py-fixtures/id_1707.08567_s0_m100_6a1afebfc6a3.json"
    one_line = tmp_path / "recorded.json"
    one_line.write_text(json.dumps(json.loads(recorded.read_text())))

    assert not snapshot.is_snapshot(recorded) and not snapshot.is_snapshot(one_line)
    call_command("ingest", "--file", str(one_line))
    assert Paper.objects.filter(arxiv_id="1707.08567").exists()


def test_a_file_of_only_bad_lines_stores_nothing_and_says_why(tmp_path):
    path = tmp_path / "snapshot.json"
    path.write_bytes(b'{"id": 5}\n{"id": "not an id"}\n')

    call_command("ingest", "--file", str(path))

    run = ImportRun.objects.get()
    assert Paper.objects.count() == 0 and run.failed == 2
    assert "line 1 (no arXiv id)" in run.error and "line 2 (not an arXiv id" in run.error


def test_a_truncated_compressed_snapshot_fails_and_resumes_from_its_last_page(
    real_records, tmp_path, monkeypatch
):
    monkeypatch.setattr(snapshot, "PAGE_LINES", 10)
    data = gzip.compress(snapshot_lines(real_records[:40]))
    path = tmp_path / "snapshot.json.gz"
    path.write_bytes(data[: len(data) // 2])

    with pytest.raises(CommandError, match="1 of 1 imports failed"):
        call_command("ingest", "--file", str(path))
    run = ImportRun.objects.get()
    assert run.status == "failed" and "rerun to resume" in run.error
    stored = Paper.objects.count()
    assert 0 < stored < 40 and run.cursor["line"] == stored

    path.write_bytes(data)
    call_command("ingest", "--file", str(path))
    assert Paper.objects.count() == 40 and ImportRun.objects.get().status == "succeeded"


@pytest.mark.scale
def test_a_first_line_longer_than_the_look_at_the_start_is_still_a_snapshot(real_records, tmp_path):
    # A 3,000-author byline: a long line, and every field within its bound (ingest.limits).
    crowd = [
        AuthorRecord(f"Physicist{n} Collider", "Collider", f"Physicist{n}") for n in range(3000)
    ]
    records = [replace(real_records[0], authors=crowd), real_records[1]]
    path = tmp_path / "snapshot.json"
    path.write_bytes(snapshot_lines(records))
    assert len(path.read_bytes().split(b"\n", 1)[0]) > 1 << 16

    call_command("ingest", "--file", str(path))

    assert Paper.objects.get(arxiv_id=records[0].arxiv_id).authorships.count() == 3000
    assert Paper.objects.count() == 2
