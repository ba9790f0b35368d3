"""What approving a held ImportRecord would change, and whether it may be approved now.

``record_changes`` is the review page: new paper, new version or changed fields,
a field-by-field diff following the store's own rules (the newer value wins unless
it is empty; the first version's date never moves), the versions it adds, and each
byline name with the author the matcher would attach it to and how sure it is.
Nothing is written: ``Matcher`` only reads.

``refusal_reason`` is the check approval makes: a record already decided, one over a
field's bound (``ingest.limits``), or one whose paper changed since it was held
(``ImportRecord.paper_state``), is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from difflib import SequenceMatcher

from core.names import normalize_name
from ingest.limits import limit_reason
from ingest.matching import REVIEW_BELOW, Matcher
from ingest.models import ImportRecord
from ingest.records import PaperRecord
from ingest.store import paper_state
from ingest.store_bylines import KEPT_MATCHES
from ingest.store_papers import byline_text
from papers.links import find_code_url
from papers.models import Authorship, Paper, PaperVersion
from profiles.models import Author


@dataclass(frozen=True)
class FieldChange:
    """One paper field: what it holds now, what it would hold after approval."""

    label: str
    before: str
    after: str
    words: list[tuple[str, str]] = field(default_factory=list)  # (equal|delete|insert, text)


@dataclass(frozen=True)
class BylineName:
    """One name on the byline and the author record it would be attached to."""

    position: int
    name: str
    affiliation: str
    outcome: str
    author: Author | None
    how: str
    confidence: float | None


@dataclass
class Changes:
    """Everything ``record_changes`` found; ``refusal`` says why approval would be refused now."""

    kind: str
    summary: str
    fields: list[FieldChange]
    new_versions: list[int]
    byline_changed: bool
    byline: list[BylineName]
    refusal: str | None


# (label, Paper attribute, PaperRecord attribute, rule): what store_papers.update_papers does.
# "newer": the record's value unless it is empty; "first": the stored value unless empty.
FIELDS = [
    ("Title", "title", "title", "newer"),
    ("Byline", "authors_text", "byline", "newer"),
    ("Abstract", "abstract", "abstract", "newer"),
    ("Primary category", "primary_category_id", "primary_category", "newer"),
    ("Categories", "categories", "categories", "newer"),
    ("Version", "latest_version", "version", "max"),
    ("First version", "published", "published", "first"),
    ("Latest version date", "updated", "updated", "newer"),
    ("Comment", "comment", "comment", "newer"),
    ("Journal reference", "journal_ref", "journal_ref", "newer"),
    ("DOI", "doi", "doi", "newer"),
    ("Licence", "license", "license", "newer"),
    ("Code", "code_url", "code_url", "newer"),
    ("Announced", "announced_on", "announced_on", "newer"),
    ("Announce type", "announce_type", "announce_type", "newer"),
]
WORD_DIFFED = {"Title", "Abstract", "Comment", "Byline", "Journal reference"}


def record_changes(record: ImportRecord) -> Changes:
    """What approving ``record`` would change: nothing is written (the matcher only reads)."""
    incoming = PaperRecord.from_payload(record.payload)
    paper = Paper.objects.filter(arxiv_id=record.arxiv_id).first()
    refusal = refusal_reason(record, paper)
    new_versions = _new_versions(incoming, paper)
    if incoming.deleted:
        kind = "withdrawal"
        fields = [FieldChange("Withdrawn", _show(paper and paper.withdrawn), "yes")]
        summary = "arXiv reports this paper deleted: it would be marked withdrawn."
        return Changes(kind, summary, fields, [], False, _current_byline(paper), refusal)
    if paper is None:
        kind, summary = "new paper", f"A new paper, {incoming.arxiv_id}v{incoming.version}."
    elif incoming.version > paper.latest_version:
        kind = "new version"
        summary = f"A new version: v{paper.latest_version} → v{incoming.version}."
    else:
        kind, summary = "changed fields", f"v{incoming.version} again, with changed fields."
    fields = _field_changes(incoming, paper)
    if paper is not None and paper.withdrawn:
        fields.append(FieldChange("Withdrawn", "yes", "no"))
    changed = paper is None or byline_text(incoming) != paper.authors_text
    byline = _byline_preview(incoming, paper) if changed else _current_byline(paper)
    return Changes(kind, summary, fields, new_versions, changed, byline, refusal)


def _incoming(record: PaperRecord, attribute: str):
    if attribute == "byline":
        return byline_text(record)
    if attribute == "code_url":
        return find_code_url(record.abstract, record.comment)
    return getattr(record, attribute)


def _field_changes(record: PaperRecord, paper: Paper | None) -> list[FieldChange]:
    changes = []
    for label, stored_as, read_as, rule in FIELDS:
        new = _incoming(record, read_as)
        old = getattr(paper, stored_as) if paper is not None else None
        if paper is None:
            after = new
        elif rule == "max":
            after = max(new, old)
        elif rule == "first":
            after = old or new
        else:
            after = new or old
        before, after = _show(old), _show(after)
        if before != after:
            words = _word_diff(before, after, label) if label in WORD_DIFFED and before else []
            changes.append(FieldChange(label, before, after, words))
    return changes


def _show(value) -> str:
    """A field value as the review page prints it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return f"{value.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return str(value)


