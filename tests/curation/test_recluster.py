"""The re-clustering sweep: records later evidence links are merged, reversibly; decisions stay."""

import itertools

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from audit.trail import undo
from core.names import alias_block
from curation import identity
from curation.receivers import recluster_after_run
from curation.recluster import assess, linked_records
from graph.models import CoauthorEdge
from ingest.models import AuthorTeams
from ingest.signals import authors_refreshed
from papers.models import Authorship
from profiles.models import Author, Follow
from tests.factories import (
    AuthorAliasFactory,
    AuthorFactory,
    UserFactory,
    byline_at,
    paper_in,
    paper_record,
)
from tests.feedgen import api_feed

pytestmark = pytest.mark.django_db


def _live(name: str) -> list[Author]:
    return list(Author.objects.filter(aliases__normalized=name, merged_into__isnull=True))


JUN_AND_LI = [
    paper_in(1, ["Jun Li", "Ada Lovelace", "Grace Hopper"]),
    paper_in(2, ["Li Jun", "Alan Turing", "Marie Curie"]),  # nobody known yet: a new record
    # Both circles at once: "Li Jun" goes to the record of its own spelling, which now
    # shares Ada and Grace with the first.
    paper_in(3, ["Li Jun", "Alan Turing", "Marie Curie", "Ada Lovelace", "Grace Hopper"]),
]


def test_family_name_first_meets_its_given_name_first_record_after_a_run(ingest):
    for paper in JUN_AND_LI[:2]:
        ingest(api_feed([paper]))
    assert byline_at("2601.00002", 0).author_id != byline_at("2601.00001", 0).author_id

    ingest(api_feed(JUN_AND_LI[2:]))

    jun = byline_at("2601.00001", 0).author_id
    assert byline_at("2601.00002", 0).author_id == jun
    assert byline_at("2601.00003", 0).author_id == jun
    event = AuditEvent.objects.get(action="authors_merged")
    assert event.actor is None and event.reason.startswith("Re-clustering")


_slugs = itertools.count()


def _record(name: str, *coauthors: Author) -> Author:
    author = AuthorFactory(display_name=name, slug=f"record-{next(_slugs)}")
    AuthorAliasFactory(author=author, name=name, block=alias_block(name))
    for other in coauthors:
        a, b = sorted((author, other), key=lambda r: r.pk)
        CoauthorEdge.objects.create(
            author_a=a, author_b=b, weight=1, paper_count=1, first_year=2020, last_year=2020
        )
    return author


def test_co_authors_count_by_name_when_they_too_sit_on_two_records():
    ada, grace = _record("Ada Lovelace"), _record("Grace Hopper")
    ada_again, grace_again = _record("A. Lovelace"), _record("G. M. Hopper")
    first = _record("Wei Wang", ada, grace)
    second = _record("W. Wang", ada_again, grace_again)
    lone = _record("Wei Wang", _record("A. A. Lovelace"))  # one shared name: not for "Wei Wang"

    pairs = {frozenset((link.survivor, link.loser)) for link in linked_records()}

    assert frozenset((first.pk, second.pk)) in pairs
    assert not any(lone.pk in pair for pair in pairs)


def test_one_shared_colleague_does_not_join_two_records_of_a_common_name(ingest):
    ingest(api_feed([paper_in(1, ["Wei Wang", "Ada Lovelace", "Grace Hopper"])]))
    ingest(api_feed([paper_in(2, ["Wei Wang", "Marie Curie", "Emmy Noether"])]))
    ingest(api_feed([paper_in(3, ["Ada Lovelace", "Marie Curie"])]))  # Ada and Marie meet

    assert byline_at("2601.00001", 0).author_id != byline_at("2601.00002", 0).author_id
    assert len(_live("wei wang")) == 2


def test_a_curator_split_is_not_undone_by_the_next_sweep(ingest):
    ingest(api_feed([paper_in(1, ["Ottilie Quarendon", "Ada Lovelace"])]))
    ingest(api_feed([paper_in(2, ["Ottilie Quarendon", "Ada Lovelace"])]))
    identity.move_bylines(
        [byline_at("2601.00002", 0).pk],
        new_name="Ottilie Quarendon",
        curator=UserFactory(curator=True),
        reason="Two people: the second is a student of the same lab.",
    )

    ingest(api_feed([paper_in(3, ["Ottilie Quarendon", "Ada Lovelace", "Grace Hopper"])]))
    call_command("rematch")

    assert len(_live("ottilie quarendon")) == 2
    assert byline_at("2601.00002", 0).matched_by == Authorship.MatchedBy.CURATOR


