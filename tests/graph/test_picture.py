"""The server-side layout and SVG: deterministic, centred, inside the box, legible, linked."""

import re
from itertools import combinations

import pytest

from graph.drawing import COMPACT, LARGE, draw, text_width
from graph.layout import layout_slice, place_new
from graph.nodes import PERSON, Edge, Node
from graph.panel import PICTURE
from graph.slice import build_slice, subset
from graph.svg import render_svg

pytestmark = pytest.mark.django_db


def laid_out(author, style=COMPACT):
    ego = subset(build_slice(author), PICTURE) if style is COMPACT else build_slice(author)
    layout_slice(ego, style)
    return ego


def test_the_same_author_is_always_drawn_the_same(lab):
    first = [(n.id, n.x, n.y, n.r) for n in laid_out(lab).nodes]
    again = [(n.id, n.x, n.y, n.r) for n in laid_out(lab).nodes]
    assert first == again


def test_the_focus_is_in_the_middle_and_everything_inside_the_box(lab):
    ego = laid_out(lab)
    focus = ego.focus
    assert abs(focus.x - COMPACT.width / 2) < COMPACT.width * 0.2
    assert abs(focus.y - COMPACT.height / 2) < COMPACT.height * 0.2
    for node in ego.nodes:
        assert node.r <= node.x <= COMPACT.width - node.r, node.id
        assert node.r <= node.y <= COMPACT.height - node.r, node.id


def test_nodes_do_not_overlap(lab):
    ego = laid_out(lab, LARGE)
    for a, b in combinations(ego.nodes, 2):
        assert ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 >= (a.r + b.r) * 0.9, (a.id, b.id)


def test_stronger_collaborators_sit_closer_to_the_focus(lab):
    ego = laid_out(lab, LARGE)
    f = ego.focus

    def distance(n):
        return ((n.x - f.x) ** 2 + (n.y - f.y) ** 2) ** 0.5

    alan, _, edsger = ego.people
    assert distance(alan) < distance(edsger)


def test_labels_never_overlap_each_other(lab):
    ego = laid_out(lab, LARGE)
    drawing = draw(ego.nodes, ego.edges, LARGE, focus_id=ego.focus.id)
    boxes = []
    for label in drawing.labels:
        w = text_width(label.text, LARGE.font)
        x0 = {"start": label.x, "end": label.x - w, "middle": label.x - w / 2}[label.anchor]
        boxes.append((x0, label.y - LARGE.font, x0 + w, label.y))
    for (a0, b0, a1, b1), (c0, d0, c1, d1) in combinations(boxes, 2):
        assert not (a0 < c1 - 1 and c0 < a1 - 1 and b0 < d1 - 1 and d0 < b1 - 1)
    assert "Ada Lovelace" in {label.text for label in drawing.labels}  # the focus is always named


def test_the_svg_has_every_node_as_a_link_coloured_by_kind(lab):
    ego = laid_out(lab)
    svg = render_svg(draw(ego.nodes, ego.edges, COMPACT, focus_id=ego.focus.id))
    links = dict(re.findall(r'<a class="g-node g-(\w+)[^"]*" href="([^"]+)"', svg))
    assert set(links) == {"person", "paper", "topic", "institution"}
    assert '<a class="g-node g-person g-close" href="/researchers/alan-turing/"' in svg
    assert 'href="/papers/2601.00002/"' in svg
    assert 'href="/researchers/?category=cs.DS"' in svg
    assert "<title>Alan Turing — 3 shared works · 2022–2024</title>" in svg
    assert svg.count("<a ") == len(ego.nodes)
    assert 'aria-hidden="true"' in svg.split(">")[0]  # the lists below carry it for screen readers


def test_svg_text_is_escaped(db):
    node = Node("author:x", PERSON, "<script>alert(1)</script> & co", "<b>", "/x/", focus=True)
    node.x = node.y = 50
    node.r = 5
    svg = render_svg(draw([node], [], COMPACT, focus_id=node.id))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_expanding_moves_nothing_already_drawn(lab):
    ego = laid_out(lab, LARGE)
    before = {n.id: (n.x, n.y) for n in ego.nodes}
    anchor = ego.people[0]
    new = [Node(f"author:new-{i}", PERSON, f"New {i}", f"New {i}", "/", r=6) for i in range(14)]
    edges = ego.edges + [Edge(anchor.id, n.id, "coauthor", 0.5) for n in new]
    place_new(ego.nodes + new, {n.id for n in new}, anchor, edges,
              centre=(ego.focus.x, ego.focus.y), spacing=90)  # fmt: skip
    assert {n.id: (n.x, n.y) for n in ego.nodes} == before
    for n in new:  # near the expanded node, and not on top of each other
        assert ((n.x - anchor.x) ** 2 + (n.y - anchor.y) ** 2) ** 0.5 < 400
    for a, b in combinations(new, 2):
        assert (a.x, a.y) != (b.x, b.y)
