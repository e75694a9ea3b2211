"""Referring agencies as records: a coordinator keeps each agency, its data-sharing agreement and its
contacts; the agency's contacts are told when a referral's status changes, and get the closing letter."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from jurycourt import i18n
from jurycourt.actions.audit import record
from jurycourt.actions.outbox import enqueue
from jurycourt.actions.people import _details
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.agencies import AgencyDetails, agency_view
from jurycourt.domain.cases import CaseState
from jurycourt.domain.errors import Refused
from jurycourt.domain.roles import Role
from jurycourt.i18n import _
from jurycourt.models import Agency, AgencyContact, Case, Membership, Person, Program


async def save_agency(actor: Viewer, program_id: int, details: AgencyDetails, agency_id: int | None = None) -> Agency:
    """Create an agency of ``program_id`` (or change agency ``agency_id``) with its agreement."""
    require(coordinates(actor, program_id), hide=True)
    values = {**details.__dict__, "name": details.name.strip(),
              "agreement_signed_by": details.agreement_signed_by.strip()}
    try:
        async with in_transaction():
            if agency_id is None:
                agency = await Agency.create(program_id=program_id, **values)
            else:
                agency = await Agency.get(id=agency_id, program_id=program_id)
                await agency.update_from_dict(values).save()
            await record("agency.saved", actor_id=actor.person_id, program_id=program_id,
                         subject=("agency", agency.id))
    except IntegrityError:
        raise Refused(_("The program has an agency of this name already."), "name") from None
    return agency


async def add_contact(actor: Viewer, agency: Agency, values: dict[str, str]) -> Person:
    """Make a new person an agency contact (already checked by ``domain.people.person_problems``). They
    sign in once a coordinator sends them an invitation from their person page."""
    require(coordinates(actor, agency.program_id), hide=True)
    async with in_transaction():
        person = await Person.create(**_details(values))
        await Membership.create(person_id=person.id, program_id=agency.program_id, role=Role.REFERRER)
        await AgencyContact.create(agency_id=agency.id, person_id=person.id)
        await record("agency.contact_added", actor_id=actor.person_id, program_id=agency.program_id,
                     subject=("agency", agency.id), person=person.id)
    return person


def referral_number(case: Case) -> str:
    """How a notice names a referral: the agency's own reference, else the program's case number."""
    return case.agency_reference or _("case %(number)s") % {"number": case.id}


async def notify_agency(case: Case) -> None:
    """Tell each contact of the case's agency its new status (inside the caller's transaction); at an
    end, the notice is the closing letter. Never a name, a hearing, a juror or a sanction."""
    if case.referring_agency_id is None:
        return
    agency = await Agency.get(id=case.referring_agency_id)
    program = await Program.get(id=case.program_id).only("id", "name")
    seen = agency_view(CaseState(case.state), case.sealed_at is not None, case.closed_on)
    contacts = await Person.filter(agency_contact__agency_id=agency.id).only("id", "language")
    for contact in contacts:
        with i18n.use_language(contact.language):
            words = {"number": referral_number(case), "status": seen.status.label, "agency": agency.name,
                     "program": program.name}
            if seen.status.is_end:
                kind = "agency_closing"
                subject = _("Closing letter: referral %(number)s") % words
                body = _("Dear %(agency)s,\n\n%(program)s has closed referral %(number)s. Its outcome: %(status)s."
                         "\n\nThank you for the referral. This letter says nothing more about the young person, "
                         "as your data-sharing agreement provides.") % words
            else:
                kind = "agency_status"
                subject = _("Referral %(number)s: %(status)s") % words
                body = _("%(program)s: referral %(number)s from %(agency)s is now “%(status)s”.") % words
        await enqueue(contact.id, kind, f"agency:{case.id}:{case.state}:{contact.id}", subject, body)
