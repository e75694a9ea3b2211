"""Reading community justice matters: coordinators of the program see and run everything,
the volunteers sitting on a matter's panel read it, anyone else is told it does not exist.
Every read of a matter is logged."""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.expressions import Q, Subquery

from jurycourt import clock
from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import justice as rules
from jurycourt.domain.citizens_panels import VolunteerStatus
from jurycourt.domain.panels import PanelKind, panel_path
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.domain.threads import Rights
from jurycourt.models import (
    AgreementAction,
    AgreementSignOff,
    CompensationPayment,
    JusticeMatter,
    MatterEvent,
    MatterParticipant,
    MatterView,
    Membership,
    Panel,
    PanelVolunteer,
    Person,
    PersonHarmed,
    PreparationVisit,
    Program,
    Room,
    Volunteer,
)
from jurycourt.queries.justice_facts import matter_facts, owed_cents, signer_capacities
from jurycourt.queries.threads import ThreadReader, thread_of

#: Panels shown on the index at most (newest first).
INDEX_LIMIT = 200
#: The latest views of a matter shown to its coordinators (the log keeps them all).
VIEWS_SHOWN = 50


@dataclass(frozen=True)
class PanelRow:
    panel: Panel
    path: str
    program: str


async def visible_panels(viewer: Viewer) -> list[PanelRow]:
    """Panels of both kinds the viewer may see: every panel of the programs they coordinate,
    the community justice panels they sit on and the citizens' panels they were selected for."""
    if not viewer.signed_in:
        return []
    sitting = Subquery(JusticeMatter.filter(
        id__in=Subquery(PanelVolunteer.filter(person_id=viewer.person_id).values("matter_id"))).values("panel_id"))
    selected = Subquery(Volunteer.filter(person_id=viewer.person_id, status=VolunteerStatus.SELECTED)
                        .values("panel_id"))
    panels = await Panel.filter(Q(program_id__in=viewer.coordinated_programs) | Q(id__in=sitting)
                                | Q(id__in=selected)).select_related(
        "program").order_by("-created_at", "-id").limit(INDEX_LIMIT)
    return [PanelRow(p, panel_path(p.kind, p.id), p.program.name) for p in panels]


@dataclass
class MatterRead:
    """A matter as one viewer may see it."""

    matter: JusticeMatter
    program: Program
    full: bool
    seen: str = ""  # what the view log records: what was read, at which access ("page:full")


async def read_matter(viewer: Viewer, panel_id: int, what: str = "page") -> MatterRead:
    """The matter of the community justice panel ``panel_id`` for a coordinator of its program
    (full) or a volunteer sitting on it; NotFound otherwise. A read never writes: the view that
    shows it logs ``seen`` (``actions.view_log.log_matter_view``) before its answer is sent."""
    matter = await JusticeMatter.get_or_none(panel_id=panel_id).select_related("panel")
    if matter is None or not viewer.signed_in or matter.panel.kind != PanelKind.JUSTICE:
        raise NotFound()
    full = viewer.has_role(matter.panel.program_id, Role.COORDINATOR)
    if not full and not await PanelVolunteer.exists(matter_id=matter.id, person_id=viewer.person_id):
        raise NotFound()
    return MatterRead(matter, await Program.get(id=matter.panel.program_id), full,
                      f"{what}:{'full' if full else 'volunteer'}")


async def coordinated_matter(viewer: Viewer, panel_id: int, what: str = "step") -> MatterRead:
    """The matter for a coordinator of its program to change; NotFound for anyone else."""
    read = await read_matter(viewer, panel_id, what)
    if not read.full:
        raise NotFound()
    return read


async def thread_seat(viewer: Viewer, read: MatterRead) -> ThreadReader:
    """The panel's discussion (the shared deliberation component) for who may read the matter
    (``read``, from ``read_matter``): its volunteers and coordinators post until the matter ends
    (then it is sealed), and coordinators moderate."""
    thread = await thread_of(read.program.id, rules.THREAD_TOPIC, read.matter.panel_id)
    return ThreadReader(thread, viewer.person_id, Rights(post=not read.matter.state.is_end, moderate=read.full))


@dataclass
class ActionRow:
    action: AgreementAction
    payments: list[CompensationPayment] = field(default_factory=list)
    owed: int = 0


