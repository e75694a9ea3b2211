"""Reading a case: each viewer gets only their view of it, and anyone else is told it does not
exist. A read never writes: the view that shows the case logs it (``actions.view_log.log_view``
with ``CaseRead.seen``) before its answer is sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from jurycourt import clock
from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.case_access import Access, access
from jurycourt.domain.hearings import SHEET_SEATS
from jurycourt.domain.intake import offence_categories
from jurycourt.domain.people import age_on
from jurycourt.domain.roles import Role
from jurycourt.models import Case, CaseGuardian, CaseIntake, DocketEntry, Program, Sanction, Seat


@dataclass
class CaseRead:
    """A case as one viewer may see it."""

    case: Case
    access: Access
    program: Program
    entry: DocketEntry | None
    guardian_ids: list[int] = field(default_factory=list)
    seen: str = ""  # what the view log records: what was read, at which access ("page:full")

    @property
    def full(self) -> bool:
        return self.access == Access.FULL


@dataclass(frozen=True)
class JurorBrief:
    """What seated jurors see: first name, age, offence category and the factual summary."""

    case_id: int
    first_name: str
    age: int | None
    offence: str
    summary: str


async def read_case(viewer: Viewer, case_id: int, what: str = "page", today: date | None = None) -> CaseRead:
    """The case for ``viewer`` with their access (the view that shows it logs ``seen``: ``what`` and
    the access); NotFound when the viewer may not learn the case exists."""
    case = await Case.get_or_none(id=case_id).select_related("respondent")
    if case is None or not viewer.signed_in:
        raise NotFound()
    program = await Program.get(id=case.program_id)
    entry = await DocketEntry.get_or_none(case_id=case.id).select_related("hearing")
    guardians = list(await CaseGuardian.filter(case_id=case.id).values_list("person_id", flat=True))
    seated = entry is not None and await Seat.exists(hearing_id=entry.hearing_id, person_id=viewer.person_id,
                                                     status__in=list(SHEET_SEATS))
    day = entry.hearing.starts_at.astimezone(ZoneInfo(program.time_zone)).date() if entry else None
    level = access(coordinator=viewer.has_role(case.program_id, Role.COORDINATOR),
                   party=viewer.person_id in (case.respondent_id, *guardians), seated=seated,
                   hearing_day=day, today=today or clock.today(program.time_zone), state=case.state,
                   sealed=case.sealed_at is not None)
    if level == Access.NONE:
        raise NotFound()
    return CaseRead(case, level, program, entry, guardians, f"{what}:{level}")


def _intake_query(case_id: int):
    return CaseIntake.get_or_none(case_id=case_id)



async def juror_brief(read: CaseRead) -> JurorBrief:
    """The brief seated jurors read: never the family name, contacts or school."""
    intake = await _intake_query(case_id=read.case.id)
    return brief_of(read, intake.age if intake else None)


def brief_of(read: CaseRead, recorded_age: int | None) -> JurorBrief:
    """The juror brief from the case and the age its intake recorded (when it did not, the age on
    the hearing's day from the date of birth), for a caller that has read the intake's age."""
    person = read.case.respondent
    day = read.entry.hearing.starts_at.date() if read.entry else clock.today()
    age = recorded_age if recorded_age is not None else age_on(person.date_of_birth, day)
    offence = offence_categories(read.program.rules).get(read.case.offence_category, read.case.offence_category)
    return JurorBrief(read.case.id, person.preferred_name or person.given_name, age, offence, read.case.summary)


async def sanction_of(case: Case, sanction_id: int) -> Sanction:
    """One of the case's sanctions (``case`` from an access-checked read); NotFound otherwise."""
    found = await Sanction.get_or_none(id=sanction_id, case_id=case.id)
    if found is None:
        raise NotFound()
    return found
