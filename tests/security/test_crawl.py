"""A hostile crawl: every URL pattern, filled with hostile values, never answers 5xx.

The routes come from the URL conf itself (tests/security/routes.py), admin and
allauth included. Each slot gets a hostile value (overlong, NUL, "²", negative or
huge numbers, broken percent-encodings, plain random text) or a real one from a
small imported world, so views past the resolver are reached too; query strings
and forms carry forged pages, cursors and 2 KB searches. Every example is sent
as GET, HEAD and POST (CSRF checks off, as a forged form would get past them),
anonymously and as a signed-in superuser, who reaches every admin page.
"""

from __future__ import annotations

import logging
import sys
import zlib
from urllib.parse import quote, urlencode

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from digests.models import Subscription
from digests.tokens import make_token
from tests.security.routes import all_routes

pytestmark = pytest.mark.django_db

# Deterministic for CI: each route is seeded with its own template (the same examples on
# every run, different ones per route; derandomize=True would give every route the same
# draws), no example database, no deadline (two shared cores make requests slow, which is
# no failure), generation only: a failure is collected and reported, never shrunk.
settings.register_profile(
    "hostile-crawl",
    max_examples=6,
    derandomize=False,
    database=None,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
CRAWL = settings(settings.get_profile("hostile-crawl"))
# The ~180 admin routes are Django's own views repeated per model: fewer draws each.
CRAWL_ADMIN = settings(CRAWL, max_examples=2)
LONG = "a" * 2100
HOSTILE = [
    LONG, "\x00", "a\x00b", "²", "¹²³", "٣", "-1", "0", "-99999999999999999999",
    str(10**20), str(2**31), str(2**63), "1e9", "NaN", "..", "../../etc/passwd", " ", "'",
    '"><script>alert(1)</script>', "'; DROP TABLE papers_paper; --", "ünïcødé", "\ufeff",
    "\u202e", "\U0001f600", "9999-12-31", "0001-01-01", "2026-02-30", "9999-12", "0001-01",
    "2026-W53", "forged_cursor", "1_", "_1", "999999999_99999999999999999999", "a:b:c",
]  # fmt: skip
# Percent-encodings that decode to nothing valid: sent as typed, never quoted again.
BROKEN_ENCODINGS = ["%", "%zz", "%FF%FE", "%C0%AF", "%ED%A0%80", "%00"]
PARAMS = [
    "page", "p", "cursor", "after", "before", "q", "o", "sort", "category", "from", "year",
    "authors", "survivor", "loser", "next", "kind", "frequency", "email", "slug", "focus",
    "a", "b", "depth", "to", "byline", "_to_field", "_popup", "_changelist_filters",
]  # fmt: skip
METHODS = ("get", "head", "post")


def _value(real: list[str]):
    text = st.text(max_size=40)
    return st.one_of(st.sampled_from(real), st.sampled_from(HOSTILE), text, text.map(str.upper))


def _slot(kind: str, real: list[str]):
    if kind.startswith("regex:"):  # a value the group accepts, or anything at all
        return st.one_of(st.from_regex(kind[6:], fullmatch=True), _value(real))
    return st.one_of(_value(real), st.sampled_from(BROKEN_ENCODINGS))


def _encoded(value: str) -> str:
    return value if value in BROKEN_ENCODINGS else quote(value, safe="")


@pytest.fixture
def real_values(world):
    subscription = Subscription.objects.create(email="reader@example.org")
    objects = [world[k] for k in ("ada", "alan", "run", "record", "source", "invitation")]
    return [
        world["ada"].slug, world["paper"].arxiv_id, world["category"].code, "cs.LG",
        "2026-01-05", "2026-01", "researchers", "papers", "profiles", "ingest",
        *(str(o.pk) for o in objects if o is not None),
        *(make_token(p, subscription) for p in ("confirm", "manage", "unsubscribe")),
    ]  # fmt: skip


@pytest.fixture
def quiet_request_log():
    """Thousands of refused requests would each log a warning (and 403s a traceback)."""
    log = logging.getLogger("django.request")
    level = log.level
    log.setLevel(logging.CRITICAL)
    yield
    log.setLevel(level)


@pytest.mark.parametrize("who", ["anonymous", "superuser"])
def test_no_hostile_request_is_a_server_error(world, real_values, quiet_request_log, who):
    client = Client(raise_request_exception=False)  # CSRF checks are off by default
    failures: list[str] = []
    last_error: list[BaseException] = []

    def remember(sender, request=None, **kwargs):
        last_error.append(sys.exc_info()[1])

    got_request_exception.connect(remember)
    try:
        for route in all_routes():
            _crawl(client, route, real_values, world[who] if who != "anonymous" else None,
                   failures, last_error)  # fmt: skip
    finally:
        got_request_exception.disconnect(remember)
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:40])


def _crawl(client, route, real, user, failures, last_error):
    slots = {name: _slot(kind, real) for name, kind in route.slots.items()}
    params = st.dictionaries(st.sampled_from(PARAMS), _value(real), max_size=3)

    @(CRAWL_ADMIN if route.template.startswith("/admin/") else CRAWL)
    @seed(zlib.crc32(route.template.encode()))
    @given(values=st.fixed_dictionaries(slots), query=params, form=params)
    def visit(values, query, form):
        path = route.template.format(**{k: _encoded(v) for k, v in values.items()})
        url = f"{path}?{urlencode(query)}" if query else path
        for method in METHODS:
            if user is not None:
                client.force_login(user)  # a POST to sign out must not end the crawl
            last_error.clear()
            data = form if method == "post" else None
            response = getattr(client, method)(url, data)
            if response.status_code >= 500:
                cause = repr(last_error[-1])[:300] if last_error else ""
                failures.append(f"{method.upper()} {url[:200]!r} {form if data else ''} -> "
                                f"{response.status_code} {cause}")  # fmt: skip

    visit()
