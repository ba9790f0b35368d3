"""Browser fixtures for the e2e journeys: Playwright driving Debian's Chromium.

Never ``playwright install``: the browser is the system package at /usr/bin/chromium.
Everything here is function-scoped, so Playwright (and its event loop) is stopped
before the next test runs and no other test sees it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def browser(monkeypatch):
    """A headless Chromium for one test; skips with the fix when it is not installed."""
    if not CHROMIUM.is_file():
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this (the main) thread while
    # it is up, so any ORM call made after this fixture starts (a data fixture listed after
    # `page`, a database check after a click) raises Django's
    # SynchronousOnlyOperation. None of it is async code, so the guard is lifted, through
    # monkeypatch: for the e2e test only, restored before the next test runs.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        # While Playwright's loop runs, the test's own ORM calls get a connection of their
        # own (asgiref keeps connections per context, not per thread): close it here, in that
        # context, or the test database's teardown finds it ("being accessed by other users").
        connections.close_all()
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page whose relative URLs ("/") go to pytest-django's live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
