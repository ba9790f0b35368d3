"""The base pages: home, a researcher, a paper, with constant query counts."""

import pytest
from django.urls import reverse

from profiles.models import Author
from tests.factories import paper_record
from tests.feedgen import api_feed

pytestmark = pytest.mark.django_db


def test_home_lists_latest_papers_and_most_active_researchers(client, ingest):
    ingest(
        api_feed(
            [paper_record(1, ["Ada Lovelace", "Alan Turing"]), paper_record(2, ["Ada Lovelace"])]
        )
    )

    page = client.get("/").content.decode()

    assert "Sparse Attention for Graph Learning, Part 2" in page
    assert page.index("Part 2") < page.index("Part 1")  # newest first
    active = page[page.index("Most active researchers") :]
    assert active.index("Ada Lovelace") < active.index("Alan Turing")
    assert "2 works" in active


def test_empty_home_says_how_to_get_data(client):
    page = client.get("/").content.decode()
    assert "No papers yet" in page


def test_researcher_page_shows_their_papers_and_counts(client, ingest):
    ingest(
        api_feed(
            [
                paper_record(1, ["Ada Lovelace", "Alan Turing"]),
                paper_record(2, ["Ada Lovelace", "Alan Turing"]),
            ]
        )
    )
    ada = Author.objects.get(display_name="Ada Lovelace")

    page = client.get(ada.get_absolute_url()).content.decode()

    assert "<h1>Ada Lovelace</h1>" in page
    assert "Part 1" in page and "Part 2" in page
    assert "Affiliation not imported" in page


def test_paper_page_links_every_author_and_arxiv(client, ingest):
    ingest(api_feed([paper_record(7, ["Ada Lovelace", "Alan Turing"], doi="10.1000/xyz")]))

    page = client.get(reverse("papers:detail", args=["2601.00007"])).content.decode()

    for author in Author.objects.all():
        assert f'href="{author.get_absolute_url()}"' in page
    assert (
        "https://arxiv.org/abs/2601.00007v1" in page
        and "https://arxiv.org/pdf/2601.00007v1" in page
    )
    assert "cs.LG" in page and "10.1000/xyz" in page


def test_old_style_arxiv_ids_have_pages(client, ingest):
    ingest(api_feed([paper_record(1, ["Ada Lovelace"], arxiv_id="cond-mat/0412498")]))
    assert client.get("/papers/cond-mat/0412498/").status_code == 200


def test_unknown_paper_and_researcher_are_404(client):
    assert client.get("/papers/2601.99999/").status_code == 404
    assert client.get("/researchers/nobody-here/").status_code == 404


def test_a_merged_author_redirects_permanently_to_the_survivor(client, ingest):
    ingest(
        api_feed(
            [
                paper_record(1, ["Ada Lovelace"]),
                paper_record(
                    2, ["Alan Turing"], primary_category="math.LO", categories=["math.LO"]
                ),
            ]
        )
    )
    ada, alan = (
        Author.objects.get(display_name="Ada Lovelace"),
        Author.objects.get(display_name="Alan Turing"),
    )
    alan.merged_into = ada
    alan.save()

    response = client.get(alan.get_absolute_url())

    assert response.status_code == 301 and response["Location"] == ada.get_absolute_url()


def test_profile_and_home_query_counts_do_not_grow_with_works(
    client, ingest, django_assert_max_num_queries
):
    ingest(
        api_feed([paper_record(n, ["Ada Lovelace", f"Coauthor Number{n}"]) for n in range(1, 41)])
    )
    ada = Author.objects.get(display_name="Ada Lovelace")

    # Profile: author, works, their first bylines, category names.
    with django_assert_max_num_queries(4):
        client.get(ada.get_absolute_url())
    # Home: papers, their first bylines, most active authors.
    with django_assert_max_num_queries(3):
        client.get("/")
    # Paper: paper, versions, bylines, categories, more from the authors and their bylines.
    with django_assert_max_num_queries(6):
        client.get("/papers/2601.00001/")
