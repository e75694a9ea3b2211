"""Reading community service: the program's sites, the placements behind each teen's hours, the
supervisor's page (by a signed link, no account), and the certificate of completion."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from jurycourt import clock
from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.case_access import Access
from jurycourt.domain.cases import CaseState
from jurycourt.domain.sanctions import OPEN, SanctionKind
from jurycourt.domain.service_sites import (
    LinkRefused,
    PlacementState,
    check_token,
    is_overdue,
    minutes_left,
    token_placement,
)
from jurycourt.i18n import _
from jurycourt.models import Case, Program, Sanction, ServiceExtension, ServiceHours, ServicePlacement, ServiceSite
from jurycourt.queries.cases import CaseRead


@dataclass
class ServiceProgress:
    """A community service sanction's hours and clock, as the teen, the family and the coordinator see it."""

    hours_owed: int
    confirmed: int  # minutes
    left: int  # minutes
    due_on: date | None
    days_left: int | None
    overdue: bool
    placement: ServicePlacement | None  # the active one, with .site
    extensions: list[ServiceExtension] = field(default_factory=list)
    done: bool = False  # every hour confirmed: the certificate can be had


async def service_progress(sanctions: list[Sanction], today: date) -> dict[int, ServiceProgress]:
    """sanction id → its progress, for the community service ones among ``sanctions`` (three queries)."""
    ids = [s.id for s in sanctions if s.kind == SanctionKind.COMMUNITY_SERVICE]
    if not ids:
        return {}
    totals: dict[int, int] = defaultdict(int)
    for sanction_id, minutes in await ServiceHours.filter(sanction_id__in=ids).values_list("sanction_id", "minutes"):
        totals[sanction_id] += minutes
    active = {p.sanction_id: p for p in await ServicePlacement.filter(
        sanction_id__in=ids, state=PlacementState.ACTIVE).select_related("site")}
    extensions: dict[int, list[ServiceExtension]] = defaultdict(list)
    for extension in await ServiceExtension.filter(sanction_id__in=ids).order_by("at", "id"):
        extensions[extension.sanction_id].append(extension)
    found = {}
    for s in sanctions:
        if s.id not in ids:
            continue
        left = minutes_left(s.quantity or 0, totals[s.id])
        still_open = s.status in OPEN
        found[s.id] = ServiceProgress(
            hours_owed=s.quantity or 0, confirmed=totals[s.id], left=left, due_on=s.due_on,
            days_left=(s.due_on - today).days if s.due_on and still_open else None,
            overdue=still_open and is_overdue(s.due_on, today, left), placement=active.get(s.id),
            extensions=extensions[s.id], done=totals[s.id] > 0 and left == 0)
    return found


@dataclass
class SitesPage:
    programs: list[Program]
    sites: list[ServiceSite]  # each with .placed (active placements)
    placements: list[ServicePlacement]  # active, each with .sanction.case, .progress
    overdue: list[ServicePlacement]


async def sites_page(viewer: Viewer, today: date | None = None) -> SitesPage:
    """The sites of the viewer's programs with how many teens each has now, the active placements
    and, first, those past their deadline without the hours."""
    require(viewer.is_coordinator, hide=True)
    ids = list(viewer.coordinated_programs)
    programs = list(await Program.filter(id__in=ids).order_by("name"))
    sites = list(await ServiceSite.filter(program_id__in=ids).order_by("name", "id"))
    placements = list(await ServicePlacement.filter(
        site__program_id__in=ids, state=PlacementState.ACTIVE).select_related(
            "site", "sanction", "sanction__case", "sanction__case__respondent").order_by("sanction__due_on", "id"))
    placed: dict[int, int] = defaultdict(int)
    for placement in placements:
        placed[placement.site_id] += 1
    for site in sites:
        site.placed = placed[site.id]
    today = today or clock.today(programs[0].time_zone if programs else None)
    progress = await service_progress([p.sanction for p in placements], today)
    for placement in placements:
        placement.progress = progress[placement.sanction_id]
    return SitesPage(programs, sites, placements, [p for p in placements if p.progress.overdue])


async def site_of(viewer: Viewer, site_id: int) -> ServiceSite:
    """One site of a program the viewer coordinates; NotFound otherwise."""
    site = await ServiceSite.get_or_none(id=site_id)
    if site is None or not coordinates(viewer, site.program_id):
        raise NotFound()
    return site


