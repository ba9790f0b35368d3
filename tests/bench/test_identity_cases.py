"""Every adversarial identity case of bench/identity_cases.py comes out right."""

import pytest

from bench.identity_cases import CASES, failures, load_case
from profiles.models import Author, AuthorAlias

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, marks=[pytest.mark.scale] if "3,000" in case.name else [])
        for case in CASES
    ],
    ids=[case.name for case in CASES],
)
def test_identity_case(case):
    load_case(case)

    assert failures(case) == []


def test_a_name_printed_in_tex_reads_as_text_on_its_record():
    load_case(next(case for case in CASES if case.name == "TeX and transliteration"))

    assert Author.objects.filter(display_name="Jürgen Müller").exists()
    assert not Author.objects.filter(display_name__contains="\\").exists()
    assert not AuthorAlias.objects.filter(name__regex=r"[\\{}]").exists()
