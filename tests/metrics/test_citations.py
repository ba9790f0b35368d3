"""Citation counts from Semantic Scholar and OpenAlex: who wins, retries, and all-or-nothing batches."""

import json
from datetime import UTC, datetime

import httpx
import pytest
import respx

from papers import citations
from papers.citations import CitationError, CitationsUnavailable, enrich_papers
from papers.models import Paper
from profiles.models import Author
from tests.feedgen import make_record

pytestmark = pytest.mark.django_db

S2 = "https://api.semanticscholar.org/graph/v1/paper/batch"
OPENALEX = "https://api.openalex.org/works"
NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def s2_paper(arxiv_id, citations, corpus_id=275000000):
    """One entry as the batch endpoint returns it for fields=citationCount,externalIds."""
    n = int(arxiv_id.replace(".", "")[-5:])
    return {
        "paperId": f"{n:040x}",
        "externalIds": {
            "ArXiv": arxiv_id,
            "DOI": f"10.48550/arXiv.{arxiv_id}",
            "CorpusId": corpus_id + n,
        },
        "citationCount": citations,
    }


def openalex_page(*works):
    """A works list as api.openalex.org answers it (select=id,doi,cited_by_count,counts_by_year)."""
    return {
        "meta": {
            "count": len(works),
            "db_response_time_ms": 27,
            "page": 1,
            "per_page": 50,
            "groups_count": None,
        },
        "results": list(works),
        "group_by": [],
    }


def openalex_work(arxiv_id, cited_by_count, by_year):
    return {
        "id": f"https://openalex.org/W43{arxiv_id.replace('.', '')}",
        "doi": f"https://doi.org/10.48550/arxiv.{arxiv_id}",
        "cited_by_count": cited_by_count,
        "counts_by_year": [{"year": y, "cited_by_count": n} for y, n in by_year.items()],
    }


def stored(arxiv_id):
    return Paper.objects.get(arxiv_id=arxiv_id)


@respx.mock
def test_counts_come_from_semantic_scholar_then_openalex_and_years_from_openalex(
    add_papers, client, settings
):
    papers = add_papers(make_record(1), make_record(2), make_record(3))
    s2 = respx.post(S2).respond(
        200, json=[s2_paper("2601.00001", 12), None, s2_paper("2601.00003", 4)]
    )
    openalex = respx.get(OPENALEX).respond(
        200,
        json=openalex_page(
            openalex_work("2601.00001", 11, {2026: 9, 2025: 2}),
            openalex_work("2601.00002", 7, {2026: 7}),
        ),
    )

    asked = enrich_papers([p.id for p in papers.values()], client, now=NOW)

    assert asked == 3
    one, two, three = stored("2601.00001"), stored("2601.00002"), stored("2601.00003")
    assert (one.citation_count, one.citations_source) == (12, "Semantic Scholar")
    assert one.citations_by_year == {"2025": 2, "2026": 9}
    assert (two.citation_count, two.citations_source) == (7, "OpenAlex")
    assert two.citations_by_year == {"2026": 7}
    assert (three.citation_count, three.citations_source, three.citations_by_year) == (
        4,
        "Semantic Scholar",
        {},
    )
    assert {p.citations_as_of for p in (one, two, three)} == {NOW}
    request = s2.calls.last.request
    assert request.url.params["fields"] == "citationCount,externalIds"
    assert json.loads(request.content) == {
        "ids": ["ARXIV:2601.00001", "ARXIV:2601.00002", "ARXIV:2601.00003"]
    }
    assert "x-api-key" not in request.headers
    params = openalex.calls.last.request.url.params
    assert params["filter"] == (
        "doi:10.48550/arxiv.2601.00001|10.48550/arxiv.2601.00002|10.48550/arxiv.2601.00003"
    )
    assert params["per-page"] == "50" and params["mailto"] == settings.OPENALEX_MAILTO


@respx.mock
def test_the_semantic_scholar_key_is_sent_when_configured(add_papers, client, settings):
    settings.SEMANTIC_SCHOLAR_API_KEY = "s2-key-123"
    papers = add_papers(make_record(1))
    s2 = respx.post(S2).respond(200, json=[None])
    respx.get(OPENALEX).respond(200, json=openalex_page())

    enrich_papers([p.id for p in papers.values()], client, now=NOW)

    assert s2.calls.last.request.headers["x-api-key"] == "s2-key-123"


