"""Every recorded arXiv response in ARXIV_SAMPLES_DIR goes through the real ingest path."""

import pytest

from ingest.models import ImportRun
from ingest.pipeline import _subject_codes, import_file, read_saved_response
from ingest.sources import arxiv_api, arxiv_rss, oai_pmh
from ingest.sources.common import FeedError
from papers.models import Authorship, Paper, PaperVersion

pytestmark = pytest.mark.django_db


def test_api_page_gives_ids_versions_categories_and_bylines_in_order(samples):
    page = arxiv_api.parse((samples / "api/api_2026_search_testing_100_entries.xml").read_bytes())

    assert (page.total_results, page.start_index, len(page.records)) == (214881, 0, 100)
    first = page.records[0]
    assert first.arxiv_id == "2202.12139" and first.version == 1
    assert first.title.startswith("Testing Deep Learning Models: A First Comparative Study")
    assert [a.name for a in first.authors] == [
        "Mohit Kumar Ahuja",
        "Arnaud Gotlieb",
        "Helge Spieker",
    ]
    assert first.primary_category == "cs.SE" and first.categories == ["cs.SE", "cs.LG"]
    assert first.doi == "10.1109/ICSTW55395.2022.00035"
    assert page.next_start == 100


def test_api_entries_keep_each_authors_own_affiliation(samples):
    body = read_saved_response(samples / "api/stringologytimes_api_entries_2060.xml")
    records = {r.arxiv_id: r for r in arxiv_api.parse(body).records}

    assert len(records) == 2060
    assert sum(1 for r in records.values() if r.doi) == 188
    caceres = records["2002.12662"]
    assert [(a.name, a.affiliations) for a in caceres.authors] == [
        ("Manuel Cáceres", ("University of Chile",)),
        ("Simon J. Puglisi", ("University of Helsinki",)),
        ("Bella Zhukova", ("University of Helsinki",)),
    ]


def test_names_that_arrive_double_encoded_are_stored_as_printed(samples):
    # The recording carries "VÃ¢nia", "BetÃ¼l KaragÃ¶z": UTF-8 read as Latin-1 upstream.
    page = arxiv_api.parse((samples / "api/api_2026_search_testing_100_entries.xml").read_bytes())
    names = {a.name for r in page.records for a in r.authors}

    assert {"Vânia de Oliveira Neves", "Betül Karagöz", "Oliver Weißl"} <= names
    assert not any("Ã" in name for name in names)


def test_old_style_ids_keep_their_archive(samples):
    body = read_saved_response(
        samples / "api/arxiv.py-fixtures/id_astro-ph_0601001_s0_m100_3150dca9dc76.json"
    )
    (record,) = arxiv_api.parse(body).records
    assert record.arxiv_id == "astro-ph/0601001"


def test_api_error_feed_is_refused_with_arxivs_message(samples):
    body = read_saved_response(samples / "api/arxiv.py-fixtures/id_abc_s0_m100_b79c8dcf6bc3.json")
    with pytest.raises(FeedError, match="incorrect id format for abc"):
        arxiv_api.parse(body)


def test_api_empty_result_is_an_empty_page_not_an_error(samples):
    body = read_saved_response(
        samples / "api/arxiv.py-fixtures/id_0000.0000_s0_m100_8b51d9633a68.json"
    )
    page = arxiv_api.parse(body)
    assert page.records == [] and page.total_results == 0 and page.next_start is None


def test_rss_gives_announce_types_dates_and_split_creators(samples):
    records = arxiv_rss.parse(
        (samples / "rss/laya-reader_rss_cs.LG+cs.AI+cs.CL+stat.ML_2026-09-24.xml").read_bytes()
    )

    assert [(r.arxiv_id, r.version, r.announce_type) for r in records] == [
        ("2609.26811", 1, "new"),
        ("2609.26820", 1, "new"),
        ("2205.06398", 2, "cross"),
        ("2009.13987", 3, "replace"),
    ]
    assert {str(r.announced_on) for r in records} == {"2026-09-24"}
    assert [a.name for a in records[2].authors] == [
        "Pritam Dey",
        "Zhengwu Zhang",
        "David B. Dunson",
    ]
    assert records[2].doi == "10.1093/bioinformatics/btac431"
    assert records[1].abstract.startswith("Physiological time series")


