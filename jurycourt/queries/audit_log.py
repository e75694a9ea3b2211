"""The audit log a coordinator may read: the events of their programs, and of their people.

An event belongs to a program when it names the program, or when it names none (sign-ins,
refused requests, account changes) and its actor is a member of the program. Case views come
from their own table. Pages are keyset pages (newest first, ``before`` an event id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.expressions import Q, Subquery

from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.separation import ACTED_ALONE
from jurycourt.i18n import _l
from jurycourt.models import AuditEvent, CaseView, Membership, Person

PAGE_SIZE = 50
EXPORT_LIMIT = 10_000
CASE_VIEWS = "case_views"

#: kind → (label, action prefixes); case views are read from the case_view table.
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "": (_l("All events"), ()),
    "signins": (_l("Sign-ins (success and failure)"), ("signin",)),
    "refusals": (_l("Refused requests (403, 404)"), ("access.refused",)),
    CASE_VIEWS: (_l("Case views"), ()),
    "cases": (_l("Case changes"), ("case.", "sanction.", "restitution.")),
    "sealing": ("Sealing", ("case.sealed",)),
    "exports": ("Exports", ("export.",)),
    "publications": ("Publications", ("publication.",)),
    "accounts": (_l("Passwords, links and two-step sign-in"), ("password.", "link.", "totp.")),
    "people": (_l("People and roles"), ("person.", "membership.", "coordinator.")),
    "alone": (_l("Steps taken alone (no independent second coordinator)"), (ACTED_ALONE,)),
}


@dataclass(frozen=True)
class AuditFilter:
    kind: str = ""
    actor_id: int | None = None
    start: datetime | None = None  # UTC, inclusive
    end: datetime | None = None  # UTC, exclusive
    before: int | None = None  # keyset: only events with a smaller id


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    action: str
    actor_id: int | None
    actor_name: str
    subject_type: str
    subject_id: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    next_before: int | None  # the ``before`` of the next (older) page, None on the last


def _dates(query, f: AuditFilter):
    if f.start:
        query = query.filter(at__gte=f.start)
    if f.end:
        query = query.filter(at__lt=f.end)
    if f.before:
        query = query.filter(id__lt=f.before)
    return query


def _events(programs: list[int], f: AuditFilter):
    members = Membership.filter(program_id__in=programs).values("person_id")
    query = AuditEvent.filter(Q(program_id__in=programs) | Q(program_id=None, actor_id__in=Subquery(members)))
    prefixes = KINDS[f.kind][1]
    if prefixes:
        query = query.filter(Q(*[Q(action__startswith=p) for p in prefixes], join_type="OR"))
    if f.actor_id:
        query = query.filter(actor_id=f.actor_id)
    return _dates(query, f).order_by("-id")


def _case_views(programs: list[int], f: AuditFilter):
    query = CaseView.filter(case__program_id__in=programs)
    if f.actor_id:
        query = query.filter(viewer_id=f.actor_id)
    return _dates(query, f).order_by("-id")


async def _names(ids: set[int]) -> dict[int, str]:
    return {p.id: p.display_name for p in await Person.filter(id__in=ids)} if ids else {}


async def audit_rows(viewer: Viewer, f: AuditFilter, limit: int) -> list[AuditRow]:
    """Up to ``limit`` events the viewer may read, newest first (404 for anyone not a coordinator)."""
    require(coordinates(viewer))
    programs = viewer.coordinated_programs
    if f.kind == CASE_VIEWS:
        views = await _case_views(programs, f).limit(limit)
        names = await _names({v.viewer_id for v in views if v.viewer_id})
        return [AuditRow(v.id, v.at, "case.viewed", v.viewer_id, names.get(v.viewer_id or 0, ""), "case",
                         str(v.case_id), {"what": v.what}) for v in views]
    events = await _events(programs, f).limit(limit)
    names = await _names({e.actor_id for e in events if e.actor_id})
    return [AuditRow(e.id, e.at, e.action, e.actor_id, names.get(e.actor_id or 0, ""), e.subject_type,
                     e.subject_id, e.detail or {}) for e in events]


async def audit_page(viewer: Viewer, f: AuditFilter) -> AuditPage:
    rows = await audit_rows(viewer, f, PAGE_SIZE + 1)
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return AuditPage(rows, rows[-1].id if more else None)


@dataclass(frozen=True)
class LoneStep:
    """A step a coordinator took alone, for the operator (``jurycourt check --deploy``)."""

    at: datetime
    program_id: int | None
    actor_id: int | None
    step: str
    reason: str


async def lone_steps(limit: int = 500) -> list[LoneStep]:
    """The newest steps coordinators took alone, with their written reasons (every program: this is
    the operator's list, not a coordinator's page)."""
    events = await AuditEvent.filter(action=ACTED_ALONE).order_by("-id").limit(limit)
    return [LoneStep(e.at, e.program_id, e.actor_id, str(e.detail.get("step", "")), str(e.detail.get("reason", "")))
            for e in events]
