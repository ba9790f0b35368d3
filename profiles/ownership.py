"""What the owner of a claimed record may change: their details, and works that are not theirs.

A work marked "not mine" leaves the profile at once: its byline is held for the
curators (matched_by "held", ``held_from`` this record) and ingest never puts it
back on this record, however often the paper is imported again. Every change
writes an AuditEvent with what it was before.
"""

from __future__ import annotations

from django import forms
from django.db import transaction

from audit.trail import record
from core.names import normalize_name
from core.tasks import send_on_commit
from papers.models import Authorship, Paper
from profiles.form_fields import HttpUrlField, PlainLineField
from profiles.metrics import refresh_close_collaborators, refresh_counters
from profiles.models import Author, Institution
from profiles.signals import bylines_changed
from profiles.tasks import refresh_trust_of
from profiles.trust import refresh_trust

EDITABLE = ["headline", "role", "homepage", "open_to_collaborate"]


class NotTheOwner(Exception):
    """Someone other than the record's owner tried an owner's action."""


class OwnerDetailsForm(forms.ModelForm):
    """Headline, role, affiliation, homepage and "Open to collaborate"."""

    headline = PlainLineField(
        max_length=300,
        required=False,
        label="One-line summary",
        help_text="Shown under your name instead of the generated summary.",
    )
    role = PlainLineField(max_length=120, required=False)
    homepage = HttpUrlField(required=False, help_text="An http:// or https:// address.")
    affiliation = PlainLineField(
        max_length=300, required=False, help_text="Your institution, as you want it shown."
    )

    class Meta:
        model = Author
        fields = EDITABLE
        labels = {"headline": "One-line summary", "open_to_collaborate": "Open to collaborate"}
        help_texts = {"headline": "Shown under your name instead of the generated summary."}


def save_details(author: Author, user, form: OwnerDetailsForm) -> None:
    """Apply a valid form to the record, with an audit event of before and after."""
    _check_owner(author, user)
    with transaction.atomic():
        # The form has already written its values onto ``author``: read "before" afresh.
        before = _details(Author.objects.select_related("institution").get(pk=author.pk))
        for field in EDITABLE:
            setattr(author, field, form.cleaned_data[field])
        affiliation = form.cleaned_data["affiliation"].strip()
        if affiliation:
            author.institution, _ = Institution.objects.get_or_create(
                normalized_name=normalize_name(affiliation), defaults={"name": affiliation}
            )
        else:
            author.institution = None
        author.save(update_fields=[*EDITABLE, "institution"])
        after = _details(author)
        if after != before:
            record(user, "owner_edited", author, before=before, after=after)


def mark_not_mine(author: Author, user, paper: Paper) -> bool:
    """Take this work off the owner's record and hold it for curators; False if it was not on it."""
    _check_owner(author, user)
    with transaction.atomic():
        bylines = list(
            Authorship.objects.select_for_update()
            .filter(paper=paper)
            .order_by("position")
            .values_list("id", "author_id")
        )
        mine = [pk for pk, author_id in bylines if author_id == author.pk]
        if not mine:
            return False
        year = paper.published.year if paper.published else None
        before_ids = [a for _, a in bylines if a]
        after_ids = [a for a in before_ids if a != author.pk]
        bylines_changed.send(sender=Author, papers={paper.pk: (before_ids, after_ids, year)})
        Authorship.objects.filter(pk__in=mine).update(
            author=None, matched_by=Authorship.MatchedBy.HELD, held_from=author, confidence=0
        )
        record(user, "not_mine", author, before={"paper": paper.arxiv_id, "authorships": mine},
               after={"held": mine})  # fmt: skip
        # Only this record's works changed; its co-authors lost an edge at most (none
        # on a byline past MAX_AUTHORS_FOR_EDGES), so only their close count is read again
        # now, and their trust (co-authors with claimed records) after the commit.
        refresh_counters([author.pk])
        refresh_close_collaborators(after_ids)
        refresh_trust([author.pk])
        send_on_commit(refresh_trust_of, after_ids)
    return True


def _check_owner(author: Author, user) -> None:
    if not user.is_authenticated or author.claimed_by_id != user.pk:
        raise NotTheOwner("Only the owner of this record can change it.")


def _details(author: Author) -> dict:
    details = {field: getattr(author, field) for field in EDITABLE}
    details["institution"] = author.institution.name if author.institution_id else ""
    return details
