"""The log of every view of a case (confidential records are read on the record).

A view is committed before the page that shows the case is sent: ``log_view`` returns once its row
is written (outside a transaction that is its commit; inside one it goes, or is rolled back, with
the rest of it).
"""

from __future__ import annotations

from jurycourt import clock
from jurycourt.models import CaseView


async def log_view(case_id: int, viewer_id: int | None, what: str) -> None:
    """Note that ``viewer_id`` saw ``what`` of the case (page, brief, own, letter…); returns once
    the note is written, and raises what writing it raised."""
    await CaseView.create(case_id=case_id, viewer_id=viewer_id, at=clock.now(), what=what[:40])
