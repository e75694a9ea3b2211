"""Recording a respondent's demographics for the fairness audit (only with consent, only where
the program records them). Sealing the case erases them (``actions.sealing``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.demographics import check_demographics
from jurycourt.domain.errors import Refused
from jurycourt.i18n import _
from jurycourt.models import Case, CaseDemographics, Program


@dataclass(frozen=True)
class Demographics:
    gender: str
    race: str
    ethnicity: str
    consent_given_on: date | None
    consent_source: str


async def record_demographics(viewer: Viewer, case: Case, answers: Demographics) -> CaseDemographics:
    """Record (or correct) the demographics of ``case``'s respondent; refused when the program does
    not record them, without consent, for a sealed case, or outside the funder's categories. The
    audit event says that they were recorded, never what they are."""
    require(coordinates(viewer, case.program_id), hide=True)
    program = await Program.get(id=case.program_id)
    if case.sealed_at is not None:
        raise Refused(_("This case is sealed: nothing more is recorded about its respondent."))
    check_demographics(program.rules, clock.today(program.time_zone), answers.consent_given_on,
                       answers.consent_source, answers.gender, answers.race, answers.ethnicity)
    values = {"gender": answers.gender, "race": answers.race, "ethnicity": answers.ethnicity,
              "consent_given_on": answers.consent_given_on, "consent_source": answers.consent_source}
    async with in_transaction():
        found = await CaseDemographics.get_or_none(case_id=case.id)
        if found is None:
            found = await CaseDemographics.create(case_id=case.id, **values)
        else:
            await found.update_from_dict(values).save()
        await record("case.demographics", actor_id=viewer.person_id, program_id=case.program_id,
                     subject=("case", case.id))
    return found


async def erase_demographics(case_id: int) -> None:
    """Sealing's part: the case's demographics go (inside the sealing transaction)."""
    await CaseDemographics.filter(case_id=case_id).delete()
