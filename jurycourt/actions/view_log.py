"""The log of every view of a case or a community justice matter (confidential records are read
on the record).

Queries never write: the view that shows what a query read calls one of these after the read. A
view is committed before the page is sent: each returns once its row is written (outside a
transaction that is its commit; inside one it goes, or is rolled back, with the rest of it).
"""

from __future__ import annotations

from jurycourt import clock
from jurycourt.models import CaseView, MatterView


async def log_view(case_id: int, viewer_id: int | None, what: str) -> None:
    """Note that ``viewer_id`` saw ``what`` of the case (page, brief, own, letter…); returns once
    the note is written, and raises what writing it raised."""
    await CaseView.create(case_id=case_id, viewer_id=viewer_id, at=clock.now(), what=what[:40])


async def log_matter_view(matter_id: int, viewer_id: int | None, what: str) -> None:
    """Note that ``viewer_id`` saw ``what`` of the justice matter (``MatterRead.seen``: page, step,
    thread, notice, at full or volunteer access); returns once the note is written."""
    await MatterView.create(matter_id=matter_id, viewer_id=viewer_id, what=what[:40])
