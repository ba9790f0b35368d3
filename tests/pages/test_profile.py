"""The researcher profile: every section, works list, filters, paging, merges and query counts."""

import re
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from papers.models import Paper
from profiles.models import Author
from tests.factories import AuthorFactory, paper_record
from tests.feedgen import api_feed

pytestmark = pytest.mark.django_db


def _cards(html):
    return re.findall(r'<h3 class="paper-title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def ada(ingest):
    """Ada Lovelace with 25 works over three years; Alan Turing on two of them."""
    records = [
        paper_record(n, ["Ada Lovelace"] + (["Alan Turing"] if n <= 2 else []),
                     published=datetime(2022 + n % 3, 3, 1 + n, tzinfo=UTC))
        for n in range(1, 26)
    ]  # fmt: skip
    assert ingest(api_feed(records)).status == "succeeded"
    return Author.objects.get(display_name="Ada Lovelace")


def test_profile_shows_every_section_in_order_with_its_numbers(client, ada):
    html = client.get(ada.get_absolute_url()).content.decode()

    sections = ["Trust snapshot", "Metrics", "Published work", "Actions", "Research graph"]
    positions = [html.index(f">{name}</h2>") for name in sections]
    assert positions == sorted(positions)
    assert "Quick read" in html
    assert re.search(r"Trust \d+ · Unverified", html)
    assert "Verification L1" in html and "Unclaimed author" in html
    assert re.search(r'stat-value">25</dd><dd class="tip"[^>]*>Papers on arXiv', html)
    assert "Co-authors on at least two of their works." in html  # the close-collaborator rule
    assert "Works on Machine Learning" in html and "25 works, 2022–2024" in html
    assert "Affiliation not imported" in html
    assert "Follow researcher" in html and "Log in to claim" in html
    assert "Claim this author entity first to unlock direct invitations." in html
    assert "Building this graph slice" in html
    assert "25 published items" in html


def test_metrics_say_there_is_no_citation_data_instead_of_zero(client, ada):
    html = client.get(ada.get_absolute_url()).content.decode()
    assert "No citation data yet" in html
    assert ">h-index<" not in html


def test_metrics_show_citations_with_source_and_date(client, ada):
    as_of = datetime(2026, 3, 2, tzinfo=UTC)
    Author.objects.filter(pk=ada.pk).update(
        citations_count=1234, h_index=12, i10_index=15, citations_source="Semantic Scholar",
        citations_as_of=as_of, novelty=63.4, ai_score=88.0, scores_as_of=as_of,
        citations_by_year={"2024": 500, "2025": 734},
    )  # fmt: skip
    html = client.get(ada.get_absolute_url()).content.decode()
    assert "Citations from Semantic Scholar, as of Mar 2, 2026" in html
    assert ">1,234</dd>" in html and ">12</dd>" in html and ">15</dd>" in html
    assert ">63%</dd>" in html and ">88%</dd>" in html
    assert "Citations per year" in html and "<title>2025: 734 citations</title>" in html


def test_a_record_without_works_says_so(client):
    author = AuthorFactory(slug="nobody", display_name="No Body")
    html = client.get(author.get_absolute_url()).content.decode()
    assert "No works imported yet." in html
    assert "Works per year" not in html


def test_works_are_newest_first_in_pages_of_twenty_with_load_more(client, ada):
    html = client.get(ada.get_absolute_url()).content.decode()
    titles = _cards(html)
    assert len(titles) == 20
    dates = list(Paper.objects.filter(title__in=titles).values_list("title", "published"))
    by_title = dict(dates)
    assert [by_title[t] for t in titles] == sorted(by_title.values(), reverse=True)
    more = re.search(r'href="\?(after=[^"#]+)#published-work"', html).group(1)

    rest = client.get(f"{ada.get_absolute_url()}?{more}").content.decode()
    assert len(_cards(rest)) == 5 and not set(_cards(rest)) & set(titles)
    assert 'id="load-more"' not in rest


def test_load_more_through_htmx_returns_only_the_next_cards(client, ada):
    html = client.get(ada.get_absolute_url()).content.decode()
    cursor = re.search(r"after=([\d_]+)", html).group(1)

    fragment = client.get(
        ada.get_absolute_url(),
        {"after": cursor},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="load-more",
    ).content.decode()

    assert "<html" not in fragment and len(_cards(fragment)) == 5


def test_filter_by_year_and_category_and_sort_by_citations(client, ada):
    in_2023 = client.get(ada.get_absolute_url(), {"year": 2023}).content.decode()
    years = {p.published.year for p in Paper.objects.filter(title__in=_cards(in_2023))}
    assert years == {2023} and len(_cards(in_2023)) == 9

    none = client.get(ada.get_absolute_url(), {"category": "hep-th"}).content.decode()
    assert _cards(none) == [] and "No works match these filters" in none

    Paper.objects.filter(arxiv_id="2601.00007").update(citation_count=99)
    Paper.objects.filter(arxiv_id="2601.00003").update(citation_count=40)
    cited = _cards(client.get(ada.get_absolute_url(), {"sort": "citations"}).content.decode())
    assert cited[:2] == [
        "Sparse Attention for Graph Learning, Part 7",
        "Sparse Attention for Graph Learning, Part 3",
    ]


def test_filter_swap_through_htmx_returns_the_works_list_only(client, ada):
    fragment = client.get(
        ada.get_absolute_url(), {"year": 2024}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="works"
    ).content.decode()
    assert "<html" not in fragment and "Trust snapshot" not in fragment
    assert len(_cards(fragment)) == 8


@pytest.mark.parametrize(
    "query", ["year=abc", "year=1200", "after=nonsense", "after=99999999999999999999_1"]
)
def test_bad_filters_get_a_clear_400(client, ada, query):
    response = client.get(f"{ada.get_absolute_url()}?{query}")
    assert response.status_code == 400
    assert "These filters cannot be used" in response.content.decode()


def test_card_dates_drop_the_year_only_in_the_current_year(client, ingest):
    this_year = timezone.localdate().year
    ingest(api_feed([
        paper_record(1, ["Grace Hopper"], published=datetime(this_year, 5, 13, 12, tzinfo=UTC)),
        paper_record(2, ["Grace Hopper"], published=datetime(2025, 12, 29, 12, tzinfo=UTC)),
    ]))  # fmt: skip
    html = client.get(Author.objects.get(display_name="Grace Hopper").get_absolute_url())
    html = html.content.decode()
    assert ">May 13</time>" in html
    assert ">Dec 29, 2025</time>" in html


def test_cards_print_three_names_then_et_al_and_expand_to_all(client, ingest):
    names = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov"]
    ingest(api_feed([paper_record(1, names), paper_record(2, names[:3])]))
    html = client.get(Author.objects.get(display_name="Ada Lovelace").get_absolute_url())
    html = html.content.decode()
    cards = {
        re.search(r"arXiv:(\S+?)v1", c).group(1): c for c in html.split('class="paper-card"')[1:]
    }
    five, three = cards["2601.00001"], cards["2601.00002"]
    assert "Grace Hopper" in five and "Edsger Dijkstra" not in five and "et al." in five
    assert "et al." not in three

    everyone = client.get("/papers/2601.00001/authors/", HTTP_HX_REQUEST="true").content.decode()
    assert all(name in everyone for name in names) and "<html" not in everyone


def test_a_card_shows_kind_venue_version_code_and_citations(client, ingest):
    ingest(api_feed([paper_record(1, ["Ada Lovelace"], version=2, journal_ref="Phys. Rev. D 95, 12 (2026)",
                                  abstract="Code at https://github.com/ada/engine for all.")]))  # fmt: skip
    Paper.objects.update(citation_count=7, citations_source="Semantic Scholar",
                         citations_as_of=timezone.now())  # fmt: skip
    html = client.get(Author.objects.get().get_absolute_url()).content.decode()
    assert "journal article · 2026 · Phys. Rev. D 95, 12 (2026)" in html
    assert "arXiv:2601.00001v2" in html
    assert 'href="https://github.com/ada/engine"' in html and ">Code</a>" in html
    assert "7 citations" in html


def test_profile_query_count_does_not_grow_with_works(
    client, ingest, django_assert_max_num_queries
):
    ingest(api_feed([paper_record(n, ["Ada Lovelace", f"Coauthor {n}"]) for n in range(1, 4)]))
    small = Author.objects.get(display_name="Ada Lovelace")
    with django_assert_max_num_queries(12) as few:
        client.get(small.get_absolute_url())
    ingest(
        api_feed(
            [paper_record(n, ["Bob Builder", f"Coauthor {n}", "X Y", "Z W"]) for n in range(10, 60)]
        )
    )
    big = Author.objects.get(display_name="Bob Builder")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(big.get_absolute_url())


def test_a_merged_record_answers_301_to_the_survivor_everywhere(client, ada):
    old = AuthorFactory(display_name="A. Lovelace", merged_into=ada)
    older = AuthorFactory(display_name="Countess", merged_into=old)
    for path, target in [
        (f"/researchers/{older.slug}/", ada.get_absolute_url()),
        (f"/researchers/{old.slug}/?year=2023", f"{ada.get_absolute_url()}?year=2023"),
        (f"/researchers/{old.slug}/works.atom", f"/researchers/{ada.slug}/works.atom"),
        (f"/researchers/{old.slug}/works.bib", f"/researchers/{ada.slug}/works.bib"),
    ]:
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (301, target), path


def test_unknown_researcher_is_404(client):
    assert client.get("/researchers/nobody-here/").status_code == 404


def test_graph_slice_lists_the_closest_collaborators(client, ada):
    html = client.get(f"/graph/slice/{ada.slug}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Alan Turing" in html and "2 shared works" in html