async def matter_context(read: MatterRead) -> dict:
    """Everything the matter page shows: people, panel, visits, meeting, agreement, history."""
    matter, program = read.matter, read.program
    participants = await MatterParticipant.filter(matter_id=matter.id).select_related("person").order_by("id")
    volunteers = await PanelVolunteer.filter(matter_id=matter.id).select_related("person").order_by(
        "-is_chair", "id")
    actions = []
    for action in await AgreementAction.filter(matter_id=matter.id).order_by("due_on", "id"):
        payments = await CompensationPayment.filter(action_id=action.id).order_by("paid_on", "id")
        actions.append(ActionRow(action, list(payments), await owed_cents(action)))
    signoffs = await AgreementSignOff.filter(matter_id=matter.id).select_related("person").order_by("signed_on", "id")
    context = {
        "matter": matter, "program": program, "full": read.full, "participants": participants,
        "harmed_ids": {p.person_id for p in participants if p.role == rules.ParticipantRole.HARMED},
        "volunteers": volunteers, "actions": actions, "signoffs": signoffs,
        "agency_label": rules.panel_agencies(program.rules).get(matter.agency, matter.agency),
        "offence_label": rules.panel_offences(program.rules).get(matter.offence, matter.offence),
        "visits": await PreparationVisit.filter(matter_id=matter.id).select_related(
            "visitor", "participant__person").order_by("visited_on", "id"),
        "meeting": await matter.meeting if matter.meeting_id else None,
        "events": await MatterEvent.filter(matter_id=matter.id).select_related("actor").order_by("at", "id"),
    }
    # The panel reads the person harmed's impact statement at the meeting (once it has begun, until
    # the agreement is signed); coordinators read it on the person harmed's page.
    meeting = context["meeting"]
    at_meeting = (matter.state in rules.DRAFTING_STATES and meeting is not None
                  and meeting.starts_at <= clock.now())
    context["impact"] = await _impact_of(participants) if at_meeting and not read.full else None
    if read.full:
        context.update(await _coordinator_extras(matter, program))
    return context


async def _impact_of(participants: list[MatterParticipant]) -> str | None:
    ids = [p.id for p in participants if p.role == rules.ParticipantRole.HARMED]
    statement = await PersonHarmed.filter(participant_id__in=ids or [0]).values_list("impact_statement", flat=True)
    return statement[0] if statement and statement[0] else None


async def _coordinator_extras(matter: JusticeMatter, program: Program) -> dict:
    capacities = await signer_capacities(matter)
    signed = {s.person_id for s in await AgreementSignOff.filter(matter_id=matter.id)}
    unsigned = await Person.filter(id__in=[p for p in capacities if p not in signed]).order_by("family_name", "id")
    panelists = await Person.filter(id__in=Subquery(Membership.filter(
        program_id=program.id, role=Role.PANELIST, status=MembershipStatus.ACTIVE).values("person_id"))).order_by(
        "family_name", "given_name", "id")
    return {
        "steps": rules.LIFECYCLE.available(matter.state), "facts": await matter_facts(matter),
        "unsigned": [(p, capacities[p.id]) for p in unsigned], "panelists": panelists,
        "rooms": await Room.filter(program_id=program.id).order_by("venue", "name"),
        "panel_size": rules.panel_size(program.rules),
        "views": await MatterView.filter(matter_id=matter.id).select_related("viewer").order_by("-at", "-id").limit(
            VIEWS_SHOWN),
    }


@dataclass(frozen=True)
class ReferrerNotice:
    """The notice to the referrer: only what they already know (who they referred, when, for
    what kind of matter) plus the outcome. No agreement, no person harmed, no summary."""

    program: str
    agency: str
    officer: str
    referral_date: object
    responsible: str
    offence: str
    completed: bool
    closed_on: object
    panel_id: int


async def referrer_notice(read: MatterRead) -> ReferrerNotice:
    """The outcome notice of a completed or breached matter (``read`` with what "notice"), for a
    coordinator (NotFound otherwise)."""
    matter, panel_id = read.matter, read.matter.panel_id
    if not read.full or matter.state not in rules.NOTICE_STATES:
        raise NotFound()
    responsible = await MatterParticipant.filter(matter_id=matter.id, role=rules.ParticipantRole.RESPONSIBLE
                                                 ).select_related("person").first()
    name = f"{responsible.person.given_name} {responsible.person.family_name}" if responsible else ""
    return ReferrerNotice(read.program.name, rules.panel_agencies(read.program.rules).get(matter.agency, matter.agency),
                          matter.referring_officer, matter.referral_date, name,
                          rules.panel_offences(read.program.rules).get(matter.offence, matter.offence),
                          matter.state == rules.MatterState.COMPLETED, matter.closed_on, panel_id)
