"""The review queue: held records, what each would change, and approving or rejecting them."""

from collections import defaultdict
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings

from audit.models import AuditEvent
from curation import review
from graph.models import CoauthorEdge
from ingest.models import ImportRecord, ImportRun
from ingest.records import AuthorRecord, PaperRecord
from papers.models import Authorship, Paper, PaperVersion
from profiles.models import Author, AuthorAlias
from tests.conftest import table_counts
from tests.feedgen import make_record, oai_list_records, records_strategy
from tests.ingest.test_store import database_digest

pytestmark = pytest.mark.django_db
QUEUE = "/admin/ingest/heldrecord/"

ADA, TURING = AuthorRecord("Ada Lovelace"), AuthorRecord("Alan Turing", affiliations=("NPL",))
NEW = AuthorRecord("Grace Hopper", "Hopper", "Grace", ("Yale University", "US Navy"))


def base_records():
    """Four papers already stored: Ada and Alan on each, all in cs.LG."""
    return [make_record(n, authors=[ADA, TURING]) for n in range(1, 5)]


def update_records():
    """What the held pull brings: one of each kind of change, and one entry that changes nothing."""
    revised = make_record(1, version=3, authors=[ADA, TURING, NEW])
    revised.title = "Sparse Attention for Graph Learning, revised and extended"
    edited = make_record(2, authors=[ADA, TURING])
    edited.abstract = "A shorter abstract, rewritten."
    namesake = make_record(
        6,
        authors=[AuthorRecord("Ada Lovelace"), AuthorRecord("ATLAS Collaboration")],
        primary_category="hep-th",
        categories=["hep-th"],
    )
    return [
        revised,
        edited,
        make_record(3, deleted=True),
        make_record(4, authors=[ADA, TURING]),  # unchanged: never held
        make_record(5, authors=[NEW, TURING]),  # new paper, Alan matched by a shared co-author
        namesake,  # new paper, an Ada in another field: a new record beside her namesake
    ]


@pytest.fixture
def held(ingest):
    """The base imported at once, then the update held; returns the held run."""
    ingest(oai_list_records(base_records()))
    return ingest(oai_list_records(update_records()), hold=True)


@pytest.fixture
def curator(make_user):
    return make_user("curator@example.org", staff=True)


def held_record(arxiv_id):
    return ImportRecord.objects.get(arxiv_id=arxiv_id, status=ImportRecord.Status.HELD)


# --------------------------------------------------------------------------- the payload


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=records_strategy(max_size=3))
def test_a_payload_reads_back_as_the_record_that_wrote_it(records):
    for record in records:
        payload = record.to_payload()

        again = PaperRecord.from_payload(payload)

        assert again == record
        assert again.to_payload() == payload
        assert again.content_hash == record.content_hash


def test_a_payload_stored_as_json_reads_back_exactly(ingest):
    record = make_record(7, version=2, deleted=False, announced_on=date(2026, 1, 20))
    ingest(oai_list_records([record]), hold=True)

    stored = ImportRecord.objects.get(arxiv_id=record.arxiv_id)

    # Whatever the OAI parser kept, a round trip through the JSON column changes nothing.
    assert PaperRecord.from_payload(stored.payload).to_payload() == stored.payload


# --------------------------------------------------------------------------- approval = auto-apply


def snapshot() -> dict:
    """Papers, versions, bylines, authors, aliases and edges, keyed by what they are, not by ids.

    An author is known by their folded name and their works, since ids (and slugs
    that carry an id) differ between two databases built the same way.
    """
    works = defaultdict(set)
    for author_id, arxiv_id in Authorship.objects.values_list("author_id", "paper__arxiv_id"):
        if author_id:
            works[author_id].add(arxiv_id)
    key = {
        a: (name, tuple(sorted(works[a])))
        for a, name in Author.objects.values_list("id", "normalized_name")
    }
    skip = {"id", "slug", "created_at", "modified_at", "search_vector", "counters_refreshed_at"}

    def rows(model, *relations):
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if f.name not in skip and not f.is_relation and not f.name.endswith("_as_of")
        ]
        return names + list(relations)

    return {
        "papers": sorted(map(repr, Paper.objects.values_list(*rows(Paper, "primary_category_id")))),
        "versions": sorted(
            PaperVersion.objects.values_list("paper__arxiv_id", "version", "submitted_at", "size")
        ),
        "bylines": sorted(
            (arxiv_id, position, name, affiliation, key.get(author), how, round(confidence, 3))
            for arxiv_id, position, name, affiliation, author, how, confidence in (
                Authorship.objects.values_list(
                    "paper__arxiv_id",
                    "position",
                    "name_as_printed",
                    "affiliation_as_printed",
                    "author_id",
                    "matched_by",
                    "confidence",
                )
            )
        ),  # fmt: skip
        "authors": sorted(
            (key[values.pop("id")], repr(sorted(values.items())))
            for values in Author.objects.values("id", "institution__name", *rows(Author))
        ),
        "aliases": sorted(
            (key[a], name, folded)
            for a, name, folded in AuthorAlias.objects.values_list(
                "author_id", "name", "normalized"
            )
        ),
        "edges": sorted(
            (key[a], key[b], round(weight, 6), count, first, last)
            for a, b, weight, count, first, last in CoauthorEdge.objects.values_list(
                "author_a_id", "author_b_id", "weight", "paper_count", "first_year", "last_year"
            )
        ),
    }


