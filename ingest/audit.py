"""Writing the audit trail: every claim decision, owner correction and curation action.

``before`` and ``after`` hold plain JSON, enough for a person to read what
changed and for an undo to put it back.
"""

from __future__ import annotations

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
