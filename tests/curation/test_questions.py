"""Curators' who-is-who questions: what the sweep could not settle, ranked, paged, answered."""

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from curation import identity
from curation.models import IdentityQuestion
from curation.questions import open_questions
from profiles.models import Author
from tests.factories import UserFactory, byline_at, paper_in
from tests.feedgen import api_feed

pytestmark = pytest.mark.django_db
QUEUE = "/admin/profiles/author/duplicates/"


@pytest.fixture
def curator_client(client):
    client.force_login(UserFactory(curator=True))
    return client


@pytest.fixture
def two_wei_wangs(ingest):
    """One "Wei Wang" record with Ada and Grace, another with Ada only: one colleague is
    not enough for a common name, so the sweep asks instead of merging."""
    ingest(api_feed([paper_in(1, ["Wei Wang", "Ada Lovelace", "Grace Hopper"])]))
    ingest(api_feed([paper_in(2, ["Wei Wang", "Ada Lovelace"], ("hep-th",))]))
    first, second = byline_at("2601.00001", 0).author, byline_at("2601.00002", 0).author
    assert first != second
    return first, second


def test_a_pair_the_sweep_doubts_is_asked_with_its_evidence(two_wei_wangs, curator_client):
    first, second = two_wei_wangs

    question = open_questions(IdentityQuestion.Kind.DUPLICATE).get()

    assert {question.author, question.other} == {first, second}
    assert "Ada Lovelace" in question.evidence and "common name" in question.evidence
    html = curator_client.get(QUEUE).content.decode()
    assert "Ada Lovelace" in html and f'value="{question.pk}"' in html


def test_the_queue_is_ranked_by_likelihood_and_paged(curator_client):
    authors = [
        Author.objects.create(display_name=f"Ann Example{i}", slug=f"ann-{i}", normalized_name="x")
        for i in range(120)
    ]
    for i in range(60):
        IdentityQuestion.objects.create(
            kind="duplicate", author=authors[2 * i], other=authors[2 * i + 1],
            score=i / 100, evidence=f"pair {i}",
        )  # fmt: skip

    first_page = curator_client.get(QUEUE).content.decode()
    second_page = curator_client.get(QUEUE + "?page=2").content.decode()

    assert first_page.index("Pair 59") < first_page.index("Pair 58")
    assert "Pair 10." in first_page and "Pair 9." not in first_page  # 50 a page, best first
    assert "Pair 9." in second_page and "Page 2 of 2 (60 in all)" in second_page


def test_one_click_merge_from_the_queue_and_undo(two_wei_wangs, curator_client):
    first, second = two_wei_wangs
    question = open_questions(IdentityQuestion.Kind.DUPLICATE).get()

    response = curator_client.post(
        QUEUE, {"question": question.pk, "decision": "merge"}, follow=True
    )

    assert "Merged Wei Wang into Wei Wang" in response.content.decode()
    assert byline_at("2601.00001", 0).author_id == byline_at("2601.00002", 0).author_id
    assert not open_questions(IdentityQuestion.Kind.DUPLICATE).exists()
    event = AuditEvent.objects.get(action="authors_merged")
    assert event.reason.startswith("From the duplicates queue")
    curator_client.post(f"/admin/profiles/author/undo/{event.pk}/")
    assert byline_at("2601.00001", 0).author_id != byline_at("2601.00002", 0).author_id


def test_a_dismissed_question_is_not_asked_again(two_wei_wangs, curator_client):
    question = open_questions(IdentityQuestion.Kind.DUPLICATE).get()
    curator_client.post(QUEUE, {"question": question.pk, "decision": "dismiss"})

    call_command("rematch")  # sweeps every record again

    assert not open_questions(IdentityQuestion.Kind.DUPLICATE).exists()
    assert IdentityQuestion.objects.get(pk=question.pk).dismissed_at is not None


def test_a_record_whose_works_fall_into_two_circles_is_asked_about(ingest, curator_client):
    # Two Ottilie Quarendons, in cs with Ada and in astro-ph with Alan, merged by mistake
    # (or by an older install): the works never meet, neither their co-authors nor fields.
    for n, circle, field in [(1, "Ada Lovelace", "cs.LG"), (2, "Ada Lovelace", "cs.LG"),
                             (3, "Alan Turing", "astro-ph.HE"), (4, "Alan Turing", "astro-ph.HE")]:  # fmt: skip
        ingest(api_feed([paper_in(n, ["Ottilie Quarendon", circle], (field,))]))
    ottilie, other = byline_at("2601.00001", 0).author, byline_at("2601.00003", 0).author
    identity.merge(ottilie, other, UserFactory(curator=True), "Looked the same.")
    assert not open_questions(IdentityQuestion.Kind.SPLIT).exists()

    call_command("rematch")

    question = open_questions(IdentityQuestion.Kind.SPLIT).get()
    assert question.author == ottilie
    assert "2 works with Ada Lovelace (cs)" in question.evidence
    assert "2 works with Alan Turing (astro-ph)" in question.evidence
    html = curator_client.get(QUEUE + "?kind=split").content.decode()
    assert f"/admin/profiles/author/{ottilie.pk}/split/" in html


