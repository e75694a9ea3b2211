"""The referral portal's writes: an agency contact refers a young person by the form, or many from a
CSV file of the agency's system. Either way the agency's data-sharing agreement must be in force."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import guard
from jurycourt.actions.audit import record
from jurycourt.actions.cases import add_event
from jurycourt.actions.referrals import _member
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.agencies import (
    Known,
    ReferralFile,
    ReferralRow,
    agreement_in_force,
    duplicate_problems,
    person_key,
    read_referral_csv,
)
from jurycourt.domain.errors import Refused
from jurycourt.domain.intake import offence_categories
from jurycourt.domain.roles import Role
from jurycourt.i18n import _
from jurycourt.models import Agency, Case, Person, Program
from jurycourt.queries.agencies import contact_agency


async def _usable_agency(actor: Viewer) -> tuple[Agency, Program]:
    agency = await contact_agency(actor)
    program = await Program.get(id=agency.program_id)
    if not agreement_in_force(agency.agreement_starts, agency.agreement_ends, clock.today(program.time_zone)):
        raise Refused(_("Your agency's data-sharing agreement with the program is not in force, so it cannot "
                        "refer now. Ask the program's coordinator."))
    return agency, program


async def known_referrals(agency_id: int) -> Known:
    """The agency's referrals that are not sealed: their references and (name, date of birth) keys."""
    cases = await Case.filter(referring_agency_id=agency_id, sealed_at=None).select_related("respondent")
    return Known(frozenset(c.agency_reference.lower() for c in cases if c.agency_reference),
                 frozenset(person_key(c.respondent.given_name, c.respondent.family_name, c.respondent.date_of_birth)
                           for c in cases if c.respondent and c.respondent.date_of_birth))


async def _open(actor: Viewer, agency: Agency, row: ReferralRow) -> Case:
    person = await Person.create(given_name=row.given_name, family_name=row.family_name,
                                 date_of_birth=row.date_of_birth)
    await _member(person.id, agency.program_id, Role.RESPONDENT)
    case = await Case.create(program_id=agency.program_id, respondent_id=person.id, agency=agency.kind.intake_agency,
                             referring_agency_id=agency.id, agency_reference=row.reference,
                             referring_officer=row.referring_officer, referral_date=row.referral_date,
                             offence_category=row.offence_category, summary=row.summary)
    await add_event(case, actor, "refer", _("Referred by %(agency)s") % {"agency": agency.name})
    return case


async def refer_by_agency(actor: Viewer, row: ReferralRow) -> Case:
    """An agency contact refers one young person (the form checked the fields). Refused when the
    agency referred the same reference, or the same young person and date of birth, already."""
    agency, program = await _usable_agency(actor)
    if row.offence_category not in offence_categories(program.rules):
        raise Refused(_("Choose the offence category."), "offence_category")
    known = await known_referrals(agency.id)
    key = person_key(row.given_name, row.family_name, row.date_of_birth)
    for name, problem in duplicate_problems(row.reference, key, known.references, known.people).items():
        raise Refused(problem, name)
    async with in_transaction():
        case = await _open(actor, agency, row)
        await record("case.referred", actor_id=actor.person_id, program_id=agency.program_id,
                     subject=("case", case.id), agency=agency.id)
    await guard.withhold_failing(agency.program_id)  # newly protected: named in a publication?
    return case


async def import_referrals(actor: Viewer, data: bytes) -> ReferralFile:
    """Referrals from the agency's CSV file: every row is checked first; a file with any error opens
    nothing, and the errors come back row by row."""
    agency, program = await _usable_agency(actor)
    referral_file = read_referral_csv(data, offence_categories(program.rules), await known_referrals(agency.id),
                                      clock.today(program.time_zone))
    if not referral_file.ok:
        return referral_file
    async with in_transaction():
        for row in referral_file.rows:
            await _open(actor, agency, row)
        await record("agency.referrals_imported", actor_id=actor.person_id, program_id=agency.program_id,
                     subject=("agency", agency.id), rows=len(referral_file.rows))
    await guard.withhold_failing(agency.program_id)
    return referral_file
