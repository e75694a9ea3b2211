"""The coordinator's audit page: who did what in their programs, filterable, paged, exportable."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions.access_log import note_export
from jurycourt.auth.policy import coordinates, require
from jurycourt.queries.audit_log import EXPORT_LIMIT, KINDS, AuditFilter, audit_page, audit_rows
from jurycourt.queries.people import people_by_id
from jurycourt.queries.programs import first_coordinated_program
from jurycourt.web import csv_export
from jurycourt.web.forms import Form
from jurycourt.web.params import parse_id
from jurycourt.web.responses import signed_in
from jurycourt.web.templating import render, url_paths

FILTERS = ["kind", "actor", "from", "to"]


def _filter(request: Request, zone: str) -> tuple[Form, AuditFilter]:
    """The filters from the query string; a wrong date is reported next to its field and ignored."""
    params = request.query_params
    form = Form({name: str(params.get(name) or "").strip()[:40] for name in FILTERS})
    if form.get("kind") not in KINDS:
        form.values["kind"] = ""
    tz = ZoneInfo(zone)
    start, end = form.date("from"), form.date("to")
    return form, AuditFilter(
        kind=form.get("kind"),
        actor_id=parse_id(form.get("actor")),
        start=datetime.combine(start, time(), tz).astimezone(UTC) if start else None,
        end=datetime.combine(end + timedelta(days=1), time(), tz).astimezone(UTC) if end else None,
        before=parse_id(params.get("before"), big=True),
    )


async def _zone(viewer) -> str:
    require(coordinates(viewer))
    program = await first_coordinated_program(viewer)
    return program.time_zone


async def audit(request: Request) -> Response:
    viewer = signed_in(request)
    zone = await _zone(viewer)
    form, f = _filter(request, zone)
    page = await audit_page(viewer, f)
    active_filters = {k: v for k, v in form.values.items() if v}
    actor = (await people_by_id([f.actor_id])).get(f.actor_id) if f.actor_id else None

    def url_with(name: str = "audit", **changes: object) -> str:
        """This page (or its CSV) with the current filters, some changed ("" drops one)."""
        params = {k: v for k, v in {**active_filters, **changes}.items() if v not in ("", None)}
        return str(url_paths(request.app)(name)) + (f"?{urlencode(params)}" if params else "")

    return render(request, "audit/page.html", {
        "form": form, "page": page, "zone": zone, "kinds": [(k, label) for k, (label, _) in KINDS.items()],
        "actor_name": actor.display_name if actor and page.rows else "", "url_with": url_with,
        "paged": f.before is not None,
    }, status_code=400 if form.errors else 200)


async def audit_csv(request: Request) -> Response:
    viewer = signed_in(request)
    zone = await _zone(viewer)
    _form, f = _filter(request, zone)
    rows = await audit_rows(viewer, f, EXPORT_LIMIT)
    await note_export(viewer, "audit", None, len(rows))
    stamp = clock.now().astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d")
    return csv_export.audit_events(rows, zone, f"audit-{stamp}.csv")
