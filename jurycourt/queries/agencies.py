"""Reading referring agencies: the coordinator's list and agency page, and the referral portal, which
shows an agency contact their own agency's referrals and nothing else of a case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tortoise.functions import Count

from jurycourt import clock
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.agencies import AgencyView, agency_view, agreement_in_force
from jurycourt.domain.cases import CaseState
from jurycourt.domain.roles import Role
from jurycourt.models import Agency, AgencyContact, Case, OutboxMessage, Person, Program

PORTAL_ROWS = 200
NOTICE_KINDS = ("agency_status", "agency_closing")


async def contact_agency(viewer: Viewer) -> Agency:
    """The agency ``viewer`` refers for (NotFound for anyone who is not an active agency contact)."""
    contact = await AgencyContact.get_or_none(person_id=viewer.person_id).select_related("agency") \
        if viewer.person_id else None
    require(contact is not None and viewer.has_role(contact.agency.program_id, Role.REFERRER))
    assert contact is not None
    return contact.agency


async def agency_list(viewer: Viewer) -> list[Agency]:
    """The agencies of the programs the viewer coordinates, each with ``contact_count`` and ``case_count``."""
    require(coordinates(viewer))
    return await Agency.filter(program_id__in=viewer.coordinated_programs).annotate(
        contact_count=Count("contacts", distinct=True), case_count=Count("cases", distinct=True)
    ).order_by("name", "id")


async def read_agency(viewer: Viewer, agency_id: int) -> Agency:
    """One agency of a program the viewer coordinates, with its contacts (``contact_people``)."""
    agency = await Agency.get_or_none(id=agency_id, program_id__in=viewer.coordinated_programs)
    require(agency is not None)
    assert agency is not None
    agency.contact_people = await Person.filter(agency_contact__agency_id=agency.id).order_by(  # type: ignore[attr-defined]
        "family_name", "id").prefetch_related("account")
    return agency


async def program_agencies(program_id: int | None) -> list[Agency]:
    """The agencies a coordinator may pick on a new referral."""
    return await Agency.filter(program_id=program_id).order_by("name") if program_id else []


@dataclass(frozen=True)
class PortalRow:
    """One referral as the agency sees it: the case number, its own reference and date (until sealed)."""

    number: int
    reference: str
    referral_date: date | None
    seen: AgencyView


@dataclass
class Portal:
    agency: Agency
    program: Program
    in_force: bool
    rows: list[PortalRow] = field(default_factory=list)
    notices: list[OutboxMessage] = field(default_factory=list)


async def portal(viewer: Viewer) -> Portal:
    """The agency contact's portal: their agency's referrals, newest first, in the agreement's words,
    and the notices sent to them. Nothing else of a case is read."""
    agency = await contact_agency(viewer)
    program = await Program.get(id=agency.program_id)
    cases = await Case.filter(referring_agency_id=agency.id).order_by("-id").limit(PORTAL_ROWS).values(
        "id", "state", "agency_reference", "referral_date", "closed_on", "sealed_at")
    rows = [PortalRow(c["id"], "" if c["sealed_at"] else c["agency_reference"],
                      None if c["sealed_at"] else c["referral_date"],
                      agency_view(CaseState(c["state"]), c["sealed_at"] is not None, c["closed_on"]))
            for c in cases]
    sealed = {str(c["id"]) for c in cases if c["sealed_at"]}
    notices = [n for n in await OutboxMessage.filter(person_id=viewer.person_id, kind__in=NOTICE_KINDS).order_by(
        "-id").limit(50) if n.dedupe_key.split(":")[1] not in sealed]  # a sealed case's notices go from view
    in_force = agreement_in_force(agency.agreement_starts, agency.agreement_ends, clock.today(program.time_zone))
    return Portal(agency, program, in_force, rows, notices)
