"""Running a community justice matter: referral, participants, the panel, visits, the meeting
and every move of its lifecycle (checked by ``domain.justice``'s table, kept in history).

Every function takes a matter loaded with its panel (``select_related("panel")``) by an
access-checked query, and checks again that the actor coordinates its program.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import guard
from jurycourt.actions.audit import record
from jurycourt.actions.harmed import check_meeting_safety, for_participant
from jurycourt.actions.hearings import create_hearing
from jurycourt.actions.seating import confirm_seats
from jurycourt.actions.threads import seal
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import justice as rules
from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.justice import THREAD_TOPIC, MatterFacts, MatterState, ParticipantRole
from jurycourt.domain.panels import PanelKind
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.i18n import _
from jurycourt.models import (
    Affiliation,
    Conflict,
    Hearing,
    JusticeMatter,
    MatterEvent,
    MatterParticipant,
    Membership,
    Panel,
    PanelVolunteer,
    Person,
    PreparationVisit,
    Program,
    Seat,
    Thread,
)
from jurycourt.queries.justice_facts import matter_facts


@dataclass(frozen=True)
class MatterReferral:
    """A referral as entered: who refers, for what, and a short factual summary."""

    agency: str
    referring_officer: str
    referral_date: date
    offence: str
    summary: str


def _program_id(matter: JusticeMatter) -> int:
    return matter.panel.program_id


def _manage(actor: Viewer, matter: JusticeMatter) -> None:
    require(coordinates(actor, _program_id(matter)), hide=True)


async def add_event(matter: JusticeMatter, actor: Viewer, action: str, reason: str = "",
                    from_state: MatterState | None = None) -> MatterEvent:
    """Append to the matter's history (inside the caller's transaction)."""
    return await MatterEvent.create(matter_id=matter.id, actor_id=actor.person_id, action=action,
                                    from_state=str(from_state or matter.state), to_state=str(matter.state),
                                    reason=reason[:500])


async def _done(matter: JusticeMatter, actor: Viewer, step: str, **detail) -> None:
    await add_event(matter, actor, step)
    await record(f"justice.{step}", actor_id=actor.person_id, program_id=_program_id(matter),
                 subject=("justice_matter", matter.id), **detail)


async def refer_matter(actor: Viewer, program_id: int, referral: MatterReferral, responsible: dict[str, str]
                       ) -> JusticeMatter:
    """Open a matter in the referred state, with a new panel of the restorative kind whose
    title names no one, the person responsible as its first participant, and the actor as its
    coordinator."""
    require(coordinates(actor, program_id), hide=False)
    program = await Program.get(id=program_id)
    label = rules.panel_agencies(program.rules).get(referral.agency, referral.agency)
    async with in_transaction():
        panel = await Panel.create(program_id=program_id, kind=PanelKind.JUSTICE, status=MatterState.REFERRED,
                                   title=(_("Referral from %(label)s, %(isoformat)s")
                                          % {"label": label, "isoformat": referral.referral_date.isoformat()}))
        matter = await JusticeMatter.create(panel=panel, coordinator_id=actor.person_id, **referral.__dict__)
        person = await Person.create(given_name=responsible["given_name"], family_name=responsible["family_name"],
                                     phone=responsible.get("phone", ""))
        await MatterParticipant.create(matter=matter, person=person, role=ParticipantRole.RESPONSIBLE)
        await add_event(matter, actor, "refer", _("Referred by %(label)s") % {"label": label})
        await record("justice.referred", actor_id=actor.person_id, program_id=program_id,
                     subject=("justice_matter", matter.id))
    await guard.withhold_failing(program_id)  # newly protected: named in a publication?
    matter.panel = panel
    return matter


async def add_participant(actor: Viewer, matter: JusticeMatter, role: ParticipantRole, wish: str,
                          values: dict[str, str]) -> MatterParticipant:
    """Add the person harmed (with their wishes about contact) or a supporter, before the meeting."""
    _manage(actor, matter)
    if matter.state not in rules.SETUP_STATES:
        raise Refused(_("Participants are added before the meeting is scheduled."), "role")
    present = await MatterParticipant.filter(matter_id=matter.id).values_list("role", flat=True)
    contact = rules.check_participant(role, wish, [ParticipantRole(r) for r in present])
    async with in_transaction():
        person = await Person.create(given_name=values["given_name"], family_name=values["family_name"],
                                     phone=values.get("phone", ""))
        participant = await MatterParticipant.create(matter_id=matter.id, person=person, role=role,
                                                     contact_wish=contact.value if contact else None)
        if role == ParticipantRole.HARMED:  # consent, wishes and safety plan: kept as for a case's
            await for_participant(participant, _program_id(matter))
        await _done(matter, actor, "participant_added", role=str(role))
    program_id = (await Panel.get(id=matter.panel_id)).program_id
    await guard.withhold_failing(program_id)  # newly protected: named in a publication?
    return participant


async def panel_volunteers(program_id: int) -> dict[int, rules.Volunteer]:
    """The program's active panelists, trained and pledged or not, with their declared conflicts
    and their schools and households."""
    members = await Membership.filter(program_id=program_id, role=Role.PANELIST, status=MembershipStatus.ACTIVE)
    ids = [m.person_id for m in members]
    conflicts: dict[int, set[int]] = {i: set() for i in ids}
    for c in await Conflict.filter(Q(person_id__in=ids) | Q(other_id__in=ids), program_id=program_id):
        for mine, other in ((c.person_id, c.other_id), (c.other_id, c.person_id)):
            if mine in conflicts:
                conflicts[mine].add(other)
    groups: dict[int, set[str]] = {i: set() for i in ids}
    for a in await Affiliation.filter(person_id__in=ids):
        groups[a.person_id].add(f"{a.kind}:{a.key}")
    return {m.person_id: rules.Volunteer(m.person_id, m.training_date is not None and m.pledge_date is not None,
                                         frozenset(conflicts[m.person_id]), frozenset(groups[m.person_id]))
            for m in members}


async def appoint_panel(actor: Viewer, matter: JusticeMatter, chair_id: int | None, member_ids: list[int]) -> None:
    """Appoint (or re-appoint) the panel before the meeting: the program's panel size of trained
    panelists, one chairing, none with a conflict of interest with a participant."""
    _manage(actor, matter)
    if matter.state not in rules.SETUP_STATES:
        raise Refused(_("The panel is appointed before the meeting is scheduled."), "members")
    program = await Program.get(id=_program_id(matter))
    participants = await MatterParticipant.filter(matter_id=matter.id).values_list("person_id", flat=True)
    groups = [f"{a.kind}:{a.key}" for a in await Affiliation.filter(person_id__in=participants)]
    panel = rules.check_panel(chair_id, member_ids, await panel_volunteers(program.id), participants, groups,
                              rules.panel_size(program.rules))
    async with in_transaction():
        await PanelVolunteer.filter(matter_id=matter.id).delete()
        for n, pid in enumerate(panel):
            await PanelVolunteer.create(matter_id=matter.id, person_id=pid, is_chair=n == 0)
        await _done(matter, actor, "panel_appointed", size=len(panel))


async def record_visit(actor: Viewer, matter: JusticeMatter, participant_id: int, visited_on: date,
                       visitor_id: int | None, note: str) -> PreparationVisit:
    """Record a preparation visit to a participant (by the coordinator or a volunteer)."""
    _manage(actor, matter)
    if matter.state not in rules.VISIT_STATES:
        raise Refused(_("Preparation visits are recorded before the meeting."), "participant")
    if not await MatterParticipant.exists(id=participant_id, matter_id=matter.id):
        raise Refused(_("Choose one of this matter's participants."), "participant")
    if visitor_id is not None and visitor_id != actor.person_id and not await PanelVolunteer.exists(
            matter_id=matter.id, person_id=visitor_id):
        raise Refused(_("Choose yourself or a volunteer of this panel."), "visitor")
    if len(note) > 500:
        raise Refused(_("Use at most 500 characters."), "note")
    async with in_transaction():
        visit = await PreparationVisit.create(matter_id=matter.id, participant_id=participant_id, visited_on=visited_on,
                                              visitor_id=visitor_id or actor.person_id, note=note.strip())
        await _done(matter, actor, "visit_recorded")
    return visit


async def schedule_meeting(actor: Viewer, matter: JusticeMatter, starts_at: datetime, ends_at: datetime,
                           room_id: int | None) -> None:
    """Schedule the restorative meeting as a panel session in the hearings calendar, seat the
    panel there and invite them the way every seat is invited (a message each; attendance is
    then taken on its sheet and their hours credited when it is held) and move the matter to
    "meeting scheduled"."""
    _manage(actor, matter)
    volunteers = await PanelVolunteer.filter(matter_id=matter.id).order_by("-is_chair", "id")
    facts = await matter_facts(matter)
    rules.LIFECYCLE.check(matter.state, "schedule", MatterFacts(**{**facts.__dict__, "meeting": True}))
    program = await Program.get(id=_program_id(matter))
    await check_meeting_safety(matter_id=matter.id, rules_of_program=program.rules)
    async with in_transaction():
        hearing = await create_hearing(actor, _program_id(matter), SessionKind.PANEL_SESSION,
                                       (_("Community justice panel #%(panel_id)s")
                                        % {"panel_id": matter.panel_id}), starts_at, ends_at, room_id)
        for v in volunteers:
            await Seat.create(hearing=hearing, person_id=v.person_id, status=SeatStatus.PROPOSED,
                              role=SeatRole.CHAIR if v.is_chair else SeatRole.MEMBER)
        await confirm_seats(actor, hearing)  # invited like any seat, each with a message
        await JusticeMatter.filter(id=matter.id).update(meeting_id=hearing.id)
        matter.meeting_id = hearing.id
        await move_matter(actor, matter, "schedule")



async def move_matter(actor: Viewer, matter: JusticeMatter, name: str, reason: str = "") -> JusticeMatter:
    """Make the lifecycle step ``name``, or refuse it with the table's message. The panel's
    status follows the matter's state."""
    _manage(actor, matter)
    transition = rules.LIFECYCLE.check(matter.state, name, await matter_facts(matter), reason)
    program = await Program.get(id=_program_id(matter))
    source = matter.state
    updates: dict[str, object] = {"state": transition.target}
    if transition.target.is_end:
        updates["closed_on"] = clock.today(program.time_zone)
    if transition.name in ("unschedule", "withdraw") and matter.meeting_id is not None:
        updates["meeting_id"] = None
    async with in_transaction():
        if not await JusticeMatter.filter(id=matter.id, state=source).update(**updates):
            raise Refused(_("This matter changed just now: look again."))
        await Panel.filter(id=matter.panel_id).update(status=transition.target)
        if "meeting_id" in updates:  # the meeting is off: free the room and the volunteers' time
            await Hearing.filter(id=matter.meeting_id, status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED]
                                 ).update(status=HearingStatus.CANCELLED)
        for key, value in updates.items():
            setattr(matter, key, value)
        await add_event(matter, actor, transition.name, reason.strip(), from_state=source)
        if transition.target.is_end:  # the volunteers' discussion becomes read-only
            thread = await Thread.get_or_none(topic=THREAD_TOPIC, topic_id=matter.panel_id)
            if thread is not None:
                await seal(thread, actor.person_id)
        await record(f"justice.{transition.name}", actor_id=actor.person_id, program_id=program.id,
                     subject=("justice_matter", matter.id), to=str(transition.target))
    return matter