def test_oai_arxivraw_lists_every_version_and_the_resumption_token(samples):
    page = oai_pmh.parse(
        (samples / "oai/litpuvn_ListRecords_arXivRaw_2016-10-20_387rec.xml").read_bytes()
    )

    assert len(page.records) == 387
    assert (page.resumption_token, page.complete_list_size) == ("1403493|1001", 1440)
    first = page.records[0]
    assert first.arxiv_id == "0803.4354" and first.version == len(first.versions) == 6
    assert [v.version for v in first.versions] == [1, 2, 3, 4, 5, 6]


def test_oai_arxiv_prefix_builds_names_from_keyname_and_forenames(samples):
    page = oai_pmh.parse(
        (
            samples
            / "oai/hepcrawl/functional__arxiv__fixtures__http_server__records__arxiv-physics-hep-ex.xml"
        ).read_bytes()
    )
    first = page.records[0]
    assert first.arxiv_id == "1706.05371"
    assert (first.authors[0].name, first.authors[0].keyname, first.authors[0].forenames) == (
        "Tyler Anderson",
        "Anderson",
        "Tyler",
    )
    assert first.categories == ["physics.ins-det", "hep-ex"]


@pytest.mark.parametrize(
    "name, code",
    [
        ("ErrorResponseBadArgument.xml", "badArgument"),
        ("ErrorResponseBadResumptionToken.xml", "badResumptionToken"),
        ("ErrorResponseBadVerb.xml", "badVerb"),
        ("ErrorResponseIdDoesNotExist.xml", "idDoesNotExist"),
    ],
)
def test_oai_error_responses_fail_the_run_with_the_oai_code(samples, name, code):
    run = import_file(samples / "oai/arXivOAIHarvester" / name)
    assert run.status == ImportRun.Status.FAILED
    assert code in run.error
    assert Paper.objects.count() == 0


def test_oai_no_records_match_is_an_empty_successful_run(samples):
    run = import_file(samples / "oai/arXivOAIHarvester/ErrorResponseNoRecordsMatch.xml")
    assert run.status == ImportRun.Status.SUCCEEDED and run.fetched == 0


@pytest.mark.scale
def test_every_recorded_response_imports_or_fails_cleanly(samples):
    """Good recordings succeed; the ones that are error responses fail with a message."""
    from ingest.samples import sample_files

    for path in sample_files():
        run = import_file(path)
        if run.status == ImportRun.Status.FAILED:
            assert "error" in run.error.lower() or "Error" in run.error, (path, run.error)
        else:
            assert run.fetched >= 0, path
    assert Paper.objects.count() > 3000
    # Every paper has a version row and every byline name an authorship, in order.
    assert not Paper.objects.filter(versions__isnull=True).exists()
    paper = Paper.objects.get(arxiv_id="2002.12662")
    assert list(paper.authorships.values_list("name_as_printed", "affiliation_as_printed")) == [
        ("Manuel Cáceres", "University of Chile"),
        ("Simon J. Puglisi", "University of Helsinki"),
        ("Bella Zhukova", "University of Helsinki"),
    ]
    assert PaperVersion.objects.filter(paper__arxiv_id="0803.4354").count() == 6
    assert Authorship.objects.filter(author__isnull=True).exclude(matched_by="group").count() == 0


def test_acm_and_msc_classes_are_not_taken_for_arxiv_categories(samples):
    """The API tags entries with ACM ("F.2.2; E.4") and MSC ("68W32") classes too."""
    body = (samples / "api/stringologytimes_api_entries_2060.xml").read_bytes()
    assert b'term="E.4"' in body or b'term="F.2.2' in body
    import_file(samples / "api/stringologytimes_api_entries_2060.xml")
    codes = {code for cats in Paper.objects.values_list("categories", flat=True) for code in cats}
    assert "cs.DS" in codes
    assert not [c for c in codes if c[0].isupper() or c[0].isdigit()]


def test_oai_dc_physics_subjects_name_their_archive_and_category(samples):
    """oai_dc prints physics categories as "Condensed Matter - Quantum Gases", not "Physics - ..."."""
    page = oai_pmh.parse(
        (samples / "oai/scrapi_ListRecords_oai_dc_2014-12-24_897rec.xml").read_bytes(),
        subject_codes=_subject_codes(),
    )
    records = {r.arxiv_id: r for r in page.records}

    assert records["0911.0260"].categories == ["cond-mat.quant-gas"]
    assert records["cond-mat/0402109"].categories == ["cond-mat.str-el", "cond-mat.supr-con"]
    assert sum(1 for r in page.records if not r.categories) == 0