@respx.mock
def test_authors_get_their_metrics_in_the_same_batch(add_papers, client):
    papers = add_papers(make_record(1), make_record(2))
    respx.post(S2).respond(200, json=[s2_paper("2601.00001", 12), s2_paper("2601.00002", 3)])
    respx.get(OPENALEX).respond(200, json=openalex_page())

    enrich_papers([p.id for p in papers.values()], client, now=NOW)

    ada = Author.objects.get(display_name="Ada Lovelace")
    assert (ada.citations_count, ada.h_index, ada.i10_index) == (15, 2, 1)
    assert (ada.citations_source, ada.citations_as_of) == ("Semantic Scholar", NOW)


@respx.mock
def test_a_paper_neither_source_knows_has_no_count_but_is_not_asked_again_at_once(
    add_papers, client
):
    papers = add_papers(make_record(1))
    respx.post(S2).respond(200, json=[None])
    respx.get(OPENALEX).respond(200, json=openalex_page())

    enrich_papers([p.id for p in papers.values()], client, now=NOW)

    paper = stored("2601.00001")
    assert (paper.citation_count, paper.citations_source, paper.citations_as_of) == (None, "", NOW)
    assert citations.stale_paper_ids(10, now=NOW) == []


@respx.mock
def test_a_source_that_forgets_a_paper_never_blanks_its_stored_count(add_papers, client):
    papers = add_papers(make_record(1))
    Paper.objects.update(
        citation_count=40, citations_source="Semantic Scholar", citations_by_year={"2025": 40}
    )
    respx.post(S2).respond(200, json=[None])
    respx.get(OPENALEX).respond(200, json=openalex_page())

    enrich_papers([p.id for p in papers.values()], client, now=NOW)

    paper = stored("2601.00001")
    assert (paper.citation_count, paper.citations_source) == (40, "Semantic Scholar")
    assert paper.citations_by_year == {"2025": 40} and paper.citations_as_of == NOW


@respx.mock
def test_an_answer_about_another_arxiv_paper_is_not_credited(add_papers, client):
    papers = add_papers(make_record(1))
    respx.post(S2).respond(200, json=[s2_paper("2601.09999", 500)])
    respx.get(OPENALEX).respond(200, json=openalex_page(openalex_work("2601.00001", 6, {2026: 6})))

    enrich_papers([p.id for p in papers.values()], client, now=NOW)

    paper = stored("2601.00001")
    assert (paper.citation_count, paper.citations_source) == (6, "OpenAlex")


@respx.mock
def test_429_with_retry_after_waits_that_long_then_succeeds(add_papers, client, sleep):
    papers = add_papers(make_record(1))
    respx.post(S2).mock(
        side_effect=[
            httpx.Response(
                429,
                headers={"Retry-After": "7"},
                json={"message": "Too Many Requests. Please wait and try again.", "code": "429"},
            ),
            httpx.Response(200, json=[s2_paper("2601.00001", 12)]),
        ]
    )
    respx.get(OPENALEX).respond(200, json=openalex_page())

    enrich_papers([p.id for p in papers.values()], client, now=NOW)

    assert sleep == [7.0]
    assert stored("2601.00001").citation_count == 12


@respx.mock
def test_500_then_success_is_retried_after_a_backoff(add_papers, client, sleep):
    papers = add_papers(make_record(1))
    respx.post(S2).respond(200, json=[None])
    respx.get(OPENALEX).mock(
        side_effect=[
            httpx.Response(500, text="Internal Server Error"),
            httpx.Response(200, json=openalex_page(openalex_work("2601.00001", 3, {2026: 3}))),
        ]
    )

    enrich_papers([p.id for p in papers.values()], client, now=NOW)

    assert sleep == [2.0]
    assert stored("2601.00001").citation_count == 3


@respx.mock
def test_a_source_that_keeps_failing_is_unavailable_and_nothing_is_written(
    add_papers, client, sleep
):
    papers = add_papers(make_record(1))
    respx.post(S2).respond(200, json=[s2_paper("2601.00001", 12)])
    respx.get(OPENALEX).respond(503, text="Service Unavailable")

    with pytest.raises(CitationsUnavailable, match="OpenAlex answered HTTP 503 3 times"):
        enrich_papers([p.id for p in papers.values()], client, now=NOW)

    assert sleep == [2.0, 4.0]
    paper = stored("2601.00001")
    assert (paper.citation_count, paper.citations_as_of) == (None, None)


