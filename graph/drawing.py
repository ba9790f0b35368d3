"""SVG geometry for a laid-out graph: shapes by kind, lines by strength, labels that never collide.

Kinds are told apart by shape as well as colour (colour comes from graph.css, so
dark mode and colour-blind readers both work): a person is a circle, a paper a
small square, a topic a diamond, an institution a hexagon. Area follows weight.

Labels are placed greedily, most important first (the focus, then people by
strength, topics, institutions, papers): each tries the side facing away from the
centre, then the other side, below and above, and is dropped if every spot would
cover another label or node or leave the box. Every node keeps its full name in
its tooltip and its link, and the lists under the picture carry everything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from graph.nodes import (
    COAUTHOR,
    IN_TOPIC,
    INSTITUTION,
    MEMBER,
    PAPER,
    PERSON,
    TOPIC,
    Node,
    short_title,
)  # fmt: skip


@dataclass(frozen=True)
class Style:
    """One size of drawing: the profile's column or the explorer's canvas."""

    name: str
    width: int
    height: int
    font: float  # label size in drawing units (= CSS pixels at natural size)
    scale: float  # node sizes
    paper_chars: int  # how much of a paper's title its label prints (0: none)
    margin: tuple[int, int]
    side_links: bool  # draw topic links other than the focus's (they always shape the layout)


# The profile's right-hand column is 320px with 20px padding: 280 units is 1:1 there,
# and on a phone the same picture scales up to the full width.
COMPACT = Style("compact", 280, 300, 10.5, 1.0, 0, (30, 14), False)
LARGE = Style("large", 960, 640, 12.5, 1.45, 28, (90, 30), True)


def radius_of(node: Node, style: Style) -> float:
    """A node's drawn radius: area grows with its size (weight, share or members)."""
    if node.focus:
        base = 11.0
    elif node.kind == PERSON:
        base = 3.6 + 5.4 * node.size
    elif node.kind == PAPER:
        base = 2.6 + 2.6 * node.size
    elif node.kind == TOPIC:
        base = 4.5 + 4.5 * node.size
    else:
        base = 4.5 + 3.0 * node.size
    return base * style.scale


@dataclass
class Shape:
    node: Node
    form: str  # circle | rect | polygon
    points: str = ""
    href: str = ""  # where the node leads (its own page unless the explorer says otherwise)
    expand_href: str = ""  # the explorer's view with this node expanded
    fresh: bool = False  # just added by an expansion
    on_path: bool = False
    selected: bool = False

    @property
    def side(self):
        return round(self.node.r * 2, 1)

    @property
    def corner(self):
        return round(self.node.x - self.node.r, 1), round(self.node.y - self.node.r, 1)

    @property
    def left(self):
        return self.corner[0]

    @property
    def top(self):
        return self.corner[1]


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    kind: str
    source: str
    target: str
    detail: str = ""
    focus: bool = False  # one end is the focus
    on_path: bool = False


@dataclass
class Label:
    x: float
    y: float
    anchor: str  # start | middle | end
    text: str
    node: Node
    on_path: bool = False


@dataclass
class Drawing:
    style: Style
    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    min_x: float = 0.0
    min_y: float = 0.0

    @property
    def view_box(self) -> str:
        return f"{self.min_x:g} {self.min_y:g} {self.width:g} {self.height:g}"


def _polygon(node: Node, sides: int, turn: float, stretch: float = 1.0) -> str:
    r = node.r * stretch
    return " ".join(
        f"{node.x + r * math.cos(turn + 2 * math.pi * k / sides):.1f},"
        f"{node.y + r * math.sin(turn + 2 * math.pi * k / sides):.1f}"
        for k in range(sides)
    )


def shape_of(node: Node) -> Shape:
    if node.kind == PAPER:
        return Shape(node, "rect")
    if node.kind == TOPIC:
        return Shape(node, "polygon", _polygon(node, 4, -math.pi / 2, 1.25))
    if node.kind == INSTITUTION:
        return Shape(node, "polygon", _polygon(node, 6, 0, 1.12))
    return Shape(node, "circle")


def text_width(text: str, font: float) -> float:
    """An estimate of a label's width in a system sans-serif (no font metrics on the server)."""
    narrow, wide = set("iljtfrI.,:;'!| ()-"), set("mwMWOQGD@%")
    units = 0.0
    for c in text:
        units += 0.3 if c in narrow else 0.8 if c in wide else 0.66 if c.isupper() else 0.54
    return units * font


def _label_text(node: Node, style: Style) -> str:
    if node.kind == PAPER:
        return short_title(node.label, style.paper_chars)
    if node.kind == PERSON and style is LARGE:
        return node.label if len(node.label) <= 24 else node.short
    return node.short


def _priority(node: Node) -> tuple:
    order = {PERSON: 0, TOPIC: 1, INSTITUTION: 2, PAPER: 3}
    return (not node.focus, order[node.kind], -node.size)


