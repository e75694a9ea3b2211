"""The canary runners of community justice panels: a matter run to completion and its
anonymised summary published, and a matter breached and returned to its referrer.

Everyone involved has a canary name: the person responsible, the person harmed, a supporter and
the three volunteers of the panel; the referral's summary, the panel's discussion, the visits'
notes, the agreement's details and the breach's reason name them too.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from jurycourt import clock
from jurycourt.actions import attendance, harmed, hearings, publications, seating
from jurycourt.actions import justice_agreement as agreement
from jurycourt.actions import justice_matters as matters
from jurycourt.auth.viewer import Viewer
from jurycourt.demo.harmed import PLAN
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.justice import ActionKind, ActionTerms, MatterState, ParticipantRole
from jurycourt.domain.roles import Role
from jurycourt.models import AgreementAction, JusticeMatter, Person, Publication, Seat
from jurycourt.queries import justice_facts
from tests.web.helpers import post_form, sign_in

if TYPE_CHECKING:
    from tests.canary.proceedings import CanaryContext

#: (given, family, phone) of each matter's person responsible, person harmed and supporter.
COMPLETED = [("Cosimo", "Blackwood-Adeyemi", "202-555-7371"), ("Henrietta", "Gallowglass-Kim", "202-555-7372"),
             ("Seraphina", "Blackwood-Adeyemi", "202-555-7373")]
BREACHED = [("Thaddeus", "Ravenscroft-Obi", "202-555-7381"), ("Marguerite", "Pennywhistle-Diaz", "202-555-7382"),
            ("Fitzgerald", "Ravenscroft-Obi", "202-555-7383")]
VOLUNTEERS = [("Octavian", "Brightwater-Sato", "202-555-7391"), ("Philippa", "Marchbanks-Eze", "202-555-7392"),
              ("Lysander", "Holloway-Petrov", "202-555-7393")]


async def _volunteers(ctx: CanaryContext) -> list[int]:
    return [(await ctx.person(g, f, phone=p, email=f"{g.lower()}@canary.example", role=Role.PANELIST,
                              login=f"canaryvolunteer{n}")).id for n, (g, f, p) in enumerate(VOLUNTEERS)]


async def _discuss(ctx: CanaryContext, panel_id: int, body: str) -> None:
    """A volunteer of the panel writes in its discussion thread, over HTTP."""
    ctx.client.cookies.clear()
    await sign_in(ctx.client, "canaryvolunteer1")
    url = f"/panels/justice/{panel_id}/thread/statements"
    response = await post_form(ctx.client, url, {"body": body})
    assert response.status_code == 303, (url, response.status_code, response.text[:2000])
    ctx.client.cookies.clear()


def _register(ctx: CanaryContext, people: list[tuple[str, str, str]]) -> None:
    """People the referral and participant forms create: their details are canaries too."""
    for given, family, phone in people:
        ctx.canaries += [given, family, f"{given} {family}", phone, "".join(ch for ch in phone if ch.isdigit())]


async def _to_monitoring(ctx: CanaryContext, panel: list[int], people: list[tuple[str, str, str]],
                         offence: str,
                         terms: list[ActionTerms]) -> JusticeMatter:
    """Referral → participants → panel → visits → the meeting held → the agreement signed → monitoring."""
    actor = ctx.coordinator
    _register(ctx, people)
    (rg, rf, rp), (hg, hf, hp), (sg, sf, sp) = people
    today = clock.today()
    referral = matters.MatterReferral("police", "PC Wetherall-Canary", today - timedelta(days=20), offence,
                                      f"{rg} {rf} admitted it to {hg} {hf}; his phone is {rp}.")
    ctx.canaries.append("Wetherall-Canary")
    matter = await matters.refer_matter(actor, ctx.program.id, referral,
                                        {"given_name": rg, "family_name": rf, "phone": rp})
    harmed_participant = await matters.add_participant(actor, matter, ParticipantRole.HARMED, "meeting",
                                                       {"given_name": hg, "family_name": hf, "phone": hp})
    # They asked to meet: consent, then a safety plan (naming them) a second coordinator reviews.
    found = await harmed.for_participant(harmed_participant, ctx.program.id)
    await harmed.record_consent(actor, found, "yes", today - timedelta(days=15), "phone")
    await harmed.write_safety_plan(actor, found, {**PLAN, "arrival": f"{hg} {hf} comes by the side door; {hp}."})
    reviewer = await Person.create(given_name="Second", family_name="Reviewer")
    second = Viewer(person_id=reviewer.id, roles={ctx.program.id: frozenset({Role.COORDINATOR})})
    await harmed.review_safety_plan(second, found)
    await matters.add_participant(actor, matter, ParticipantRole.SUPPORTER, "",
                                  {"given_name": sg, "family_name": sf, "phone": sp})
    await matters.move_matter(actor, matter, "prepare")
    await matters.appoint_panel(actor, matter, panel[0], panel[1:])
    await _discuss(ctx, matter.panel_id, f"I know {hg} {hf} from church; {rg} lives at the corner, {rp}.")
    for participant in await matter.participants.all().order_by("id"):
        await matters.record_visit(actor, matter, participant.id, today - timedelta(days=10), panel[1],
                                   f"Visited {rg} {rf} and {hg} at home; {sg} will come too.")
    starts = datetime.now(UTC).replace(microsecond=0) - timedelta(days=7)
    await matters.schedule_meeting(actor, matter, starts, starts + timedelta(minutes=90), None)
    for seat in await Seat.filter(hearing_id=matter.meeting_id):
        await seating.answer_invitation(Viewer(person_id=seat.person_id), seat.id, True)
        await attendance.check_in(actor, seat.id, now=starts)
        await attendance.check_out(actor, seat.id, now=starts + timedelta(minutes=90))
    meeting = await matter.meeting
    await hearings.set_hearing_status(actor, meeting, HearingStatus.CONFIRMED)
    await hearings.set_hearing_status(actor, meeting, HearingStatus.HELD)
    for t in terms:
        await agreement.add_action(actor, matter, t, today)
    for person_id in await justice_facts.signer_capacities(matter):
        await agreement.sign_off(actor, matter, person_id, today)
    await matters.move_matter(actor, matter, "agree")
    await matters.move_matter(actor, matter, "monitor")
    return matter


async def community_justice_panels(ctx: CanaryContext) -> None:
    """A matter completed (payments made, actions done) and its anonymised summary published by a
    second coordinator, and a matter breached."""
    panel = await _volunteers(ctx)
    due = clock.today() + timedelta(days=21)
    done = await _to_monitoring(ctx, panel, COMPLETED, "criminal_damage", [
        ActionTerms(ActionKind.APOLOGY, "Cosimo writes to Henrietta Gallowglass-Kim", due),
        ActionTerms(ActionKind.COMPENSATION, "Repaint Henrietta's fence", due, amount_cents=15000)])
    for action in await AgreementAction.filter(matter_id=done.id).order_by("id"):
        if action.amount_cents:
            await agreement.record_payment(ctx.coordinator, done, action.id, 10000, clock.today())
            await agreement.record_payment(ctx.coordinator, done, action.id, 5000, clock.today())
        await agreement.mark_done(ctx.coordinator, done, action.id, clock.today())
    await matters.move_matter(ctx.coordinator, done, "complete", "Cosimo Blackwood-Adeyemi did everything")
    summary = await agreement.draft_summary(ctx.coordinator, done)
    await publications.submit(ctx.coordinator, summary.id)
    published = await publications.publish(ctx.coordinator2, summary.id)
    assert (await Publication.get(id=published.id)).state == "published"

    breached = await _to_monitoring(ctx, panel, BREACHED, "antisocial", [
        ActionTerms(ActionKind.CONTRACT, "Thaddeus keeps away from Marguerite's door", due, months=6)])
    await matters.move_matter(ctx.coordinator, breached, "breach", "Thaddeus Ravenscroft-Obi broke the contract")
    assert (await JusticeMatter.get(id=breached.id)).state == MatterState.BREACHED
