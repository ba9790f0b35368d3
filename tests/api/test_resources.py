"""What the API answers for researchers, works, co-authors, papers, search and the daily list."""

import pytest

from api.views import api
from papers.models import Paper
from profiles.models import Author
from tests.api.conftest import get_json
from tests.factories import AuthorFactory, paper_record
from tests.feedgen import api_feed, make_record

pytestmark = pytest.mark.django_db


def test_a_researcher_has_what_the_profile_shows(client, lab):
    Author.objects.filter(pk=lab.pk).update(citations_count=40, h_index=3, i10_index=1,
                                            citations_source="Semantic Scholar", orcid="0000-0002-1825-0097")  # fmt: skip
    data = get_json(client, f"/api/v1/researchers/{lab.slug}")

    assert data["name"] == "Ada Lovelace" and data["slug"] == lab.slug
    assert data["orcid"] == "0000-0002-1825-0097" and data["claimed"] is False
    assert data["verification"] == {"level": 1, "label": "L1 · imported, consistent identity"}
    assert data["counts"]["works_count"] == 7
    assert data["counts"]["close_collaborators"] == 1  # Alan, on three works
    assert data["trust"]["score"] == lab.trust_score > 0
    assert {line["key"] for line in data["trust"]["breakdown"]} >= {"works"}
    assert data["metrics"]["citations"] == {"citations": 40, "h_index": 3, "i10_index": 1,
                                            "source": "Semantic Scholar", "as_of": None}  # fmt: skip
    assert data["links"]["html"] == f"http://testserver/researchers/{lab.slug}/"
    assert data["links"]["atom"].endswith(f"/researchers/{lab.slug}/works.atom")
    assert data["links"]["bibtex"].endswith(f"/researchers/{lab.slug}/works.bib")


def test_other_names_are_the_spellings_seen(client, lab):
    lab.aliases.create(name="A. Lovelace", normalized="a lovelace")
    data = get_json(client, f"/api/v1/researchers/{lab.slug}")
    assert data["other_names"] == ["A. Lovelace"]


def test_researchers_list_is_sorted_by_works_and_searchable(client, lab):
    data = get_json(client, "/api/v1/researchers")
    assert [r["name"] for r in data["items"]] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    data = get_json(client, "/api/v1/researchers?q=turing")
    assert [r["name"] for r in data["items"]] == ["Alan Turing"]


def test_works_are_newest_first_with_lead_authors(client, lab):
    data = get_json(client, f"/api/v1/researchers/{lab.slug}/works?limit=3")
    assert [w["arxiv_id"] for w in data["items"]] == ["2601.00007", "2601.00006", "2601.00005"]
    assert data["items"][0]["lead_authors"][0] == {
        "name": "Ada Lovelace", "position": 0, "researcher": lab.slug,
    }  # fmt: skip
    assert data["next_cursor"]


def test_coauthors_strongest_first(client, lab):
    data = get_json(client, f"/api/v1/researchers/{lab.slug}/coauthors")
    assert [c["researcher"]["name"] for c in data["items"]] == ["Alan Turing", "Grace Hopper"]
    assert data["items"][0]["shared_works"] == 3 and data["total"] == 2
    assert data["close_total"] == 1


def test_a_paper_has_versions_categories_and_every_byline(client, ingest):
    ingest(api_feed([make_record(3, version=2, doi="10.1000/xyz", journal_ref="J. Graph Learn. 4",
                                 comment="Code: https://github.com/lovelace/engine")]))  # fmt: skip
    data = get_json(client, "/api/v1/papers/2601.00003")

    assert data["title"] == "Sparse Attention for Graph Learning, Part 3"
    assert [v["version"] for v in data["versions"]] == [1, 2]
    assert data["categories"][0] == {"code": "cs.LG", "name": "Machine Learning"}
    assert data["doi"] == "10.1000/xyz" and data["journal_ref"] == "J. Graph Learn. 4"
    assert data["code_url"] == "https://github.com/lovelace/engine"
    first = data["bylines"][0]
    assert first["name_as_printed"] == "Jürgen Müller" and first["position"] == 0
    assert first["matched_by"] == "new" and 0 <= first["confidence"] <= 1
    assert first["researcher"] == Author.objects.get(display_name="Jürgen Müller").slug
    assert len(data["bylines"]) == 3
    assert data["links"]["abs"] == "https://arxiv.org/abs/2601.00003v2"


