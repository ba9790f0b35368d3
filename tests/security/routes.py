"""Every URL pattern of the site, read from the URL conf, as a template with typed slots.

``/researchers/<slug:slug>/follow/`` becomes ``Route("/researchers/{slug}/follow/",
{"slug": "slug"})``; a regex pattern's named groups become slots typed ``regex:<group>``.
The security tests fill the slots, so a view added tomorrow is crawled tomorrow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

_CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    template: str
    slots: dict[str, str] = field(hash=False)
    name: str | None  # with its namespace: "profiles:follow", "admin:papers_paper_change"
    view: object = field(hash=False, compare=False)

    def __str__(self) -> str:
        return self.template


def _route_part(pattern: RoutePattern, slots: dict[str, str]) -> str:
    def slot(match):
        slots[match["name"]] = match["kind"] or "str"
        return "{" + match["name"] + "}"

    return _CONVERTER.sub(slot, str(pattern._route))


def _regex_part(pattern: RegexPattern, slots: dict[str, str]) -> str:
    regex = pattern._regex.removeprefix("^").removesuffix("$")
    out, i = [], 0
    while i < len(regex):
        if regex.startswith("(?P<", i):
            name_end = regex.index(">", i)
            name = regex[i + 4 : name_end]
            depth, j = 1, name_end + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(regex[j], 0) if regex[j - 1] != "\\" else 0
                j += 1
            slots[name] = "regex:" + regex[name_end + 1 : j - 1]
            out.append("{" + name + "}")
            i = j
        else:
            out.append(regex[i].replace("\\", ""))
            i += 1
    return "".join(out)


def _walk(patterns, prefix: str, slots: dict[str, str], namespace: str = ""):
    for entry in patterns:
        own = dict(slots)
        part = (
            _route_part(entry.pattern, own)
            if isinstance(entry.pattern, RoutePattern)
            else _regex_part(entry.pattern, own)
        )
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + part, own, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(prefix + part, own, name, entry.callback)


def all_routes() -> list[Route]:
    """Every pattern, admin and allauth included, in URL-conf order."""
    return list(_walk(get_resolver().url_patterns, "/", {}))
