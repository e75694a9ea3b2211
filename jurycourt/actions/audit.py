"""The audit trail: one row per significant act. Never put personal data in ``detail``."""

from __future__ import annotations

from typing import Any

from jurycourt.models import AuditEvent


async def record(
    action: str,
    *,
    actor_id: int | None,
    program_id: int | None = None,
    subject: tuple[str, int | str] | None = None,
    **detail: Any,
) -> None:
    """Write an audit event (inside the caller's transaction, when there is one)."""
    subject_type, subject_id = subject or ("", "")
    await AuditEvent.create(
        action=action,
        actor_id=actor_id,
        program_id=program_id,
        subject_type=subject_type,
        subject_id=str(subject_id),
        detail=detail,
    )


async def record_many(action: str, *, actor_id: int | None, program_id: int | None,
                      events: list[tuple[tuple[str, int | str], dict[str, Any]]]) -> None:
    """Write one audit event per (subject, detail) in one statement (inside the caller's transaction)."""
    await AuditEvent.bulk_create([
        AuditEvent(action=action, actor_id=actor_id, program_id=program_id, subject_type=subject_type,
                   subject_id=str(subject_id), detail=detail)
        for (subject_type, subject_id), detail in events])
