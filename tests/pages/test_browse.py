"""Browse researchers: folded-name search, category and institution filters, sorts, paging."""

import re

import pytest

from ingest.records import AuthorRecord
from profiles.models import Author
from tests.feedgen import api_feed, make_record

pytestmark = pytest.mark.django_db


def _names(html):
    return re.findall(r'<a class="name" href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def people(ingest):
    """make_record's byline: Jürgen Müller (ETH Zürich), Ada Lovelace, Chen Li (Tsinghua)."""
    records = [make_record(n) for n in range(1, 4)]
    records.append(
        make_record(
            9,
            categories=["hep-th"],
            primary_category="hep-th",
            authors=[AuthorRecord("Edward Witten", affiliations=("IAS Princeton",))],
        )
    )
    ingest(api_feed(records))


def test_a_name_without_accents_finds_the_accented_one(client, people):
    html = client.get("/researchers/", {"q": "Muller"}).content.decode()
    assert _names(html) == ["Jürgen Müller"]
    assert _names(client.get("/researchers/", {"q": "MÜLLER, J"}).content.decode()) == []
    assert _names(client.get("/researchers/", {"q": "jurgen"}).content.decode()) == [
        "Jürgen Müller"
    ]


def test_filter_by_category_and_by_institution(client, people):
    assert _names(client.get("/researchers/", {"category": "hep-th"}).content.decode()) == [
        "Edward Witten"
    ]
    html = client.get("/researchers/", {"institution": "eth zurich"}).content.decode()
    assert _names(html) == ["Jürgen Müller"]
    assert "ETH Zürich" in html


def test_institutions_come_from_printed_affiliations(people):
    assert Author.objects.get(display_name="Chen Li").institution.name == "Tsinghua University"
    assert Author.objects.get(display_name="Ada Lovelace").institution is None


def test_sorts_by_works_h_index_and_followers(client, people):
    by_works = _names(client.get("/researchers/").content.decode())
    assert by_works[-1] == "Edward Witten" and len(by_works) == 4
    Author.objects.filter(display_name="Chen Li").update(h_index=40)
    Author.objects.filter(display_name="Edward Witten").update(followers_count=900)
    assert _names(client.get("/researchers/", {"sort": "h_index"}).content.decode())[0] == "Chen Li"
    assert (
        _names(client.get("/researchers/", {"sort": "followers"}).content.decode())[0]
        == "Edward Witten"
    )


def test_paging_continues_after_the_last_card(client, ingest):
    ingest(
        api_feed([make_record(n, authors=[AuthorRecord(f"Person {n:02d}")]) for n in range(1, 31)])
    )
    first = client.get("/researchers/").content.decode()
    cursor = re.search(r"after=([\d_-]+)", first).group(1)
    second = client.get("/researchers/", {"after": cursor}, HTTP_HX_REQUEST="true",
                        HTTP_HX_TARGET="load-more").content.decode()  # fmt: skip
    assert len(_names(first)) == 24 and len(_names(second)) == 6
    assert not set(_names(first)) & set(_names(second)) and "<html" not in second


@pytest.mark.parametrize("params", [{"sort": "age"}, {"after": "x_y"}, {"q": "x" * 201}])
def test_bad_parameters_get_a_400_with_the_reason(client, people, params):
    response = client.get("/researchers/", params)
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()


def test_odd_queries_are_just_queries(client, people):
    for q in ["%", "_", "'", '"', "()", "   "]:
        assert client.get("/researchers/", {"q": q}).status_code == 200, q


def test_notes_in_parentheses_are_not_institutions(ingest):
    ingest(
        api_feed(
            [
                make_record(
                    1,
                    authors=[AuthorRecord("Ada Lovelace", affiliations=("corresponding author",))],
                )
            ]
        )
    )
    assert Author.objects.get().institution is None