def stored_after(steps) -> tuple[dict, list]:
    """What the database holds after ``steps``, which are then undone (a savepoint)."""
    with transaction.atomic():
        results = [step() for step in steps]
        state = snapshot()
        transaction.set_rollback(True)
    return state, results


def test_approving_held_records_stores_exactly_what_an_automatic_import_stores(ingest, curator):
    base, update = oai_list_records(base_records()), oai_list_records(update_records())

    def approve_all():
        return review.approve(ImportRecord.objects.filter(status="held"), curator)

    approved, (_, held_run, outcome) = stored_after(
        [lambda: ingest(base), lambda: ingest(update, hold=True), approve_all]
    )
    automatic, (_, auto_run) = stored_after([lambda: ingest(base), lambda: ingest(update)])

    assert held_run.held == 5 and not outcome.refused
    assert approved == automatic
    # The same change in the same terms: 2 new papers, 3 updated (new version, fields, withdrawal).
    (approval_run,) = outcome.runs
    assert (approval_run.created, approval_run.updated) == (auto_run.created, auto_run.updated)
    assert (approval_run.created, approval_run.updated) == (2, 3)
    assert approval_run.kind == held_run.kind and approval_run.status == "succeeded"
    # The snapshot is not blind: it sees the withdrawal, the new byline and every paper.
    assert len(approved["papers"]) == 6 and any("True" in p for p in approved["papers"])


def test_approved_records_are_marked_applied_linked_and_audited(held, curator):
    records = list(ImportRecord.objects.filter(run=held, status="held"))

    outcome = review.approve(records, curator)

    (run,) = outcome.runs
    for record in ImportRecord.objects.filter(pk__in=[r.pk for r in records]):
        assert record.status == "applied" and record.reviewed_by == curator
        assert record.paper.arxiv_id == record.arxiv_id
        assert f"run #{run.pk}" in record.message
    events = AuditEvent.objects.filter(action="import_approved", actor=curator)
    assert sorted(int(e.target_id) for e in events) == sorted(r.pk for r in records)
    assert all(e.after == {"status": "applied", "run": run.pk} for e in events)
    assert held_record_count() == 0


def held_record_count():
    return ImportRecord.objects.filter(status="held").count()


# --------------------------------------------------------------------------- what it would change


def test_a_new_version_shows_the_fields_it_changes_and_the_versions_it_adds(held):
    changes = review.record_changes(held_record("2601.00001"))

    assert changes.kind == "new version" and changes.summary == "A new version: v1 → v3."
    fields = {f.label: f for f in changes.fields}
    assert fields["Title"].before == "Sparse Attention for Graph Learning, Part 1"
    assert fields["Title"].after == "Sparse Attention for Graph Learning, revised and extended"
    assert ("delete", "Part 1") in fields["Title"].words
    assert ("insert", "revised and extended") in fields["Title"].words
    assert (fields["Version"].before, fields["Version"].after) == ("1", "3")
    assert "Abstract" not in fields  # the same abstract is not a change
    assert changes.new_versions == [2, 3]
    assert changes.byline_changed and changes.refusal is None


def test_a_changed_byline_shows_each_name_with_the_author_it_would_join(held):
    changes = review.record_changes(held_record("2601.00001"))

    ada, alan, grace = changes.byline
    assert (ada.name, ada.outcome, ada.author.display_name) == (
        "Ada Lovelace",
        "existing author",
        "Ada Lovelace",
    )
    assert ada.confidence == 0.95 and ada.how == "Same name and a shared co-author"
    assert (alan.outcome, alan.confidence) == ("existing author", 0.95)
    assert (grace.outcome, grace.author, grace.confidence) == ("new author record", None, 1.0)


def test_a_new_paper_beside_a_namesake_in_another_field_shows_a_low_confidence_new_record(held):
    changes = review.record_changes(held_record("2601.00006"))

    assert changes.kind == "new paper"
    assert {f.label: f.after for f in changes.fields}["Categories"] == "hep-th"
    ada, atlas = changes.byline
    # hep-th, where Ada's record is cs: another field is another person as often as not.
    assert (ada.outcome, ada.confidence) == ("new author record", 0.5)
    assert "namesake" in ada.how
    assert (atlas.outcome, atlas.author) == ("group name", None)


