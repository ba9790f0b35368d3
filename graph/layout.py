"""Where each node goes, computed on the server so the same author always looks the same.

The algorithm, in three steps, all deterministic (fixed iteration counts, a
random generator seeded with the focus author's id, no clock):

1. **A radial start.** The focus sits at the centre. Its people go round it in an
   order that keeps people who write together (or share an institution or a main
   category) next to each other, the strongest at the top and closer in. Each paper
   starts at the mean angle of its people (shared papers on the way in, a
   collaborator's own papers just beyond them), each topic and institution at the
   mean angle of what links to it, on the outside.
2. **A force refinement** (Fruchterman-Reingold, numpy): every pair of nodes
   repels, every edge not touching the focus pulls in proportion to its strength
   (shared out by the two ends' degrees, so a lab where everyone writes with
   everyone does not fold the ring into a knot), each node is held near its ring
   (distance keeps meaning strength), the focus is pinned. The radial start means
   the forces only tidy the picture; they do not have to find it.
3. **Spacing.** Overlapping nodes are pushed apart, then the picture is scaled to the
   drawing's box (at most 1.5 times wider than tall, so it is never flattened).

Expanding a node in the explorer (``place_new``) never moves what is already
drawn: the new nodes start on an arc beyond the expanded node, pointing away
from the picture's centre, and only they are relaxed.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from graph.drawing import Style, radius_of
from graph.nodes import AUTHORED, COAUTHOR, IN_TOPIC, MEMBER

ITERATIONS = 50
NEW_NODE_ITERATIONS = 50
IDEAL = 0.24  # ideal edge length in layout units (the people's ring has radius ~0.5-0.8)
# How hard each kind of edge pulls: people and their papers matter, memberships less.
PULL = {COAUTHOR: 0.12, AUTHORED: 0.18, IN_TOPIC: 0.06, MEMBER: 0.1}
RING_PULL = 6.0  # how firmly a node keeps its distance from the focus


def seed_of(text: str) -> int:
    """A stable seed from a node id (Python's hash() changes between runs)."""
    return zlib.crc32(text.encode())


def _circular_mean(angles: list[float]) -> float | None:
    if not angles:
        return None
    x, y = sum(math.cos(a) for a in angles), sum(math.sin(a) for a in angles)
    if abs(x) < 1e-9 and abs(y) < 1e-9:
        return angles[0]
    return math.atan2(y, x)


def _ring_order(people, edges) -> list:
    """People in an order that keeps co-authors, colleagues and same-field people together.

    Greedy: start with the strongest, then always take the remaining person most
    tied to the one just placed (ties go to the stronger, i.e. earlier, person).
    """
    if len(people) < 3:
        return list(people)
    index = {p.id: i for i, p in enumerate(people)}
    tie = np.zeros((len(people), len(people)))
    for edge in edges:
        if edge.kind == COAUTHOR and edge.source in index and edge.target in index:
            i, j = index[edge.source], index[edge.target]
            tie[i, j] = tie[j, i] = tie[i, j] + 1 + edge.strength
    members: dict[str, list[int]] = {}
    for edge in edges:
        if edge.kind == MEMBER and edge.source in index:
            members.setdefault(edge.target, []).append(index[edge.source])
    for group in members.values():
        for i in group:
            for j in group:
                if i != j:
                    tie[i, j] += 0.8
    for i, a in enumerate(people):
        for j, b in enumerate(people):
            if i != j and a.category and a.category == b.category:
                tie[i, j] += 0.2
    order, left = [0], list(range(1, len(people)))
    while left:
        last = order[-1]
        best = max(left, key=lambda j: (tie[last, j], -j))
        order.append(best)
        left.remove(best)
    return [people[i] for i in order]


def radial_start(ego, rng) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """Step 1: starting positions and each node's distance from the focus (its ring)."""
    angle: dict[str, float] = {}
    radius: dict[str, float] = {}
    people = _ring_order(ego.people, ego.edges)
    for i, person in enumerate(people):
        angle[person.id] = -math.pi / 2 + 2 * math.pi * i / max(1, len(people))
        radius[person.id] = 0.5 + 0.38 * (1 - person.size)
    links: dict[str, list[str]] = {}
    for edge in ego.edges:
        links.setdefault(edge.source, []).append(edge.target)
        links.setdefault(edge.target, []).append(edge.source)

    def spread(nodes, r, start):
        for i, node in enumerate(nodes):
            angle.setdefault(node.id, start + 2 * math.pi * i / max(1, len(nodes)))
            radius.setdefault(node.id, r)

    solo = []
    for paper in ego.papers:
        near = [n for n in links.get(paper.id, []) if n in radius]
        mine = ego.focus.id in links.get(paper.id, [])
        mean = _circular_mean([angle[n] for n in near])
        if mean is None:
            solo.append(paper)
            continue
        reach = sum(radius[n] for n in near) / len(near)
        angle[paper.id], radius[paper.id] = mean, (reach * 0.6 if mine else reach + 0.26)
    spread(solo, 0.26, math.pi / 5)
    for group, r, start in ((ego.topics, 1.0, -math.pi / 3), (ego.institutions, 0.95, 2.2)):
        unlinked = []
        for node in group:
            mean = _circular_mean([angle[n] for n in links.get(node.id, []) if n in angle])
            if mean is None:
                unlinked.append(node)
            else:
                angle[node.id], radius[node.id] = mean, r
        spread(unlinked, r, start)
    at = {ego.focus.id: (0.0, 0.0)}
    for node_id, a in angle.items():
        jitter = rng.normal(0, 0.015, 2)
        at[node_id] = (
            radius[node_id] * math.cos(a) + jitter[0],
            radius[node_id] * math.sin(a) + jitter[1],
        )
    return at, radius


def relax(
    pos,
    pinned,
    edges,
    radii,
    *,
    iterations,
    rings=None,
    start_heat=0.06,
    ideal=IDEAL,
    ring_pull=RING_PULL,
):
    """Step 2: Fruchterman-Reingold on ``pos`` (n x 2), moving only rows not ``pinned``.

    ``edges`` is a list of (i, j, pull); ``radii`` keep nodes' own sizes apart;
    ``rings`` (distance from the origin per node, NaN for none) hold each node near
    its ring, the way the radial start placed it, so strength stays readable as distance.
    """
    n = len(pos)
    if n < 2 or pinned.all():
        return pos
    moving = np.flatnonzero(~pinned)
    # Only springs with a moving end matter; one product per step instead of scattered adds.
    edges = [e for e in edges if not (pinned[e[0]] and pinned[e[1]])]
    incidence = np.zeros((len(edges), n))
    for row, (i, j, _) in enumerate(edges):
        incidence[row, i] += 1.0
        incidence[row, j] -= 1.0
    pull = np.array([e[2] for e in edges], dtype=float) / ideal
    # Forces are computed for the moving rows only (all of them but the focus in a
    # first layout, a dozen new ones among hundreds when the explorer expands a node).
    room = (radii[moving, None] + radii[None, :]) * 0.5
    self_pair = (np.arange(len(moving)), moving)
    ring = None
    if rings is not None and not np.isnan(rings[moving]).all():
        ring = np.nan_to_num(rings[moving])
        has_ring = ~np.isnan(rings[moving])
    k2 = ideal * ideal
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for step in range(iterations):
        heat = start_heat * (1 - step / iterations) + 0.002
        xm, ym = x[moving], y[moving]
        dx = xm[:, None] - x[None, :]
        dy = ym[:, None] - y[None, :]
        dist = np.maximum(np.hypot(dx, dy) - room, 0.01)
        dist[self_pair] = np.inf
        # Repulsion k^2/d along each pair.
        coef = k2 / (dist * dist)
        fx = (dx * coef).sum(1)
        fy = (dy * coef).sum(1)
        if len(edges):
            ex, ey = incidence @ x, incidence @ y
            pulled = np.hypot(ex, ey) * pull
            fx -= (incidence.T @ (ex * pulled))[moving]
            fy -= (incidence.T @ (ey * pulled))[moving]
        if ring is not None:
            r = np.hypot(xm, ym) + 1e-9
            back = np.where(has_ring, (r - ring) * ring_pull / r, 0.0)
            fx -= xm * back
            fy -= ym * back
        size = np.hypot(fx, fy) + 1e-9
        scale = np.minimum(size, heat) / size
        x[moving] += fx * scale
        y[moving] += fy * scale
    pos[:, 0], pos[:, 1] = x, y
    return pos


def separate(pos, pinned, radii, *, rounds=40, gap=0.012):
    """Step 3a: push overlapping nodes apart (half each, all of it when one is pinned)."""
    moving = np.flatnonzero(~pinned)
    if not len(moving):
        return pos
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    need = radii[moving, None] + radii[None, :] + gap
    share = np.where(pinned[None, :], 1.0, 0.5)
    self_pair = (np.arange(len(moving)), moving)
    # Identical points split along a direction that depends on the pair, not on chance.
    spin = np.add.outer(moving, np.arange(len(x)) * 1.7)
    for _ in range(rounds):
        dx = x[moving, None] - x[None, :]
        dy = y[moving, None] - y[None, :]
        dist = np.hypot(dx, dy)
        dist[self_pair] = np.inf
        overlap = np.clip(need - dist, 0, None)
        if not overlap.any():
            break
        same = dist < 1e-6
        dx = np.where(same, np.cos(spin), dx)
        dy = np.where(same, np.sin(spin), dy)
        dist = np.where(same, 1.0, dist)
        push = overlap * share / dist
        x[moving] += (dx * push).sum(1)
        y[moving] += (dy * push).sum(1)
    pos[:, 0], pos[:, 1] = x, y
    return pos


def fit(pos, radii, width, height, margin) -> tuple[np.ndarray, float]:
    """Step 3b: scale into the box (aspect changed by at most 1.5 times); returns (xy, scale)."""
    lo = (pos - radii[:, None]).min(0)
    hi = (pos + radii[:, None]).max(0)
    span = np.maximum(hi - lo, 1e-6)
    box = np.array([width - 2 * margin[0], height - 2 * margin[1]], dtype=float)
    scales = box / span
    base = scales.min()
    scales = np.minimum(scales, base * 1.5)
    xy = (pos - (lo + hi) / 2) * scales + np.array([width / 2, height / 2])
    return xy, float(base)


def _edge_triples(nodes, edges, index):
    """(i, j, pull) per edge. Pull is shared out by degree (1/sqrt(deg_i * deg_j)): in a lab
    where everyone writes with everyone, undivided springs would fold the ring into a knot."""
    pairs = [
        (index[e.source], index[e.target], PULL.get(e.kind, 0.5) * (0.5 + e.strength))
        for e in edges
        if e.source in index and e.target in index
    ]
    degree = [0] * len(nodes)
    for i, j, _ in pairs:
        degree[i] += 1
        degree[j] += 1
    return [(i, j, pull * 3 / math.sqrt(degree[i] * degree[j])) for i, j, pull in pairs]


def layout_slice(ego, style: Style) -> None:
    """Set x, y and r (drawing units) on every node of ``ego``; the focus ends at the centre.

    ``style`` (graph.drawing) gives the canvas and each node's drawn radius at scale 1;
    the layout works in units where the people's ring is about 0.5-0.8 across and
    converts at the end.
    """
    width, height, margin = style.width, style.height, style.margin
    nodes = ego.nodes
    index = {n.id: i for i, n in enumerate(nodes)}
    rng = np.random.default_rng(ego.focus.pk or seed_of(ego.focus.id))
    start, ring = radial_start(ego, rng)
    pos = np.array([start.get(n.id, (0.0, 0.0)) for n in nodes], dtype=float)
    rings = np.array([ring.get(n.id, np.nan) for n in nodes], dtype=float)
    pinned = np.array([n.focus for n in nodes])
    drawn = np.array([radius_of(n, style) for n in nodes], dtype=float)
    # Radii in layout units, at the scale a circle of radius ~1.2 fills the smaller side.
    unit = min(width, height) / 2.6
    radii = drawn / unit
    # The focus's own edges are drawn by the rings, not pulled by springs (every node has one).
    springs = [e for e in ego.edges if ego.focus.id not in (e.source, e.target)]
    relax(pos, pinned, _edge_triples(nodes, springs, index), radii, iterations=ITERATIONS,
          rings=rings)  # fmt: skip
    separate(pos, pinned, radii)
    xy, scale = fit(pos, radii, width, height, margin)
    # Sizes follow the drawing's scale, but never shrink below legibility.
    factor = min(1.0, max(0.75, scale / unit))
    for node, (x, y), r in zip(nodes, xy, drawn, strict=True):
        node.x, node.y = round(float(x), 1), round(float(y), 1)
        node.r = round(float(r) * factor, 1)


def place_new(nodes, new_ids: set, anchor, edges, *, centre, spacing: float) -> None:
    """Place the nodes in ``new_ids`` beyond ``anchor`` (a placed node); move nothing else.

    Drawing units throughout. The arc faces away from ``centre`` (x, y), holds up to
    ten nodes a ring and gets wider rings further out; then only the new nodes are
    relaxed against everything drawn, each held near its distance from the anchor.
    """
    fresh = [n for n in nodes if n.id in new_ids]
    if not fresh:
        return
    dx, dy = anchor.x - centre[0], anchor.y - centre[1]
    base = (
        math.atan2(dy, dx)
        if abs(dx) + abs(dy) > 1e-6
        else -math.pi / 2 + seed_of(anchor.id) % 628 / 100
    )
    per_ring = 10
    for i, node in enumerate(fresh):
        ring, slot = divmod(i, per_ring)
        count = min(per_ring, len(fresh) - ring * per_ring)
        arc = min(math.pi * 1.1, 0.32 * count)
        offset = 0.0 if count == 1 else -arc / 2 + arc * slot / (count - 1)
        reach = spacing * (1.0 + 0.55 * ring) + anchor.r
        node.x = anchor.x + reach * math.cos(base + offset)
        node.y = anchor.y + reach * math.sin(base + offset)
    index = {n.id: i for i, n in enumerate(nodes)}
    # Relaxed around the anchor, in units of ``spacing``; each new node keeps (near) its
    # distance from the anchor, so the forces only spread the arc and clear other nodes.
    origin = np.array([anchor.x, anchor.y], dtype=float)
    pos = (np.array([(n.x, n.y) for n in nodes], dtype=float) - origin) / spacing
    pinned = np.array([n.id not in new_ids for n in nodes])
    rings = np.where(pinned, np.nan, np.hypot(pos[:, 0], pos[:, 1]))
    radii = np.array([n.r for n in nodes], dtype=float) / spacing * 1.6
    triples = _edge_triples(nodes, edges, index)
    relax(pos, pinned, triples, radii, iterations=NEW_NODE_ITERATIONS, start_heat=0.12,
          ideal=0.45, rings=rings, ring_pull=4.0)  # fmt: skip
    separate(pos, pinned, radii)
    pos = pos * spacing + origin
    for node, (x, y) in zip(nodes, pos, strict=True):
        if node.id in new_ids:
            node.x, node.y = round(float(x), 1), round(float(y), 1)