@respx.mock
def test_a_retry_after_beyond_five_minutes_gives_up_instead_of_blocking(add_papers, client):
    papers = add_papers(make_record(1))
    respx.post(S2).respond(429, headers={"Retry-After": "3600"})

    with pytest.raises(CitationsUnavailable, match="wait 3600 s"):
        enrich_papers([p.id for p in papers.values()], client, now=NOW)


BAD_COUNT = {**openalex_work("2601.00001", 0, {}), "cited_by_count": "many"}


@pytest.mark.parametrize(
    ("api", "response", "message"),
    [
        ("s2", httpx.Response(200, text='[{"paperId": "ab12", "citationCount": 3'), "not JSON"),
        ("s2", httpx.Response(200, text="<html><body>Bad gateway</body></html>"), "not JSON"),
        ("s2", httpx.Response(200, json={"data": []}), "a dict for 2 ids"),
        ("s2", httpx.Response(200, json=[None]), "a list of 1 for 2 ids"),
        ("s2", httpx.Response(400, json={"error": "Unrecognized field"}), "HTTP 400"),
        ("openalex", httpx.Response(200, text='{"meta": {"count": 2}, "results": ['), "not JSON"),
        ("openalex", httpx.Response(200, json={"error": "x"}), "expected a list of works"),
        ("openalex", httpx.Response(200, json=openalex_page(BAD_COUNT)), "unreadable counts"),
    ],
    ids=["s2-truncated", "s2-html", "s2-not-a-list", "s2-short", "s2-400", "oa-truncated",
         "oa-no-results", "oa-bad-count"],
)  # fmt: skip
@respx.mock
def test_a_malformed_answer_fails_clearly_and_writes_nothing(
    add_papers, client, api, response, message
):
    papers = add_papers(make_record(1), make_record(2))
    good_s2 = [s2_paper("2601.00001", 12), s2_paper("2601.00002", 1)]
    respx.post(S2).mock(return_value=response if api == "s2" else httpx.Response(200, json=good_s2))
    respx.get(OPENALEX).mock(
        return_value=response if api == "openalex" else httpx.Response(200, json=openalex_page())
    )

    with pytest.raises(CitationError, match=message) as failure:
        enrich_papers([p.id for p in papers.values()], client, now=NOW)

    assert not isinstance(failure.value, CitationsUnavailable)  # retrying would not help
    assert not Paper.objects.filter(citations_as_of__isnull=False).exists()
    assert not Author.objects.filter(citations_count__isnull=False).exists()


@respx.mock
def test_batches_are_stored_one_by_one_and_a_failed_batch_leaves_earlier_ones(
    add_papers, client, monkeypatch
):
    monkeypatch.setattr(citations, "S2_BATCH", 2)
    papers = add_papers(*(make_record(n) for n in range(1, 6)))
    respx.post(S2).mock(
        side_effect=[
            httpx.Response(200, json=[s2_paper("2601.00001", 1), s2_paper("2601.00002", 2)]),
            httpx.Response(200, text="<html>oops</html>"),
        ]
    )
    respx.get(OPENALEX).respond(200, json=openalex_page())

    with pytest.raises(CitationError):
        enrich_papers([p.id for p in papers.values()], client, now=NOW)

    checked = Paper.objects.filter(citations_as_of=NOW).values_list("arxiv_id", flat=True)
    assert sorted(checked) == ["2601.00001", "2601.00002"]


@respx.mock
def test_openalex_is_asked_fifty_dois_at_a_time(add_papers, client, monkeypatch):
    monkeypatch.setattr(citations, "OPENALEX_BATCH", 2)
    papers = add_papers(*(make_record(n) for n in range(1, 6)))
    respx.post(S2).respond(200, json=[None] * 5)
    openalex = respx.get(OPENALEX).respond(200, json=openalex_page())

    enrich_papers([p.id for p in papers.values()], client, now=NOW)

    sizes = [len(c.request.url.params["filter"].split("|")) for c in openalex.calls]
    assert sizes == [2, 2, 1]


def test_arxiv_dois_follow_arxivs_datacite_pattern():
    assert citations.arxiv_doi("2401.12345") == "10.48550/arxiv.2401.12345"
    assert citations.arxiv_doi("hep-th/9901001") == "10.48550/arxiv.hep-th/9901001"
