"""The names module: which printed forms can be one person, and which names are common."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.names import (
    blocking_keys,
    is_common_name,
    name_parts,
    names_compatible,
    names_near,
    normalize_name,
    spelled_alike,
)


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("J. A. Smith", "John Smith", True),
        ("John Andrew Smith", "J. Smith", True),
        ("Jane Smith", "John Smith", False),
        ("John B. Smith", "John A. Smith", False),
        ("Tomohiro I", "I Tomohiro", True),
        ('J\\"urgen M\\"uller', "Jürgen Müller", True),
        ("Dominik Köppl", "Dominik Koeppl", True),
        ("Hui-Yuan Wang", "Huiyuan Wang", True),
        ("Wang Huiyuan", "Hui-Yuan Wang", True),
        ("Micael A. Bender", "Michael A. Bender", False),  # a typo is only near
    ],
)
def test_which_printed_forms_can_be_one_person(a, b, compatible):
    assert names_compatible(normalize_name(a), normalize_name(b)) is compatible


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("Micael A. Bender", "Michael A. Bender", True),
        ("Kunikiko Sadakane", "Kunihiko Sadakane", True),
        ("Jane Smith", "Jana Smith", False),  # short names: another person as likely
        ("Martin Cruz", "Maria Cruz", False),
        ("Michael Bender", "Michael A. Bender", False),  # different shapes: compatibility's job
    ],
)
def test_one_typo_in_a_long_given_name_is_near(a, b, near):
    assert names_near(normalize_name(a), normalize_name(b)) is near


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        ("Arseny Shur", "Arseny M. Shur", True),
        ("A. Shur", "Arseny Shur", False),
        ("Armin Weiß", "Armin Weiss", True),
    ],
)
def test_spelled_alike_needs_the_same_given_name_spelled_out(a, b, alike):
    assert spelled_alike(normalize_name(a), normalize_name(b)) is alike


@pytest.mark.parametrize(
    ("name", "common"),
    [
        ("Wei Wang", True),
        ("Wang Wei", True),
        ("Li Jun", True),
        ("X. F. Wang", True),
        ("Hui Yuan Wang", True),  # Huiyuan: two frequent syllables
        ("Xiaodong Wang", True),
        ("Meng He", True),
        ("M. Shao", True),  # an initial and a family name of a million people
        ("Huacheng Yu", False),  # "Yu" is shared by millions, "Huacheng Yu" by one researcher
        ("Mingmou Liu", False),
        ("Zhou Hongyan", False),  # Hongyan Zhou, family name first
        ("Byungchan Kim", True),  # not pinyin: the family name decides
        ("Tomohiro I", False),
        ("Ottilie Quarendon", False),
    ],
)
def test_common_names(name, common):
    assert is_common_name(normalize_name(name)) is common


@given(st.text(max_size=60), st.text(max_size=60))
def test_compatibility_is_symmetric_and_never_raises(a, b):
    x, y = normalize_name(a), normalize_name(b)
    assert names_compatible(x, y) == names_compatible(y, x)
    assert names_near(x, y) == names_near(y, x)
    blocking_keys(x)


def test_a_y_initial_is_an_initial_and_the_spanish_y_a_particle():
    assert name_parts(normalize_name("X. Y. Niu")) == (("x", "y"), "niu")
    assert name_parts(normalize_name("Y. Wang")) == (("y",), "wang")
    assert name_parts(normalize_name("José Ortega y Gasset")) == (("jose", "ortega"), "gasset")
    assert not names_compatible(normalize_name("X. Y. Niu"), normalize_name("X. H. Niu"))
    assert names_compatible(normalize_name("Y. Wang"), normalize_name("Yi Wang"))