def test_a_withdrawal_and_a_field_change_say_so(held):
    withdrawal = review.record_changes(held_record("2601.00003"))
    edited = review.record_changes(held_record("2601.00002"))

    assert withdrawal.kind == "withdrawal"
    assert [(f.label, f.before, f.after) for f in withdrawal.fields] == [("Withdrawn", "no", "yes")]
    assert edited.kind == "changed fields"
    assert [f.label for f in edited.fields] == ["Abstract"]
    assert not edited.byline_changed and edited.byline[0].outcome == "unchanged"


def test_looking_at_the_changes_writes_nothing(held):
    counts, digest = table_counts(), database_digest()

    for record in ImportRecord.objects.filter(status="held"):
        review.record_changes(record)

    assert table_counts() == counts and database_digest() == digest


def test_the_review_page_shows_the_diff_and_the_matches(admin_client, held):
    record = held_record("2601.00001")

    page = admin_client.get(f"{QUEUE}{record.pk}/change/").content.decode()

    assert "A new version: v1 → v3." in page
    assert "<del>Part 1</del>" in page and "<ins>revised and extended</ins>" in page
    assert "Versions added: v2, v3." in page
    assert "Grace Hopper" in page and "new author record" in page
    assert "0.95" in page and "Approve: apply this change" in page


def test_the_queue_lists_held_records_by_what_they_change(admin_client, held):
    page = admin_client.get(QUEUE).content.decode()

    assert "new version v1 → v3" in page and "withdrawal" in page
    assert page.count("new paper") >= 2 and "changed fields" in page
    assert "2601.00004" not in page  # unchanged entries are never held


# --------------------------------------------------------------------------- deciding


def test_approving_from_the_review_page_applies_it_and_opens_the_next(admin_client, held):
    first, following = ImportRecord.objects.filter(status="held").order_by("created_at", "id")[:2]

    response = admin_client.post(f"{QUEUE}{first.pk}/approve/")

    assert response.status_code == 302
    assert response.url == f"{QUEUE}{following.pk}/change/"
    first.refresh_from_db()
    assert first.status == "applied" and Paper.objects.get(arxiv_id=first.arxiv_id)


def test_reject_keeps_the_reason_and_changes_no_paper(admin_client, held):
    record = held_record("2601.00005")
    digest = database_digest()

    admin_client.post(f"{QUEUE}{record.pk}/reject/", {"reason": "Byline mangled by the feed"})

    record.refresh_from_db()
    assert (record.status, record.message) == ("rejected", "Byline mangled by the feed")
    assert record.reviewed_by.username == "admin"
    assert database_digest() == digest and not Paper.objects.filter(arxiv_id="2601.00005").exists()
    event = AuditEvent.objects.get(action="import_rejected", target_id=str(record.pk))
    assert event.reason == "Byline mangled by the feed"


def test_reject_without_a_reason_is_refused(admin_client, held):
    record = held_record("2601.00005")

    response = admin_client.post(f"{QUEUE}{record.pk}/reject/", {"reason": "  "}, follow=True)

    assert "Say why these records are rejected" in response.content.decode()
    assert held_record("2601.00005")


@pytest.mark.parametrize("change", ["another import", "a curator's edit"])
def test_approving_a_record_whose_paper_changed_since_is_refused_and_changes_nothing(
    admin_client, held, ingest, change
):
    if change == "another import":
        newer = make_record(1, version=4, authors=[ADA, TURING])
        ingest(oai_list_records([newer]))
    else:
        paper = Paper.objects.get(arxiv_id="2601.00001")
        paper.title = "A corrected title"
        paper.save()
    record = held_record("2601.00001")
    counts, digest, runs = table_counts(), database_digest(), ImportRun.objects.count()

    response = admin_client.post(f"{QUEUE}{record.pk}/approve/", follow=True)

    page = response.content.decode()
    assert "2601.00001v3 (record #" in page
    assert "changed since this record was held" in page
    assert "Approving is not possible now" in page  # back on its review page, which says why
    assert table_counts() == counts and database_digest() == digest
    assert ImportRun.objects.count() == runs
    record.refresh_from_db()
    assert record.status == "held" and record.reviewed_by is None


def test_approving_a_new_paper_someone_else_imported_since_is_refused(held, ingest, curator):
    ingest(oai_list_records([make_record(5)]))
    digest = database_digest()

    outcome = review.approve([held_record("2601.00005")], curator)

    assert not outcome.done
    ((_, message),) = outcome.refused
    assert "was imported by another run since this record was held" in message
    assert database_digest() == digest


