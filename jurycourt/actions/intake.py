"""Recording the intake checklist and consent. Failing eligibility or consent declines the case."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.actions.cases import add_event, apply_transition, case_facts
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.cases import INTAKE_OPEN_STATES, LIFECYCLE, CaseState
from jurycourt.domain.errors import Refused
from jurycourt.domain.intake import Checklist, Consent, age_band, ineligibility
from jurycourt.i18n import _
from jurycourt.models import Case, CaseGuardian, CaseIntake, Program


async def record_intake(actor: Viewer, case: Case, checklist: Checklist, consent: Consent,
                        guardian_id: int | None = None) -> Case:
    """Save the checklist and consent. A referred case moves to intake; a failed eligibility
    question or a refused consent ends the case as declined, with the reason in its history."""
    require(coordinates(actor, case.program_id), hide=True)
    if case.state not in INTAKE_OPEN_STATES:
        raise Refused(_("Intake is over for a %(state)s case.") % {"state": case.state.value})
    if guardian_id is not None and not await CaseGuardian.exists(case_id=case.id, person_id=guardian_id):
        raise Refused(_("Choose one of the case's guardians."), "consenting_guardian")
    program = await Program.get(id=case.program_id)
    today = clock.today(program.time_zone)
    reasons = ineligibility(checklist, program.rules)
    if consent.refused:
        reasons.append(_("Consent to a peer jury hearing was refused."))
    values = dict(first_offence=checklist.first_offence, non_violent=checklist.non_violent,
                  accepts_responsibility=checklist.accepts_responsibility, age=checklist.age,
                  respondent_consent_on=consent.respondent_on, guardian_consent_on=consent.guardian_on,
                  witness=consent.witness.strip(), consent_refused=consent.refused,
                  consenting_guardian_id=guardian_id, recorded_by_id=actor.person_id)
    async with in_transaction():
        await CaseIntake.update_or_create(defaults=values, case_id=case.id)
        await Case.filter(id=case.id).update(age_band=age_band(checklist.age))
        if case.state == CaseState.REFERRED:
            start = LIFECYCLE.check(case.state, "start_intake", await case_facts(case, program, today))
            await apply_transition(actor, case, start, _("Intake started"), today)
        await add_event(case, actor, "intake.recorded")
        if reasons:
            decline = LIFECYCLE.check(case.state, "decline", await case_facts(case, program, today),
                                       " ".join(reasons))
            await apply_transition(actor, case, decline, " ".join(reasons), today)
        await record("case.intake", actor_id=actor.person_id, program_id=case.program_id, subject=("case", case.id))
    return case
