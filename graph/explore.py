"""The explorer's view: the focus's slice, each expansion in order, a path, a selected node.

A view is a function of its query (graph.query) and the database, nothing else.
The focus's slice is laid out once (graph.layout, cached like the profile's
panel); each expansion, in the query's order, places its new nodes around the
expanded one without moving anything already drawn; a path adds the researchers
on it the same way. So the same URL draws the same picture for everyone it is
shared with, and expanding never shuffles what the reader was looking at.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field, replace

from django.http import Http404
from django.utils import timezone

from core.names import normalize_name
from graph import cache
from graph.drawing import LARGE, Drawing, draw, radius_of
from graph.expand import EXPAND_SHOWN, find_node, neighbours
from graph.layout import layout_slice, place_new
from graph.nodes import (
    COAUTHOR,
    EVERYTHING,
    KIND_NAMES,
    KINDS,
    PERSON,
    Edge,
    Filters,
    Node,
    author_id,
    person_node,
    plural,
)
from graph.paths import PathResult, shortest_path
from graph.queries import people_by_ids
from graph.query import BadQuery, ExplorerQuery
from graph.serialize import edge_json, node_json
from graph.slice import EgoSlice, build_slice, cached_slice
from graph.svg import render_svg
from profiles.metrics import CLOSE_COLLABORATOR_MIN_PAPERS
from profiles.models import Author, AuthorAlias
from profiles.queries import author_by_slug

SPACING = 92  # drawing units from an expanded node to its new neighbours
MAX_NODES = 300
LABEL_ROOM = (110, 34)  # room around the nodes for labels (x, y)


@dataclass
class View:
    """Everything one explorer URL shows."""

    query: ExplorerQuery
    author: Author
    nodes: dict[str, Node]
    edges: dict[tuple, Edge]
    collaborators_total: int = 0
    close_total: int = 0
    expanded: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fresh: set[str] = field(default_factory=set)
    path: PathResult | None = None
    path_target: Node | None = None
    path_nodes: list[Node] = field(default_factory=list)
    selected: Node | None = None

    @property
    def focus(self) -> Node:
        return self.nodes[author_id(self.author.slug)]

    def of_kind(self, kind: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == kind and not n.focus]

    @property
    def groups(self) -> list[tuple[str, list[Node]]]:
        """The view as lists, for the text alternative."""
        return [(KIND_NAMES[k].capitalize(), self.of_kind(k)) for k in KINDS if self.of_kind(k)]

    @property
    def path_steps(self) -> list[tuple[Node, Node, dict]]:
        """(previous, researcher, hop) for each researcher on the path after the first."""
        if not self.path or not self.path.found:
            return []
        return list(zip(self.path_nodes[:-1], self.path_nodes[1:], self.path.hops, strict=True))


def _laid_out_slice(author: Author, filters: Filters) -> EgoSlice:
    ego = cached_slice(author) if filters == EVERYTHING else build_slice(author, filters=filters)
    layout_slice(ego, LARGE)
    return ego


def base_slice(author: Author, filters: Filters) -> EgoSlice:
    """The focus's full slice laid out for the explorer, from the cache while current."""
    return cache.cached(author, f"explorer:{filters.key}", lambda: _laid_out_slice(author, filters))


def resolve_researcher(text: str) -> Author:
    """The researcher a path box names: ``author:<slug>`` or a name (most works first)."""
    if text.startswith("author:"):
        try:
            return author_by_slug(text.partition(":")[2])[0]
        except Http404:
            raise BadQuery({"path": f"no researcher “{text}”"}) from None
    folded = normalize_name(text)
    found = (
        Author.objects.filter(normalized_name=folded, merged_into__isnull=True)
        .order_by("-works_count", "id")
        .first()
    ) or (
        Author.objects.filter(
            id__in=AuthorAlias.objects.filter(normalized=folded).values("author_id"),
            merged_into__isnull=True,
        )
        .order_by("-works_count", "id")
        .first()
    )
    if found is None:
        raise BadQuery({"path": f"no researcher named “{text[:80]}”"})
    return found


