"""Text from a feed: whitespace collapsed, double-encoded UTF-8 undone, good text left alone."""

import pytest

from ingest.sources.common import clean


@pytest.mark.parametrize(
    ("arrived", "stored"),
    [
        ("VÃ¢nia de Oliveira Neves", "Vânia de Oliveira Neves"),
        ("BetÃ¼l KaragÃ¶z", "Betül Karagöz"),
        ("Oliver WeiÃ\x9fl", "Oliver Weißl"),
        ("  Attention\n   is all   you need ", "Attention is all you need"),
    ],
)
def test_mangled_text_is_repaired(arrived, stored):
    assert clean(arrived) == stored


@pytest.mark.parametrize(
    "text",
    [
        "Jürgen Müller",
        "Ñandú Pérez",
        "José Ángel Ç. Øster",
        "naïve Bayes — “quoted”",
        "Zoë Ö",
        "ßÆ",  # hypothesis found ftfy reading this as a mangled N'Ko letter
        "SÃO PAULO",
    ],
)
def test_good_text_is_left_as_it_is(text):
    assert clean(text) == text


def test_nothing_is_empty():
    assert clean(None) == clean("") == clean("  \n ") == ""
