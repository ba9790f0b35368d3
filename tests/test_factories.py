"""The factories make rows the site reads as it reads ingested ones."""

import pytest
from django.contrib.auth import authenticate

from papers.models import Authorship
from tests.conftest import PASSWORD
from tests.factories import (
    AuthorAliasFactory,
    AuthorFactory,
    PaperFactory,
    PaperVersionFactory,
    UserFactory,
    paper_record,
)
from tests.feedgen import make_record

pytestmark = pytest.mark.django_db


def test_an_account_signs_in_with_the_password_and_has_its_email_address():
    user = UserFactory(email="ada@example.org")
    assert authenticate(username="ada@example.org", password=PASSWORD) == user
    assert user.emailaddress_set.get().verified and not user.is_staff
    assert not UserFactory(verified=False).emailaddress_set.get().verified


def test_a_curator_is_staff_in_the_curator_group_and_staff_is_a_superuser():
    curator, root = UserFactory(curator=True), UserFactory(staff=True)
    assert curator.is_staff and not curator.is_superuser
    assert list(curator.groups.values_list("name", flat=True)) == ["curator"]
    assert root.is_staff and root.is_superuser and not root.groups.exists()


def test_a_merged_away_record_sends_its_visitors_to_the_record_it_went_into(client):
    ada = AuthorFactory(display_name="Ada Lovelace")
    old = AuthorFactory(display_name="A. Lovelace", merged_into=ada)
    assert (old.slug, old.normalized_name) == ("a-lovelace", "a lovelace")
    response = client.get(old.get_absolute_url())
    assert (response.status_code, response["Location"]) == (301, ada.get_absolute_url())


def test_a_paper_with_its_byline_shows_on_its_page(client):
    ada = AuthorFactory(display_name="Ada Lovelace")
    AuthorAliasFactory(author=ada, name="A. A. Lovelace")
    paper = PaperFactory(
        title="Notes on the Analytical Engine", byline=[ada, "ATLAS Collaboration"]
    )
    PaperVersionFactory(paper=paper)
    assert (paper.author_count, paper.authors_text) == (2, "Ada Lovelace, ATLAS Collaboration")
    assert list(paper.authorships.values_list("position", "matched_by")) == [
        (0, Authorship.MatchedBy.NEW),
        (1, Authorship.MatchedBy.GROUP),
    ]

    html = client.get(f"/papers/{paper.arxiv_id}/").content.decode()

    assert "Notes on the Analytical Engine" in html
    assert f'href="{ada.get_absolute_url()}"' in html and "ATLAS Collaboration" in html


def test_a_paper_record_is_make_records_with_that_byline():
    record = paper_record(3, ["Ada Lovelace", "Alan Turing"], doi="10.1000/xyz")
    assert record == make_record(
        3,
        authors=[*map(type(record.authors[0]), ["Ada Lovelace", "Alan Turing"])],
        doi="10.1000/xyz",
    )
