"""Author identity: names fold the same way, and a byline attaches only with evidence."""

import pytest

from core.names import is_group_name, normalize_name
from profiles.models import Author
from tests.factories import byline_at, paper_in
from tests.feedgen import api_feed, oai_list_records

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "printed, expected",
    [
        ("Jürgen Müller", "jurgen muller"),
        ("Jurgen Muller", "jurgen muller"),
        ("Müller, Jürgen", "jurgen muller"),
        ("J.-P. Sartre", "j p sartre"),
        ("Søren Kierkegaard", "soren kierkegaard"),
        ("  Ada   LOVELACE ", "ada lovelace"),
        ("Smith, Jr.", "smith jr"),
        ("Dvořák, Antonín", "antonin dvorak"),
    ],
)
def test_names_fold_accents_case_punctuation_and_last_first(printed, expected):
    assert normalize_name(printed) == expected


@pytest.mark.parametrize(
    "name, is_group",
    [
        ("ATLAS Collaboration", True),
        ("The LIGO Scientific Collaboration", True),
        ("Event Horizon Telescope Consortium", True),
        ("Planck Team", True),
        ("Teammate Smith", False),
        ("Ada Lovelace", False),
    ],
)
def test_group_names_are_not_people(name, is_group):
    assert is_group_name(name) is is_group


def test_same_name_and_a_shared_coauthor_is_the_same_author(ingest):
    ingest(api_feed([paper_in(1, ["Ottilie Quarendon", "Ada Lovelace"], ("cs.LG",))]))

    ingest(api_feed([paper_in(2, ["Ada Lovelace", "Ottilie Quarendon"], ("math.CO",))]))

    first, second = byline_at("2601.00001", 0), byline_at("2601.00002", 1)
    assert first.author_id == second.author_id
    assert (second.matched_by, second.confidence) == ("coauthor", 0.95)


def test_same_uncommon_name_and_a_shared_category_is_the_same_author(ingest):
    ingest(api_feed([paper_in(1, ["Ottilie Quarendon", "Grace Hopper"], ("cs.LG", "stat.ML"))]))

    ingest(api_feed([paper_in(2, ["Ottilie Quarendon", "Alan Turing"], ("stat.ML",))]))

    second = byline_at("2601.00002", 0)
    assert second.author_id == byline_at("2601.00001", 0).author_id
    assert second.matched_by == "exact"


def test_same_name_without_evidence_becomes_a_new_author_flagged_for_curators(ingest):
    ingest(api_feed([paper_in(1, ["Wei Zhang", "Grace Hopper"], ("cs.AR",))]))

    ingest(api_feed([paper_in(2, ["Wei Zhang", "Marie Curie"], ("physics.med-ph",))]))

    second = byline_at("2601.00002", 0)
    assert second.author_id != byline_at("2601.00001", 0).author_id
    assert (second.matched_by, second.confidence) == ("new", 0.5)
    assert Author.objects.filter(normalized_name="wei zhang").count() == 2


def test_accented_and_plain_spellings_meet_and_both_become_aliases(ingest):
    ingest(api_feed([paper_in(1, ["Jürgen Müller", "Ada Lovelace"])]))
    ingest(api_feed([paper_in(2, ["Jurgen Muller", "Ada Lovelace"])]))

    author = byline_at("2601.00001", 0).author
    assert byline_at("2601.00002", 0).author_id == author.id
    assert author.aliases.get().normalized == "jurgen muller"
    assert author.works_count == 2


def test_oai_keyname_forenames_and_api_full_names_meet(ingest):
    ingest(oai_list_records([paper_in(1, ["Tyler Anderson", "Jacob Cutter"])], prefix="arXiv"))
    ingest(api_feed([paper_in(2, ["Tyler Anderson", "Jacob Cutter"])]))

    assert byline_at("2601.00001", 0).author_id == byline_at("2601.00002", 0).author_id


def test_two_namesakes_on_one_byline_are_two_people(ingest):
    ingest(api_feed([paper_in(1, ["Y. Wang", "Y. Wang", "Ada Lovelace"])]))

    assert byline_at("2601.00001", 0).author_id != byline_at("2601.00001", 1).author_id


def test_group_bylines_keep_the_name_but_make_no_author(ingest):
    ingest(api_feed([paper_in(1, ["ATLAS Collaboration", "Ada Lovelace"])]))

    group = byline_at("2601.00001", 0)
    assert group.author is None and group.matched_by == "group"
    assert group.name_as_printed == "ATLAS Collaboration"
    assert not Author.objects.filter(display_name__icontains="ATLAS").exists()


def test_matches_within_one_batch_use_the_authors_just_created(ingest):
    ingest(
        api_feed(
            [
                paper_in(1, ["Ottilie Quarendon", "Ada Lovelace"]),
                paper_in(2, ["Ottilie Quarendon", "Ada Lovelace"]),
            ]
        )
    )

    assert Author.objects.filter(normalized_name="ottilie quarendon").count() == 1
    assert Author.objects.get(normalized_name="ottilie quarendon").works_count == 2


def test_imported_authors_with_works_are_verification_level_one(ingest):
    ingest(api_feed([paper_in(1, ["Ada Lovelace"])]))
    assert Author.objects.get().verification_level == 1
