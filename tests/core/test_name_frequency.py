from hypothesis import given
from hypothesis import strategies as st

from core.name_frequency import expected_namesakes
from core.names import name_parts, normalize_name


def namesakes(name):
    return expected_namesakes(*name_parts(normalize_name(name)))


def test_one_syllable_given_names_are_shared_by_hundreds():
    assert namesakes("Wei Wang") > 100
    assert namesakes("Yan Zhang") > 100


def test_a_rare_two_syllable_given_name_is_nearly_unique():
    assert namesakes("Huacheng Yu") < 1
    assert namesakes("Mingmou Liu") < 1


def test_hyphen_and_run_together_spellings_are_one_name():
    assert namesakes("Hui-Yuan Wang") == namesakes("Huiyuan Wang")


def test_an_initial_stands_for_every_name_it_could_be():
    assert namesakes("M. Shao") > namesakes("Ming Shao") > namesakes("Minghao Shao")


def test_names_that_are_not_chinese_have_no_estimate():
    assert namesakes("Tomohiro I") is None
    assert namesakes("Byungchan Kim") is None  # Korean: not pinyin
    assert namesakes("Ottilie Quarendon") is None


@given(st.text(max_size=40))
def test_any_text_gets_a_number_or_none(text):
    result = namesakes(text)
    assert result is None or result >= 0
