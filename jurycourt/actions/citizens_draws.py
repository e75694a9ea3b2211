"""Draws of a citizens' panel: queued here, run by the draw worker process, their results recorded here.

A Draw row carries its state (queued, running, done, failed) and progress, so a page can follow it and a
person can leave and come back. Purposes: ``check`` (the library's feasibility check), ``draw`` (the real
draw, seeded from the commitment and a publicly announced value) and ``verify`` (a re-run of a done draw
from its stored inputs and seed, compared with what was stored).
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.actions.citizens_panels import draw_inputs_of, managed_panel
from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import citizens_panels as rules
from jurycourt.domain.citizens_panels import CitizensPanelStatus, DrawStatus, VolunteerStatus
from jurycourt.domain.draw_record import differences
from jurycourt.domain.errors import Refused
from jurycourt.i18n import N_, gettext
from jurycourt.models import CitizensPanel, Draw, Panel, Volunteer

ACTIVE = [DrawStatus.QUEUED, DrawStatus.RUNNING]


async def _no_active_draw(panel_id: int) -> None:
    if await Draw.filter(panel_id=panel_id, status__in=ACTIVE).exists():
        raise Refused(gettext("A run is already under way for this panel; wait for it to finish."))


async def queue_check(actor: Viewer, panel_id: int) -> Draw:
    """Queue the library's own feasibility check of the quotas against the pool as it stands."""
    panel, citizens = await managed_panel(actor, panel_id)
    if panel.status not in (CitizensPanelStatus.RECRUITING, CitizensPanelStatus.COMMITTED):
        raise Refused(gettext("The panel has been drawn already."))
    async with in_transaction():
        await _no_active_draw(panel.id)
        draw = await Draw.create(panel_id=panel.id, purpose="check", inputs=await draw_inputs_of(panel, citizens),
                                 started_by_id=actor.person_id, message=N_("Waiting for the worker"))
        await record("citizens_panel.check_queued", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("draw", draw.id))
    return draw


async def queue_draw(actor: Viewer, panel_id: int, announced: str) -> Draw:
    """Queue the real draw. The seed is SHA-256(published commitment + the value announced in public).

    Refused before the commitment is published, or when the pool or quotas changed since.
    """
    panel, citizens = await managed_panel(actor, panel_id)
    announced = rules.normalise_announcement(announced)
    async with in_transaction():
        panel = await Panel.filter(id=panel.id).select_for_update().get()
        if panel.status != CitizensPanelStatus.COMMITTED:
            raise Refused(gettext("Publish the commitment hash first; the value is announced after it is public."))
        await _no_active_draw(panel.id)
        if await Draw.filter(panel_id=panel.id, purpose="draw", status=DrawStatus.DONE).exists():
            raise Refused(gettext("This panel has been drawn already."))
        inputs = await draw_inputs_of(panel, citizens)
        if rules.commitment_hash(inputs) != citizens.commitment:
            raise Refused(gettext("The pool or quotas no longer match the published commitment. Reopen and "
                                   "publish again."))
        seed = rules.derive_seed(citizens.commitment, announced)
        draw = await Draw.create(panel_id=panel.id, purpose="draw", inputs=inputs, commitment=citizens.commitment,
                                 announced=announced, seed=str(seed), started_by_id=actor.person_id,
                                 message=N_("Waiting for the worker"))
        await record("citizens_panel.draw_queued", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("draw", draw.id), commitment=citizens.commitment, seed=str(seed))
    return draw


async def queue_rerun(actor: Viewer, panel_id: int, draw_id: int) -> Draw:
    """Run a failed draw or check again with the same inputs, commitment and seed (a draw only while its
    commitment is still the published one)."""
    panel, citizens = await managed_panel(actor, panel_id)
    failed = await Draw.get_or_none(id=draw_id, panel_id=panel.id)
    if failed is None:
        raise NotFound()
    if failed.status != DrawStatus.FAILED or failed.purpose == "verify":
        raise Refused(gettext("Only a failed draw or check can be run again."))
    if failed.purpose == "draw" and (panel.status != CitizensPanelStatus.COMMITTED
                                     or failed.commitment != citizens.commitment):
        raise Refused(gettext("The commitment has changed since this draw; draw again from the published commitment."))
    async with in_transaction():
        await _no_active_draw(panel.id)
        draw = await Draw.create(panel_id=panel.id, purpose=failed.purpose, inputs=failed.inputs,
                                 commitment=failed.commitment, announced=failed.announced, seed=failed.seed,
                                 started_by_id=actor.person_id, message=N_("Waiting for the worker"))
        await record("citizens_panel.rerun_queued", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("draw", draw.id), rerun_of=failed.id)
    return draw


