"""The draw runs in its own process: `jurycourt draw-worker` takes a queued run and leaves it done."""

from __future__ import annotations

import asyncio

from jurycourt.actions.citizens_draws import queue_check
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.citizens_panels import DrawStatus
from jurycourt.domain.roles import Role
from jurycourt.draw_worker import spawn
from jurycourt.models import Panel


async def test_the_worker_process_runs_a_queued_check_and_records_it_done(demo, settings):
    panel = await Panel.get(kind="citizens")
    await Panel.filter(id=panel.id).update(status="recruiting")
    coordinator = Viewer(person_id=None, account_id=1, roles={panel.program_id: frozenset({Role.COORDINATOR})})
    draw = await queue_check(coordinator, panel.id)
    process = spawn(settings.database_url, draw.id)
    code = await asyncio.to_thread(process.wait, 300)
    await draw.refresh_from_db()
    assert code == 0, draw.message
    assert draw.status == DrawStatus.DONE and draw.progress == 100
    assert draw.result["feasible"] is True and draw.started_at is not None