@pytest.fixture
def older_install(ingest):
    """ "Jun Li" and "Li Jun" with shared colleagues on two records, as an install from
    before the sweep (or before reversed names met) holds them."""
    authors_refreshed.disconnect(dispatch_uid="curation-recluster-after-run")
    try:
        for paper in JUN_AND_LI:
            ingest(api_feed([paper]))
    finally:
        authors_refreshed.connect(recluster_after_run, dispatch_uid="curation-recluster-after-run")
    records = {byline_at("2601.00001", 0).author_id, byline_at("2601.00002", 0).author_id}
    assert len(records) == 2
    return records


def test_rematch_dry_run_prints_the_merges_and_changes_nothing(older_install, capsys):
    call_command("rematch", "--dry-run")

    assert "would merge Jun Li" in capsys.readouterr().out
    assert {byline_at("2601.00001", 0).author_id, byline_at("2601.00002", 0).author_id} == (
        older_install
    )
    assert not AuditEvent.objects.filter(action="authors_merged").exists()


def test_rematch_merges_what_the_sweep_missed_and_each_merge_can_be_undone(older_install, capsys):
    call_command("rematch")

    assert "merged Jun Li" in capsys.readouterr().out
    assert byline_at("2601.00001", 0).author_id == byline_at("2601.00002", 0).author_id
    undo(AuditEvent.objects.get(action="authors_merged"), UserFactory(curator=True))
    assert {byline_at("2601.00001", 0).author_id, byline_at("2601.00002", 0).author_id} == (
        older_install
    )


def test_a_record_a_new_version_leaves_without_works_is_removed(ingest):
    ingest(api_feed([paper_record(1, ["Ada Lovelace", "Charles Babbage"])]))
    typo = Author.objects.get(normalized_name="charles babbage")

    # Version 2 prints a different co-author: Charles's only work is gone.
    ingest(api_feed([paper_record(1, ["Ada Lovelace", "Mary Somerville"], version=2)]))

    assert not Author.objects.filter(pk=typo.pk).exists()
    assert byline_at("2601.00001", 1).author.display_name == "Mary Somerville"
    assert Author.objects.filter(normalized_name="ada lovelace").get().works_count == 1


def test_an_empty_record_someone_holds_on_to_stays(ingest):
    ingest(api_feed([paper_record(1, ["Ada Lovelace", "Charles Babbage"])]))
    charles = Author.objects.get(normalized_name="charles babbage")
    Follow.objects.create(user=UserFactory(), author=charles)

    ingest(api_feed([paper_record(1, ["Ada Lovelace", "Mary Somerville"], version=2)]))

    charles.refresh_from_db()
    assert charles.works_count == 0  # kept, and no longer listed (browse shows works > 0)


def test_a_rare_name_spelled_out_in_one_field_is_linked_without_coauthors():
    first = _record("Armin Weiß", _record("Ada Lovelace"))
    second = _record("Armin Weiss", _record("Alan Turing"))
    Author.objects.filter(pk=first.pk).update(category_codes=["cs.DS"])
    Author.objects.filter(pk=second.pk).update(category_codes=["cs.FL"])
    elsewhere = _record("Armin Weiß")
    Author.objects.filter(pk=elsewhere.pk).update(category_codes=["q-bio.NC"])
    initial = _record("A. Weiss")
    Author.objects.filter(pk=initial.pk).update(category_codes=["cs.DS"])

    pairs = {frozenset((link.survivor, link.loser)) for link in linked_records()}

    assert frozenset((first.pk, second.pk)) in pairs
    assert not any(elsewhere.pk in pair or initial.pk in pair for pair in pairs)