def _word_diff(before: str, after: str, label: str) -> list[tuple[str, str]]:
    """(operation, text) runs, by word (by name for a byline): what is struck out and added."""
    sep = ", " if label == "Byline" else " "
    old, new = before.split(sep), after.split(sep)
    runs = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op in ("equal", "delete", "replace") and i2 > i1:
            runs.append(("equal" if op == "equal" else "delete", sep.join(old[i1:i2])))
        if op in ("insert", "replace") and j2 > j1:
            runs.append(("insert", sep.join(new[j1:j2])))
    if sep != " ":  # the page puts a space between runs; names also need their comma
        runs = [(op, f"{text}{sep.strip()}") for op, text in runs[:-1]] + runs[-1:]
    return runs


def _new_versions(record: PaperRecord, paper: Paper | None) -> list[int]:
    if record.deleted:
        return []
    numbers = {v.version for v in record.versions} | {record.version}
    if paper is not None:
        numbers -= set(PaperVersion.objects.filter(paper=paper).values_list("version", flat=True))
    return sorted(numbers)


def _current_byline(paper: Paper | None) -> list[BylineName]:
    if paper is None:
        return []
    rows = Authorship.objects.filter(paper=paper).select_related("author").order_by("position")
    return [
        BylineName(
            a.position,
            a.name_as_printed,
            a.affiliation_as_printed,
            "unchanged",
            a.author,
            a.get_matched_by_display(),
            a.confidence,
        )
        for a in rows
    ]


def _byline_preview(record: PaperRecord, paper: Paper | None) -> list[BylineName]:
    """Each name and the author the matcher would choose, as store_bylines.store_bylines would."""
    kept: dict[str, Authorship] = {}
    if paper is not None:
        for row in Authorship.objects.filter(
            paper=paper, matched_by__in=[*KEPT_MATCHES, Authorship.MatchedBy.HELD]
        ).select_related("author"):
            kept[normalize_name(row.name_as_printed)] = row
    matcher = Matcher({a.name for a in record.authors})
    matches = matcher.resolve([a.name for a in record.authors], record.categories)
    ids = {m.candidate.author_id for m in matches if m.candidate and m.candidate.author_id}
    authors = Author.objects.in_bulk(ids)
    names = []
    for position, (printed, match) in enumerate(zip(record.authors, matches, strict=True)):
        affiliation = "; ".join(printed.affiliations)
        held = kept.get(match.normalized)
        if held is not None:
            outcome = (
                "stays held for a curator"
                if held.matched_by == Authorship.MatchedBy.HELD
                else "keeps its author"
            )
            how, confidence, author = held.get_matched_by_display(), held.confidence, held.author
        elif match.candidate is None:
            outcome, how, confidence, author = "group name", "not a person", None, None
        elif match.is_new:
            outcome = "new author record"
            how = "a namesake exists: curators will see it" if match.confidence < 1 else "new name"
            confidence, author = match.confidence, None
        else:
            outcome = "existing author"
            how = Authorship.MatchedBy(match.matched_by).label
            if match.confidence < REVIEW_BELOW:
                how += " (provisional: curators will check it)"
            confidence, author = match.confidence, authors.get(match.candidate.author_id)
        names.append(
            BylineName(position, printed.name, affiliation, outcome, author, how, confidence)
        )
    return names


# --------------------------------------------------------------------------- may it be approved


def refusal_reason(record: ImportRecord, paper: Paper | None) -> str | None:
    """Why approving ``record`` now would be refused (decided, over a limit, paper changed), or None."""
    if record.status != ImportRecord.Status.HELD:
        return decided_reason(record)
    # Checked on the payload, not on the message: a record held for review may be too long too.
    if over := limit_reason(PaperRecord.from_payload(record.payload)):
        return f"{over} A record over a limit is not stored, and not cut to fit either: reject it."
    state = record.paper_state
    if paper is None:
        if state or record.paper_id:
            return "its paper was deleted since this record was held."
        return None
    if not state:
        if record.paper_id is None:
            return (
                f"{paper.arxiv_id} was imported by another run since this record was held "
                f"(it is now v{paper.latest_version})."
            )
        # Held before paper states were kept: the paper's own clock is all there is.
        if paper.modified_at > record.created_at:
            return _changed(paper)
        return None
    if state != paper_state(
        paper.content_hash, paper.latest_version, paper.withdrawn, paper.modified_at
    ):
        return _changed(paper)
    return None


def _changed(paper: Paper) -> str:
    return (
        f"{paper.arxiv_id} changed since this record was held (it is now "
        f"v{paper.latest_version}, last changed {_show(paper.modified_at)}), so the "
        "change shown is no longer the change that would be made. Reject this record; "
        "the next pull brings the paper as it is now."
    )


def decided_reason(record: ImportRecord) -> str:
    who = record.reviewed_by.get_username() if record.reviewed_by else None
    when = _show(record.reviewed_at) if record.reviewed_at else None
    by = f" by {who}" if who else ""
    on = f" on {when}" if when else ""
    if record.status == ImportRecord.Status.REJECTED:
        return f"it was already rejected{by}{on}."
    if record.status == ImportRecord.Status.APPLIED and record.reviewed_at:
        return f"it was already approved{by}{on}."
    return f"it was not held for review (it is {record.get_status_display().lower()})."
