"""The JSON the explorer's API serves: nodes, edges, a path, an expansion."""

from __future__ import annotations

from graph.nodes import Edge, Node


def node_json(node: Node, *, positions: bool = True) -> dict:
    data = {
        "id": node.id,
        "kind": node.kind,
        "label": node.label,
        "short": node.short,
        "url": node.url,
        "detail": node.detail,
        "size": round(node.size, 3),
        "year": node.year,
        "focus": node.focus,
        "close": node.close,
        "facts": [{"name": k, "value": v} for k, v in node.facts],
    }
    if positions:
        data.update(x=node.x, y=node.y, r=node.r)
    return data


def edge_json(edge: Edge) -> dict:
    return {
        "source": edge.source,
        "target": edge.target,
        "kind": edge.kind,
        "strength": round(edge.strength, 3),
        "detail": edge.detail,
    }


def neighbourhood_json(found) -> dict:
    """One expansion (graph.expand.Neighbourhood), without positions."""
    return {
        "node": node_json(found.node, positions=False),
        "nodes": [node_json(n, positions=False) for n in found.nodes],
        "edges": [edge_json(e) for e in found.edges],
        "total": found.total,
        "more": found.more,
    }


def path_json(result, people: dict) -> dict:
    """A shortest path (graph.paths.PathResult) with its people ({author id: Node})."""
    nodes = {pk: node_json(node, positions=False) for pk, node in people.items()}
    return {
        "found": result.found,
        "reason": result.reason,
        "length": result.length,
        "nodes": [nodes[pk] for pk in result.author_ids] if result.found else [],
        "edges": [
            {
                "source": nodes[hop["a"]]["id"],
                "target": nodes[hop["b"]]["id"],
                "kind": "coauthor",
                "shared_works": hop["paper_count"],
                "weight": round(hop["weight"], 3),
                "last_year": hop["last_year"],
            }
            for hop in result.hops
        ],
        "searched": result.searched,
    }
