"""The full explorer: a view per URL, expansions, a path, filters, cards, and plain answers to bad input."""

import re

import pytest

from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def page(client, query, **headers):
    response = client.get(f"/graph/?{query}", **headers)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def node_ids(html):
    return re.findall(r'<a class="g-node[^"]*" href="[^"]*" data-id="([^"]+)"', html)


def test_the_explorer_draws_the_focus_slice_as_focusable_nodes(client, lab):
    html = page(client, "focus=author:ada-lovelace")
    assert '<h1>Around <a href="/researchers/ada-lovelace/">Ada Lovelace</a></h1>' in html
    ids = set(node_ids(html))
    assert {"author:ada-lovelace", "author:alan-turing", "author:grace-hopper",
            "author:edsger-dijkstra", "paper:2601.00002", "paper:2601.00006", "topic:cs.DS",
            "topic:math.CO"} <= ids  # fmt: skip
    assert sum(i.startswith("institution:") for i in ids) == 2
    assert 'role="group" aria-label="Graph around Ada Lovelace' in html
    # Each node selects itself in the URL (no JavaScript needed) and carries its expansion.
    assert 'href="/graph/?focus=author:ada-lovelace&amp;node=author:alan-turing"' in html
    assert (
        'data-expand="/graph/?focus=author:ada-lovelace&amp;expand=author:alan-turing&amp;node=author:alan-turing"'
        in html
    )
    assert "js/graph-explorer.js" in html and "css/graph.css" in html


def test_selecting_a_node_opens_its_card(client, lab):
    html = page(client, "focus=author:ada-lovelace&node=author:alan-turing")
    card = html[
        html.index('id="graph-card"') : html.index("</section>", html.index('id="graph-card"'))
    ]
    assert ">Alan Turing</h2>" in card and "close collaborator" in card
    assert "<dt>Shared works</dt><dd>3</dd>" in card
    assert 'href="/researchers/alan-turing/">Open profile' in card
    assert (
        'href="/graph/?focus=author:ada-lovelace&amp;expand=author:alan-turing&amp;node=author:alan-turing"'
        in card
    )
    assert (
        'href="/graph/?focus=author:alan-turing&amp;node=author:alan-turing"' in card
    )  # centre here
    assert 'class="g-node g-person g-close g-selected"' in html


def test_expanding_a_collaborator_adds_their_neighbours_and_keeps_the_rest(client, lab):
    before = set(node_ids(page(client, "focus=author:ada-lovelace")))
    html = page(client, "focus=author:ada-lovelace&expand=author:alan-turing")
    after = set(node_ids(html))
    assert before < after
    assert {"author:barbara-liskov", "paper:2601.00007"} <= after - before
    assert html.count("g-fresh") == len(after - before)
    assert "1 expanded" in html


def test_expanding_keeps_earlier_nodes_where_they_were(client, lab):
    def positions(html):
        return dict(re.findall(r'data-id="([^"]+)" data-x="([\d.-]+)"', html))

    base = positions(page(client, "focus=author:ada-lovelace"))
    grown = positions(
        page(client, "focus=author:ada-lovelace&expand=author:alan-turing,topic:cs.DS")
    )
    assert {k: grown[k] for k in base} == base


def test_expanding_a_paper_a_topic_and_an_institution(client, lab):
    html = page(client, "focus=author:ada-lovelace&kinds=person,paper"
                        "&expand=paper:2601.00002")  # fmt: skip
    assert "topic:cs.DS" not in node_ids(html)  # topics are filtered out, even from an expansion
    cambridge = re.search(r'data-id="(institution:\d+)"', page(client, "focus=author:ada-lovelace"))
    html = page(client, f"focus=author:ada-lovelace&expand={cambridge.group(1)},topic:cs.DS")
    assert "paper:2601.00006" in node_ids(html)


def test_a_path_to_a_researcher_named_in_the_box_gets_its_own_url(client, lab):
    response = client.get("/graph/?focus=author:edsger-dijkstra&path=Barbara+Liskov")
    assert response.status_code == 302
    assert response["Location"] == "/graph/?focus=author:edsger-dijkstra&path=author:barbara-liskov"
    html = page(client, "focus=author:edsger-dijkstra&path=author:barbara-liskov")
    assert "3 steps from Edsger Dijkstra to Barbara Liskov" in html
    steps = re.findall(
        r'<a href="/researchers/([^/]+)/">', html[html.index('class="path-steps"') :]
    )
    assert steps[:4] == ["edsger-dijkstra", "ada-lovelace", "alan-turing", "barbara-liskov"]
    assert (
        html.count('class="g-edge g-edge-coauthor') and html.count("g-on-path") >= 7
    )  # 4 nodes, 3 lines


