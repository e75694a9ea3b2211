"""Reading a citizens' panel after its draw: the confirmation calls (coordinators and the program's
confirmation callers, who see the selected members' names, contacts and call statuses and nothing else),
the public list of commitments, the replacements, and the public transparency report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from jurycourt.auth.policy import NotFound, coordinates
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import citizens_assembly as assembly
from jurycourt.domain.citizens_assembly import CallOutcome, Replacement, ReportRow
from jurycourt.domain.citizens_panels import CitizensPanelStatus, DrawStatus, VolunteerStatus
from jurycourt.domain.draw_record import is_published_form
from jurycourt.domain.panels import PanelKind
from jurycourt.domain.roles import Role
from jurycourt.models import (
    CitizensPanel,
    ConfirmationCall,
    Draw,
    MemberReplacement,
    Panel,
    PublishedCommitment,
    Volunteer,
)
from jurycourt.queries.assembly_letters import PublicLetters, public_letters


def may_call(viewer: Viewer, program_id: int) -> bool:
    """Coordinators and the program's confirmation callers make the confirmation calls."""
    return coordinates(viewer, program_id) or viewer.has_role(program_id, Role.CONFIRMATION_CALLER)


async def published_draw_of(panel_id: int, commitment: str) -> Draw | None:
    """The panel's done draw of its published commitment, or None."""
    return await Draw.filter(panel_id=panel_id, purpose="draw", status=DrawStatus.DONE,
                             commitment=commitment).order_by("-id").first()


def as_replacement(row: MemberReplacement) -> Replacement:
    return Replacement(row.number, row.leaves, row.joins, row.source, row.reserve_rank, row.seed, row.candidates)



@dataclass(frozen=True)
class MemberCall:
    """What a caller sees of one member: name, contact and the newest call's outcome, nothing else."""

    volunteer_id: int
    name: str
    contact: str
    outcome: CallOutcome | None
    called_at: datetime | None
    calls: int

    @property
    def declined(self) -> bool:
        """Declined at the newest call: the coordinator may replace them."""
        return self.outcome == CallOutcome.DECLINED


@dataclass
class CallsView:
    panel: Panel
    coordinator: bool
    members: list[MemberCall] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return self.panel.status == CitizensPanelStatus.DRAWN


async def panels_to_call(viewer: Viewer) -> list[Panel]:
    """The drawn panels of the programs where the viewer makes confirmation calls (or coordinates);
    NotFound for anyone who does neither anywhere."""
    programs = [p for p, roles in viewer.roles.items()
                if Role.CONFIRMATION_CALLER in roles or Role.COORDINATOR in roles]
    if not programs:
        raise NotFound()
    return await Panel.filter(kind=PanelKind.CITIZENS, program_id__in=programs,
                              status=CitizensPanelStatus.DRAWN).order_by("-created_at").limit(100)


async def calls_view(viewer: Viewer, panel_id: int) -> CallsView:
    """The confirmation calls of a panel: NotFound unless the viewer coordinates or calls for its program."""
    panel = await Panel.get_or_none(id=panel_id, kind=PanelKind.CITIZENS)
    if panel is None or not may_call(viewer, panel.program_id):
        raise NotFound()
    view = CallsView(panel, coordinates(viewer, panel.program_id))
    members = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).order_by("name").values(
        "id", "name", "contact", "reference")
    calls = await ConfirmationCall.filter(panel_id=panel.id, volunteer_id__in=[m["id"] for m in members]).order_by(
        "called_at", "id").values("volunteer_id", "outcome", "called_at")
    newest = {c["volunteer_id"]: c for c in calls}
    counts = Counter(c["volunteer_id"] for c in calls)
    for m in members:
        last = newest.get(m["id"])
        view.members.append(MemberCall(m["id"], m["name"] or m["reference"], m["contact"],
                                       CallOutcome(last["outcome"]) if last else None,
                                       last["called_at"] if last else None, counts[m["id"]]))
    return view


async def commitments(panel_id: int) -> list[PublishedCommitment]:
    """Every commitment the panel ever published, oldest first (public)."""
    return await PublishedCommitment.filter(panel_id=panel_id).order_by("published_at", "id")


async def replacements(panel_id: int) -> list[assembly.Replacement]:
    """The panel's replacements in order, in draw references (public: they are in the draw record)."""
    return [as_replacement(r) for r in await MemberReplacement.filter(panel_id=panel_id).order_by("number")]


@dataclass
class ReportView:
    panel: Panel
    citizens: CitizensPanel
    draw: Draw
    pool_size: int
    households: int
    sources: dict[str, int | None]  # how volunteers came: "form", "import" (1 to 4 hidden)
    calls: dict[str, int | None]  # members by the newest call's outcome (1 to 4 hidden)
    replacements: list[assembly.Replacement]
    rows: list[ReportRow]
    commitments: list[PublishedCommitment]
    letters: PublicLetters | None = None  # the first stage, where the panel recruited by letter

    @property
    def from_reserves(self) -> int:
        return sum(r.source == "reserve" for r in self.replacements)

    @property
    def by_lot(self) -> int:
        return sum(r.source == "draw" for r in self.replacements)


async def report_view(panel_id: int) -> ReportView:
    """The public transparency report of a drawn panel (NotFound before its draw). Counts of people from 1
    to 4 are hidden, as in every public figure; the pool's counts come from the published draw inputs, so
    the report stays whole after the volunteers not selected are erased."""
    panel = await Panel.get_or_none(id=panel_id, kind=PanelKind.CITIZENS)
    if panel is None:
        raise NotFound()
    citizens = await CitizensPanel.get(panel_id=panel.id)
    draw = await published_draw_of(panel.id, citizens.commitment)
    if draw is None or not is_published_form(draw.inputs):
        raise NotFound()
    done = await replacements(panel.id)
    record = {"result": draw.result, "replacements": [r.as_record() for r in done]}
    sources = Counter(await Volunteer.filter(panel_id=panel.id).exclude(
        status=VolunteerStatus.WITHDRAWN).values_list("source", flat=True))
    members = await Volunteer.filter(panel_id=panel.id, status__in=[VolunteerStatus.SELECTED, VolunteerStatus.LEFT]
                                     ).values_list("id", flat=True)  # a member who left and was replaced counts
    calls = await ConfirmationCall.filter(volunteer_id__in=list(members)).order_by("called_at", "id").values(
        "volunteer_id", "outcome")
    newest = Counter({c["volunteer_id"]: c["outcome"] for c in calls}.values())
    pool = draw.inputs["pool"]
    return ReportView(
        panel, citizens, draw, len(pool), len({home for _, _, home in pool}),
        assembly.hidden_counts({"form": sources["form"], "import": sources["import"]}),
        assembly.hidden_counts({"confirmed": newest[CallOutcome.CONFIRMED.value],
                                "declined": newest[CallOutcome.DECLINED.value],
                                "pending": newest[CallOutcome.NO_ANSWER.value] + newest[CallOutcome.CALLED.value],
                                "none": len(members) - sum(newest.values())}),
        done, assembly.demographics(draw.inputs, assembly.panel_after(record)), await commitments(panel.id),
        await public_letters(panel.id))
