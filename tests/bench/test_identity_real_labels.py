"""The real identity labels (bench/data/identity_real.json) name bylines that exist as labelled."""

import json
from collections import Counter
from pathlib import Path

import pytest

from bench.identity_real_files import SOURCES, bylines, read_sources

LABELS = Path(__file__).resolve().parents[2] / "bench" / "data" / "identity_real.json"
CAUSES = {
    "identical name",
    "initials or middle name",
    "TeX or transliteration",
    "reversed order",
    "common name",
    "particles",
    "namesake",
    "group byline",
}


@pytest.fixture(scope="module")
def labels():
    return json.loads(LABELS.read_text())


@pytest.fixture
def printed(samples):
    """(arXiv id, position) -> name as printed, parsed by the product's readers."""
    return bylines(read_sources(samples))


def slot(side):
    return (side["arxiv_id"], side["position"])


def test_every_labelled_byline_exists_with_the_name_the_label_claims(labels, printed):
    sides = [side for pair in labels["pairs"] for side in (pair["a"], pair["b"])]
    sides += [
        {"arxiv_id": a, "position": p, "name": name}
        for person in labels["people"].values()
        for a, p, name in person["bylines"]
    ]
    wrong = [(s["arxiv_id"], s["position"], s["name"], printed.get(slot(s))) for s in sides
             if printed.get(slot(s)) != s["name"]]  # fmt: skip
    assert wrong == []
    assert labels["sources"] == list(SOURCES)


def test_enough_distinct_pairs_of_known_causes(labels):
    pairs = labels["pairs"]
    keys = [frozenset({slot(p["a"]), slot(p["b"])}) for p in pairs]

    assert len(pairs) >= 300
    assert all(len(k) == 2 for k in keys), "a pair of one byline with itself"
    assert [k for k, n in Counter(keys).items() if n > 1] == []
    assert {p["cause"] for p in pairs} <= CAUSES
    assert all(p["why"].strip() for p in pairs)
    same = sum(p["same"] for p in pairs)
    assert 0.55 <= same / len(pairs) <= 0.75
    assert labels["counts"]["pairs"] == len(pairs) and labels["counts"]["same"] == same


def test_pairs_agree_with_the_people_section(labels):
    people = labels["people"]
    owner = {}
    for label, person in people.items():
        for a, p, _name in person["bylines"]:
            assert (a, p) not in owner, f"{a} {p} belongs to {owner[(a, p)]} and {label}"
            owner[(a, p)] = label

    assert len(people) >= 40
    assert sum(1 for p in people.values() if len({b[0] for b in p["bylines"]}) >= 2) >= 40
    for pair in labels["pairs"]:
        a, b = owner[slot(pair["a"])], owner[slot(pair["b"])]
        assert [a, b] == pair["people"]
        if pair["cause"] == "group byline":
            assert not pair["same"]
        else:
            assert pair["same"] == (a == b), pair