def test_unknown_ids_are_json_404(client, lab):
    assert "message" in get_json(client, "/api/v1/papers/2601.99999", 404)
    assert "message" in get_json(client, "/api/v1/researchers/nobody-here", 404)
    assert "message" in get_json(client, "/api/v1/researchers/nobody-here/works", 404)
    assert "message" in get_json(client, "/api/v1/nothing/here", 404)


def test_a_merged_record_answers_301_to_the_survivor(client, lab):
    old = AuthorFactory(display_name="A. Lovelace", merged_into=lab)
    for suffix in ("", "/works?limit=2", "/coauthors"):
        response = client.get(f"/api/v1/researchers/{old.slug}{suffix}")
        assert response.status_code == 301
        assert response["Location"] == f"/api/v1/researchers/{lab.slug}{suffix}"


def test_search_finds_papers_and_researchers(client, lab):
    data = get_json(client, "/api/v1/search?q=lovelace")
    assert [r["name"] for r in data["researchers"]] == ["Ada Lovelace"]
    assert len(data["papers"]) == 7
    exact = get_json(client, "/api/v1/search?q=arXiv:2601.00002v1")["exact"]
    assert exact["arxiv_id"] == "2601.00002" and exact["links"]["api"].endswith(
        "/papers/2601.00002"
    )


def test_daily_lists_one_day_most_upvoted_first(client, ingest):
    ingest(api_feed([make_record(n) for n in (1, 2, 3)]))
    Paper.objects.filter(arxiv_id="2601.00002").update(upvotes_count=5)
    day = Paper.objects.get(arxiv_id="2601.00001").announced_on
    data = get_json(client, f"/api/v1/daily?date={day.isoformat()}")
    assert data["date"] == day.isoformat()
    assert [p["arxiv_id"] for p in data["items"]][0] == "2601.00002"
    assert get_json(client, "/api/v1/daily")["date"] == day.isoformat()  # the latest day
    assert "message" in get_json(client, "/api/v1/daily?date=yesterday", 422)
    assert "not a date" in get_json(client, "/api/v1/daily?date=2024-02-30", 422)["message"]


@pytest.mark.parametrize(
    "path", ["/researchers/{slug}", "/researchers/{slug}/works", "/researchers/{slug}/coauthors"]
)
def test_researcher_query_counts_do_not_grow_with_works(
    client, ingest, django_assert_max_num_queries, path
):
    ingest(api_feed([paper_record(n, ["Ada Lovelace", f"Coauthor {n}"]) for n in range(1, 3)]))
    small = Author.objects.get(display_name="Ada Lovelace")
    with django_assert_max_num_queries(8) as few:
        client.get("/api/v1" + path.format(slug=small.slug))
    ingest(
        api_feed([paper_record(n, ["Bob Builder", f"Coauthor {n}", "X Y"]) for n in range(10, 50)])
    )
    big = Author.objects.get(display_name="Bob Builder")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1" + path.format(slug=big.slug) + "?limit=100")


def test_paper_query_count_does_not_grow_with_bylines(
    client, ingest, django_assert_max_num_queries
):
    ingest(api_feed([paper_record(1, ["A B"]), paper_record(2, [f"P N{i}" for i in range(300)])]))
    with django_assert_max_num_queries(8) as few:
        client.get("/api/v1/papers/2601.00001")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/v1/papers/2601.00002").json()["bylines"]) == 300


def test_list_query_counts_are_constant(client, ingest, django_assert_max_num_queries):
    ingest(api_feed([paper_record(1, ["A B"])]))
    counts = {}
    for url in ("/api/v1/researchers", "/api/v1/search?q=graph", "/api/v1/daily"):
        with django_assert_max_num_queries(12) as captured:
            client.get(url)
        counts[url] = len(captured.captured_queries)
    ingest(api_feed([paper_record(n, [f"Person {n}", "A B", "C D"]) for n in range(2, 40)]))
    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            client.get(url + ("&" if "?" in url else "?") + "limit=100")


def test_every_operation_is_in_the_schema():
    paths = set(api.get_openapi_schema()["paths"])
    assert paths == {
        "/api/v1/researchers", "/api/v1/researchers/{slug}", "/api/v1/researchers/{slug}/works",
        "/api/v1/researchers/{slug}/coauthors", "/api/v1/papers/{arxiv_id}", "/api/v1/search",
        "/api/v1/daily",
    }  # fmt: skip