def _add(view: View, found_nodes, found_edges) -> set[str]:
    added = set()
    for node in found_nodes:
        if node.id not in view.nodes and len(view.nodes) < MAX_NODES:
            view.nodes[node.id] = node
            added.add(node.id)
    for edge in found_edges:
        if edge.source in view.nodes and edge.target in view.nodes:
            view.edges.setdefault(edge.key, edge)
    return added


def _people_in_view(view: View) -> dict[int, Node]:
    return {n.pk: n for n in view.nodes.values() if n.kind == PERSON and n.pk}


def _expand(view: View, node_id: str, *, last: bool) -> None:
    anchor = view.nodes.get(node_id)
    if anchor is None:
        view.notes.append(f"{node_id} is not in this view (filtered out?), so it was not expanded.")
        return
    found = neighbours(anchor, in_view=_people_in_view(view), filters=view.query.filters)
    added = _add(view, found.nodes, found.edges)
    for node in found.nodes:
        if node.id in added:
            node.r = radius_of(node, LARGE) * 0.9
    place_new(
        list(view.nodes.values()), added, anchor, list(view.edges.values()),
        centre=(view.focus.x, view.focus.y), spacing=SPACING,
    )  # fmt: skip
    view.expanded.append(node_id)
    if found.more:
        view.notes.append(
            f"{anchor.short}: the first {EXPAND_SHOWN[anchor.kind]} of {found.total:,} {found.what}."
        )
    if last:
        view.fresh = added


def _add_path(view: View, target: Author) -> None:
    view.path = shortest_path(view.author.pk, target.pk)
    if not view.path.found:
        return
    missing = [pk for pk in view.path.author_ids if pk not in _people_in_view(view)]
    rows = path_people(missing)
    previous = None
    for pk, hop in zip(view.path.author_ids, [None, *view.path.hops], strict=True):
        node = _people_in_view(view).get(pk)
        if node is None:
            node = rows[pk]
            node.size = 0.45
            node.r = radius_of(node, LARGE)
            node.detail = "on the path"
            view.nodes[node.id] = node
            place_new(
                list(view.nodes.values()), {node.id}, previous, list(view.edges.values()),
                centre=(view.focus.x, view.focus.y), spacing=SPACING,
            )  # fmt: skip
        if previous is not None:
            detail = plural(hop["paper_count"], "shared work")
            edge = Edge(previous.id, node.id, COAUTHOR, min(1.0, hop["weight"]), detail)
            view.edges.setdefault(edge.key, edge)
        view.path_nodes.append(node)
        previous = node
    view.path_target = view.path_nodes[-1]


def path_people(author_pks: list[int]) -> dict[int, Node]:
    """Person nodes for these author ids (one query; none for an empty list)."""
    if not author_pks:
        return {}
    return {row["id"]: person_node(row) for row in people_by_ids(author_pks)}


def build_view(author: Author, query: ExplorerQuery) -> View:
    """The view a query asks for (``author`` is the focus, merges already followed)."""
    target = resolve_researcher(query.path) if query.path else None
    ego = base_slice(author, query.filters)
    view = View(
        query=query,
        author=author,
        nodes={n.id: n for n in ego.nodes},
        edges={e.key: e for e in ego.edges},
        collaborators_total=ego.collaborators_total,
        close_total=ego.close_total,
    )
    for i, node_id in enumerate(query.expand):
        _expand(view, node_id, last=i == len(query.expand) - 1)
    if target is not None:
        _add_path(view, target)
        view.query = replace(query, path=author_id(target.slug))
    view.selected = view.nodes.get(query.node)
    return view


def bounds_of(view: View) -> tuple[int, int, int, int]:
    """(x, y, width, height) holding every node and room for labels: the explorer's canvas."""
    nodes = list(view.nodes.values())
    xs = [n.x - n.r for n in nodes] + [n.x + n.r for n in nodes]
    ys = [n.y - n.r for n in nodes] + [n.y + n.r for n in nodes]
    x0 = min(min(xs) - LABEL_ROOM[0], 0)
    y0 = min(min(ys) - LABEL_ROOM[1], 0)
    x1 = max(max(xs) + LABEL_ROOM[0], LARGE.width)
    y1 = max(max(ys) + LABEL_ROOM[1], LARGE.height)
    return round(x0), round(y0), round(x1 - x0), round(y1 - y0)


