"""The person harmed as coordinators see them (everything), and as a jury room sees them ("the
person harmed" and, while it deliberates, their impact statement: never their name)."""

from __future__ import annotations

from dataclasses import dataclass

from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import harmed as rules
from jurycourt.domain.jury_room import Phase
from jurycourt.domain.justice import ParticipantRole
from jurycourt.domain.roles import Role
from jurycourt.domain.sanctions import SanctionKind
from jurycourt.models import (
    Case,
    MatterParticipant,
    Person,
    PersonHarmed,
    Program,
    RestitutionPayment,
)
from jurycourt.queries.justice import coordinated_matter


@dataclass
class HarmedRead:
    """The person harmed of one case or matter, for a coordinator of its program."""

    kind: str  # "case" or "matter"
    subject_id: int  # the case's id, or the matter's panel id (its address)
    program: Program
    state: str
    found: PersonHarmed | None
    person: Person | None
    participant: MatterParticipant | None = None
    people: dict[int, str] | None = None  # who recorded, wrote and reviewed: their names
    restitution_paid_cents: int = 0

    @property
    def wishes(self) -> tuple[rules.Wish, ...]:
        return rules.wishes_of(self.found.wishes) if self.found else ()

    @property
    def second_review(self) -> bool:
        return rules.second_review_required(self.program.rules)

    @property
    def plan_ready(self) -> bool:
        found = self.found
        return found is not None and rules.plan_ready(found.safety_answers is not None,
                                                      found.reviewed_by_id is not None, self.program.rules)


async def _names(found: PersonHarmed | None) -> dict[int, str]:
    ids = [i for i in (found.consent_by_id, found.safety_by_id, found.reviewed_by_id) if i] if found else []
    return {p.id: p.display_name for p in await Person.filter(id__in=ids)}


async def harmed_of_case(viewer: Viewer, case_id: int) -> HarmedRead:
    """The case's person harmed (or none yet) for a coordinator of its program; NotFound otherwise."""
    case = await Case.get_or_none(id=case_id).select_related("program")
    if case is None or not viewer.has_role(case.program_id, Role.COORDINATOR):
        raise NotFound()
    found = await PersonHarmed.get_or_none(case_id=case.id)
    person = await Person.get_or_none(id=found.person_id) if found and found.person_id else None
    paid = await RestitutionPayment.filter(sanction__case_id=case.id,
                                           sanction__kind=SanctionKind.RESTITUTION).values_list("amount_cents",
                                                                                               flat=True)
    return HarmedRead("case", case.id, case.program, str(case.state), found, person, None, await _names(found),
                      sum(paid))


async def harmed_of_matter(viewer: Viewer, panel_id: int) -> HarmedRead:
    """The matter's person harmed (or none yet) for a coordinator of its program; NotFound otherwise."""
    read = await coordinated_matter(viewer, panel_id, "harmed")
    participant = await MatterParticipant.get_or_none(matter_id=read.matter.id, role=ParticipantRole.HARMED)
    found = await PersonHarmed.get_or_none(participant_id=participant.id) if participant else None
    person = await Person.get_or_none(id=participant.person_id) if participant else None
    return HarmedRead("matter", panel_id, read.program, str(read.matter.state), found, person, participant,
                      await _names(found))


async def impact_for_room(case_id: int, phase: Phase, coordinator: bool) -> str | None:
    """The impact statement as a jury room viewer may read it now (None: none, or not yet)."""
    if not rules.impact_shown(phase, coordinator):
        return None
    statement = await PersonHarmed.filter(case_id=case_id).values_list("impact_statement", flat=True)
    return statement[0] if statement and statement[0] else None
