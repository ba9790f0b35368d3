"""One-string bylines (RSS dc:creator, arXivRaw authors) split into names and affiliations."""

import pytest

from ingest.sources.common import split_byline


@pytest.mark.parametrize(
    "byline, expected",
    [
        (
            "D.V. Shetty, S.J. Yennello, and G.A. Souliotis",
            [("D.V. Shetty", ""), ("S.J. Yennello", ""), ("G.A. Souliotis", "")],
        ),
        ("A. Smith (MIT, Cambridge), B. Jones", [("A. Smith", "MIT, Cambridge"), ("B. Jones", "")]),
        (
            "Jürgen Müller (AT&T Labs), Ada Lovelace & Alan Turing",
            [("Jürgen Müller", "AT&T Labs"), ("Ada Lovelace", ""), ("Alan Turing", "")],
        ),
        ("Ann Lee (ETH Zürich) and Bo Li", [("Ann Lee", "ETH Zürich"), ("Bo Li", "")]),
        ("John Doe, Jr. and C. Li", [("John Doe, Jr.", ""), ("C. Li", "")]),
        ("A Author (1 and 2), B Buthor (1)", [("A Author", ""), ("B Buthor", "")]),
        ("Alexandra Anderson", [("Alexandra Anderson", "")]),
        ("", []),
    ],
)
def test_bylines_split_on_commas_and_and_but_not_inside_parentheses(byline, expected):
    assert split_byline(byline) == expected