def test_no_path_is_said_plainly(client, lab):
    AuthorFactory(slug="loner", display_name="Lone Wolf")
    html = page(client, "focus=author:ada-lovelace&path=author:loner")
    assert "No path found" in html and "not connected through co-authors" in html


def test_filters_by_kind_and_year_are_in_the_url_and_the_form(client, lab):
    html = page(client, "focus=author:ada-lovelace&kinds=person,topic&from=2023&to=2024")
    ids = node_ids(html)
    assert not any(i.startswith(("paper:", "institution:")) for i in ids)
    assert "author:edsger-dijkstra" not in ids  # their one work is from 2021
    assert 'id="kind-paper" name="kinds" value="paper">' in html  # unchecked
    assert 'id="kind-topic" name="kinds" value="topic" checked>' in html
    assert 'value="2023"' in html and 'value="2024"' in html


def test_htmx_gets_the_explorer_fragment_and_the_url_to_show(client, lab):
    response = client.get("/graph/?focus=author:ada-lovelace&expand=author:alan-turing",
                          HTTP_HX_REQUEST="true", HTTP_HX_TARGET="explorer")  # fmt: skip
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div class="explorer" id="explorer"')
    assert response["HX-Push-Url"] == "/graph/?focus=author:ada-lovelace&expand=author:alan-turing"


def test_without_a_focus_the_explorer_offers_researchers(client, lab):
    html = page(client, "")
    assert 'href="/graph/?focus=author:ada-lovelace"' in html


@pytest.mark.parametrize(
    "query, field",
    [
        ("focus=ada-lovelace", "focus"),
        ("focus=paper:2601.00001", "focus"),
        ("focus=author:ada-lovelace&kinds=people", "kinds"),
        ("focus=author:ada-lovelace&from=abc", "from"),
        ("focus=author:ada-lovelace&from=1200", "from"),
        ("focus=author:ada-lovelace&from=2024&to=2020", "from"),
        ("focus=author:ada-lovelace&expand=author:", "expand"),
        (
            "focus=author:ada-lovelace&expand=" + ",".join(f"author:x{i}" for i in range(9)),
            "expand",
        ),
        ("focus=author:ada-lovelace&path=paper:2601.00001", "path"),
        ("focus=author:ada-lovelace&path=Nobody+Known", "path"),
        ("focus=author:ada-lovelace&node=%3Cscript%3E", "node"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(client, lab, query, field):
    response = client.get(f"/graph/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "This graph view cannot be shown" in html and f"<strong>{field}</strong>" in html
    assert "<script>" not in html


def test_a_bad_value_from_the_explorers_own_form_comes_back_as_a_message(client, lab):
    response = client.get("/graph/?focus=author:ada-lovelace&path=Nobody+Known",
                          HTTP_HX_REQUEST="true", HTTP_HX_TARGET="explorer")  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400 and "HX-Push-Url" not in response
    assert html.startswith('<div class="graph-errors" id="graph-errors" role="alert">')
    assert "no researcher named “Nobody Known”" in html and "<html" not in html


def test_an_unknown_focus_is_404_and_a_merged_one_moves_with_its_query(client, lab):
    assert client.get("/graph/?focus=author:nobody-here").status_code == 404
    AuthorFactory(display_name="A. Lovelace", merged_into=lab)
    response = client.get("/graph/?focus=author:a-lovelace&expand=author:alan-turing")
    assert response.status_code == 301
    assert response["Location"] == "/graph/?focus=author:ada-lovelace&expand=author:alan-turing"


def test_an_expansion_that_is_not_in_view_is_noted_not_fatal(client, lab):
    html = page(client, "focus=author:ada-lovelace&kinds=person&expand=paper:2601.00001")
    assert "paper:2601.00001 is not in this view" in html


@pytest.mark.scale
def test_a_hub_explorer_stays_bounded(client, hub):
    html = page(client, "focus=author:hub&expand=author:co-39")
    assert len(node_ids(html)) <= 1 + 25 + 8 + 12 + 8
    assert "3,000 co-authors" in html


def test_node_links_match_the_slow_way(lab):
    from graph.nodes import KINDS, Filters
    from graph.query import ExplorerQuery

    query = ExplorerQuery(
        "ada-lovelace", ("author:alan-turing",), Filters(frozenset(KINDS) - {"paper"}, 2020, None),
        path="author:grace-hopper", node="topic:cs.DS",
    )  # fmt: skip
    ids = ["author:alan-turing", "paper:math.CO/0601001", "topic:cs.DS"]
    links = query.node_links(ids)
    for node_id in ids:
        assert links[node_id] == (
            query.url(node=node_id),
            query.expanding(node_id).url(node=node_id),
        )