def test_a_prolific_persons_circles_in_one_field_are_not_a_question(ingest):
    for n, circle in [(1, "Ada Lovelace"), (2, "Ada Lovelace"), (3, "Alan Turing"),
                      (4, "Alan Turing")]:  # fmt: skip
        ingest(api_feed([paper_in(n, ["Ottilie Quarendon", circle], ("cs.DS",))]))
    assert byline_at("2601.00004", 0).author.works_count == 4

    assert not open_questions(IdentityQuestion.Kind.SPLIT).exists()


def test_questions_are_for_curators_only(two_wei_wangs, client):
    question = open_questions(IdentityQuestion.Kind.DUPLICATE).get()
    client.force_login(UserFactory())

    response = client.post(QUEUE, {"question": question.pk, "decision": "merge"})

    assert response.status_code in (302, 403)
    assert byline_at("2601.00001", 0).author_id != byline_at("2601.00002", 0).author_id


def test_a_hostile_question_id_is_a_404_not_a_crash(curator_client):
    for value in ["", "x", "-1", "99999999999999999999", "1 OR 1=1"]:
        response = curator_client.post(QUEUE, {"question": value, "decision": "merge"})
        assert response.status_code == 404


@pytest.fixture
def three_wei_wangs(ingest):
    """Three "Wei Wang" records, asked about two pairs at a time: one group to decide."""
    for n, coauthors in ((1, ["Ada Lovelace", "Grace Hopper"]), (2, ["Ada Lovelace"]),
                         (3, ["Grace Hopper"]), (4, ["Ada Lovelace", "Grace Hopper"])):  # fmt: skip
        category = {1: "hep-th", 2: "cs.LG", 3: "math.CO", 4: "cs.LG"}[n]  # none shared
        ingest(api_feed([paper_in(n, ["Wei Wang", *coauthors], (category,))]))
    records = sorted({byline_at(f"2601.0000{n}", 0).author for n in (1, 2, 3)}, key=lambda a: a.pk)
    IdentityQuestion.objects.all().delete()
    a, b, c = records
    for first, second, score in ((a, b, 0.6), (b, c, 0.5)):
        IdentityQuestion.objects.create(
            kind="duplicate", author=first, other=second, score=score, evidence="shared Ada"
        )
    return records


def test_pairs_that_link_three_records_are_one_row_to_merge_at_once(
    three_wei_wangs, curator_client
):
    a, b, c = three_wei_wangs
    survivor = max(three_wei_wangs, key=lambda r: (r.works_count, -r.pk))
    html = curator_client.get(QUEUE).content.decode()
    assert "Wei Wang: 3 records that may be one person" in html
    assert html.count('name="cluster"') == 2  # merge all, not one person: one row
    assert f"Merge all into #{survivor.pk}" in html

    ids = ",".join(
        str(q) for q in IdentityQuestion.objects.order_by("-score").values_list("pk", flat=True)
    )
    response = curator_client.post(
        QUEUE, {"cluster": ids, "decision": "merge_cluster"}, follow=True
    )

    assert response.content.decode().count("Merged Wei Wang into Wei Wang") == 2
    assert {byline_at(f"2601.0000{n}", 0).author_id for n in (1, 2, 3)} == {survivor.pk}
    assert AuditEvent.objects.filter(action="authors_merged").count() == 2  # each undoable
    assert not open_questions(IdentityQuestion.Kind.DUPLICATE).exists()
    again = curator_client.post(QUEUE, {"cluster": ids, "decision": "merge_cluster"}, follow=True)
    assert "answered already" in again.content.decode()


def test_a_group_judged_not_one_person_is_not_asked_again(three_wei_wangs, curator_client):
    ids = ",".join(str(q) for q in IdentityQuestion.objects.values_list("pk", flat=True))
    curator_client.post(QUEUE, {"cluster": ids, "decision": "dismiss_cluster"})
    assert not open_questions(IdentityQuestion.Kind.DUPLICATE).exists()
    assert len({byline_at(f"2601.0000{n}", 0).author_id for n in (1, 2, 3)}) == 3
    assert "No open questions of this kind." in curator_client.get(QUEUE).content.decode()
