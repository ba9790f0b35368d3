"""Identity repair: merge, split, move, undo; each refused on bad input with nothing changed."""

import pytest

from audit import trail
from audit.models import AuditEvent
from curation import identity
from graph.models import CoauthorEdge
from ingest.records import AuthorRecord
from papers.models import Authorship, Paper
from profiles.follows import follow
from profiles.models import Author, AuthorAlias, Follow
from tests.conftest import table_counts
from tests.feedgen import api_feed, make_record

pytestmark = pytest.mark.django_db


WEI_LAB, W_LAB = ("Ada Lovelace", "Grace Hopper"), ("Alan Turing", "Marie Curie")


@pytest.fixture
def split_person(ingest):
    """One Wei Zhang split over two records: the second byline came with no shared evidence.

    Papers 1-2: "Wei Zhang" with Ada and Grace (cs.LG). Papers 3-4: "W. Zhang" with Alan
    and Marie (math.CO), a different spelling, so ingest made a second record. (A common
    name takes two shared co-authors to join.)
    """
    ingest(api_feed([
        make_record(1, authors=[AuthorRecord("Wei Zhang"), *map(AuthorRecord, WEI_LAB)]),
        make_record(2, authors=[AuthorRecord("Wei Zhang"), *map(AuthorRecord, WEI_LAB)]),
        make_record(3, authors=[AuthorRecord("W. Zhang"), *map(AuthorRecord, W_LAB)],
                    categories=["math.CO"], primary_category="math.CO"),
        make_record(4, authors=[AuthorRecord("W. Zhang"), *map(AuthorRecord, W_LAB)],
                    categories=["math.CO"], primary_category="math.CO"),
    ]))  # fmt: skip
    return Author.objects.get(display_name="Wei Zhang"), Author.objects.get(display_name="W. Zhang")


def _state():
    """Everything a merge or move touches, to compare before and after an undo."""
    return {
        "bylines": sorted(Authorship.objects.values_list("id", "author_id", "matched_by", "confidence")),
        "authors": sorted(Author.objects.values_list("id", "merged_into_id", "works_count", "followers_count",
                                                     "claimed_by_id", "close_collaborators_count")),
        "aliases": sorted(AuthorAlias.objects.values_list("author_id", "normalized")),
        "follows": sorted(Follow.objects.values_list("user_id", "author_id")),
        "edges": sorted(CoauthorEdge.objects.values_list("author_a_id", "author_b_id", "paper_count")),
    }  # fmt: skip


def test_merge_moves_works_aliases_followers_and_redirects(client, split_person, make_user):
    wei, w = split_person
    reader = make_user()
    follow(reader, w)
    curator = make_user(staff=True)

    preview = identity.preview_merge(wei, w)
    assert (preview.works, preview.shared_works, preview.followers, preview.problems) == (
        2,
        0,
        1,
        [],
    )
    event = identity.merge(wei, w, curator, "Same person: two spellings.")

    wei.refresh_from_db()
    assert wei.works_count == 4 and wei.followers_count == 1 and wei.topics_count == 3
    assert set(AuthorAlias.objects.filter(author=wei).values_list("normalized", flat=True)) == {
        "wei zhang",
        "w zhang",
    }
    assert CoauthorEdge.objects.filter(author_a=wei).count() + CoauthorEdge.objects.filter(
        author_b=wei
    ).count() == len(WEI_LAB + W_LAB)
    assert client.get(f"/researchers/{w.slug}/")["Location"] == wei.get_absolute_url()
    assert event.action == "authors_merged" and event.reason == "Same person: two spellings."
    assert Authorship.objects.filter(author=wei, matched_by="curator").count() == 2


def test_undo_merge_puts_everything_back(split_person, make_user):
    wei, w = split_person
    follow(make_user(), w)
    curator = make_user(staff=True)
    before = _state()
    event = identity.merge(wei, w, curator)
    assert _state() != before
    trail.undo(event, curator)
    assert _state() == before
    event.refresh_from_db()
    assert event.undone_by == curator
    with pytest.raises(trail.UndoRefused, match="already undone"):
        trail.undo(event, curator)


