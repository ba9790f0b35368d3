"""Who may change what: every URL pattern that takes a POST × five kinds of visitor.

The patterns come from the URL conf (tests/security/routes.py), so a new view
cannot be forgotten: ``test_every_route_that_takes_a_post_has_expectations``
fails until the table below says who may use it. Admin patterns are judged by
rule: non-staff visitors are sent to the admin sign-in; staff get what their
ModelAdmin's permissions allow (the curator group's, from its data migration).
Every refused request is checked against the whole database: a fingerprint of
each table before and after must be equal. Each request runs in a savepoint that
is rolled back, so one world serves every route.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.test import Client, RequestFactory

from digests.models import Subscription
from digests.tokens import make_token
from papers.models import Authorship
from tests.security.routes import Route, all_routes

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "other", "owner", "curator", "superuser"]

LOGIN = "sent to sign in, nothing changes"
ADMIN_LOGIN = "sent to the admin sign-in, nothing changes"
REFUSED = "403, nothing changes"
ALLOWED = "reaches the view"
NO_CHANGE = "answers, nothing changes"
OPEN = "answers (no permission involved)"

# The site's own state-changing patterns: (anonymous, other, owner, curator, superuser).
# "owner" owns Ada's record, is invited by the superuser and waits on a claim (conftest).
SITE = {
    "papers:upvote": (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    "profiles:follow": (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    "profiles:claim": (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    "profiles:dispute": (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    "profiles:edit": (LOGIN, REFUSED, ALLOWED, REFUSED, REFUSED),
    "profiles:not_mine": (LOGIN, REFUSED, ALLOWED, REFUSED, REFUSED),
    "profiles:invite": (LOGIN, ALLOWED, REFUSED, ALLOWED, ALLOWED),
    "withdraw_claim": (LOGIN, REFUSED, ALLOWED, REFUSED, REFUSED),
    # Accepting: only the invited side (the owner); the sender (superuser) may not.
    "invitation": (LOGIN, REFUSED, ALLOWED, REFUSED, REFUSED),
    # Digests: anyone may ask; a signed link is the credential for what follows.
    "digests:subscribe": (OPEN,) * 5,
    "digests:resend": (OPEN,) * 5,
    "digests:confirm": (OPEN,) * 5,
    "digests:manage": (OPEN,) * 5,
    "digests:unsubscribe": (OPEN,) * 5,
}
# allauth's account pages: forms for the visitor's own account or session.
ACCOUNT_FORMS = {
    "account_login", "account_signup", "account_logout", "account_reset_password",
    "account_reset_password_from_key", "account_confirm_email", "account_reauthenticate",
    "socialaccount_signup", "account_login_code_confirm", "account_request_login_code",
    "account_confirm_login_code", "mfa_authenticate",
}  # fmt: skip
ACCOUNT_OWN = {  # about the signed-in account: anonymous is sent to sign in first
    "account_email", "account_change_password", "account_set_password",
    "socialaccount_connections",
    # The authenticator app (allauth MFA) and API tokens belong to the signed-in account.
    "mfa_reauthenticate", "mfa_activate_totp", "mfa_deactivate_totp",
    "mfa_generate_recovery_codes", "mfa_download_recovery_codes",
    "api_tokens", "revoke_api_token",
}  # fmt: skip
READ_ONLY = {"healthz", "sitemap-index", "django.contrib.sitemaps.views.sitemap"}  # any method
DATA = {
    "papers:upvote": {},
    "profiles:claim": {"message": "This is me."},
    "profiles:dispute": {"message": "This is me."},
    "profiles:edit": {"headline": "Hacked"},
    "profiles:invite": {"topic": "Work", "message": "Hello"},
    "invitation": {"accept": "1"},
    "digests:subscribe": {"email": "new@example.org", "frequency": "daily"},
    "digests:resend": {"email": "reader@example.org"},
    "digests:manage": {"frequency": "weekly"},
    "account_email": {"email": "taken@example.org", "action_add": "1"},
    "account_change_password": {"oldpassword": "x", "password1": "Zx9!long-pass", "password2": "Zx9!long-pass"},
    "account_set_password": {"password1": "Zx9!long-pass", "password2": "Zx9!long-pass"},
}  # fmt: skip
ADMIN_ACTION = re.compile(r"admin:(?P<app>[a-z_]+?)_(?P<model>[a-z]+)_(?P<action>[a-z]+)$")
ADMIN_READ_ONLY = {"admin:index", "admin:app_list", "admin:autocomplete", "admin:jsi18n",
                   "admin:view_on_site", "admin:password_change_done", "admin:password_change"}  # fmt: skip
ADMIN_CUSTOM = {  # custom admin views: the permission each needs
    "profiles_author_duplicates": "profiles.repair_identity",
    "profiles_author_merge": "profiles.repair_identity",
    "profiles_author_matches": "profiles.repair_identity",
    "profiles_author_undo": "profiles.repair_identity",
    "profiles_author_split": "profiles.repair_identity",
    "profiles_claim_dispute": "profiles.change_claim",
    "ingest_feedsource_run": "ingest.change_feedsource",
    "ingest_importrun_retry": "ingest.change_importrun",
    "ingest_importrun_progress": "ingest.view_importrun",
    "ingest_heldrecord_approve": "ingest.change_importrecord",
    "ingest_heldrecord_reject": "ingest.change_importrecord",
    "auth_user_password_change": "auth.change_user",
}


def _model_admins() -> dict[str, admin.ModelAdmin]:
    return {
        f"{m._meta.app_label}_{m._meta.model_name}": ma for m, ma in admin.site._registry.items()
    }


def _admin_expectation(route: Route, role: str, user) -> str | None:
    name = route.name or ""
    if name == "admin:login" or name == "admin:logout":
        return OPEN
    if user is None or not user.is_staff:
        return ADMIN_LOGIN if route.name else NO_CHANGE  # the unnamed catch-all answers 404
    if name in ADMIN_READ_ONLY or not route.name:
        return NO_CHANGE
    short = name.removeprefix("admin:")
    if short in ADMIN_CUSTOM:
        return ALLOWED if user.has_perm(ADMIN_CUSTOM[short]) else REFUSED
    match = ADMIN_ACTION.match(name)
    model_admin = match and _model_admins().get(f"{match['app']}_{match['model']}")
    if model_admin is None:
        return None
    request = RequestFactory().post("/")
    request.user = user
    allowed = {
        "add": model_admin.has_add_permission(request),
        "change": model_admin.has_change_permission(request),
        "delete": model_admin.has_delete_permission(request),
        "changelist": model_admin.has_view_or_change_permission(request),
        "history": model_admin.has_view_or_change_permission(request),
    }.get(match["action"])
    if allowed is None:
        return None
    if match["action"] == "history":  # a read view; a missing object redirects before the check
        return NO_CHANGE
    if match["action"] == "changelist":  # POSTed: delete every row, which only delete may do
        deletes = model_admin.has_delete_permission(request)
        return (ALLOWED if deletes else NO_CHANGE) if allowed else REFUSED
    return ALLOWED if allowed else REFUSED


def expectation(route: Route, role: str, user) -> str | None:
    """What ``role`` must get from a POST to ``route``; None when nobody said (a gap)."""
    if route.template.startswith("/admin/"):
        return _admin_expectation(route, role, user)
    if route.name in SITE:
        return SITE[route.name][ROLES.index(role)]
    if route.name in READ_ONLY or route.template.startswith("/api/"):
        return NO_CHANGE  # the JSON API only reads
    if route.name in ACCOUNT_FORMS or route.template.startswith(
        ("/accounts/orcid/", "/accounts/social/")
    ):
        return OPEN  # sign-in and sign-up steps, ORCID's included (a 404 until it is set up)
    if route.name in ACCOUNT_OWN:
        return LOGIN if role == "anonymous" else ALLOWED
    return None


def _admin_data(route: Route, world) -> dict:
    match = ADMIN_ACTION.match(route.name or "")
    model_admin = match and _model_admins().get(f"{match['app']}_{match['model']}")
    if not model_admin:  # a custom curator view: the forms of merge, split and the match queue
        return {"survivor": world["ada"].pk, "loser": world["alan"].pk, "reason": "x",
                "byline": Authorship.objects.filter(author=world["ada"]).values_list("pk", flat=True)[:1],
                "decision": "new", "new_name": "Someone"}  # fmt: skip
    if match["action"] == "changelist":  # the strongest thing a list does: delete everything
        pks = list(model_admin.model._default_manager.values_list("pk", flat=True))
        return {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
    return {"post": "yes"}  # the delete page's confirmation; an invalid form elsewhere


def fill(route: Route, world) -> str:
    """The route's address for the world's own objects (Ada, her paper, the owner's claim…)."""
    subscription = world["subscription"]
    object_id = "0"
    if match := ADMIN_ACTION.match(route.name or ""):
        model_admin = _model_admins().get(f"{match['app']}_{match['model']}")
        first = model_admin and model_admin.model._default_manager.order_by("pk").first()
        object_id = str(first.pk) if first else "0"
    values = {
        "slug": world["ada"].slug, "arxiv_id": world["paper"].arxiv_id,
        "claim_id": world["claim"].pk, "invitation_id": world["invitation"].pk,
        "token": make_token((route.name or "manage").split(":")[-1], subscription)
        if route.name in ("digests:confirm", "digests:manage", "digests:unsubscribe") else "x",
        "object_id": object_id, "author_id": world["ada"].pk,
        "event_id": world["event"].pk if world["event"] else 0, "app_label": "profiles",
        "url": "x", "section": "researchers", "key": "x", "uidb36": "x",
        "content_type_id": 1, "token_id": 0,
    }  # fmt: skip
    return route.template.format(**{slot: values.get(slot, "x") for slot in route.slots})


def _fingerprint_query() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'django_session' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
    return " UNION ALL ".join(
        f"SELECT '{t}', md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM \"{t}\" t"
        for t in tables
    )


def fingerprint(query: str) -> dict[str, str]:
    """Every table's rows, hashed: equal before and after means nothing changed."""
    with connection.cursor() as cursor:
        cursor.execute(query)
        return dict(cursor.fetchall())


@pytest.fixture
def matrix_world(world):
    world["subscription"] = Subscription.objects.create(email="reader@example.org")
    return world


def _post(client, route, world, user):
    """POST in a savepoint rolled back afterwards; the response and the tables that changed."""
    query = world.setdefault("_fingerprint", _fingerprint_query())
    data = DATA.get(route.name, {}) if not route.template.startswith("/admin/") else None
    with transaction.atomic():
        if user is not None:
            client.force_login(user)
        before = fingerprint(query)
        response = client.post(
            fill(route, world), data if data is not None else _admin_data(route, world)
        )
        after = fingerprint(query)
        transaction.set_rollback(True)
    client.logout()
    return response, sorted(t for t in before if before[t] != after[t])


def test_every_route_that_takes_a_post_has_expectations(matrix_world):
    client = Client(raise_request_exception=False)
    missing = []
    for route in all_routes():
        response, _ = _post(client, route, matrix_world, matrix_world["superuser"])
        if (
            response.status_code != 405
            and expectation(route, "superuser", matrix_world["superuser"]) is None
        ):
            missing.append(f"{route.name} {route.template}")
    assert not missing, "POST routes nobody said who may use:\n" + "\n".join(missing)
    names = {route.name for route in all_routes()}
    assert not set(SITE) - names, "table entries for routes that no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(matrix_world, role):
    user = None if role == "anonymous" else matrix_world[role]
    client = Client(raise_request_exception=False)
    wrong = []
    for route in all_routes():
        expected = expectation(route, role, user)
        if expected is None:
            continue  # takes no POST (the test above proves it)
        response, changed = _post(client, route, matrix_world, user)
        status, where = response.status_code, response.get("Location", "")
        if status == 405:
            continue
        ok = {
            LOGIN: status == 302 and where.startswith("/accounts/login/"),
            ADMIN_LOGIN: status == 302 and where.startswith("/admin/login/"),
            REFUSED: status == 403,
            ALLOWED: status < 500 and status != 403 and "/login/" not in where,
            NO_CHANGE: status < 500,
            OPEN: status < 500,
        }[expected]
        if expected in (LOGIN, ADMIN_LOGIN, REFUSED, NO_CHANGE) and changed:
            ok = False
        if not ok:
            wrong.append(f"{route.name} {route.template}: expected {expected!r}, got {status} "
                         f"{where[:60]} changed={changed}")  # fmt: skip
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