async def program_sites(program_id: int) -> list[ServiceSite]:
    """The program's sites open to placements, each with ``.placed``."""
    sites = list(await ServiceSite.filter(program_id=program_id, active=True).order_by("name", "id"))
    placed: dict[int, int] = defaultdict(int)
    for site_id in await ServicePlacement.filter(site__program_id=program_id, state=PlacementState.ACTIVE
                                                 ).values_list("site_id", flat=True):
        placed[site_id] += 1
    for site in sites:
        site.placed = placed[site.id]
    return sites


async def overdue_count(programs: list[int], today: date) -> int:
    """Placed community service of monitored cases past its deadline with hours still to serve (two
    queries, one when nothing is past its deadline)."""
    placed = await ServicePlacement.filter(
        site__program_id__in=programs, state=PlacementState.ACTIVE, sanction__due_on__lt=today,
        sanction__status__in=list(OPEN), sanction__case__state=CaseState.MONITORING,
    ).values_list("sanction_id", "sanction__quantity", "sanction__due_on")
    if not placed:
        return 0
    served: dict[int, int] = defaultdict(int)
    for sanction_id, minutes in await ServiceHours.filter(
            sanction_id__in=[row[0] for row in placed]).values_list("sanction_id", "minutes"):
        served[sanction_id] += minutes
    return sum(1 for sanction_id, owed, due_on in placed
               if is_overdue(due_on, today, minutes_left(owed or 0, served[sanction_id])))


async def placement_for_token(secret: str, token: str) -> ServicePlacement:
    """The placement a supervisor's token is good for (used or not); LinkRefused otherwise."""
    placement = await ServicePlacement.get_or_none(id=token_placement(token) or 0)
    if placement is None:
        raise LinkRefused(_("This link is not valid. Ask the program for a new one."))
    check_token(secret, token, placement.id, placement.link_nonce, placement.link_expires_at, clock.now())
    return placement


@dataclass
class SupervisorView:
    """What the supervisor sees: the site, the teen by first name only, and the hours."""

    site: ServiceSite
    first_name: str
    progress: ServiceProgress
    started_on: date
    active: bool
    today: date


async def supervisor_view(secret: str, token: str) -> SupervisorView:
    """The supervisor's page for the placement the token is good for (LinkRefused otherwise)."""
    placement = await placement_for_token(secret, token)
    sanction = await Sanction.get(id=placement.sanction_id)
    case = await Case.get(id=sanction.case_id).select_related("respondent")
    program = await Program.get(id=case.program_id)
    today = clock.today(program.time_zone)
    site = await ServiceSite.get(id=placement.site_id)
    person = case.respondent
    name = (person.preferred_name or person.given_name) if person else ""
    progress = (await service_progress([sanction], today))[sanction.id]
    active = placement.state == PlacementState.ACTIVE and sanction.status in OPEN
    return SupervisorView(site, name, progress, placement.started_on, active, today)


@dataclass
class Certificate:
    """What the certificate of completion says."""

    name: str
    language: str
    hours: int
    sites: list[str]
    completed_on: date
    program: str


async def certificate(read: CaseRead, sanction_id: int) -> Certificate:
    """The certificate for a community service whose hours are all confirmed (the teen, their
    family and the coordinators may have it); NotFound before that."""
    if read.access not in (Access.FULL, Access.OWN) or read.case.respondent is None:
        raise NotFound()
    sanction = await Sanction.get_or_none(id=sanction_id, case_id=read.case.id, kind=SanctionKind.COMMUNITY_SERVICE)
    if sanction is None:
        raise NotFound()
    hours = await ServiceHours.filter(sanction_id=sanction.id).order_by("served_on", "id")
    if not hours or minutes_left(sanction.quantity or 0, sum(h.minutes for h in hours)) > 0:
        raise NotFound()
    site_ids = list(dict.fromkeys(
        await ServicePlacement.filter(id__in=[h.placement_id for h in hours]).order_by("id").values_list(
            "site_id", flat=True)))
    names = {s.id: s.name for s in await ServiceSite.filter(id__in=site_ids)}
    person = read.case.respondent
    return Certificate(name=f"{person.preferred_name or person.given_name} {person.family_name}",
                       language=person.language or "en-US", hours=sanction.quantity or 0,
                       sites=[names[i] for i in site_ids], completed_on=max(h.served_on for h in hours),
                       program=read.program.name)
