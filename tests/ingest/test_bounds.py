"""A feed field over its bound holds that record for a curator; the rest of the page is stored.

Never cut to fit, never a failed run: whatever the length, a record is either stored
exactly as sent or held with a reason that names the field, its length and the limit.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg.errors import DataError

from core.bulk import insert_rows
from core.names import normalize_name
from curation import review
from ingest import limits
from ingest.models import ImportRecord, ImportRun, PendingAuthor
from ingest.records import AuthorRecord, PaperRecord
from papers.models import Authorship, Paper
from profiles.models import Author, AuthorAlias
from tests.factories import AuthorFactory
from tests.feedgen import api_feed, make_record, oai_list_records, rss_feed

pytestmark = pytest.mark.django_db

FORMATS = {
    "api": api_feed,
    "rss": rss_feed,
    "oai": lambda records: oai_list_records(records, prefix="arXivRaw"),
}
# Which record fields each format carries (the API has no licence, RSS no comment).
CARRIED = {
    "api": {"title", "abstract", "comment", "journal_ref", "doi", "name", "affiliation"},
    "rss": {"title", "abstract", "journal_ref", "doi", "license", "name", "affiliation"},
    "oai": {"title", "abstract", "comment", "journal_ref", "doi", "license", "name", "affiliation"},
}
# field -> (bound, what the reason calls it)
BOUNDS = {
    "title": (limits.TITLE, "The title"),
    "abstract": (limits.ABSTRACT, "The abstract"),
    "comment": (limits.COMMENT, "The comment"),
    "journal_ref": (limits.JOURNAL_REF, "The journal reference"),
    "doi": (limits.DOI, "The DOI"),
    "license": (limits.LICENSE, "The licence"),
    "name": (limits.NAME, "The name of author 2"),
    "affiliation": (limits.AFFILIATION, "The affiliation of author 2"),
}


def text_of(length: int, word: str = "Lorem") -> str:
    """Words and single spaces, exactly ``length`` characters: every format carries it as is."""
    text = (f"{word} " * (length // (len(word) + 1) + 1))[:length]
    return text[:-1] + "x" if text.endswith(" ") else text


def value_of(field: str, length: int, word: str = "") -> str:
    """A value of ``field`` that is ``length`` characters long and reads like one."""
    if field == "doi":
        return ("10.1103/PhysRevD." + "1" * length)[:length]
    if field == "license":
        return ("http://creativecommons.org/licenses/by/4.0/" + "x" * length)[:length]
    return text_of(length, word or ("Maria" if field == "name" else "Lorem"))


def with_field(n: int, field: str, value: str):
    """Record ``n`` with ``field`` set; a name or an affiliation goes on the second author."""
    if field in ("name", "affiliation"):
        second = (
            AuthorRecord(value, value.rsplit(" ", 1)[-1], value.rsplit(" ", 1)[0])
            if field == "name"
            else AuthorRecord("Ada Lovelace", "Lovelace", "Ada", (value,))
        )
        return make_record(n, authors=[AuthorRecord("Chen Li", "Li", "Chen"), second])
    return make_record(n, **{field: value})


def stored_value(paper: Paper, field: str) -> str:
    if field in ("name", "affiliation"):
        byline = paper.authorships.get(position=1)
        return byline.name_as_printed if field == "name" else byline.affiliation_as_printed
    return getattr(paper, field)


CASES = [(fmt, field) for fmt in FORMATS for field in BOUNDS if field in CARRIED[fmt]]


@pytest.mark.parametrize("fmt, field", CASES, ids=[f"{f}-{g}" for f, g in CASES])
def test_one_overlong_field_holds_its_record_and_the_rest_is_stored(ingest, fmt, field):
    limit, label = BOUNDS[field]
    overlong = with_field(2, field, value_of(field, limit + 1))
    normal = [make_record(1), overlong, make_record(3)]

    run = ingest(FORMATS[fmt](normal))

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.created, run.held) == (2, 1)
    assert set(Paper.objects.values_list("arxiv_id", flat=True)) == {"2601.00001", "2601.00003"}
    held = ImportRecord.objects.get(arxiv_id="2601.00002")
    assert held.status == ImportRecord.Status.HELD
    assert f"{label} is {limit + 1:,} characters; the limit is {limit:,}." in held.message
    # The payload keeps the whole value for the curator: nothing was cut.
    assert limits.limit_reason(PaperRecord.from_payload(held.payload)) == held.message


@pytest.mark.parametrize("field", list(BOUNDS))
def test_a_field_exactly_at_its_bound_is_stored_whole(ingest, field):
    limit, _ = BOUNDS[field]
    value = value_of(field, limit)
    fmt = "oai"  # the one format that carries every field

    run = ingest(FORMATS[fmt]([with_field(1, field, value)]))

    assert (run.status, run.created, run.held) == (ImportRun.Status.SUCCEEDED, 1, 0)
    assert stored_value(Paper.objects.get(arxiv_id="2601.00001"), field) == value


@pytest.mark.scale
def test_a_byline_over_the_author_bound_is_held_and_the_page_stored(ingest):
    crowd = [AuthorRecord(f"Member{i} Collab") for i in range(limits.AUTHORS + 1)]
    records = [make_record(1), make_record(2, authors=crowd)]

    run = ingest(oai_list_records(records))

    assert (run.status, run.created, run.held) == (ImportRun.Status.SUCCEEDED, 1, 1)
    held = ImportRecord.objects.get(arxiv_id="2601.00002")
    assert held.message == "The byline has 10,001 authors; the limit is 10,000."
    assert not Paper.objects.filter(arxiv_id="2601.00002").exists()
    assert not Author.objects.filter(display_name__startswith="Member").exists()


@pytest.mark.scale
def test_a_large_collaboration_under_the_bound_is_stored_with_every_name(ingest):
    crowd = [AuthorRecord(f"Member{i} Collab") for i in range(3_000)]

    run = ingest(oai_list_records([make_record(1, authors=crowd)]))

    assert (run.status, run.created, run.held) == (ImportRun.Status.SUCCEEDED, 1, 0)
    assert Authorship.objects.filter(paper__arxiv_id="2601.00001").count() == 3_000


def test_a_name_that_folds_longer_than_its_column_is_held(ingest):
    # 300 characters as printed, 360 folded for matching ("ß" -> "ss"): over Author.normalized_name.
    name = "Straß" * 60
    run = ingest(api_feed([make_record(1, authors=[AuthorRecord(name)]), make_record(2)]))

    assert (run.status, run.created, run.held) == (ImportRun.Status.SUCCEEDED, 1, 1)
    assert ImportRecord.objects.get(arxiv_id="2601.00001").message == (
        "The name of author 1, folded for matching, is 360 characters; the limit is 300."
    )


def test_a_newer_version_over_a_bound_leaves_the_stored_paper_as_it_was(ingest):
    ingest(api_feed([make_record(1)]))
    revised = make_record(1, version=2, title=text_of(limits.TITLE + 5))

    run = ingest(api_feed([revised]))

    assert (run.status, run.updated, run.held) == (ImportRun.Status.SUCCEEDED, 0, 1)
    paper = Paper.objects.get(arxiv_id="2601.00001")
    assert (paper.latest_version, paper.title) == (1, make_record(1).title)


# --------------------------------------------------------------------------- the curator


@pytest.fixture
def overlong_title(ingest):
    ingest(api_feed([make_record(1), make_record(2, title=text_of(12_004))]))
    return ImportRecord.objects.get(arxiv_id="2601.00002")


REASON = "The title is 12,004 characters; the limit is 1,000."


def test_the_review_page_and_the_queue_show_why_it_was_held(admin_client, overlong_title):
    queue = admin_client.get("/admin/ingest/heldrecord/").content.decode()
    page = admin_client.get(f"/admin/ingest/heldrecord/{overlong_title.pk}/change/")

    assert REASON in queue
    assert f"Approving is not possible now: {REASON}" in page.content.decode()
    assert "Approve: apply this change" not in page.content.decode()


def test_approving_an_overlong_record_is_refused_with_the_reason(admin_user, overlong_title):
    outcome = review.approve([overlong_title], admin_user)

    assert outcome.done == []
    [(_, message)] = outcome.refused
    assert REASON in message
    overlong_title.refresh_from_db()
    assert overlong_title.status == ImportRecord.Status.HELD
    assert not Paper.objects.filter(arxiv_id="2601.00002").exists()


def test_a_source_held_for_review_gives_the_overlong_record_its_reason(ingest):
    run = ingest(api_feed([make_record(1), make_record(2, doi=value_of("doi", 250))]), hold=True)

    assert (run.status, run.held, run.created) == (ImportRun.Status.SUCCEEDED, 2, 0)
    messages = dict(ImportRecord.objects.values_list("arxiv_id", "message"))
    assert messages == {
        "2601.00001": "",
        "2601.00002": "The DOI is 250 characters; the limit is 200.",
    }


# --------------------------------------------------------------------------- any length


# Words that fold longer ("ß" -> "ss") or keep their length; ASCII and not.
WORDS = ["Lorem", "Zoë", "Straße", "naïve", "Łukasz"]


def over_its_bound(field: str, value: str) -> bool:
    limit, _ = BOUNDS[field]
    return len(value) > limit or (field == "name" and len(normalize_name(value)) > limit)


@pytest.mark.parametrize("fmt", FORMATS)
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_length_around_a_bound_is_stored_whole_or_held(ingest, fmt, data):
    fields = sorted(CARRIED[fmt])
    chosen = data.draw(st.lists(st.sampled_from(fields), min_size=1, max_size=3, unique=True))
    records = []
    for n, field in enumerate(chosen, 1):
        limit, _ = BOUNDS[field]
        near, anywhere = st.integers(limit - 3, limit + 3), st.integers(1, 2 * limit)
        length = data.draw(st.one_of(near, anywhere), label=f"{field} length")
        word = data.draw(st.sampled_from(WORDS), label=f"{field} words")
        records.append((field, with_field(n, field, value_of(field, length, word))))
    Paper.objects.filter(arxiv_id__in=[r.arxiv_id for _, r in records]).delete()
    ImportRecord.objects.all().delete()

    run = ingest(FORMATS[fmt]([r for _, r in records]))

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    for field, record in records:
        value = sent_value(record, field)
        paper = Paper.objects.filter(arxiv_id=record.arxiv_id).first()
        if not over_its_bound(field, value):
            assert paper is not None and stored_value(paper, field) == value
        else:
            assert paper is None
            held = ImportRecord.objects.get(arxiv_id=record.arxiv_id)
            assert held.status == ImportRecord.Status.HELD
            limit, label = BOUNDS[field]
            assert held.message.startswith(label)
            assert f"characters; the limit is {limit:,}." in held.message


def sent_value(record: PaperRecord, field: str) -> str:
    if field == "name":
        return record.authors[1].name
    if field == "affiliation":
        return record.authors[1].affiliations[0]
    return getattr(record, field)


# --------------------------------------------------------------------------- derived fields


@pytest.mark.parametrize(
    "abstract, code_url",
    [
        # A "repository" no host allows (GitHub: owner 39, repo 100 characters) is not a code link.
        (f"Code: https://github.com/acme/{'x' * 600}.", ""),
        (f"Code: https://github.com/{'x' * 600}/repo.", ""),
        (
            "Code: https://github.com/acme/sparse-attn/tree/main.",
            "https://github.com/acme/sparse-attn",
        ),
    ],
    ids=["long-repo", "long-owner", "ordinary"],
)
def test_a_code_link_is_whole_or_none_and_never_fails_the_page(ingest, abstract, code_url):
    run = ingest(api_feed([make_record(1, abstract=abstract), make_record(2)]))

    assert (run.status, run.created) == (ImportRun.Status.SUCCEEDED, 2)
    assert Paper.objects.get(arxiv_id="2601.00001").code_url == code_url


@pytest.mark.parametrize(
    "long_one",
    # Within the byline's bound (1,000), so stored as printed; but no institution's name is
    # 400 characters long (cut to 300 it would be a name no one printed), and 290 of
    # "Straße" fold to 332 ("ss"), over the folded name's column.
    [text_of(400, "Institute"), text_of(290, "Straße")],
    ids=["printed", "folded"],
)
def test_an_affiliation_too_long_for_an_institution_name_makes_no_institution(ingest, long_one):
    authors = [
        AuthorRecord("Chen Li", "Li", "Chen", (long_one,)),
        AuthorRecord("Ada Lovelace", "Lovelace", "Ada", ("ETH Zürich",)),
    ]

    run = ingest(api_feed([make_record(1, authors=authors)]))

    assert (run.status, run.created) == (ImportRun.Status.SUCCEEDED, 1)
    chen, ada = Paper.objects.get().authorships.order_by("position")
    assert chen.affiliation_as_printed == long_one and chen.author.institution is None
    assert ada.author.institution.name == "ETH Zürich"


# --------------------------------------------------------------------------- the safety net


@pytest.mark.parametrize(
    "model, fields, row",
    [
        (AuthorAlias, ["author", "name", "normalized"], ["x" * 301, "x"]),
        (PendingAuthor, ["author", "works", "category_codes"], [1, ["c" * 33]]),
    ],
    ids=["varchar", "varchar-array"],
)
def test_a_set_based_insert_refuses_a_value_too_long_for_its_column(model, fields, row):
    # Past the bounds, should anything longer reach the database it is refused, never cut.
    author = AuthorFactory(display_name="Ada")

    with pytest.raises(DataError), transaction.atomic():
        insert_rows(model, fields, [(author.pk, *row)])

    assert not model.objects.exists()
