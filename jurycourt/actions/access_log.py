"""Audit events for reads that matter: refused requests and exports."""

from __future__ import annotations

import logging

from jurycourt.actions.audit import record
from jurycourt.auth.viewer import Viewer

log = logging.getLogger("jurycourt.audit")


async def note_refusal(viewer: Viewer, status: int, route: str) -> None:
    """A signed-in viewer was refused (403) or told a record is not there (404) by the access policy.

    Only the route's name is kept: paths may carry tokens. Never fails the refusal itself.
    """
    if not viewer.signed_in:
        return
    try:
        await record("access.refused", actor_id=viewer.person_id, status=status, route=route[:60])
    except Exception as problem:  # the 403/404 page matters more than its audit line
        log.warning("could not audit a refusal on %s: %s", route, type(problem).__name__)


async def note_export(viewer: Viewer, what: str, program_id: int | None, rows: int,
                      subject: tuple[str, int] | None = None) -> None:
    """Someone downloaded a file of records (a CSV export)."""
    await record("export." + what, actor_id=viewer.person_id, program_id=program_id, subject=subject, rows=rows)
