"""The explorer's JSON: the view, one node's neighbours, a path; and its answers to bad input."""

import pytest

from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db

NODE_KEYS = {
    "id",
    "kind",
    "label",
    "short",
    "url",
    "detail",
    "size",
    "year",
    "focus",
    "close",
    "facts",
}


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_view_serves_nodes_with_positions_and_edges(client, lab):
    data = get(client, "/graph/api/view/?focus=author:ada-lovelace&expand=author:alan-turing")
    assert data["query"] == {"focus": "author:ada-lovelace", "expand": "author:alan-turing"}
    assert data["url"] == "/graph/?focus=author:ada-lovelace&expand=author:alan-turing"
    assert data["focus"] == "author:ada-lovelace"
    assert data["totals"] == {"collaborators": 3, "close": 2}
    assert data["expanded"] == ["author:alan-turing"]
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes["author:alan-turing"]) == NODE_KEYS | {"x", "y", "r"}
    assert nodes["author:ada-lovelace"]["focus"] is True
    assert nodes["author:alan-turing"]["close"] is True
    assert {"name": "Shared works", "value": "3"} in nodes["author:alan-turing"]["facts"]
    assert {n["kind"] for n in data["nodes"]} == {"person", "paper", "topic", "institution"}
    edge = next(e for e in data["edges"] if {e["source"], e["target"]} ==
                {"author:ada-lovelace", "author:alan-turing"})  # fmt: skip
    assert edge == {"source": "author:ada-lovelace", "target": "author:alan-turing",
                    "kind": "coauthor", "strength": 1.0, "detail": "3 shared works · 2022–2024"}  # fmt: skip
    assert all(e["source"] in nodes and e["target"] in nodes for e in data["edges"])
    b = data["bounds"]
    assert all(b["x"] <= n["x"] <= b["x"] + b["width"] for n in data["nodes"])


def test_one_nodes_neighbours(client, lab):
    data = get(client, "/graph/api/expand/?node=author:alan-turing")
    assert data["node"]["id"] == "author:alan-turing"
    people = [n["id"] for n in data["nodes"] if n["kind"] == "person"]
    assert people == ["author:ada-lovelace", "author:barbara-liskov", "author:grace-hopper"]
    assert data["total"] == 3 and data["more"] == 0
    assert {"paper:2601.00007", "paper:2601.00006"} <= {n["id"] for n in data["nodes"]}
    assert all("x" not in n for n in data["nodes"])

    paper = get(client, "/graph/api/expand/?node=paper:2601.00002")
    assert [n["id"] for n in paper["nodes"] if n["kind"] == "person"] == [
        "author:ada-lovelace", "author:alan-turing", "author:grace-hopper"]  # fmt: skip
    assert [n["id"] for n in paper["nodes"] if n["kind"] == "topic"] == [
        "topic:cs.DS",
        "topic:cs.LG",
    ]

    topic = get(client, "/graph/api/expand/?node=topic:cs.LG&focus=author:ada-lovelace")
    assert [n["id"] for n in topic["nodes"]] == ["paper:2601.00003", "paper:2601.00002"]


def test_a_path_as_json(client, lab):
    data = get(client, "/graph/api/path/?from=author:edsger-dijkstra&to=author:barbara-liskov")
    assert data["found"] and data["length"] == 3
    assert [n["id"] for n in data["nodes"]] == ["author:edsger-dijkstra", "author:ada-lovelace",
                                                "author:alan-turing", "author:barbara-liskov"]  # fmt: skip
    assert data["edges"][1] == {"source": "author:ada-lovelace", "target": "author:alan-turing",
                                "kind": "coauthor", "shared_works": 3, "weight": 2.5,
                                "last_year": 2024}  # fmt: skip


@pytest.mark.parametrize(
    "url, status, field",
    [
        ("/graph/api/view/", 400, "focus"),
        ("/graph/api/view/?focus=", 400, "focus"),
        ("/graph/api/view/?focus=%20", 400, "focus"),
        ("/graph/api/view/?focus=author:ada-lovelace&to=soon", 400, "to"),
        ("/graph/api/view/?focus=author:nobody", 404, "focus"),
        ("/graph/api/expand/", 400, "node"),
        ("/graph/api/expand/?node=planet:mars", 400, "node"),
        ("/graph/api/expand/?node=author:nobody", 404, "node"),
        ("/graph/api/expand/?node=topic:cs.LG&focus=author:nobody", 404, "focus"),
        ("/graph/api/path/?from=author:ada-lovelace", 400, "to"),
        ("/graph/api/path/?from=topic:cs.LG&to=author:ada-lovelace", 400, "from"),
        ("/graph/api/path/?from=author:ada-lovelace&to=author:nobody", 404, "to"),
    ],
)
def test_bad_input_gets_json_errors_naming_the_parameter(client, lab, url, status, field):
    assert field in get(client, url, status)["errors"]


def test_a_merged_focus_redirects_the_api_too(client, lab):
    AuthorFactory(display_name="A. Lovelace", merged_into=lab)
    response = client.get("/graph/api/view/?focus=author:a-lovelace")
    assert response.status_code == 301
    assert response["Location"] == "/graph/api/view/?focus=author:ada-lovelace"
