"""Community service sites and placements: the coordinator keeps the sites, places a teen's community
service at one (within its capacity), and when the deadline passes without the hours chooses an
extension, a new site or a return to the referrer. The site's supervisor confirms hours through a
signed link, without an account; each confirmation counts once, by the key its form carries."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.actions.cases import add_event, apply_transition, case_facts
from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.cases import LIFECYCLE as CASE_LIFECYCLE
from jurycourt.domain.cases import CaseState
from jurycourt.domain.errors import Refused
from jurycourt.domain.form_keys import check_form_key
from jurycourt.domain.sanctions import OPEN, SanctionKind, SanctionStatus
from jurycourt.domain.service_sites import (
    LINK_DAYS,
    LinkRefused,
    PlacementState,
    SiteTerms,
    check_capacity,
    check_confirmation,
    check_extension,
    check_site,
    first_deadline,
    minutes_left,
)
from jurycourt.i18n import _
from jurycourt.models import Case, Program, Sanction, ServiceExtension, ServiceHours, ServicePlacement, ServiceSite
from jurycourt.queries.service_sites import placement_for_token


async def save_site(actor: Viewer, program_id: int, terms: SiteTerms, site_id: int | None = None) -> ServiceSite:
    """Add a site to the program, or change one of its sites (its name, supervisor, work, hours, capacity)."""
    require(coordinates(actor, program_id), hide=True)
    terms = check_site(terms)
    values = {"name": terms.name, "supervisor_name": terms.supervisor_name, "capacity": terms.capacity,
              "supervisor_phone": terms.supervisor_phone, "supervisor_email": terms.supervisor_email,
              "address": terms.address, "work": terms.work, "opening_hours": terms.opening_hours}
    async with in_transaction():
        if site_id is None:
            site = await ServiceSite.create(program_id=program_id, **values)
        else:
            site = await ServiceSite.get_or_none(id=site_id, program_id=program_id)
            if site is None:
                raise NotFound()
            await ServiceSite.filter(id=site.id).update(**values)
        await record("service_site.saved", actor_id=actor.person_id, program_id=program_id,
                     subject=("service_site", site.id), new=site_id is None)
    return site


async def confirmed_minutes(sanction_id: int) -> int:
    """Minutes supervisors have confirmed for the sanction, across its placements."""
    rows = await ServiceHours.filter(sanction_id=sanction_id).annotate(total=Sum("minutes")).values_list(
        "total", flat=True)
    return int(rows[0] or 0) if rows else 0


def _check_service(case: Case, sanction: Sanction) -> None:
    if sanction.kind != SanctionKind.COMMUNITY_SERVICE or sanction.case_id != case.id:
        raise NotFound()
    if case.state != CaseState.MONITORING or sanction.status not in OPEN:
        raise Refused(_("This community service is closed."), "site")


async def _place(actor: Viewer, case: Case, sanction: Sanction, site_id: int | None) -> ServicePlacement:
    """Inside the caller's transaction: the placement, once the site has room."""
    site = await ServiceSite.get_or_none(id=site_id or 0, program_id=case.program_id, active=True)
    if site is None:
        raise Refused(_("Choose one of the program's sites."), "site")
    if await ServicePlacement.exists(sanction_id=sanction.id, state=PlacementState.ACTIVE):
        raise Refused(_("This community service is placed at a site already."), "site")
    check_capacity(await ServicePlacement.filter(site_id=site.id, state=PlacementState.ACTIVE).count(), site.capacity)
    program = await Program.get(id=case.program_id)
    today = clock.today(program.time_zone)
    if sanction.due_on is None:
        sanction.due_on = first_deadline(case.disposition_date or today, program.rules)
        await Sanction.filter(id=sanction.id).update(due_on=sanction.due_on)
    if sanction.status == SanctionStatus.ASSIGNED:
        await Sanction.filter(id=sanction.id).update(status=SanctionStatus.IN_PROGRESS)
        sanction.status = SanctionStatus.IN_PROGRESS
    placement = await ServicePlacement.create(
        sanction_id=sanction.id, site_id=site.id, started_on=today, link_nonce=secrets.token_hex(16),
        link_expires_at=clock.now() + timedelta(days=LINK_DAYS), placed_by_id=actor.person_id)
    await add_event(case, actor, "service.placed", site.name)
    await record("service.placed", actor_id=actor.person_id, program_id=case.program_id,
                 subject=("sanction", sanction.id), site=site.id, placement=placement.id)
    return placement


