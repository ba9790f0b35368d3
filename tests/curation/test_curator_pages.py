"""The curator's admin pages for identity repair, and who may use them."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from audit.models import AuditEvent
from ingest.records import AuthorRecord
from papers.models import Authorship
from profiles.models import Author
from tests.feedgen import api_feed, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(ingest):
    """Two "Yu Wang" records (no shared evidence), one with a low-confidence byline."""
    ingest(api_feed([
        make_record(1, authors=[AuthorRecord("Yu Wang"), AuthorRecord("Ada Lovelace")]),
        make_record(2, authors=[AuthorRecord("Yu Wang")], categories=["hep-th"], primary_category="hep-th"),
    ]))  # fmt: skip
    first, second = Author.objects.filter(display_name="Yu Wang").order_by("id")
    return first, second


@pytest.fixture
def curator(make_user):
    return make_user("curator@example.org", curator=True)


PAGES = ["/admin/profiles/author/duplicates/", "/admin/profiles/author/matches/"]


def test_curator_group_holds_exactly_what_curation_needs():
    perms = set(Group.objects.get(name="curator").permissions.values_list("codename", flat=True))
    assert {"repair_identity", "change_author", "change_importrecord", "view_auditevent"} <= perms
    assert not perms & {
        "delete_author",
        "delete_paper",
        "change_user",
        "add_user",
        "delete_auditevent",
    }


def test_duplicate_queue_lists_the_pair_and_merge_preview_compares_them(client, twins, curator):
    first, second = twins
    client.force_login(curator)
    html = client.get("/admin/profiles/author/duplicates/").content.decode()
    assert "Yu Wang" in html and f"survivor={first.pk}&amp;loser={second.pk}" in html
    preview = client.get(f"/admin/profiles/author/merge/?survivor={first.pk}&loser={second.pk}")
    page = preview.content.decode()
    assert (
        page.count('class="curation-side"') == 2 and "Ada Lovelace (1)" in page and "hep-th" in page
    )


def test_merge_preview_shows_works_titles_with_their_math_rendered(client, ingest, curator):
    ingest(api_feed([
        make_record(1, title=r"An $O(n \log n)$ Index by Lipt\'ak", authors=[AuthorRecord("Yu Wang")]),
        make_record(2, authors=[AuthorRecord("Yu Wang")], categories=["hep-th"], primary_category="hep-th"),
    ]))  # fmt: skip
    first, second = Author.objects.filter(display_name="Yu Wang").order_by("id")
    client.force_login(curator)
    page = client.get(f"/admin/profiles/author/merge/?survivor={first.pk}&loser={second.pk}")
    html = page.content.decode()
    assert "<math" in html and "Lipták" in html and "$O(n" not in html


def test_merge_through_the_page_then_undo(client, twins, curator):
    first, second = twins
    client.force_login(curator)
    response = client.post(
        "/admin/profiles/author/merge/",
        {"survivor": first.pk, "loser": second.pk, "reason": "ORCID"},
    )
    assert response.status_code == 302
    assert Author.objects.get(pk=first.pk).works_count == 2
    event = AuditEvent.objects.get(action="authors_merged")
    trail = client.get("/admin/audit/auditevent/").content.decode()
    assert f'href="/admin/profiles/author/undo/{event.pk}/">Undo' in trail
    assert "ORCID" in trail  # the reason the curator gave, beside who merged
    assert client.post(f"/admin/profiles/author/undo/{event.pk}/").status_code == 302
    assert (
        Author.objects.get(pk=first.pk).works_count == 1
        and Author.objects.get(pk=second.pk).merged_into is None
    )
    again = client.get(f"/admin/profiles/author/undo/{event.pk}/").content.decode()
    assert "Undone by" in again


def test_the_audit_trails_old_address_leads_to_its_new_one(client, twins, curator):
    """The trail moved from ingest to the audit app; a curator's bookmark still works."""
    client.force_login(curator)
    response = client.get("/admin/ingest/auditevent/?action=authors_merged", follow=True)
    assert response.redirect_chain[0] == (
        "/admin/audit/auditevent/?action=authors_merged",
        301,
    )
    assert response.status_code == 200 and "audit event" in response.content.decode().lower()