@pytest.mark.parametrize("case", ["self", "already merged", "merged survivor", "two owners"])
def test_bad_merges_are_refused_and_change_nothing(split_person, make_user, case):
    wei, w = split_person
    curator = make_user(staff=True)
    other = Author.objects.get(display_name="Ada Lovelace")
    if case == "self":
        survivor, loser, reason = wei, wei, "into itself"
    elif case == "already merged":
        identity.merge(other, w, curator)
        survivor, loser, reason = wei, Author.objects.get(pk=w.pk), "already merged"
    elif case == "merged survivor":
        identity.merge(other, w, curator)
        survivor, loser, reason = Author.objects.get(pk=w.pk), wei, "itself merged"
    else:
        Author.objects.filter(pk=wei.pk).update(claimed_by=make_user())
        Author.objects.filter(pk=w.pk).update(claimed_by=make_user())
        survivor, loser, reason = (
            Author.objects.get(pk=wei.pk),
            Author.objects.get(pk=w.pk),
            "different people",
        )
    before, counts = _state(), table_counts()
    with pytest.raises(identity.IdentityRefused, match=reason):
        identity.merge(survivor, loser, curator)
    assert _state() == before and table_counts() == counts


def test_a_cycle_cannot_be_made(split_person, make_user):
    wei, w = split_person
    curator = make_user(staff=True)
    identity.merge(wei, w, curator)
    with pytest.raises(identity.IdentityRefused, match="itself merged"):
        identity.merge(Author.objects.get(pk=w.pk), Author.objects.get(pk=wei.pk), curator)


def test_split_moves_picked_works_to_a_new_record_and_undo_removes_it(split_person, make_user):
    wei, _ = split_person
    curator = make_user(staff=True)
    before = _state()
    byline = Authorship.objects.get(author=wei, paper__arxiv_id="2601.00002")
    event = identity.move_bylines([byline.pk], new_name="Wei Zhang (Tsinghua)", curator=curator)
    new = Author.objects.get(display_name="Wei Zhang (Tsinghua)")
    assert new.works_count == 1 and Author.objects.get(pk=wei.pk).works_count == 1
    assert event.after["created"] == new.pk
    trail.undo(event, curator)
    assert _state() == before and not Author.objects.filter(pk=new.pk).exists()


def test_splitting_every_work_away_is_refused(split_person, make_user):
    wei, _ = split_person
    every = list(Authorship.objects.filter(author=wei).values_list("pk", flat=True))
    with pytest.raises(identity.IdentityRefused, match="every work away"):
        identity.move_bylines(every, new_name="Somebody", curator=make_user(staff=True))
    assert Authorship.objects.filter(author=wei).count() == 2


def test_move_one_byline_to_an_existing_record(split_person, make_user):
    wei, w = split_person
    byline = Authorship.objects.get(author=w, paper__arxiv_id="2601.00003")
    identity.move_bylines([byline.pk], to=wei, curator=make_user(staff=True))
    assert (
        Author.objects.get(pk=wei.pk).works_count == 3
        and Author.objects.get(pk=w.pk).works_count == 1
    )


def test_a_later_change_blocks_the_undo_of_an_earlier_one(split_person, make_user):
    wei, w = split_person
    curator = make_user(staff=True)
    merge = identity.merge(wei, w, curator)
    byline = Authorship.objects.filter(author=wei).first()
    identity.move_bylines([byline.pk], new_name="Someone Else", curator=curator)
    assert "undo that one first" in trail.why_not_undo(merge)
    with pytest.raises(trail.UndoRefused, match="undo that one first"):
        trail.undo(merge, curator)


def test_curator_moves_survive_the_next_import(split_person, make_user, ingest):
    wei, w = split_person
    byline = Authorship.objects.get(author=w, paper__arxiv_id="2601.00003")
    identity.move_bylines([byline.pk], to=wei, curator=make_user(staff=True))
    # v2 of paper 3 arrives with one more author: its bylines are matched again.
    ingest(api_feed([make_record(3, version=2, categories=["math.CO"], primary_category="math.CO",
                                 authors=[AuthorRecord("W. Zhang"), AuthorRecord("Alan Turing"),
                                          AuthorRecord("Grace Hopper")])]))  # fmt: skip
    row = Authorship.objects.get(paper__arxiv_id="2601.00003", name_as_printed="W. Zhang")
    assert row.author_id == wei.pk and row.matched_by == "curator"
    assert Paper.objects.get(arxiv_id="2601.00003").latest_version == 2


def test_every_action_writes_an_audit_event(split_person, make_user):
    wei, w = split_person
    curator = make_user(staff=True)
    merge = identity.merge(wei, w, curator)
    trail.undo(merge, curator)
    assert list(AuditEvent.objects.order_by("id").values_list("action", "actor")) == [
        ("authors_merged", curator.pk), ("undo_authors_merged", curator.pk),
    ]  # fmt: skip