def _spots(node: Node, text: str, style: Style, centre) -> list[tuple[str, float, float, tuple]]:
    """Where a node's label may go, in order of preference: (anchor, x, y, box)."""
    size = style.font * (1.12 if node.focus else 1.0)
    # A little room over the estimate: Linux's wide default sans (DejaVu) and the focus's
    # bold both print wider (and long paper titles add the error up), and a label that
    # outgrows its box overlaps or leaves the picture.
    w, h = (
        text_width(text, size) * (1.12 if node.focus or node.kind == PAPER else 1.05),
        size * 1.15,
    )
    gap = node.r + 3
    sides = [
        ("start", node.x + gap, node.y + size * 0.35),
        ("end", node.x - gap, node.y + size * 0.35),
    ]
    vertical = [
        ("middle", node.x, node.y + gap + size * 0.8),
        ("middle", node.x, node.y - gap - size * 0.25),
    ]
    # Outward first: right of the centre, a label reads away from it to the right.
    spots = [*(sides if node.x >= centre[0] else sides[::-1]),
             *(vertical if node.y >= centre[1] else vertical[::-1])]  # fmt: skip
    if node.focus:
        spots = spots[2:] + spots[:2]
    out = []
    for anchor, x, y in spots:
        x0 = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
        out.append((anchor, x, y, (x0 - 2.5, y - size * 0.85, x0 + w + 2.5, y - size * 0.85 + h)))
    return out


def place_labels(nodes: list[Node], style: Style, bounds) -> list[Label]:
    """Greedy, collision-free labels, most important first (see the module docstring).

    Each node's candidate spots are checked against every node and every placed
    label at once (numpy), so a few hundred nodes label in milliseconds.
    """
    min_x, min_y, max_x, max_y = bounds
    centre = ((min_x + max_x) / 2, (min_y + max_y) / 2)
    xs = np.array([n.x for n in nodes], dtype=float)
    ys = np.array([n.y for n in nodes], dtype=float)
    reach = np.array([n.r + 1.5 for n in nodes], dtype=float) ** 2
    papers = np.array([n.kind == PAPER for n in nodes])
    taken = np.empty((len(nodes), 4))
    placed = 0
    labels = []
    order = sorted(range(len(nodes)), key=lambda i: _priority(nodes[i]))
    for i in order:
        node = nodes[i]
        if node.kind == PAPER and not style.paper_chars:
            continue
        text = _label_text(node, style)
        spots = _spots(node, text, style, centre)
        box = np.array([spot[3] for spot in spots])  # (spots, 4)
        ok = (
            (box[:, 0] >= min_x + 2) & (box[:, 2] <= max_x - 2)
            & (box[:, 1] >= min_y + 1) & (box[:, 3] <= max_y - 1)
        )  # fmt: skip
        if placed:
            t = taken[:placed]
            ok &= ~(
                (box[:, None, 0] < t[None, :, 2]) & (t[None, :, 0] < box[:, None, 2])
                & (box[:, None, 1] < t[None, :, 3]) & (t[None, :, 1] < box[:, None, 3])
            ).any(1)  # fmt: skip
        free = ok.copy()
        # Nodes a label must not cover: all but its own, and papers (small, drawn under
        # the labels' halo) unless the label is a paper's.
        blocking = np.ones(len(nodes), dtype=bool)
        blocking[i] = False
        if node.kind != PAPER:
            blocking &= ~papers
        nx = np.clip(xs[None, :], box[:, 0, None], box[:, 2, None])
        ny = np.clip(ys[None, :], box[:, 1, None], box[:, 3, None])
        covers = ((nx - xs) ** 2 + (ny - ys) ** 2 < reach) & blocking
        free &= ~covers.any(1)
        choice = np.flatnonzero(free)
        if not len(choice) and node.focus:
            choice = np.flatnonzero(ok)[:1]  # the focus is always named; its halo keeps it legible
            if not len(choice):
                choice = np.array([0])
        if len(choice):
            anchor, x, y, spot_box = spots[int(choice[0])]
            taken[placed] = spot_box
            placed += 1
            labels.append(Label(round(x, 1), round(y, 1), anchor, text, node))
    return labels


def _line_width(edge, style: Style, focus_id: str) -> float:
    if edge.kind == COAUTHOR:
        base = 0.7 + (3.0 if focus_id in (edge.source, edge.target) else 1.6) * edge.strength
    elif edge.kind == IN_TOPIC and focus_id in (edge.source, edge.target):
        base = 0.6 + 2.0 * edge.strength
    elif edge.kind == MEMBER:
        base = 0.9
    else:
        base = 0.6
    return round(base * (1 + (style.scale - 1) * 0.5), 2)


def draw(nodes: list[Node], edges, style: Style, *, focus_id: str, box=None) -> Drawing:
    """The drawing of laid-out ``nodes``; ``box`` (x, y, w, h) overrides the style's box."""
    x, y, width, height = box or (0, 0, style.width, style.height)
    drawing = Drawing(style, width, height, min_x=x, min_y=y)
    where = {n.id: n for n in nodes}
    ranked = sorted(edges, key=lambda e: (e.kind == COAUTHOR, e.strength))
    for edge in ranked:
        a, b = where.get(edge.source), where.get(edge.target)
        if a is None or b is None:
            continue
        if edge.kind == IN_TOPIC and not style.side_links and not (a.focus or b.focus):
            continue
        drawing.lines.append(
            Line(a.x, a.y, b.x, b.y, _line_width(edge, style, focus_id), edge.kind,
                 edge.source, edge.target, edge.detail, focus_id in (edge.source, edge.target))
        )  # fmt: skip
    # Small kinds first, so people (and the focus, last) are drawn on top.
    order = {PAPER: 0, INSTITUTION: 1, TOPIC: 2, PERSON: 3}
    for node in sorted(nodes, key=lambda n: (n.focus, order[n.kind])):
        drawing.shapes.append(shape_of(node))
    drawing.labels = place_labels(nodes, style, (x, y, x + width, y + height))
    return drawing