def test_a_misspelt_given_name_is_linked_only_when_co_authors_confirm_it():
    ada, alan = _record("Ada Lovelace"), _record("Alan Turing")
    michael = _record("Michael A. Bender", ada)
    typo = _record("Micael A. Bender", ada)
    unconfirmed = _record("Mihael A. Bender", alan)  # one typo too, nobody shared
    for record in (michael, typo, unconfirmed):
        Author.objects.filter(pk=record.pk).update(category_codes=["cs.DS"])

    pairs = {frozenset((link.survivor, link.loser)) for link in linked_records()}

    assert frozenset((michael.pk, typo.pk)) in pairs
    assert not any(unconfirmed.pk in pair for pair in pairs)


def test_one_collaboration_is_one_set_of_people_on_records_from_before_team_bands(ingest):
    # Two LHCb-sized bylines, stored before authors kept their collaborations' bands
    # (ingest.teams). "B. MemberQ" also fits Bella's record (another field), so matching
    # cannot tell which record is his and makes a new one on each paper; the sweep reads
    # the two bylines and joins them.
    members = [f"{initial}. Member{surname}" for initial in "ABCDEFG" for surname in "QRSTUVWXYZ"]
    ingest(api_feed([paper_in(3, ["Bella MemberQ", "Alan Turing"], ("astro-ph.HE",))]))
    ingest(api_feed([paper_in(1, members[:65], ("hep-ex",))]))
    AuthorTeams.objects.all().delete()
    ingest(api_feed([paper_in(2, members[5:], ("hep-ex",))]))

    for position in range(5, 65):
        assert (
            byline_at("2601.00001", position).author_id
            == byline_at("2601.00002", position - 5).author_id
        )
    b_memberq = byline_at("2601.00001", 10)
    assert b_memberq.name_as_printed == "B. MemberQ"
    assert b_memberq.author_id != byline_at("2601.00003", 0).author_id
    assert AuditEvent.objects.filter(reason__contains="one collaboration").exists()


def test_the_same_name_in_two_different_collaborations_stays_apart(ingest):
    first = [f"A. Member{i}" for i in "QRSTUVWXYZ"] + [f"B. Crew{i}" for i in range(55)]
    second = ["A. MemberQ"] + [f"C. Other{i}" for i in range(64)]
    ingest(api_feed([paper_in(1, first, ("hep-ex",)), paper_in(2, second, ("astro-ph.HE",))]))

    assert byline_at("2601.00001", 0).author_id != byline_at("2601.00002", 0).author_id


def test_a_big_block_still_links_the_likely_pairs(django_assert_max_num_queries):
    ada = _record("Ada Lovelace")
    for i in range(320):  # "quarendon w": more records than are compared pair by pair
        _record(f"W{'abcdefghij'[i % 10]}{'klmnopqrst'[i // 10 % 10]}x{i} Quarendon")
    first = _record("Wilhelmina Quarendon", ada)
    second = _record("Wilhelmina Quarendon", ada)
    initial = _record("W. Quarendon", ada)

    with django_assert_max_num_queries(10):
        pairs = {frozenset((link.survivor, link.loser)) for link in linked_records()}

    assert frozenset((first.pk, second.pk)) in pairs
    assert frozenset((first.pk, initial.pk)) in pairs or frozenset((second.pk, initial.pk)) in pairs


def test_two_members_of_one_name_in_one_collaboration_stay_two(ingest):
    # Each paper signs two "E. Smith"s: every cross-paper pair looks alike, but merging
    # them all would put two bylines of one paper on one person.
    crowd = [f"{i}. Member{s}" for i in "ABCDEF" for s in "QRSTUVWXYZ"]
    bylines = ["E. Smith", *crowd[:30], "E. Smith", *crowd[30:]]
    ingest(api_feed([paper_in(1, bylines, ("hep-ex",)), paper_in(2, bylines, ("hep-ex",))]))

    for arxiv_id in ("2601.00001", "2601.00002"):
        assert byline_at(arxiv_id, 0).author_id != byline_at(arxiv_id, 31).author_id


def test_two_established_records_of_one_rare_name_are_asked_about_not_merged():
    first = _record("Armin Weiß", _record("Ada Lovelace"))
    second = _record("Armin Weiß", _record("Alan Turing"))
    Author.objects.filter(pk__in=[first.pk, second.pk]).update(
        category_codes=["cs.DS"], works_count=12
    )

    links, doubts = assess()

    assert not links  # twelve works each, nobody in common: perhaps two people
    assert {(d.first, d.second) for d in doubts} == {tuple(sorted((first.pk, second.pk)))}
