"""Identity: the adversarial cases of one person's many printings, and of many people's one name."""

import random

import pytest

from core.names import (
    blocking_keys,
    is_group_name,
    names_compatible,
    normalize_name,
    person_in_group_byline,
)
from ingest.records import AuthorRecord
from papers.models import Authorship
from tests.feedgen import api_feed, make_record

pytestmark = pytest.mark.django_db


def _paper(n, names, categories=("cs.LG",)):
    return make_record(
        n,
        authors=[AuthorRecord(name) for name in names],
        primary_category=categories[0],
        categories=list(categories),
    )


def _byline(arxiv_id, position):
    return Authorship.objects.select_related("author").get(
        paper__arxiv_id=arxiv_id, position=position
    )


@pytest.mark.parametrize(
    "printed, expected",
    [
        ('J\\"urgen M\\"uller', "jurgen muller"),
        ("Bal{\\'a}zs Szegedy", "balazs szegedy"),
        ("{\\O}ystein Ore", "oystein ore"),
        ("Алексей Иванов", "aleksei ivanov"),
        ("Łukasz Kaiser", "lukasz kaiser"),
    ],
)
def test_tex_and_other_scripts_fold_like_their_plain_spelling(printed, expected):
    assert normalize_name(printed) == expected


@pytest.mark.parametrize(
    "a, b, compatible",
    [
        ("J. A. Smith", "John Smith", True),
        ("John Smith", "John Andrew Smith", True),
        ("John Smith", "Jane Smith", False),
        ("John B. Smith", "John A. Smith", False),
        ("Tomohiro I", "I Tomohiro", True),
        ("Dominik Köppl", "Dominik Koeppl", True),
        ("Ludwig van Beethoven", "L. Beethoven", True),
        ("John Smith Jr.", "J. Smith", True),
        ("Wei Wang", "Wei Zhang", False),
    ],
)
def test_which_printings_can_be_one_person(a, b, compatible):
    assert names_compatible(a, b) is compatible
    assert names_compatible(b, a) is compatible
    if compatible:
        assert set(blocking_keys(a)) & set(blocking_keys(b))


@pytest.mark.parametrize(
    "name, person",
    [
        ("Keck Array", ""),
        ("HFLAV", ""),
        ("CMS", ""),
        ("ATLAS", ""),
        ("The T2K Beam Group", ""),
        ("Teresa Maria Montaruli for the IceCube Collaboration", "Teresa Maria Montaruli"),
        ("CMS Collaboration: V. Khachatryan", "V. Khachatryan"),
    ],
)
def test_groups_are_not_people_but_the_person_they_name_is(name, person):
    assert is_group_name(name)
    assert person_in_group_byline(name) == person


@pytest.mark.parametrize(
    "first, second",
    [
        ('J\\"urgen M\\"uller', "Jürgen Müller"),
        ("John Smith", "J. A. Smith"),
        ("Tomohiro I", "I Tomohiro"),
        ("Dominik Köppl", "Dominik Koeppl"),
        ("Ludwig van Beethoven", "L. van Beethoven"),
    ],
)
def test_variants_with_a_shared_coauthor_are_one_record(ingest, first, second):
    ingest(api_feed([_paper(1, [first, "Ada Lovelace"])]))
    ingest(api_feed([_paper(2, ["Ada Lovelace", second], ("math.CO",))]))

    later = _byline("2601.00002", 1)
    assert later.author_id == _byline("2601.00001", 0).author_id
    assert later.matched_by == "coauthor" and later.confidence >= 0.9


def test_a_different_given_name_never_joins_even_with_a_shared_coauthor(ingest):
    ingest(api_feed([_paper(1, ["John Smith", "Ada Lovelace"])]))
    ingest(api_feed([_paper(2, ["Jane Smith", "Ada Lovelace"])]))

    assert _byline("2601.00002", 0).author_id != _byline("2601.00001", 0).author_id