async def place(actor: Viewer, case: Case, sanction: Sanction, site_id: int | None) -> ServicePlacement:
    """Place a community service sanction at one of the program's sites, if it has room; the deadline
    clock starts from the disposition (the program's ``community_service_days``) unless it has one."""
    require(coordinates(actor, case.program_id), hide=True)
    _check_service(case, sanction)
    async with in_transaction():
        return await _place(actor, case, sanction, site_id)


async def active_placement(sanction: Sanction) -> ServicePlacement:
    found = await ServicePlacement.get_or_none(sanction_id=sanction.id, state=PlacementState.ACTIVE)
    if found is None:
        raise Refused(_("This community service is not placed at a site."), "site")
    return found


async def renew_link(actor: Viewer, case: Case, sanction: Sanction) -> ServicePlacement:
    """A new supervisor link for the placement: the old one stops working at once."""
    require(coordinates(actor, case.program_id), hide=True)
    _check_service(case, sanction)
    placement = await active_placement(sanction)
    async with in_transaction():
        placement.link_nonce = secrets.token_hex(16)
        placement.link_expires_at = clock.now() + timedelta(days=LINK_DAYS)
        await ServicePlacement.filter(id=placement.id).update(link_nonce=placement.link_nonce,
                                                              link_expires_at=placement.link_expires_at)
        await record("service.link_renewed", actor_id=actor.person_id, program_id=case.program_id,
                     subject=("sanction", sanction.id), placement=placement.id)
    return placement


async def _extend(actor: Viewer, case: Case, sanction: Sanction, due_on: date, reason: str) -> None:
    await ServiceExtension.create(sanction_id=sanction.id, previous_due_on=sanction.due_on, due_on=due_on,
                                  reason=reason, by_id=actor.person_id)
    await Sanction.filter(id=sanction.id).update(due_on=due_on)
    await add_event(case, actor, "service.extended", reason)
    await record("service.extended", actor_id=actor.person_id, program_id=case.program_id,
                 subject=("sanction", sanction.id), due_on=due_on.isoformat())
    sanction.due_on = due_on


async def extend(actor: Viewer, case: Case, sanction: Sanction, due_on: date | None, reason: str) -> None:
    """Move the community service deadline later, with the reason recorded."""
    require(coordinates(actor, case.program_id), hide=True)
    _check_service(case, sanction)
    program = await Program.get(id=case.program_id)
    new, why = check_extension(sanction.due_on, due_on, clock.today(program.time_zone), reason)
    async with in_transaction():
        await _extend(actor, case, sanction, new, why)


async def move(actor: Viewer, case: Case, sanction: Sanction, site_id: int | None, due_on: date | None,
               reason: str) -> ServicePlacement:
    """End the placement and place the community service at another site, with a new deadline."""
    require(coordinates(actor, case.program_id), hide=True)
    _check_service(case, sanction)
    program = await Program.get(id=case.program_id)
    today = clock.today(program.time_zone)
    new, why = check_extension(sanction.due_on, due_on, today, reason)
    current = await active_placement(sanction)
    if current.site_id == site_id:
        raise Refused(_("Choose a different site."), "site")
    async with in_transaction():
        await ServicePlacement.filter(id=current.id).update(state=PlacementState.MOVED, ended_on=today)
        await _extend(actor, case, sanction, new, why)
        return await _place(actor, case, sanction, site_id)


