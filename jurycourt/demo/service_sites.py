"""Demo community service: three sites with their supervisors; the demo respondent (Tanya) serving
at the food pantry with some hours confirmed; a teen past the deadline at the park without the
hours (the coordinator's to-do list says so); and the completed case's hours served at the library,
whose certificate of completion can be downloaded."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time, timedelta

from jurycourt.actions import sanctions
from jurycourt.actions.service_sites import place, save_site
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.cases import CaseState
from jurycourt.domain.roles import Role
from jurycourt.domain.sanctions import SanctionKind, SanctionStatus, SanctionTerms
from jurycourt.domain.service_sites import PlacementState, SiteTerms
from jurycourt.models import Account, Case, Program, Sanction, ServiceHours, ServicePlacement

SITES = [
    SiteTerms("Riverside Community Food Pantry", "Gloria Estrada", 3, "202-555-0171", "gloria.estrada@example.org",
              "1400 River Rd", "Sorting donations, stocking shelves, packing family boxes", "Weekdays 3–6 pm"),
    SiteTerms("Anacostia Park Clean-up", "Darnell Fisher", 2, "202-555-0172", "",
              "Anacostia Park, Section D", "Litter pick-up, planting, trail care", "Saturdays 9 am–12 pm"),
    SiteTerms("Eastside Branch Library", "Helen Park", 2, "", "helen.park@example.org",
              "52 Eastside Ave", "Reading buddies, shelving, homework club set-up", "Tuesdays and Thursdays 4–7 pm"),
]


async def _served(placement: ServicePlacement, sanction: Sanction, days: list[tuple[date, int]]) -> None:
    for n, (day, minutes) in enumerate(days):
        await ServiceHours.create(placement_id=placement.id, sanction_id=sanction.id, minutes=minutes, served_on=day,
                                  confirmation_key=f"demo-{placement.id}-{n}-{secrets.token_hex(8)}")


async def seed_service_sites(program: Program, accounts: dict[str, Account], today: date) -> None:
    """The sites and the three placements (see the module)."""
    coordinator = Viewer(person_id=accounts["coordinator"].person_id, account_id=accounts["coordinator"].id,
                         roles={program.id: frozenset({Role.COORDINATOR})})
    pantry, park, library = [await save_site(coordinator, program.id, terms) for terms in SITES]

    # Tanya: 12 hours at the food pantry, 5 of them confirmed.
    own = await Case.get(respondent_id=accounts["respondent"].person_id)
    service = await sanctions.add_sanction(coordinator, own, SanctionTerms(SanctionKind.COMMUNITY_SERVICE, 12), None)
    placement = await place(coordinator, own, service, pantry.id)
    started = min((own.disposition_date or today) + timedelta(days=3), today - timedelta(days=11))
    await ServicePlacement.filter(id=placement.id).update(started_on=started)
    await _served(placement, service, [(started + timedelta(days=4), 180), (started + timedelta(days=11), 120)])

    # Past the deadline: 20 hours at the park, 4 served, the deadline three days ago.
    late = await Sanction.filter(case__program=program, case__state=CaseState.MONITORING,
                                 kind=SanctionKind.COMMUNITY_SERVICE, status=SanctionStatus.IN_PROGRESS
                                 ).exclude(id=service.id).order_by("id").first()
    if late is not None:
        case = await Case.get(id=late.case_id)
        placement = await place(coordinator, case, late, park.id)
        started = today - timedelta(days=40)
        await ServicePlacement.filter(id=placement.id).update(started_on=started)
        await Sanction.filter(id=late.id).update(due_on=today - timedelta(days=3))
        await _served(placement, late, [(started + timedelta(days=6), 120), (started + timedelta(days=13), 120)])

    # Completed: the 5 hours served at the library, every hour confirmed.
    done = await Sanction.filter(case__program=program, case__state=CaseState.COMPLETED,
                                 kind=SanctionKind.COMMUNITY_SERVICE).order_by("id").first()
    if done is not None:
        case = await Case.get(id=done.case_id)
        started = case.disposition_date or today - timedelta(days=20)
        placement = await ServicePlacement.create(
            sanction_id=done.id, site_id=library.id, state=PlacementState.COMPLETED, started_on=started,
            ended_on=started + timedelta(days=9), link_nonce=secrets.token_hex(16), placed_by_id=coordinator.person_id,
            link_expires_at=datetime.combine(started + timedelta(days=60), time(12), tzinfo=UTC))
        await _served(placement, done, [(started + timedelta(days=2), 180), (started + timedelta(days=9), 120)])