def test_a_variant_with_only_a_shared_category_is_attached_provisionally_for_review(ingest):
    ingest(api_feed([_paper(1, ["Johanna Quist", "Ada Lovelace"], ("hep-th",))]))
    ingest(api_feed([_paper(2, ["Johanna B. Quist", "Grace Hopper"], ("hep-th",))]))

    later = _byline("2601.00002", 0)
    assert later.author_id == _byline("2601.00001", 0).author_id
    assert later.confidence < 0.8  # listed in "matches to check"


def test_a_common_name_needs_a_coauthor_not_just_a_category(ingest):
    ingest(api_feed([_paper(1, ["Wei Wang", "Ada Lovelace"])]))
    ingest(api_feed([_paper(2, ["Wei Wang", "Marie Curie"])]))  # same category, nobody shared

    newcomer = _byline("2601.00002", 0)
    assert newcomer.author_id != _byline("2601.00001", 0).author_id
    assert newcomer.matched_by == "new" and newcomer.confidence == 0.5

    ingest(api_feed([_paper(3, ["Ada Lovelace", "Wei Wang"])]))  # Ada's co-author again
    assert _byline("2601.00003", 1).author_id == _byline("2601.00001", 0).author_id


def test_the_best_evidence_wins_the_record_not_the_printed_order(ingest):
    ingest(api_feed([_paper(1, ["John Smith", "Ada Lovelace"])]))
    john = _byline("2601.00001", 0).author_id

    ingest(api_feed([_paper(2, ["J. Smith", "John Smith", "Ada Lovelace"])]))

    assert _byline("2601.00002", 1).author_id == john  # the same full name
    assert _byline("2601.00002", 0).author_id != john  # one record, one byline slot


def test_a_person_named_on_a_group_byline_keeps_a_record(ingest):
    ingest(
        api_feed(
            [_paper(1, ["Teresa Maria Montaruli for the IceCube Collaboration", "Ada Lovelace"])]
        )
    )

    byline = _byline("2601.00001", 0)
    assert byline.name_as_printed == "Teresa Maria Montaruli for the IceCube Collaboration"
    assert byline.author.display_name == "Teresa Maria Montaruli"


def _people() -> set[frozenset[tuple[str, int]]]:
    """Who is who, as sets of byline slots (arXiv id, position): independent of database ids."""
    groups: dict[int, set] = {}
    for arxiv_id, position, author_id in Authorship.objects.filter(
        author__isnull=False
    ).values_list("paper__arxiv_id", "position", "author_id"):
        groups.setdefault(author_id, set()).add((arxiv_id, position))
    return {frozenset(slots) for slots in groups.values()}


PAPERS = [
    (1, ["John Smith", "Ada Lovelace"], ("cs.LG",)),
    (2, ["J. Smith", "Ada Lovelace", "Grace Hopper"], ("cs.LG",)),
    (3, ["Grace Hopper", "Tomohiro I", "Ada Lovelace"], ("cs.DS",)),
    (4, ["I Tomohiro", "Grace Hopper"], ("cs.DS",)),
    (5, ['J\\"urgen M\\"uller', "Alan Turing"], ("math.CO",)),
    (6, ["Alan Turing", "Jürgen Müller", "CMS Collaboration"], ("math.CO",)),
]


@pytest.mark.parametrize("order", ["one file", "paper by paper", "shuffled"])
def test_who_is_who_does_not_depend_on_batching_or_file_order(ingest, order):
    records = [_paper(n, names, cats) for n, names, cats in PAPERS]
    if order == "one file":
        ingest(api_feed(records))
    else:
        if order == "shuffled":
            random.Random(7).shuffle(records)
        for record in records:
            ingest(api_feed([record]))

    people = _people()
    assert frozenset({("2601.00001", 0), ("2601.00002", 0)}) in people  # John / J. Smith
    assert frozenset({("2601.00003", 1), ("2601.00004", 0)}) in people  # Tomohiro I
    assert frozenset({("2601.00005", 0), ("2601.00006", 1)}) in people  # Jürgen Müller
    assert len(people) == 6  # Smith, Lovelace, Hopper, I, Müller, Turing; the group is nobody