async def queue_verify(actor: Viewer, panel_id: int, draw_id: int) -> Draw:
    """Queue a verifying re-run of a done draw: same stored inputs and seed; the result must match."""
    panel, _ = await managed_panel(actor, panel_id)
    done = await Draw.get_or_none(id=draw_id, panel_id=panel.id, purpose="draw", status=DrawStatus.DONE)
    if done is None:
        raise NotFound()
    async with in_transaction():
        await _no_active_draw(panel.id)
        draw = await Draw.create(panel_id=panel.id, purpose="verify", inputs=done.inputs, commitment=done.commitment,
                                 announced=done.announced, seed=done.seed, verifies_id=done.id,
                                 started_by_id=actor.person_id, message=N_("Waiting for the worker"))
        await record("citizens_panel.verify_queued", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("draw", draw.id), verifies=done.id)
    return draw


async def claim(draw_id: int) -> Draw | None:
    """The worker takes a queued draw (once: a second worker for the same row gets None)."""
    claimed = await Draw.filter(id=draw_id, status=DrawStatus.QUEUED).update(
        status=DrawStatus.RUNNING, started_at=clock.now(), message=N_("Starting"))
    return await Draw.get(id=draw_id) if claimed else None


async def report_progress(draw_id: int, percent: int, message: str) -> None:
    """Store the worker's progress (only while the draw is still running)."""
    await Draw.filter(id=draw_id, status=DrawStatus.RUNNING).update(progress=max(0, min(percent, 100)),
                                                                     message=message[:300])


async def fail(draw_id: int, message: str, diagnosis: list[str] | None = None) -> None:
    """Mark a running draw failed, with the library's diagnosis when it has one."""
    async with in_transaction():
        draw = await Draw.filter(id=draw_id).select_for_update().get()
        if draw.status not in ACTIVE:
            return
        draw.status, draw.message, draw.finished_at = DrawStatus.FAILED, message[:300], clock.now()
        draw.diagnosis = diagnosis or []
        await draw.save()
        panel = await Panel.get(id=draw.panel_id)
        await record("citizens_panel.draw_failed", actor_id=None, program_id=panel.program_id,
                     subject=("draw", draw.id), purpose=draw.purpose)


async def finish(draw_id: int, result: dict) -> bool:
    """Record a finished run. A draw seats the selected volunteers and ranks the reserves; a verify run
    records whether it matched the draw it re-ran. False when the draw was no longer running (a restart
    marked it failed meanwhile): its result is then dropped."""
    async with in_transaction():
        draw = await Draw.filter(id=draw_id).select_for_update().get()
        if draw.status != DrawStatus.RUNNING:
            return False
        panel = await Panel.filter(id=draw.panel_id).select_for_update().get()
        if draw.purpose == "verify":
            original = await Draw.get(id=draw.verifies_id)
            result["matches"] = not differences(original.result, result)
        elif draw.purpose == "draw":
            await _seat(panel, result)
        draw.status, draw.progress, draw.result = DrawStatus.DONE, 100, result
        draw.message, draw.finished_at = "Done", clock.now()
        await draw.save()
        await record(f"citizens_panel.{draw.purpose}_done", actor_id=None, program_id=panel.program_id,
                     subject=("draw", draw.id), matches=result.get("matches"))
    return True


async def _seat(panel: Panel, result: dict) -> None:
    """Seat the volunteers the result names by their draw references, and rank the reserves."""
    rules.LIFECYCLE.check(panel.status, CitizensPanelStatus.DRAWN)
    await Volunteer.filter(panel_id=panel.id, draw_ref__in=result["selected"]).update(
        status=VolunteerStatus.SELECTED)
    for rank, ref in enumerate(result["reserves"], start=1):
        await Volunteer.filter(panel_id=panel.id, draw_ref=ref).update(status=VolunteerStatus.RESERVE,
                                                                       reserve_rank=rank)
    panel.status = CitizensPanelStatus.DRAWN
    await panel.save(update_fields=["status"])


async def fail_interrupted_draws(before: datetime) -> int:
    """At server start-up: a draw left queued or running by a previous server can no longer finish; mark it
    failed so its page offers a re-run."""
    stale = await Draw.filter(status__in=ACTIVE, created_at__lt=before).values_list("id", flat=True)
    for draw_id in stale:
        await fail(draw_id, N_("The server restarted while this run was under way. Run it again."))
    return len(stale)


async def panel_of(draw: Draw) -> tuple[Panel, CitizensPanel]:
    return await Panel.get(id=draw.panel_id), await CitizensPanel.get(panel_id=draw.panel_id)