def test_refused_merge_shows_the_reason(client, twins, curator):
    first, _ = twins
    client.force_login(curator)
    page = client.get(
        f"/admin/profiles/author/merge/?survivor={first.pk}&loser={first.pk}"
    ).content.decode()
    assert (
        "An author cannot be merged into itself." in page
        and 'class="default" value="Merge' not in page
    )


def test_split_page_moves_ticked_works(client, twins, curator):
    first, _ = twins
    Authorship.objects.filter(paper__arxiv_id="2601.00002").update(
        author=first
    )  # give it two works
    client.force_login(curator)
    ticked = Authorship.objects.get(author=first, paper__arxiv_id="2601.00002")
    client.post(
        f"/admin/profiles/author/{first.pk}/split/",
        {"byline": [ticked.pk], "new_name": "Yu Wang (physics)"},
    )
    assert Author.objects.get(display_name="Yu Wang (physics)").works_count == 1


def test_match_queue_offers_the_candidates_and_moves(client, twins, curator):
    first, second = twins
    client.force_login(curator)
    low = Authorship.objects.get(author=second)
    assert low.confidence < 0.7
    page = client.get("/admin/profiles/author/matches/").content.decode()
    assert "Yu Wang" in page and f"Move to #{first.pk}" in page
    client.post(
        "/admin/profiles/author/matches/", {"byline": low.pk, "decision": "move", "to": first.pk}
    )
    low.refresh_from_db()
    assert low.author_id == first.pk and low.matched_by == "curator"


@pytest.mark.parametrize("page", PAGES)
def test_non_curators_cannot_reach_the_pages(client, twins, make_user, page):
    assert client.get(page).status_code == 302  # anonymous: to the admin login
    client.force_login(make_user())
    assert client.get(page).status_code == 302  # not staff
    staff = make_user(staff=False)
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.get(page).status_code == 403  # staff without the permission


def test_merge_needs_the_csrf_token(twins, curator):
    first, second = twins
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(curator)
    response = strict.post(
        "/admin/profiles/author/merge/", {"survivor": first.pk, "loser": second.pk}
    )
    assert response.status_code == 403 and Author.objects.get(pk=second.pk).merged_into is None


def test_author_list_is_searched_by_name_in_any_spelling_slug_or_id(ingest, curator):
    ingest(
        api_feed(
            [make_record(7, authors=[AuthorRecord("Gonzalo Navarro"), AuthorRecord("José Müller")])]
        )
    )
    navarro = Author.objects.get(display_name="Gonzalo Navarro")
    muller = Author.objects.get(display_name="José Müller")
    client = Client()
    client.force_login(curator)

    def found(term):
        page = client.get("/admin/profiles/author/", {"q": term})
        assert page.status_code == 200
        return {a.pk for a in page.context["cl"].result_list}

    assert found("NAVARRO") == {navarro.pk}
    assert found("jose muller") == {muller.pk}
    assert found("Müller") == {muller.pk}
    assert found(muller.slug) == {muller.pk}
    assert found(str(navarro.pk)) >= {navarro.pk}
    assert found("nobody-by-that-name") == set()


def test_matches_to_check_offer_every_compatible_record_not_only_the_same_spelling(
    client, curator, ingest
):
    ingest(api_feed([make_record(1, authors=[AuthorRecord("Johanna Quist")])]))
    ingest(api_feed([make_record(2, authors=[AuthorRecord("J. Quist")], categories=["hep-th"],
                                 primary_category="hep-th")]))  # fmt: skip
    johanna = Author.objects.get(display_name="Johanna Quist")
    initial = Authorship.objects.get(paper__arxiv_id="2601.00002")
    assert initial.confidence < 0.7 and initial.author_id != johanna.pk

    client.force_login(curator)
    html = client.get("/admin/profiles/author/matches/").content.decode()

    assert f"Move to #{johanna.pk}" in html
