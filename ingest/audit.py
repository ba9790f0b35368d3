"""Writing the audit trail: every claim decision, owner correction and curation action.

``before`` and ``after`` hold plain JSON, enough for a person to read what
changed and for an undo to put it back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ingest.models import AuditEvent


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
