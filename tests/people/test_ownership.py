"""The owner's corrections: details, and works that are not theirs, which stay off on re-import."""

import pytest

from audit.models import AuditEvent
from graph.models import CoauthorEdge
from ingest.records import AuthorRecord
from papers.models import Authorship, Paper
from profiles import claims
from profiles.models import Author
from tests.feedgen import api_feed, make_record
from tests.people.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(researchers, make_user):
    ada, _ = researchers
    user = make_user("ada@analytical.example")
    claims.file_claim(user, ada)
    return user, Author.objects.get(pk=ada.pk)


def test_owner_edits_details_with_an_audit_event(client, owner):
    user, ada = owner
    response = signed_in(client, user).post(
        f"/researchers/{ada.slug}/edit/",
        {"headline": "Writes programs for engines", "role": "Countess", "affiliation": "Analytical Society",
         "homepage": "https://ada.example", "open_to_collaborate": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(ada.get_absolute_url()).content.decode()
    assert "Writes programs for engines" in page and "Analytical Society" in page
    assert "Countess" in page and "Open to collaborate" in page
    event = AuditEvent.objects.get(action="owner_edited")
    assert event.before["headline"] == "" and event.after["institution"] == "Analytical Society"


def test_invalid_details_re_render_with_errors_and_change_nothing(client, owner):
    user, ada = owner
    response = signed_in(client, user).post(
        f"/researchers/{ada.slug}/edit/", {"headline": "x" * 301, "homepage": "not a url"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value has at most 300 characters" in html and "Enter a valid URL" in html
    assert Author.objects.get(pk=ada.pk).headline == ""


def test_not_mine_takes_the_work_off_and_holds_it_for_curators(client, owner):
    user, ada = owner
    edges_before = CoauthorEdge.objects.get().paper_count
    response = signed_in(client, user).post(
        f"/researchers/{ada.slug}/works/2601.00001/not-mine/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response.content == b""
    page = client.get(ada.get_absolute_url()).content.decode()
    assert "Part 1<" not in page and "Part 2<" in page
    held = Authorship.objects.get(paper__arxiv_id="2601.00001", name_as_printed="Ada Lovelace")
    assert (held.author, held.matched_by, held.held_from) == (None, "held", ada)
    assert Author.objects.get(pk=ada.pk).works_count == 2
    assert CoauthorEdge.objects.get().paper_count == edges_before - 1
    assert AuditEvent.objects.filter(action="not_mine").exists()


def test_a_work_marked_not_mine_is_not_put_back_by_later_imports(owner, ingest):
    user, ada = owner
    from profiles.ownership import mark_not_mine

    mark_not_mine(ada, user, Paper.objects.get(arxiv_id="2601.00001"))
    # arXiv sends v2 with a changed byline: the bylines are matched again from scratch.
    ingest(api_feed([make_record(1, version=2, authors=[
        AuthorRecord("Ada Lovelace"), AuthorRecord("Alan Turing"), AuthorRecord("Grace Hopper")])]))  # fmt: skip
    row = Authorship.objects.get(paper__arxiv_id="2601.00001", name_as_printed="Ada Lovelace")
    assert row.author is None and row.held_from_id == ada.pk and row.matched_by == "held"
    assert Paper.objects.get(arxiv_id="2601.00001").latest_version == 2
    assert not Paper.objects.filter(arxiv_id="2601.00001", authorships__author=ada).exists()


def test_only_the_owner_can_edit_or_mark_not_mine(client, owner, make_user):
    _, ada = owner
    stranger = signed_in(client, make_user())
    assert stranger.get(f"/researchers/{ada.slug}/edit/").status_code == 403
    assert stranger.post(f"/researchers/{ada.slug}/works/2601.00001/not-mine/").status_code == 403
    assert Authorship.objects.filter(author=ada).count() == 3
