"""Thin views: parse the request, call one function, render.

Bad input answers plainly: an unknown researcher 404s, a merged one 301s to the
survivor (query string kept), and a parameter that cannot be used gets a 400
naming it (HTML for pages, JSON for the API), never a 500.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from graph import explore
from graph.nodes import EVERYTHING, author_id, parse_node_id
from graph.panel import panel_html
from graph.paths import shortest_path
from graph.query import BadQuery, parse_query
from graph.serialize import neighbourhood_json, path_json
from profiles.queries import author_by_slug, most_active_authors


@require_safe
def slice_fragment(request, slug):
    """The research-graph panel of a profile, loaded after the page (cached, see graph.cache)."""
    author, moved = author_by_slug(slug)
    if moved:
        return redirect(reverse("graph:slice", args=[author.slug]), permanent=True)
    return HttpResponse(panel_html(author))


def _bad(request, errors, *, api=False, status=400):
    if api:
        return JsonResponse({"errors": errors}, status=status)
    # From the explorer's own forms (htmx), the message goes above the picture, which stays.
    template = "graph/_errors.html" if request.htmx else "graph/bad_query.html"
    return render(request, template, {"errors": errors}, status=status)


def _view_or_response(request, name, *, api=False):
    """(view, None) for a usable query, else (None, the 400 / 301 response)."""
    try:
        query = parse_query(request.GET)
    except BadQuery as exc:
        return None, _bad(request, exc.errors, api=api)
    if query is None:
        return None, None
    try:
        author, moved = author_by_slug(query.focus)
    except Http404 as exc:
        if api:
            return None, _bad(request, {"focus": str(exc)}, api=True, status=404)
        raise
    if moved:
        params = request.GET.copy()
        params["focus"] = author_id(author.slug)
        return None, redirect(reverse(name) + "?" + params.urlencode(safe=":,/"), permanent=True)
    try:
        return explore.build_view(author, query), None
    except BadQuery as exc:
        return None, _bad(request, exc.errors, api=api)


@require_safe
def explorer(request):
    """The full explorer (``/graph/?focus=author:<slug>``); without a focus, where to start."""
    view, response = _view_or_response(request, "graph:explorer")
    if response is not None:
        return response
    if view is None:
        return render(request, "graph/start.html", {"authors": most_active_authors(24)})
    canonical = view.query.url()
    if not request.htmx and request.GET.get("path", "").strip() != view.query.path:
        return redirect(canonical)  # a name typed in the path box: the URL names the author
    context = explore.page_context(view)
    template = "graph/explorer.html#explorer" if request.htmx else "graph/explorer.html"
    response = render(request, template, context)
    if request.htmx:
        response["HX-Push-Url"] = canonical
    return response


@require_safe
def api_view(request):
    """The explorer's view as JSON: nodes with positions, edges, path, notes."""
    view, response = _view_or_response(request, "graph:api-view", api=True)
    if response is not None:
        return response
    if view is None:  # no focus, or an empty one
        return _bad(request, {"focus": "required: author:<slug>"}, api=True)
    return JsonResponse(explore.view_json(view))


@require_safe
def api_expand(request):
    """One node's neighbours as JSON (``node=author:<slug>``, optional focus, kinds and years)."""
    node = request.GET.get("node", "").strip()
    try:
        parse_node_id(node)
        query = parse_query(request.GET) if "focus" in request.GET else None
    except ValueError as exc:
        errors = exc.errors if isinstance(exc, BadQuery) else {"node": str(exc)}
        return _bad(request, errors, api=True)
    try:
        focus = author_by_slug(query.focus)[0] if query else None
    except Http404 as exc:
        return _bad(request, {"focus": str(exc)}, api=True, status=404)
    found = explore.expansion(node, query.filters if query else EVERYTHING, focus)
    if found is None:
        return _bad(request, {"node": f"nothing is called {node}"}, api=True, status=404)
    return JsonResponse(neighbourhood_json(found))


@require_safe
def api_path(request):
    """The shortest co-author path between two researchers (``from``, ``to``: author:<slug>)."""
    ends = {}
    for name in ("from", "to"):
        value = request.GET.get(name, "").strip()
        try:
            kind, slug = parse_node_id(value)
        except ValueError as exc:
            return _bad(request, {name: str(exc)}, api=True)
        if kind != "person":
            return _bad(request, {name: "a path connects researchers: use author:<slug>"}, api=True)
        try:
            ends[name] = author_by_slug(slug)[0]
        except Http404 as exc:
            return _bad(request, {name: str(exc)}, api=True, status=404)
    result = shortest_path(ends["from"].pk, ends["to"].pk)
    people = explore.path_people(result.author_ids) if result.found else {}
    return JsonResponse(path_json(result, people))
