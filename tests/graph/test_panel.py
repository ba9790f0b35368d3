"""The research-graph panel on a profile: loaded after the page, drawn, listed, cached, invalidated."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graph.edges import rebuild_author_edges
from papers.models import Authorship, Paper
from profiles.models import Author
from profiles.ownership import mark_not_mine
from tests.factories import AuthorFactory
from tests.feedgen import api_feed
from tests.graph.conftest import author, paper

pytestmark = pytest.mark.django_db


def fragment(client, who):
    response = client.get(f"/graph/slice/{who.slug}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_the_profile_loads_the_panel_after_the_page_and_links_the_explorer(client, lab):
    html = client.get(lab.get_absolute_url()).content.decode()
    panel = html[html.index('class="panel graph-panel"') :]
    assert 'hx-get="/graph/slice/ada-lovelace/" hx-trigger="revealed"' in panel
    assert "Building this graph slice…" in panel
    assert 'href="/graph/?focus=author:ada-lovelace">Open full explorer</a>' in panel
    assert "css/graph.css" in panel


def test_the_panel_draws_people_papers_topics_and_institutions_as_links(client, lab):
    html = fragment(client, lab)
    svg = html[html.index("<svg") : html.index("</svg>")]
    for href in ("/researchers/alan-turing/", "/researchers/grace-hopper/",
                 "/papers/2601.00002/", "/researchers/?category=cs.DS",
                 "/researchers/?institution=University+of+Cambridge"):  # fmt: skip
        assert f'href="{href}"' in svg, href
    assert re.search(
        r'<text class="g-label g-label-person g-label-focus"[^>]*>Ada Lovelace</text>', svg
    )
    assert 'class="g-node g-person g-close"' in svg and 'class="g-node g-paper"' in svg
    assert svg.count('class="g-edge g-edge-coauthor g-edge-focus"') == 3


def test_the_same_slice_is_listed_under_the_picture(client, lab):
    html = fragment(client, lab)
    lists = html[html.index('class="graph-lists"') :]
    assert "3 co-authors, 2 close" in html
    assert re.search(r"People <span class=\"count\">3</span>", lists)
    assert '<a href="/researchers/alan-turing/">Alan Turing</a> <span class="close-mark"' in lists
    assert "3 shared works · 2022–2024" in lists
    assert 'Papers <span class="count">6</span>' in lists
    assert "80% of works (4)" in lists and "University of Cambridge" in lists


# Committed for real: the cache compares counters stamps, the times of separate transactions.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_panel_is_served_from_the_cache_until_the_graph_changes(
    client, lab, ingest, django_assert_num_queries
):
    fragment(client, lab)
    with django_assert_num_queries(1):  # the author's record; the panel comes from Redis
        cached = fragment(client, lab)
    assert "Katherine Johnson" not in cached

    ingest(api_feed([paper(30, ["Ada Lovelace", "Katherine Johnson"], 2026)]))

    assert "Katherine Johnson" in fragment(client, lab)


def test_a_record_whose_works_are_still_arriving_is_not_cached(client, lab):
    # Mid-run, ingest has cleared the stamp: later pages of the run may add works.
    Author.objects.filter(pk=lab.pk).update(counters_refreshed_at=None)
    fragment(client, lab)
    with CaptureQueriesContext(connection) as served:
        fragment(client, lab)
    assert len(served.captured_queries) > 1, "built again, not read from the cache"


def test_not_mine_shows_in_the_co_authors_panels(client, lab, make_user):
    alan = author("Alan Turing")
    assert "Grace Hopper" in fragment(client, alan)
    grace, user = author("Grace Hopper"), make_user()
    Author.objects.filter(pk=grace.pk).update(claimed_by=user)
    grace.refresh_from_db()

    mark_not_mine(grace, user, Paper.objects.get(arxiv_id="2601.00002"))

    assert "Grace Hopper" not in fragment(client, alan)


def test_a_rebuild_after_a_merge_shows_in_the_panel(client, lab):
    fragment(client, lab)
    alan, grace = author("Alan Turing"), author("Grace Hopper")
    Authorship.objects.filter(author=grace).update(author=alan)
    Author.objects.filter(pk=grace.pk).update(merged_into=alan)
    rebuild_author_edges([grace.pk, alan.pk])

    html = fragment(client, lab)
    assert "Grace Hopper" not in html and "2 co-authors, 1 close" in html


def test_a_merged_record_redirects_to_the_survivor_and_an_unknown_one_is_404(client, lab):
    old = AuthorFactory(display_name="A. Lovelace", merged_into=lab)
    response = client.get(f"/graph/slice/{old.slug}/")
    assert (response.status_code, response["Location"]) == (301, "/graph/slice/ada-lovelace/")
    assert client.get("/graph/slice/nobody-at-all/").status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_panel_costs_the_same_queries_for_a_small_and_a_large_graph(
    client, lab, ingest, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6) as small:
        fragment(client, lab)
    ingest(api_feed([paper(100 + n, ["Ada Lovelace", f"Helper Number{n}"]) for n in range(40)]))
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = fragment(client, lab)
    assert "43 co-authors" in html


@pytest.mark.scale
def test_a_hub_gets_a_bounded_panel(client, hub):
    html = fragment(client, hub)
    assert "3,000 co-authors" in html and "the picture shows the 12 strongest" in html
    assert html.count('class="g-node g-person') == 13  # the focus and twelve
    assert len(re.findall(r"<li><a href=\"/researchers/co-", html)) == 25


def test_a_record_without_coauthors_or_works_says_so(client, db):
    nobody = AuthorFactory(slug="nobody", display_name="No Body")
    assert "has nothing to draw" in fragment(client, nobody)
