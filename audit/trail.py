"""The audit trail: every claim decision, owner correction and curation action.

``before`` and ``after`` hold plain JSON, enough for a person to read what
changed and for an undo to put it back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent


def record(actor, action: str, target, *, before=None, after=None, reason: str = "") -> AuditEvent:
    """One event about ``target`` (a model instance) by ``actor`` (a user, or None for the system)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        before=before or {},
        after=after or {},
        reason=reason,
    )


@dataclass(frozen=True)
class Undoer:
    """How one kind of event is undone: what blocks it, and what puts things back.

    ``apply(event, actor)`` runs inside the undo's transaction and returns the
    author ids whose derived data must be recomputed.
    """

    name: str
    why_not: Callable[[AuditEvent], str]
    apply: Callable[[AuditEvent, object], set[int]]


_UNDOERS: dict[str, Undoer] = {}


def register_undo(action: str, name: str, why_not, apply) -> None:
    """Make events of ``action`` undoable from the audit trail (each app registers its own)."""
    _UNDOERS[action] = Undoer(name, why_not, apply)


def undoer(action: str) -> Undoer | None:
    return _UNDOERS.get(action)


def undoable_actions() -> dict[str, str]:
    """Every action the audit trail can undo, with its name for people ("a merge")."""
    return {action: u.name for action, u in _UNDOERS.items()}


class UndoRefused(Exception):
    """An undo that cannot be done; the message says what blocks it."""


def why_not_undo(event: AuditEvent) -> str:
    """'' when the event can be undone, else what blocks it."""
    if event.undone_at:
        return "This action was already undone."
    kind = undoer(event.action)
    if kind is None:
        names = ", ".join(undoable_actions().values())
        return f"Only these can be undone here: {names}."
    return kind.why_not(event)


def undo(event: AuditEvent, actor) -> AuditEvent:
    """Put back what ``event`` changed, as its kind says; refused with what blocks it."""
    with transaction.atomic():
        event = AuditEvent.objects.select_for_update().get(pk=event.pk)
        blocked = why_not_undo(event)
        if blocked:
            raise UndoRefused(blocked)
        undoer(event.action).apply(event, actor)
        event.undone_at, event.undone_by = timezone.now(), actor
        event.save(update_fields=["undone_at", "undone_by"])
        return record(actor, f"undo_{event.action}", event, before=event.after, after=event.before)
