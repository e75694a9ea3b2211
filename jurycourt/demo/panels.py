"""Demo community justice panels for `jurycourt seed-demo`: one matter completed (agreement
carried out, compensation paid in two payments, every sign-off), one in monitoring under an
acceptable-behaviour contract. The demo 'panelist' (Gordon Ashby) chairs both, with two more
trained volunteers; 'panelist2' is a trained panelist who sits on neither.

Matters are moved by the real actions. The actions stamp the real day where the demo needs a
past one (the agreement is written at a meeting weeks ago), so those dates are passed in. Meetings
fall within the demo's month, after its earliest jury hearings.
Names are made up.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from jurycourt.actions import attendance, hearings, seating
from jurycourt.actions import harmed as harmed_actions
from jurycourt.actions import justice_agreement as agreement
from jurycourt.actions import justice_matters as matters
from jurycourt.auth.viewer import Viewer
from jurycourt.demo.harmed import coordinators, prepare
from jurycourt.domain.harmed import Wish
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.justice import ActionKind, ActionTerms, ParticipantRole
from jurycourt.domain.roles import Role
from jurycourt.models import (
    Account,
    AgreementAction,
    JusticeMatter,
    Membership,
    OutboxMessage,
    Person,
    Program,
    Seat,
)
from jurycourt.queries import justice_facts

VOLUNTEERS = (("Margaret", "Hollis"), ("Desmond", "Farley"))
PANELIST2 = ("Ruth", "Okonkwo")


async def _panelist(program: Program, given: str, family: str, since: date) -> Person:
    person = await Person.create(given_name=given, family_name=family, email=f"{given.lower()}@example.org")
    await Membership.create(person=person, program=program, role=Role.PANELIST, training_date=since,
                            pledge_date=since)
    return person


async def seed_panels(program: Program, accounts: dict[str, Account], today: date, password_hash: str) -> None:
    """Two community justice matters, a completed one and one in monitoring, with their panel."""
    since = today - timedelta(days=400)
    others = [await _panelist(program, g, f, since) for g, f in VOLUNTEERS]
    second = await _panelist(program, *PANELIST2, since)
    await Account.create(person=second, login="panelist2", password_hash=password_hash)
    coordinator = Viewer(person_id=accounts["coordinator"].person_id, account_id=accounts["coordinator"].id,
                         roles={program.id: frozenset({Role.COORDINATOR})})
    panel = [accounts["panelist"].person_id, *(p.id for p in others)]
    reviewer = coordinators(program, accounts)[1]
    done = await _matter(program, coordinator, panel, today - timedelta(days=30), "criminal_damage", "police",
                         ("Kyle", "Bramwell"), ("Irene", "Castell"), reviewer)
    await _agree(coordinator, done, today - timedelta(days=20), [
        ActionTerms(ActionKind.APOLOGY, "A letter of apology, passed on by the coordinator", None),
        ActionTerms(ActionKind.REPARATION, "Clean the graffiti off the community centre wall", None),
        ActionTerms(ActionKind.COMPENSATION, "Towards the cost of repainting", None, amount_cents=12000)])
    await _carry_out(coordinator, done, today - timedelta(days=18), payments=(7000, 5000))
    await matters.move_matter(coordinator, done, "complete", "Every action carried out")
    open_matter = await _matter(program, coordinator, panel, today - timedelta(days=16), "antisocial", "housing",
                                ("Leon", "Pardoe"), ("Sunita", "Marsh"), reviewer)
    await _agree(coordinator, open_matter, today - timedelta(days=8), [
        ActionTerms(ActionKind.APOLOGY, "Apologise in person at the meeting", None),
        ActionTerms(ActionKind.CONTRACT, "No loud music after 10 pm; keep to the shared-garden rules", None,
                    months=6)])
    action = await AgreementAction.filter(matter_id=open_matter.id, kind=ActionKind.APOLOGY).first()
    await agreement.mark_done(coordinator, open_matter, action.id, today - timedelta(days=8))


async def _matter(program: Program, coordinator: Viewer, panel: list[int], referred: date, offence: str,
                  agency: str, responsible: tuple[str, str], harmed: tuple[str, str],
                  reviewer: Viewer) -> JusticeMatter:
    referral = matters.MatterReferral(agency, "PC Alder" if agency == "police" else "", referred, offence,
                                      "Admitted the damage when spoken to; first time in trouble.")
    matter = await matters.refer_matter(coordinator, program.id, referral,
                                        {"given_name": responsible[0], "family_name": responsible[1]})
    participant = await matters.add_participant(coordinator, matter, ParticipantRole.HARMED, "meeting",
                                                {"given_name": harmed[0], "family_name": harmed[1]})
    # They will meet the person responsible: consent, wishes and a reviewed safety plan come first.
    found = await harmed_actions.for_participant(participant, program.id)
    await prepare(coordinator, reviewer, found, referred + timedelta(days=2), [Wish.ATTEND, Wish.OUTCOME])
    await matters.add_participant(coordinator, matter, ParticipantRole.SUPPORTER, "",
                                  {"given_name": "Pauline", "family_name": responsible[1]})
    await matters.move_matter(coordinator, matter, "prepare")
    await matters.appoint_panel(coordinator, matter, panel[0], panel[1:])
    people = await matter.participants.all().order_by("id")
    for n, participant in enumerate(people[:2]):
        await matters.record_visit(coordinator, matter, participant.id, referred + timedelta(days=3 + n), None,
                                   "Explained how the meeting works.")
    return matter


async def _agree(coordinator: Viewer, matter: JusticeMatter, day: date, terms: list[ActionTerms]) -> None:
    """Hold the meeting on ``day`` (attendance taken, so the volunteers' hours are credited),
    write the agreement and have everyone sign it."""
    zone = ZoneInfo((await Program.get(id=matter.panel.program_id)).time_zone)
    starts = datetime.combine(day, time(19, 0), tzinfo=zone).astimezone(UTC)
    await matters.schedule_meeting(coordinator, matter, starts, starts + timedelta(minutes=90), None)
    seats = await Seat.filter(hearing_id=matter.meeting_id)
    for seat in seats:  # each volunteer accepted, then came
        await seating.answer_invitation(Viewer(person_id=seat.person_id), seat.id, True)
        await attendance.check_in(coordinator, seat.id, now=starts)
        await attendance.check_out(coordinator, seat.id, now=starts + timedelta(minutes=90))
    # The invitations to a meeting weeks ago went out long before the demo's outbox begins.
    await OutboxMessage.filter(dedupe_key__in=[f"invitation:{s.id}" for s in seats]).delete()
    meeting = await matter.meeting
    await hearings.set_hearing_status(coordinator, meeting, HearingStatus.CONFIRMED)
    await hearings.set_hearing_status(coordinator, meeting, HearingStatus.HELD)
    for t in terms:
        await agreement.add_action(coordinator, matter, ActionTerms(t.kind, t.detail, day + timedelta(days=28),
                                                                    t.amount_cents, t.months), day)
    for person_id in await justice_facts.signer_capacities(matter):
        await agreement.sign_off(coordinator, matter, person_id, day)
    await matters.move_matter(coordinator, matter, "agree")
    await matters.move_matter(coordinator, matter, "monitor")


async def _carry_out(coordinator: Viewer, matter: JusticeMatter, day: date, payments: tuple[int, ...]) -> None:
    for action in await AgreementAction.filter(matter_id=matter.id).order_by("id"):
        for n, cents in enumerate(payments if action.amount_cents else ()):
            await agreement.record_payment(coordinator, matter, action.id, cents, day + timedelta(days=14 * n))
        await agreement.mark_done(coordinator, matter, action.id, day + timedelta(days=14))
