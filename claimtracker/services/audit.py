"""Audit trail: every change writes one event (who, when, what changed)."""

from __future__ import annotations

from typing import Any

from claimtracker.extensions import db
from claimtracker.models import AuditEvent, User


def record(
    actor: User | None,
    action: str,
    entity: Any,
    *,
    claim_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction. Flushes so ``entity.id`` is known."""
    db.session.flush()
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        entity_type=type(entity).__tablename__,
        entity_id=getattr(entity, "id", None),
        claim_id=claim_id,
        changes=_jsonable(changes or {}),
    )
    db.session.add(event)
    return event


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