def drawing_of(view: View) -> Drawing:
    """The view's SVG geometry, labels placed, each node linked to its explorer URLs."""
    nodes = list(view.nodes.values())
    drawing = draw(
        nodes, list(view.edges.values()), LARGE, focus_id=view.focus.id, box=bounds_of(view)
    )
    on_path = {n.id for n in view.path_nodes}
    path_pairs = {
        tuple(sorted((a.id, b.id)))
        for a, b in zip(view.path_nodes, view.path_nodes[1:], strict=False)
    }
    links = view.query.node_links([s.node.id for s in drawing.shapes])
    for shape in drawing.shapes:
        node = shape.node
        shape.href, expand_href = links[node.id]
        if not node.focus and node.id not in view.query.expand:
            shape.expand_href = expand_href
        shape.fresh = node.id in view.fresh
        shape.on_path = node.id in on_path
        shape.selected = view.selected is not None and node.id == view.selected.id
    for line in drawing.lines:
        line.on_path = tuple(sorted((line.source, line.target))) in path_pairs
    for label in drawing.labels:
        label.on_path = label.node.id in on_path
    return drawing


def page_context(view: View) -> dict:
    """What the explorer's template needs besides the view: the picture and the card's links."""
    q, node = view.query, view.selected
    card = {}
    if node is not None:
        card = {
            "expand": q.expanding(node.id).url(node=node.id),
            "collapse": q.collapsing(node.id).url(node=node.id),
            "path": q.url(path=node.id, node=node.id),
            "close": q.url(node=""),
        }
        if node.kind == PERSON:
            card["centre"] = ExplorerQuery(
                focus=node.id.partition(":")[2], filters=q.filters, node=node.id
            ).url()
    return {
        "close_min": CLOSE_COLLABORATOR_MIN_PAPERS,
        "view": view,
        "canonical": q.url(),
        "svg": render_svg(drawing_of(view), interactive=True, name=view.focus.label),
        # The same nodes after a swap (a card opened) keep the reader's pan and zoom.
        "signature": f"{zlib.crc32(' '.join(sorted(view.nodes)).encode()):08x}",
        "card": card,
        "clear_path": q.url(path="", node=""),
        "kind_choices": [(k, KIND_NAMES[k].capitalize()) for k in KINDS],
        "this_year": timezone.now().year,
    }


def view_json(view: View) -> dict:
    """The view as the JSON API serves it: the query, nodes with positions, edges, path."""
    path = None
    if view.path is not None:
        path = {
            "found": view.path.found,
            "reason": view.path.reason,
            "nodes": [n.id for n in view.path_nodes],
            "length": view.path.length,
        }
    x, y, width, height = bounds_of(view)
    return {
        "query": view.query.params(),
        "url": view.query.url(),
        "focus": view.focus.id,
        "bounds": {"x": x, "y": y, "width": width, "height": height},
        "totals": {"collaborators": view.collaborators_total, "close": view.close_total},
        "nodes": [node_json(n) for n in view.nodes.values()],
        "edges": [edge_json(e) for e in view.edges.values()],
        "expanded": view.expanded,
        "path": path,
        "selected": view.selected.id if view.selected else None,
        "notes": view.notes,
    }


def expansion(node_id: str, filters: Filters = EVERYTHING, focus: Author | None = None):
    """One node's neighbours, found by id (the API's expand); None when the node is unknown.

    With a ``focus``, the people of its slice count as already in view (a topic's
    expansion is the newest works in it by those people).
    """
    node = find_node(node_id)
    if node is None:
        return None
    in_view = {node.pk: node} if node.kind == PERSON else {}
    if focus is not None:
        ego = base_slice(focus, filters)
        in_view.update({n.pk: n for n in [ego.focus, *ego.people]})
    return neighbours(node, in_view=in_view, filters=filters)
