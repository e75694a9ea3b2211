"""What the case page shows, for the access the viewer has (see queries.cases.read_case)."""

from __future__ import annotations

from typing import Any

from jurycourt import clock
from jurycourt.domain.cases import CLOSING_STATES, LIFECYCLE, CaseState, path_shown
from jurycourt.domain.demographics import recorded_here
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.intake import agencies, offence_categories
from jurycourt.domain.sanctions import KIND_LABELS, SanctionKind, menu
from jurycourt.domain.sealing import is_due
from jurycourt.domain.seating import SessionKind
from jurycourt.models import (
    CaseDemographics,
    CaseEvent,
    CaseIntake,
    CaseView,
    Hearing,
    Person,
    RestitutionPayment,
    Sanction,
)
from jurycourt.queries.cases import CaseRead
from jurycourt.queries.jury_duty import duty_progress
from jurycourt.queries.service_sites import program_sites, service_progress


async def sanctions_of(case_id: int) -> list[Sanction]:
    """The case's sanctions with their payments and, for jury duty, progress (``.progress``)."""
    sanctions = await Sanction.filter(case_id=case_id).order_by("id")
    payments = await RestitutionPayment.filter(sanction_id__in=[s.id for s in sanctions]).order_by("paid_on", "id")
    progress = {p.sanction_id: p for p in await duty_progress(case_id=case_id)}
    service = await service_progress(sanctions, clock.today())
    for s in sanctions:
        s.label = KIND_LABELS.get(SanctionKind(s.kind), s.kind)
        s.payment_rows = [p for p in payments if p.sanction_id == s.id]
        s.paid_cents = sum(p.amount_cents for p in s.payment_rows)
        s.progress = progress.get(s.id)
        s.service = service.get(s.id)
    return sanctions


async def upcoming_jury_hearings(program_id: int) -> list[Hearing]:
    return await Hearing.filter(program_id=program_id, kind=SessionKind.JURY_HEARING,
                                status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED],
                                starts_at__gt=clock.now()).select_related("room").order_by("starts_at").limit(20)


async def coordinator_context(read: CaseRead) -> dict[str, Any]:
    """Everything a coordinator sees on the case page."""
    case = read.case
    events = await CaseEvent.filter(case_id=case.id).select_related("actor").order_by("at", "id")
    views = await CaseView.filter(case_id=case.id).select_related("viewer").order_by("-at", "-id").limit(50)
    guardians = await Person.filter(id__in=read.guardian_ids).order_by("family_name", "given_name")
    rules = read.program.rules
    return {
        "events": events, "views": views, "guardians": guardians,
        "intake": await CaseIntake.get_or_none(case_id=case.id),
        "records_demographics": recorded_here(rules),
        "demographics": await CaseDemographics.get_or_none(case_id=case.id) if recorded_here(rules) else None,
        "sanctions": await sanctions_of(case.id),
        "service_sites": await program_sites(case.program_id),
        "transitions": [t for t in LIFECYCLE.available(case.state) if t.name != "unschedule"],
        "closing_states": CLOSING_STATES, "stepper": path_shown(case.state),
        "hearings": await upcoming_jury_hearings(case.program_id) if case.state in (
            CaseState.INTAKE, CaseState.SCHEDULED) else [],
        "agency_label": agencies(rules).get(case.agency, case.agency),
        "offence_label": offence_categories(rules).get(case.offence_category, case.offence_category),
        "sanction_menu": list(menu(rules).items()),
        "seal_due": is_due(case.state, case.closed_on, case.sealed_at is not None,
                           clock.today(read.program.time_zone), rules),
    }
