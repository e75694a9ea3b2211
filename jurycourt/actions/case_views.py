"""The log of every view of a case (confidential records are read on the record)."""

from __future__ import annotations

from jurycourt.models import CaseView


async def log_view(case_id: int, viewer_id: int | None, what: str) -> None:
    """Note that ``viewer_id`` saw ``what`` of the case (page, brief, own, letter…)."""
    await CaseView.create(case_id=case_id, viewer_id=viewer_id, what=what[:40])
