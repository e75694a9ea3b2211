"""The draw runs in its own process: `jurycourt draw-worker` takes a queued run, writes its progress to the
database while it runs, and leaves it done. Small pools only (40 volunteers): CI draws no pool over 150."""

from __future__ import annotations

import asyncio

import pytest
from tortoise import connections

from jurycourt.actions.citizens_draws import queue_check, queue_draw
from jurycourt.actions.citizens_panels import charter_panel, import_pool, publish_commitment, set_quotas
from jurycourt.auth.viewer import Viewer
from jurycourt.db import fetch_rows
from jurycourt.domain.citizens_panels import DrawStatus, VolunteerStatus
from jurycourt.domain.roles import Role
from jurycourt.models import Draw, Panel, Program, Volunteer
from jurycourt.sortition.worker import spawn
from tests.databases import TEST_PSEUDONYM_KEY, on_postgres

POOL, SIZE, RESERVES = 40, 8, 3
AGES, GENDERS = ("16-29", "30-44", "45+"), ("Woman", "Man")

#: Every write to a draw's row, as the database saw it, in order: the worker's progress included.
SEEN_SQLITE = """
CREATE TABLE draw_writes_seen (n INTEGER PRIMARY KEY AUTOINCREMENT, status TEXT, progress INTEGER, message TEXT);
CREATE TRIGGER draw_writes_seen AFTER UPDATE ON citizens_draw BEGIN
  INSERT INTO draw_writes_seen (status, progress, message) VALUES (NEW.status, NEW.progress, NEW.message);
END;
"""
SEEN_POSTGRES = """
CREATE TABLE draw_writes_seen (n SERIAL PRIMARY KEY, status TEXT, progress INTEGER, message TEXT);
CREATE FUNCTION draw_writes_seen() RETURNS trigger AS $$ BEGIN
  INSERT INTO draw_writes_seen (status, progress, message) VALUES (NEW.status, NEW.progress, NEW.message);
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER draw_writes_seen AFTER UPDATE ON citizens_draw FOR EACH ROW EXECUTE FUNCTION draw_writes_seen();
"""


@pytest.fixture
async def small_panel(app) -> tuple[Viewer, Panel]:
    """A recruiting citizens' panel of 8 (+3 reserves) with a pool of 40 in 40 households and quotas."""
    program = await Program.create(name="Eastside Youth Court", time_zone="America/New_York")
    coordinator = Viewer(person_id=None, account_id=1, roles={program.id: frozenset({Role.COORDINATOR})})
    panel = await charter_panel(coordinator, program.id, title="Small panel", question="How long should the pool open?",
                                size=str(SIZE), reserves=str(RESERVES), algorithm="maximin",
                                categories="Age band: 16-29, 30-44, 45+\nGender: Woman, Man",
                                privacy_notice="We erase your data when the panel ends.")
    rows = ["reference,name,contact,address,Age band,Gender"]
    rows += [f"S{n},Small Pool{n},,{n} Birch Road,{AGES[n % 3]},{GENDERS[(n // 3) % 2]}" for n in range(POOL)]
    assert (await import_pool(coordinator, panel.id, ("\n".join(rows) + "\n").encode(), TEST_PSEUDONYM_KEY)).ok
    await set_quotas(coordinator, panel.id, {("Gender", g): ("3", "5") for g in GENDERS}
                     | {("Age band", a): ("2", "4") for a in AGES})
    return coordinator, panel


async def _run_worker(database_url: str, draw_id: int) -> int:
    process = spawn(database_url, draw_id)
    return await asyncio.to_thread(process.wait, 300)


async def test_the_worker_process_runs_a_queued_check_and_records_it_done(small_panel, settings):
    coordinator, panel = small_panel
    draw = await queue_check(coordinator, panel.id)
    code = await _run_worker(settings.database_url, draw.id)
    await draw.refresh_from_db()
    assert code == 0, draw.message
    assert draw.status == DrawStatus.DONE and draw.progress == 100
    assert draw.result["feasible"] is True and draw.started_at is not None
    assert len(draw.inputs["pool"]) == POOL


async def test_the_worker_process_draws_the_panel_writing_its_progress_while_it_runs(small_panel, settings):
    coordinator, panel = small_panel
    await connections.get("default").execute_script(SEEN_POSTGRES if on_postgres() else SEEN_SQLITE)
    await publish_commitment(coordinator, panel.id)
    draw = await queue_draw(coordinator, panel.id, "3 14 15 92")
    code = await _run_worker(settings.database_url, draw.id)
    draw = await Draw.get(id=draw.id)
    assert code == 0, draw.message

    writes = await fetch_rows("SELECT status, progress, message FROM draw_writes_seen ORDER BY n")
    assert writes[0] == ("running", 0, "Starting")  # claimed
    assert writes[-1] == ("done", 100, "Done")  # finished, with its result
    progress = [(p, m) for s, p, m in writes[1:-1] if s == "running"]
    assert progress, "the worker wrote no progress while the draw ran"
    assert all(1 <= p <= 100 and m for p, m in progress)
    percents = [p for p, _ in progress]
    assert percents == sorted(percents), "progress went backwards"
    assert [s for s, _, _ in writes] == ["running"] * (len(writes) - 1) + ["done"]

    assert draw.status == DrawStatus.DONE and draw.progress == 100 and draw.finished_at is not None
    assert len(draw.result["selected"]) == SIZE and len(draw.result["reserves"]) == RESERVES
    assert len(draw.result["probabilities"]) == POOL
    assert await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).count() == SIZE
    assert (await Panel.get(id=panel.id)).status == "drawn"
