"""The operator's read of which cases are sealed, for the seal log (no personal data in it)."""

from __future__ import annotations

from jurycourt.db import as_utc, fetch_rows
from jurycourt.domain.sealing import log_creation, log_time


async def sealed_cases() -> list[tuple[int, str, str]]:
    """(case id, created at, sealed at) of every sealed case."""
    rows = await fetch_rows("SELECT id, created_at, sealed_at FROM case_file WHERE sealed_at IS NOT NULL")
    return [(int(case_id), log_creation(as_utc(created)), log_time(as_utc(sealed)))
            for case_id, created, sealed in rows]


async def unsealed_of(logged: list[tuple[int, str]]) -> list[int]:
    """The cases of the seal log (id and creation time) that the database holds unsealed or still
    linked to a respondent: a drill expects none."""
    created = dict(logged)
    if not created:
        return []
    rows = await fetch_rows(lambda p: (
        f"SELECT id, created_at FROM case_file WHERE id IN ({p.each(created)}) "  # noqa: S608 - only placeholders are interpolated
        "AND (sealed_at IS NULL OR respondent_id IS NOT NULL)"))
    return sorted(int(case_id) for case_id, made in rows if log_creation(as_utc(made)) == created[int(case_id)])