async def return_to_referrer(actor: Viewer, case: Case, sanction: Sanction, reason: str) -> None:
    """The hours were not served: the community service fails and the case goes back to the referring
    agency (the case's own "return" step, with the reason)."""
    require(coordinates(actor, case.program_id), hide=True)
    _check_service(case, sanction)
    why = " ".join(reason.split())[:300]
    if not why:
        raise Refused(_("Say why the case goes back to the referrer."), "reason")
    program = await Program.get(id=case.program_id)
    today = clock.today(program.time_zone)
    roles = actor.roles.get(case.program_id, frozenset())
    step = CASE_LIFECYCLE.check(case.state, "fail", await case_facts(case, program, today), why, roles=roles)
    async with in_transaction():
        await ServicePlacement.filter(sanction_id=sanction.id, state=PlacementState.ACTIVE).update(
            state=PlacementState.RETURNED, ended_on=today)
        if not await Sanction.filter(id=sanction.id, status=sanction.status).update(
                status=SanctionStatus.FAILED, status_reason=why):
            raise Refused(_("This sanction changed just now: look again."))
        await record("service.returned", actor_id=actor.person_id, program_id=case.program_id,
                     subject=("sanction", sanction.id))
        await apply_transition(actor, case, step, why, today)


@dataclass(frozen=True)
class Confirmed:
    """A supervisor's confirmation: whether it counted now (False: this form was counted before)."""

    counted: bool
    minutes_left: int


async def confirm_hours(secret: str, token: str, key: str, minutes: int | None, served_on: date | None) -> Confirmed:
    """The supervisor confirms hours served at their site, for their placement only. The form's key
    makes it count once: a double submit or a replayed request finds the key and counts nothing.
    The last hours mark the community service done."""
    key = check_form_key(key)
    placement = await placement_for_token(secret, token)
    async with in_transaction():
        sanction = await Sanction.get(id=placement.sanction_id)
        earlier = await ServiceHours.get_or_none(confirmation_key=key)
        if earlier is not None:
            if earlier.placement_id != placement.id:
                raise Refused(_("This form has expired: reload the page and try again."), "key")
            return Confirmed(False, minutes_left(sanction.quantity or 0, await confirmed_minutes(sanction.id)))
        if placement.state != PlacementState.ACTIVE or sanction.status not in OPEN:
            raise LinkRefused(_("This placement has ended: there are no hours to confirm here."))
        case = await Case.get(id=sanction.case_id)
        today = clock.today((await Program.get(id=case.program_id)).time_zone)
        left = minutes_left(sanction.quantity or 0, await confirmed_minutes(sanction.id))
        counted = check_confirmation(minutes, served_on, placement.started_on, today, left)
        try:
            async with in_transaction():
                await ServiceHours.create(placement_id=placement.id, sanction_id=sanction.id, confirmation_key=key,
                                          minutes=counted, served_on=served_on)
        except IntegrityError:  # the same form, sent twice at once: the other one counted it
            return Confirmed(False, left)
        await record("service.hours_confirmed", actor_id=None, program_id=case.program_id,
                     subject=("sanction", sanction.id), placement=placement.id, minutes=counted)
        left -= counted
        if left == 0:
            await Sanction.filter(id=sanction.id).update(status=SanctionStatus.DONE)
            await ServicePlacement.filter(id=placement.id).update(state=PlacementState.COMPLETED, ended_on=today)
            await record("service.completed", actor_id=None, program_id=case.program_id,
                         subject=("sanction", sanction.id))
    return Confirmed(True, left)


async def erase_service(case_id: int) -> None:
    """When a case is sealed: its placements, confirmed hours and extensions go (inside the caller's
    transaction). The sanction keeps its kind, hours and status for the figures."""
    await ServiceHours.filter(sanction__case_id=case_id).delete()
    await ServiceExtension.filter(sanction__case_id=case_id).delete()
    await ServicePlacement.filter(sanction__case_id=case_id).delete()
