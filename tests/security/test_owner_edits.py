"""Owner edits and invitation topics: plain single lines, bounded, http(s) links only."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiles import claims
from profiles.models import Author

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client, researchers, make_user):
    ada, _ = researchers
    owner = make_user("ada@analytical.example")
    claims.file_claim(owner, ada)
    client.force_login(owner)
    return client, Author.objects.get(pk=ada.pk)


def _edit(client, author, **fields):
    data = {"headline": "", "role": "", "homepage": "", "affiliation": "", **fields}
    return client.post(f"/researchers/{author.slug}/edit/", data)


@pytest.mark.parametrize("homepage", [
    "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://example.org/",
    "file:///etc/passwd", "http://", "https://exa mple.org/",
])  # fmt: skip
def test_homepage_takes_only_http_and_https(owner_client, homepage):
    client, ada = owner_client
    response = _edit(client, ada, homepage=homepage)
    assert response.status_code == 200 and "Enter a valid URL" in response.content.decode()
    assert Author.objects.get(pk=ada.pk).homepage == ""


def test_a_good_homepage_is_kept(owner_client):
    client, ada = owner_client
    assert _edit(client, ada, homepage="https://ada.example/~ada").status_code == 302
    assert Author.objects.get(pk=ada.pk).homepage == "https://ada.example/~ada"


@pytest.mark.parametrize("field", ["headline", "role", "affiliation"])
@pytest.mark.parametrize("bad", ["two\r\nlines", "line\nbreak", "nul\x00", "bell\x07", "a\u2028b"])
def test_single_line_fields_refuse_line_breaks_and_control_characters(owner_client, field, bad):
    client, ada = owner_client
    before = Author.objects.values(field if field != "affiliation" else "institution").get(
        pk=ada.pk
    )
    response = _edit(client, ada, **{field: bad})
    # A NUL byte is refused before any view (config.middleware, a 400); the rest by the form.
    if "\x00" in bad:
        assert response.status_code == 400
    else:
        assert response.status_code == 200 and "one line of plain text" in response.content.decode()
    after = Author.objects.values(field if field != "affiliation" else "institution").get(pk=ada.pk)
    assert after == before


def test_lengths_are_bounded(owner_client):
    client, ada = owner_client
    response = _edit(client, ada, headline="x" * 301)
    assert response.status_code == 200 and "at most 300 characters" in response.content.decode()


def test_markup_is_kept_as_text_and_shown_escaped(owner_client):
    client, ada = owner_client
    _edit(client, ada, headline="<script>alert(1)</script> & <b>bold</b>")
    page = client.get(ada.get_absolute_url()).content.decode()
    assert (
        "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    )


def test_an_invitation_topic_cannot_inject_email_headers(client, researchers, make_user):
    from django.core import mail

    ada, _ = researchers
    claims.file_claim(make_user("ada@analytical.example"), ada)
    Author.objects.filter(pk=ada.pk).update(open_to_collaborate=True)
    client.force_login(make_user())
    response = client.post(
        f"/researchers/{ada.slug}/invite/",
        {"topic": "Hi\r\nBcc: everyone@example.org", "message": "Hello"},
    )
    assert response.status_code == 200 and "one line of plain text" in response.content.decode()
    assert not mail.outbox


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=400))
def test_any_headline_is_stored_as_one_clean_line_or_refused(owner_client, text):
    client, ada = owner_client
    response = _edit(client, ada, headline=text)
    assert response.status_code in (200, 302, 400)  # 400: a NUL byte (config.middleware)
    stored = Author.objects.get(pk=ada.pk).headline
    if response.status_code == 302:
        assert stored == text.strip() and "\n" not in stored and "\r" not in stored
