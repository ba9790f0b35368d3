"""The research-graph panel of a profile: a compact picture and the same slice as lists.

The picture holds the strongest part of the slice (PICTURE bounds), sized for
the profile's 320px column; the lists under it hold the whole slice. Both come
from one ``build_slice`` and are cached as rendered HTML (graph.cache).
"""

from __future__ import annotations

from django.template.loader import render_to_string

from graph import cache
from graph.drawing import COMPACT, draw
from graph.layout import layout_slice
from graph.query import ExplorerQuery
from graph.slice import Bounds, cached_slice, subset
from graph.svg import render_svg
from profiles.metrics import CLOSE_COLLABORATOR_MIN_PAPERS

PICTURE = Bounds(people=12, papers=12, own_papers=8, topics=5, institutions=3)


def panel_context(author) -> dict:
    ego = cached_slice(author)
    picture = subset(ego, PICTURE)
    layout_slice(picture, COMPACT)
    drawing = draw(picture.nodes, picture.edges, COMPACT, focus_id=ego.focus.id)
    return {
        "close_min": CLOSE_COLLABORATOR_MIN_PAPERS,
        "author": author,
        "ego": ego,
        "picture": picture,
        "svg": render_svg(drawing),
        "explorer_url": ExplorerQuery(focus=author.slug).url(),
    }


def panel_html(author) -> str:
    """The rendered panel fragment, from the cache while the author's graph is unchanged."""
    return cache.cached(
        author, "panel", lambda: render_to_string("graph/slice.html", panel_context(author))
    )
