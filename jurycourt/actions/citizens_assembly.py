"""A citizens' panel after its draw: confirmation calls, replacing a member who drops out, and the public
list of every commitment ever published (one is superseded only in public, with when and why)."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.auth.policy import NotFound, coordinates
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.citizens_assembly import CallOutcome, choose_replacement
from jurycourt.domain.citizens_panels import CitizensPanelStatus, VolunteerStatus
from jurycourt.domain.errors import Refused
from jurycourt.domain.panels import PanelKind
from jurycourt.i18n import gettext
from jurycourt.models import (
    CitizensPanel,
    ConfirmationCall,
    MemberReplacement,
    Panel,
    PublishedCommitment,
    Volunteer,
)
from jurycourt.queries.citizens_assembly import may_call, published_draw_of


async def record_call(actor: Viewer, panel_id: int, volunteer_id: int, outcome: str) -> ConfirmationCall:
    """Record a confirmation call to a selected member of a drawn panel and its outcome."""
    panel = await Panel.get_or_none(id=panel_id, kind=PanelKind.CITIZENS)
    if panel is None or not may_call(actor, panel.program_id):
        raise NotFound()
    volunteer = await Volunteer.get_or_none(id=volunteer_id, panel_id=panel.id, status=VolunteerStatus.SELECTED)
    if volunteer is None:
        raise NotFound()
    if panel.status != CitizensPanelStatus.DRAWN:
        raise Refused(gettext("Confirmation calls are made while the panel is drawn and has not ended."))
    try:
        result = CallOutcome(outcome)
    except ValueError:
        raise Refused(gettext("Choose what came of the call."), "outcome") from None
    async with in_transaction():
        call = await ConfirmationCall.create(panel_id=panel.id, volunteer_id=volunteer.id, outcome=result,
                                             called_by_id=actor.person_id, called_at=clock.now())
        await record("citizens_panel.called", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("volunteer", volunteer.id), outcome=result.value)
    return call


async def replace_member(actor: Viewer, panel_id: int, volunteer_id: int) -> MemberReplacement:
    """Replace a member who declined at the confirmation call: the first ranked reserve who keeps every quota,
    else a volunteer not selected drawn by lot among those who keep them (``domain.citizens_assembly``).
    Refused, with the reason in words, when nobody can; the replacement joins the public draw record."""
    panel = await Panel.get_or_none(id=panel_id, kind=PanelKind.CITIZENS)
    if panel is None or not coordinates(actor, panel.program_id):
        raise NotFound()
    async with in_transaction():
        panel = await Panel.filter(id=panel.id).select_for_update().get()
        citizens = await CitizensPanel.get(panel_id=panel.id)
        leaving = await Volunteer.get_or_none(id=volunteer_id, panel_id=panel.id, status=VolunteerStatus.SELECTED)
        if leaving is None:
            raise NotFound()
        if panel.status != CitizensPanelStatus.DRAWN:
            raise Refused(gettext("Members are replaced while the panel is drawn and has not ended."))
        last = await ConfirmationCall.filter(volunteer_id=leaving.id).order_by("-called_at", "-id").first()
        if last is None or last.outcome != CallOutcome.DECLINED:
            raise Refused(gettext("Only a member who declined at the confirmation call is replaced."))
        draw = await published_draw_of(panel.id, citizens.commitment)
        if draw is None or not leaving.draw_ref:
            raise Refused(gettext("This panel has no published draw to replace members from."))
        done = await MemberReplacement.filter(panel_id=panel.id).order_by("number")
        panel_refs = [str(r) for r in draw.result["selected"]]
        for earlier in done:
            panel_refs = [earlier.joins if ref == earlier.leaves else ref for ref in panel_refs]
        chosen = choose_replacement(draw.inputs, panel_refs, [str(r) for r in draw.result["reserves"]],
                                    [r.leaves for r in done], leaving.draw_ref, draw.commitment, draw.announced,
                                    len(done) + 1)  # Refused, in words, when nobody can take the seat
        joining = await Volunteer.get(panel_id=panel.id, draw_ref=chosen.joins)
        replacement = await MemberReplacement.create(
            panel_id=panel.id, number=chosen.number, leaves=chosen.leaves, joins=chosen.joins, source=chosen.source,
            reserve_rank=chosen.reserve_rank, seed=chosen.seed, candidates=chosen.candidates,
            replaced_by_id=actor.person_id, replaced_at=clock.now())
        leaving.status = VolunteerStatus.LEFT
        await leaving.save(update_fields=["status"])
        joining.status = VolunteerStatus.SELECTED
        await joining.save(update_fields=["status"])
        await record("citizens_panel.replaced", actor_id=actor.person_id, program_id=panel.program_id,
                     subject=("panel", panel.id), number=chosen.number, source=chosen.source)
    return replacement


async def forget_calls_of_the_erased(panel_id: int) -> int:
    """At the panel's end (inside its transaction): the calls to volunteers who are not members go with
    their data."""
    return await ConfirmationCall.filter(panel_id=panel_id).exclude(
        volunteer__status=VolunteerStatus.SELECTED).delete()


# ---------------------------------------------------------------- every commitment, in public


async def commitment_published(panel_id: int, commitment: str) -> None:
    """Add a newly published commitment to the panel's public list (inside the caller's transaction)."""
    await PublishedCommitment.create(panel_id=panel_id, commitment=commitment, published_at=clock.now())


def check_reason(reason: str) -> str:
    """Why a commitment is superseded: said in public, so it must be said."""
    reason = " ".join(reason.split())
    if not reason:
        raise Refused(gettext("Say why the commitment is withdrawn: the reason is published beside it."), "reason")
    if len(reason) > 500:
        raise Refused(gettext("Use at most 500 characters."), "reason")
    return reason


async def commitment_superseded(panel_id: int, commitment: str, reason: str) -> None:
    """Mark the published commitment superseded, with when and why (inside the caller's transaction). It
    stays on the public page for good."""
    current = await PublishedCommitment.filter(panel_id=panel_id, commitment=commitment,
                                               superseded_at__isnull=True).order_by("-id").first()
    if current is None:  # published before the list existed and without its date: list it now
        current = await PublishedCommitment.create(panel_id=panel_id, commitment=commitment,
                                                   published_at=clock.now())
    current.superseded_at, current.superseded_reason = clock.now(), reason
    await current.save(update_fields=["superseded_at", "superseded_reason"])