def test_approving_or_rejecting_twice_is_refused(admin_client, held):
    record = held_record("2601.00005")
    admin_client.post(f"{QUEUE}{record.pk}/approve/")
    digest = database_digest()

    again = admin_client.post(f"{QUEUE}{record.pk}/approve/", follow=True).content.decode()
    rejected = admin_client.post(
        f"{QUEUE}{record.pk}/reject/", {"reason": "too late"}, follow=True
    ).content.decode()

    assert "was not approved: it was already approved by admin" in again
    assert "was not rejected: it was already approved by admin" in rejected
    assert database_digest() == digest
    assert AuditEvent.objects.filter(target_id=str(record.pk)).count() == 1


def test_two_held_versions_of_one_paper_approve_the_newest_and_keep_the_other(ingest, curator):
    ingest(oai_list_records([make_record(1)]))
    ingest(oai_list_records([make_record(1, version=2)]), hold=True)
    ingest(oai_list_records([make_record(1, version=3)]), hold=True)

    outcome = review.approve(ImportRecord.objects.filter(status="held"), curator)

    assert [r.version for r in outcome.done] == [3]
    ((older, message),) = outcome.refused
    assert older.version == 2 and "for the same paper was approved with it" in message
    assert Paper.objects.get(arxiv_id="2601.00001").latest_version == 3
    assert ImportRecord.objects.get(pk=older.pk).status == "held"


# --------------------------------------------------------------------------- bulk, with a page between


def test_bulk_approve_asks_first_then_applies(admin_client, held):
    ids = list(ImportRecord.objects.filter(status="held").values_list("pk", flat=True))

    asked = admin_client.post(QUEUE, {"action": "approve_selected", "_selected_action": ids})

    assert asked.status_code == 200 and "Approve 5 records" in asked.content.decode()
    assert held_record_count() == 5 and not Paper.objects.filter(arxiv_id="2601.00005").exists()

    done = admin_client.post(
        QUEUE, {"action": "approve_selected", "_selected_action": ids, "post": "yes"}, follow=True
    )

    assert "Approved 5:" in done.content.decode()
    assert held_record_count() == 0 and Paper.objects.filter(arxiv_id="2601.00005").exists()


def test_bulk_reject_needs_a_reason(admin_client, held):
    ids = list(ImportRecord.objects.filter(status="held").values_list("pk", flat=True))
    action = {"action": "reject_selected", "_selected_action": ids, "post": "yes"}

    without = admin_client.post(QUEUE, action)
    assert "Say why these records are rejected." in without.content.decode()
    assert held_record_count() == 5

    admin_client.post(QUEUE, {**action, "reason": "Test pull, not for production"})

    assert held_record_count() == 0
    assert set(ImportRecord.objects.filter(run=held).values_list("status", flat=True)) == {
        "rejected",
        "unchanged",
    }


# --------------------------------------------------------------------------- who may


def test_anonymous_and_non_staff_are_sent_to_sign_in_and_decide_nothing(client, held, make_user):
    record = held_record("2601.00005")
    urls = [f"{QUEUE}{record.pk}/change/", f"{QUEUE}{record.pk}/approve/", QUEUE]
    for signed_in in (None, make_user()):
        if signed_in:
            client.force_login(signed_in)
        for url in urls:
            response = client.post(url) if url.endswith("approve/") else client.get(url)
            assert response.status_code == 302 and response.url.startswith("/admin/login/"), url
    assert held_record("2601.00005")


def test_staff_without_the_records_permission_cannot_decide(client, held, make_user):
    from django.contrib.auth.models import Permission

    staff = make_user(staff=False)
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    record = held_record("2601.00005")

    assert client.post(f"{QUEUE}{record.pk}/approve/").status_code == 403
    assert client.get(f"{QUEUE}{record.pk}/change/").status_code == 403

    staff.user_permissions.add(Permission.objects.get(codename="view_importrecord"))
    assert client.get(f"{QUEUE}{record.pk}/change/").status_code == 200
    assert client.post(f"{QUEUE}{record.pk}/approve/").status_code == 403
    assert held_record("2601.00005")


def test_decisions_are_refused_without_the_csrf_token(held, make_user):
    curator = make_user(staff=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    record = held_record("2601.00005")

    assert client.post(f"{QUEUE}{record.pk}/approve/").status_code == 403
    assert client.post(f"{QUEUE}{record.pk}/reject/", {"reason": "x"}).status_code == 403
    bulk = {"action": "approve_selected", "_selected_action": [record.pk], "post": "yes"}
    assert client.post(QUEUE, bulk).status_code == 403
    assert held_record("2601.00005")

    page = client.get(f"{QUEUE}{record.pk}/change/")
    token = page.cookies["csrftoken"].value
    approved = client.post(f"{QUEUE}{record.pk}/approve/", {"csrfmiddlewaretoken": token})
    assert approved.status_code == 302
    assert ImportRecord.objects.get(pk=record.pk).status == "applied"
