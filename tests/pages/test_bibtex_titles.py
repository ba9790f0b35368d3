"""Any title survives BibTeX: both libraries read it back, and its TeX math stays as written."""

import re
import warnings

import bibtexparser
import pybtex.errors
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database.input.bibtex import Parser

from papers.bibtex import bibtex_entry

# What a BibTeX reader must not see raw, mixed into ordinary words.
PROSE = st.text(alphabet=st.sampled_from(list("ab Zé{}&%#$@_^~\"',.()")), max_size=30)
FORMULAS = [
    r"$\sqrt{n}$",
    r"$O(n \log n)$",
    r"$\mathcal{O}(1)$",
    r"$x^{2}_{i}$",
    r"$$\frac{a}{b}$$",
]
FORMULA = st.sampled_from(FORMULAS)
TITLE = st.lists(st.one_of(PROSE, FORMULA), min_size=1, max_size=6).map(" ".join)


def parsed_title(title: str) -> str:
    entry = bibtex_entry(
        arxiv_id="2601.00001", title=title, year=2026, primary_category="cs.DS",
        doi="", journal_ref="", names=["Ada Lovelace", "LHCb collaboration"],
    )  # fmt: skip
    pybtex.errors.set_strict_mode(True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            library = bibtexparser.parse_string(entry)
            data = Parser().parse_string(entry)
    finally:
        pybtex.errors.set_strict_mode(False)
    assert library.failed_blocks == []
    from_bibtexparser = library.entries[0]["title"]
    from_pybtex = next(iter(data.entries.values())).fields["title"]
    assert from_bibtexparser == from_pybtex
    assert from_pybtex.startswith("{") and from_pybtex.endswith("}")
    return from_pybtex[1:-1]


def unescaped(value: str) -> str:
    value = value.replace(r"\textbraceleft{}", "{").replace(r"\textbraceright{}", "}")
    return re.sub(r"\\([&%#$])", r"\1", value)


@settings(max_examples=300, deadline=None)
@given(TITLE)
def test_any_title_reads_back_with_its_math_verbatim(title):
    value = parsed_title(title)
    normalized = " ".join(title.split())
    # Escapes undone, the reader gets the title back; each formula is there as written.
    assert unescaped(value) == normalized
    # (A formula next to a stray dollar of the prose may pair differently: only whole ones.)
    for formula in re.findall(r"\$\$.+?\$\$|\$[^$]+\$", normalized):
        if formula in FORMULAS:
            assert formula in value


def test_math_stays_tex_and_only_bibtex_specials_are_escaped():
    value = parsed_title(r"An $\sqrt{n}$ bound for 100% of R&D {sets} #1 at $5")
    assert value == r"An $\sqrt{n}$ bound for 100\% of R\&D {sets} \#1 at \$5"


def test_an_unmatched_brace_is_spelled_out_not_left_to_swallow_the_entry():
    assert parsed_title("Sets {x and y") == r"Sets \textbraceleft{}x and y"
    assert parsed_title(r"Sets x\} y") == r"Sets x\textbraceright{} y"
