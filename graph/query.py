"""The explorer's query string: what is in focus, what is expanded, what is shown.

    /graph/?focus=author:ada-lovelace&expand=author:alan-turing,paper:2401.12345
           &kinds=person,paper&from=2015&to=2024&path=author:grace-hopper&node=topic:cs.LG

Every view of the explorer is one of these URLs, so a view can be shared. Each
value is checked here and a bad one is reported by name (the views answer 400
with the message), never passed on to a query.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils import timezone

from graph.nodes import KINDS, PERSON, Filters, parse_node_id

MAX_EXPANSIONS = 8
FIRST_YEAR = 1991  # arXiv's first year
MAX_PATH_TEXT = 200
SAFE = ":,/"  # legal in a query string: kept, so URLs read as they are written


class BadQuery(ValueError):
    """One or more parameters cannot be used; ``errors`` maps each to what is wrong."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class ExplorerQuery:
    focus: str  # the focus author's slug
    expand: tuple[str, ...] = ()
    filters: Filters = Filters()
    path: str = ""  # "author:<slug>", or a name as typed (resolved by the view)
    node: str = ""  # the selected node

    def params(self, **changes) -> dict[str, str]:
        """The query string's parameters, in a fixed order, defaults left out."""
        q = replace(self, **changes) if changes else self
        params = {"focus": f"author:{q.focus}"}
        if q.expand:
            params["expand"] = ",".join(q.expand)
        if q.filters.kinds != frozenset(KINDS):
            params["kinds"] = ",".join(k for k in KINDS if k in q.filters.kinds)
        if q.filters.year_from:
            params["from"] = str(q.filters.year_from)
        if q.filters.year_to:
            params["to"] = str(q.filters.year_to)
        if q.path:
            params["path"] = q.path
        if q.node:
            params["node"] = q.node
        return params

    def url(self, name: str = "graph:explorer", **changes) -> str:
        # ":" and "," stay as they are (legal in a query), so the URL reads as it is written.
        return reverse(name) + "?" + urlencode(self.params(**changes), safe=SAFE)

    def node_links(self, node_ids) -> dict[str, tuple[str, str]]:
        """{node id: (URL selecting it, URL expanding and selecting it)} for a whole drawing.

        The same URLs ``url(node=…)`` and ``expanding(…).url(node=…)`` give, built from
        one reverse() and one encoding of the shared parameters: a view has hundreds of nodes.
        """
        base = self.params(node="")
        focus = f"focus={quote(base.pop('focus'), safe=SAFE)}"
        expand = base.pop("expand", "")
        rest = "".join(f"&{k}={quote(v, safe=SAFE)}" for k, v in base.items())
        path = reverse("graph:explorer") + "?"
        now = f"&expand={quote(expand, safe=SAFE)}" if expand else ""
        links = {}
        for node_id in node_ids:
            tail = f"&node={quote(node_id, safe=SAFE)}"
            more = self.expanding(node_id).expand if node_id not in self.expand else self.expand
            grown = f"&expand={quote(','.join(more), safe=SAFE)}" if more else ""
            links[node_id] = (path + focus + now + rest + tail, path + focus + grown + rest + tail)
        return links

    def expanding(self, node_id: str) -> ExplorerQuery:
        """This view with one more node expanded (the oldest dropped past the limit)."""
        if node_id in self.expand:
            return self
        return replace(self, expand=(*self.expand, node_id)[-MAX_EXPANSIONS:])

    def collapsing(self, node_id: str) -> ExplorerQuery:
        return replace(self, expand=tuple(n for n in self.expand if n != node_id))


def _values(query, name: str) -> list[str]:
    """Repeated parameters and comma-separated lists, both (forms send the first)."""
    values = []
    for raw in query.getlist(name):
        values += [v.strip() for v in raw.split(",") if v.strip()]
    return values


def _year(query, name: str, errors: dict) -> int | None:
    raw = query.get(name, "").strip()
    if not raw:
        return None
    last = timezone.now().year + 1
    try:
        year = int(raw)
    except ValueError:
        errors[name] = f"“{raw[:40]}” is not a year"
        return None
    if not FIRST_YEAR <= year <= last:
        errors[name] = f"{year} is outside {FIRST_YEAR}–{last}"
        return None
    return year


def parse_query(query) -> ExplorerQuery | None:
    """The explorer query in ``query`` (a QueryDict); None without a focus; BadQuery if bad."""
    errors: dict[str, str] = {}
    focus = query.get("focus", "").strip()
    if not focus:
        return None
    try:
        kind, slug = parse_node_id(focus)
        if kind != PERSON:
            errors["focus"] = "the explorer centres on a researcher: use author:<slug>"
    except ValueError as exc:
        errors["focus"], slug = str(exc), ""

    expand = []
    for value in _values(query, "expand"):
        try:
            parse_node_id(value)
        except ValueError as exc:
            errors["expand"] = str(exc)
            break
        if value not in expand:
            expand.append(value)
    if len(expand) > MAX_EXPANSIONS:
        errors["expand"] = f"at most {MAX_EXPANSIONS} nodes can be expanded at once"

    kinds = _values(query, "kinds")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        errors["kinds"] = f"“{unknown[0][:40]}” is not one of {', '.join(KINDS)}"
    year_from, year_to = _year(query, "from", errors), _year(query, "to", errors)
    if year_from and year_to and year_from > year_to:
        errors["from"] = f"the range starts ({year_from}) after it ends ({year_to})"

    path = query.get("path", "").strip()
    if len(path) > MAX_PATH_TEXT:
        errors["path"] = f"a name of at most {MAX_PATH_TEXT} characters"
    elif path.startswith(("paper:", "topic:", "institution:")):
        errors["path"] = "a path connects two researchers: give a name or author:<slug>"
    elif path.startswith("author:"):
        try:
            parse_node_id(path)
        except ValueError as exc:
            errors["path"] = str(exc)

    node = query.get("node", "").strip()
    if node:
        try:
            parse_node_id(node)
        except ValueError as exc:
            errors["node"] = str(exc)
    if errors:
        raise BadQuery(errors)
    return ExplorerQuery(
        focus=slug,
        expand=tuple(expand),
        filters=Filters(kinds=frozenset(kinds or KINDS), year_from=year_from, year_to=year_to),
        path=path,
        node=node,
    )
