"""Browser journey under the Content-Security-Policy: every main page loads with no violation,
and what JavaScript does on them (htmx swaps, the explorer, the category filter) still works."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from ingest.records import AuthorRecord
from tests.feedgen import make_record, rss_feed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
DAY = date(2026, 11, 23)

# Installed before any page script runs: the browser reports each refused script, style,
# eval or connection as a `securitypolicyviolation` event on the document.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def announced(ingest):
    """A day's listing whose authors share papers, so profiles have a graph to draw."""
    cache.clear()  # graph slices are cached under author ids, which a new test database reuses

    def paper(n, title, names):
        return make_record(n, title=title, announced_on=DAY, announce_type="new",
                           authors=[AuthorRecord(name) for name in names])  # fmt: skip

    assert ingest(rss_feed([
        paper(1, "Engines That Weave Algebra", ["Ada Lovelace", "Alan Turing"]),
        paper(2, "Computable Numbers Revisited", ["Ada Lovelace", "Alan Turing", "Grace Hopper"]),
    ])).status == "succeeded"  # fmt: skip
    yield
    cache.clear()


@pytest.fixture
def watched_page(page):
    """The page, with every CSP violation and CSP console error it sees kept in a list."""
    page.context.add_init_script(RECORD_VIOLATIONS)
    console_errors = []
    page.on(
        "console",
        lambda message: (
            console_errors.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.csp_console_errors = console_errors
    return page


def assert_no_violation(page):
    assert page.evaluate("window.__cspViolations") == [], page.url
    assert page.csp_console_errors == [], page.url


def open_with_policy(page, path):
    response = page.goto(path)
    assert response.ok, path
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, path
    return response


def test_main_pages_keep_to_the_policy_and_their_scripts_still_work(announced, watched_page):
    page = watched_page

    # Home: htmx's live search swaps results in as you type.
    open_with_policy(page, "/")
    page.get_by_role("search").get_by_role("searchbox").fill("lovelace")
    live = page.locator("#search-live")
    expect(live.get_by_role("option", name=re.compile("Ada Lovelace"))).to_be_visible()
    assert_no_violation(page)

    # A profile: its graph panel is fetched by htmx when it scrolls into view.
    open_with_policy(page, "/researchers/ada-lovelace/")
    panel = page.locator(".graph-panel")
    panel.scroll_into_view_if_needed()
    expect(panel.locator("svg.graph-svg .g-node.g-person")).to_have_count(3)
    assert_no_violation(page)

    # Daily: the day's papers; "et al." author lists come from htmx too.
    open_with_policy(page, "/papers/daily/")
    expect(page.get_by_role("link", name="Engines That Weave Algebra")).to_be_visible()
    assert_no_violation(page)

    # The search page.
    open_with_policy(page, "/search/?q=computable")
    expect(page.get_by_role("link", name="Computable Numbers Revisited")).to_be_visible()
    assert_no_violation(page)

    # Digest subscription: the category filter, once an inline script, now a static file.
    open_with_policy(page, "/digests/")
    page.get_by_label("Filter categories").fill("robotics")
    expect(page.locator(".category-list li:visible")).to_have_count(1)
    expect(page.locator(".category-list li:visible")).to_contain_text("cs.RO")
    assert_no_violation(page)

    # The graph explorer: its own script and htmx swap the card in when a node is chosen.
    open_with_policy(page, "/graph/?focus=author:ada-lovelace")
    page.locator('.explorer-canvas .g-node[data-id="author:alan-turing"]').click()
    expect(page.locator("#card-title")).to_have_text("Alan Turing")
    assert_no_violation(page)


def test_an_injected_inline_script_is_refused(announced, watched_page):
    """The policy bites: markup that slipped into a page cannot run a script without the nonce."""
    page = watched_page
    open_with_policy(page, "/")
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__ran = true";
          document.body.appendChild(s);
        }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran") is None
    violations = page.evaluate("window.__cspViolations")
    assert any(v.startswith("script-src") for v in violations), violations


def test_signed_in_and_admin_pages_keep_to_the_policy(announced, watched_page, make_user):
    from django_celery_beat.models import CrontabSchedule

    from ingest.models import ImportRun
    from papers.models import Paper

    make_user("admin@example.org", staff=True)
    page = watched_page
    open_with_policy(page, "/accounts/login/")
    page.get_by_label("Email:").fill("admin@example.org")
    page.get_by_label("Password:").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Your home")).to_be_visible()
    assert_no_violation(page)

    paper = Paper.objects.get(title="Engines That Weave Algebra").get_absolute_url()
    for path in ["/me/", "/researchers/", "/researchers/ada-lovelace/claim/", paper, "/admin/"]:
        open_with_policy(page, path)
        assert_no_violation(page)

    # An import run's admin page: its own styles (with the nonce) and htmx's progress panel.
    run = ImportRun.objects.order_by("-id").first()
    open_with_policy(page, f"/admin/ingest/importrun/{run.pk}/change/")
    expect(page.get_by_role("heading", name=re.compile("import run", re.I)).first).to_be_visible()
    assert_no_violation(page)

    # django-celery-beat's schedule form: its crontab help, once an inline script.
    CrontabSchedule.objects.create(minute="0", hour="6")
    open_with_policy(page, "/admin/django_celery_beat/periodictask/add/")
    page.locator("#id_crontab").select_option(index=1)
    expect(page.locator(".field-crontab .help")).to_contain_text("Translation: At 06:00")
    assert_no_violation(page)
