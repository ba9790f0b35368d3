"""Browser journey: a profile's graph slice, then the full explorer: select, expand, path, keyboard."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from ingest.records import AuthorRecord
from tests.feedgen import api_feed, make_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def circle(ingest):
    """Ada with Alan (three works) and Grace; Alan with Barbara, whom Ada has never met."""
    cache.clear()  # slices are cached under author ids, which a new test database reuses

    def paper(n, names, year):
        when = datetime(year, 3, n, tzinfo=UTC)
        return make_record(n, authors=[AuthorRecord(x) for x in names], published=when,
                           updated=when, versions=[], categories=["cs.DS"],
                           primary_category="cs.DS")  # fmt: skip

    assert ingest(api_feed([
        paper(1, ["Ada Lovelace", "Alan Turing"], 2022),
        paper(2, ["Ada Lovelace", "Alan Turing", "Grace Hopper"], 2023),
        paper(3, ["Ada Lovelace", "Alan Turing"], 2024),
        paper(4, ["Alan Turing", "Barbara Liskov"], 2025),
    ])).status == "succeeded"  # fmt: skip
    yield
    cache.clear()


def test_profile_slice_then_explorer_expand_and_path(circle, page):
    page.goto("/researchers/ada-lovelace/")
    panel = page.locator(".graph-panel")
    panel.scroll_into_view_if_needed()
    # The slice arrives after the page: a picture with its people, and the same as lists.
    expect(panel.locator("svg.graph-svg .g-node.g-person")).to_have_count(3)
    expect(panel.locator(".graph-summary")).to_contain_text("2 co-authors, 1 close")
    panel.get_by_text("People").click()
    expect(panel.locator(".graph-lists").get_by_role("link", name="Alan Turing")).to_be_visible()

    panel.get_by_role("link", name="Open full explorer").click()
    expect(page).to_have_url(re.compile(r"/graph/\?focus=author:ada-lovelace$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Around Ada Lovelace")

    # Select a collaborator: its card opens and the URL names it.
    page.locator('.explorer-canvas .g-node[data-id="author:alan-turing"]').click()
    expect(page.locator("#card-title")).to_have_text("Alan Turing")
    expect(page).to_have_url(re.compile(r"node=author:alan-turing"))

    # Expand it: Barbara, whom Ada never wrote with, joins the picture; the URL says so.
    expect(page.locator('.g-node[data-id="author:barbara-liskov"]')).to_have_count(0)
    page.get_by_role("link", name=re.compile("Expand")).click()
    expect(page.locator('.g-node[data-id="author:barbara-liskov"]')).to_have_count(1)
    expect(page).to_have_url(re.compile(r"expand=author:alan-turing"))

    # The keyboard: Tab lands on one node, arrows move between nodes, Enter opens the card.
    page.locator('.g-node[data-id="author:barbara-liskov"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator("#card-title")).to_have_text("Barbara Liskov")
    expect(page).to_have_url(re.compile(r"node=author:barbara-liskov"))
    # Focus stays on the node across the swap. Waited for on the swapped-in node (the one
    # now selected): the old one was focused already, and keys pressed before the swap
    # ends would act on a picture about to be replaced.
    barbara = page.locator('.g-node[data-id="author:barbara-liskov"]')
    expect(page.locator('.g-node.g-selected[data-id="author:barbara-liskov"]')).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(barbara).not_to_be_focused()
    assert page.evaluate("document.activeElement.classList.contains('g-node')")

    # A name nobody has gets a message; the picture stays.
    page.get_by_label(re.compile("How is Ada Lovelace connected to")).fill("Nobody Known")
    page.get_by_role("button", name="Find path").click()
    expect(page.get_by_role("alert")).to_contain_text("no researcher named “Nobody Known”")
    expect(page.locator('.g-node[data-id="author:barbara-liskov"]')).to_have_count(1)

    # How are Ada and Barbara connected? Through Alan.
    page.get_by_role("link", name=re.compile("How is Ada Lovelace connected")).click()
    expect(page.locator(".path-result")).to_contain_text(
        "2 steps from Ada Lovelace to Barbara Liskov"
    )
    expect(page.locator(".path-steps li")).to_have_text(
        ["Ada Lovelace", re.compile("Alan Turing"), re.compile("Barbara Liskov")]
    )
    expect(page).to_have_url(re.compile(r"path=author:barbara-liskov"))

    # Back goes to the view before, as it was left (panned by the arrow keys), and it
    # still answers: Fit shows everything, a click opens a card.
    page.go_back()
    expect(page).to_have_url(re.compile(r"node=author:barbara-liskov$"))
    expect(page.locator(".path-result")).to_have_count(0)
    page.get_by_role("button", name="Show everything").click()
    page.locator('.explorer-canvas .g-node[data-id="author:grace-hopper"]').click()
    expect(page.locator("#card-title")).to_have_text("Grace Hopper")


OUTSIDE_CANVAS = """() => {
  const box = document.querySelector('.explorer-canvas').getBoundingClientRect();
  return [...document.querySelectorAll('.explorer-canvas .g-node, .explorer-canvas .g-label')]
    .filter(e => getComputedStyle(e).display !== 'none')
    .map(e => [e.dataset.id || e.textContent, e.getBoundingClientRect()])
    .filter(([, r]) => r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom)
    .map(([name]) => name);
}"""
OVERLAPPING_LABELS = """() => {
  const shown = [...document.querySelectorAll('.explorer-canvas .g-label')]
    .filter(e => getComputedStyle(e).display !== 'none').map(e => e.getBoundingClientRect());
  let overlaps = 0;
  shown.forEach((a, i) => shown.slice(i + 1).forEach(b => {
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps++;
  }));
  return overlaps;
}"""


def test_explorer_on_a_phone_starts_whole_with_labels_apart(circle, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/graph/?focus=author:ada-lovelace")
    expect(page.locator(".explorer-canvas.js")).to_have_count(1)
    # The whole picture at first: no node or label cut off at either edge, none on another.
    assert page.evaluate(OUTSIDE_CANVAS) == []
    assert page.evaluate(OVERLAPPING_LABELS) == 0
    focus_label = page.locator(".g-label-focus")
    expect(focus_label).to_be_visible()
    # Paper titles wait for a closer look; zoomed in, every label the server placed is back.
    expect(page.locator(".g-label-paper").first).to_be_hidden()
    for _ in range(5):
        page.get_by_role("button", name="Zoom in").click()
    expect(page.locator("svg.graph-svg.g-far")).to_have_count(0)
    expect(page.locator(".g-label.g-crowded")).to_have_count(0)
