"""Citizens' panel pages: the list, the charter form, the panel page, the public volunteer form and
withdrawal, the pool import, quotas, commitment, sessions and ending."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions import citizens_panels as act
from jurycourt.actions import citizens_recommendations as recs
from jurycourt.auth import throttle
from jurycourt.auth.policy import coordinates, require
from jurycourt.domain import citizens_panels as rules
from jurycourt.domain.errors import Refused
from jurycourt.domain.pool_csv import expected_columns
from jurycourt.domain.throttle import PUBLIC_FORM, wait_message
from jurycourt.i18n import _l, gettext, lazy
from jurycourt.queries.assembly_letters import recruits_by_letter
from jurycourt.queries.citizens_panels import citizens_panels, panel_view, quotas_of, volunteer_form_panel
from jurycourt.queries.programs import program_of, rooms_in
from jurycourt.web.answer import answer
from jurycourt.web.client import client_address
from jurycourt.web.csv_import import import_csv
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import BadValue, parse_id, parse_moment, parse_number
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import absolute_url, render

CHARTER_FIELDS = ["title", "question", "size", "reserves", "algorithm", "categories", "privacy_notice"]
#: Nash first: it draws 40 from 2,000 volunteers in about half a minute on two cores, where maximin's
#: optimisation loop takes minutes from 1,000 volunteers up (tests/bench/RESULTS.md, *Citizens' panel draw*).
ALGORITHM_OPTIONS = [("nash", _l("Nash (balance all chances; quick for large pools)")),
                     ("maximin", _l("Maximin (raise the lowest chance; slow beyond a few hundred volunteers)"))]
DEFAULT_NOTICE = (_l("We keep your name and contact only to run this panel's draw and to reach you if you are chosen. "
                  "Your address is never stored: only a code that tells us whether two volunteers share a "
                  "household. After the draw, your answers are published under a random code (never your name, "
                  "contact or address) so that anyone can check the draw. If you are not chosen, your data is "
                  "erased when the panel ends. You can withdraw at any time with the link you get after "
                  "registering."))


STATUS_LABELS = {status.value: lazy(getattr, status, "label") for status in rules.CitizensPanelStatus}


def _pid(request: Request) -> int:
    return int(request.path_params["panel_id"])


async def panel_list(request: Request) -> Response:
    viewer = request.state.viewer
    return render(request, "citizens/list.html", {"panels": await citizens_panels(viewer), "labels": STATUS_LABELS,
                                                  "may_charter": viewer.signed_in and viewer.is_coordinator})


async def new_form(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    form = Form({"size": "12", "reserves": "4", "algorithm": "nash", "privacy_notice": DEFAULT_NOTICE,
                 "categories": gettext("Age band: 16-29, 30-44, 45-64, 65+\nGender: Woman, Man, Another gender")})
    return render(request, "citizens/new.html", {"form": form, "algorithms": ALGORITHM_OPTIONS})


async def create(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    form = Form.from_data(await read_form(request), CHARTER_FIELDS)

    async def failed(form: Form, status: int) -> Response:
        return render(request, "citizens/new.html", {"form": form, "algorithms": ALGORITHM_OPTIONS},
                      status_code=status)
    return await answer(request, form,
                        lambda: act.charter_panel(viewer, viewer.coordinated_programs[0],
                                                  **{name: form.get(name) for name in CHARTER_FIELDS}),
                        done=lambda panel: redirect(request, "citizens_panel", panel_id=panel.id), failed=failed,
                        field=lambda refusal: refusal.field if refusal.field in CHARTER_FIELDS else "question")


async def _panel_page(request: Request, *, status_code: int = 200, error: str = "", form: Form | None = None,
                      quota_form: Form | None = None, pool_errors: list | None = None) -> Response:
    view = await panel_view(request.state.viewer, _pid(request))
    rooms = await rooms_in(view.panel.program_id) if view.role == "coordinator" else []
    program = await program_of(view.panel.program_id)
    return render(request, "citizens/panel.html", {
        "view": view, "error": error,
        # only a number from the address reaches the page, inside a fixed sentence
        "imported": parse_number(request.query_params.get("imported"), 0, 1_000_000),
        "form": form or Form(), "quota_form": quota_form or Form(),
        "pool_errors": pool_errors or [], "rooms": rooms, "program": program,
        "columns": expected_columns(view.categories)}, status_code=status_code)


async def panel(request: Request) -> Response:
    return await _panel_page(request)


async def _with_error(request: Request, form: Form, status: int) -> Response:
    """The panel page again with the refusal above its forms."""
    return await _panel_page(request, status_code=status, error=form.message)


async def _with_form(request: Request, form: Form, status: int) -> Response:
    """The panel page again with ``form`` as typed and its error beside its field."""
    return await _panel_page(request, status_code=status, form=form)


def _back(request: Request) -> Callable[[object], Response]:
    return lambda _: redirect(request, "citizens_panel", panel_id=_pid(request))


async def _step(request: Request, step, *args) -> Response:
    viewer = signed_in(request)
    await read_form(request)
    return await answer(request, Form(), lambda: step(viewer, _pid(request), *args), done=_back(request),
                        failed=lambda form, status: _with_error(request, form, status))


async def commit(request: Request) -> Response:
    return await _step(request, act.publish_commitment)


async def reopen(request: Request) -> Response:
    viewer = signed_in(request)
    form = Form.from_data(await read_form(request), ["reason"])
    return await answer(request, form, lambda: act.reopen_recruitment(viewer, _pid(request), form.get("reason")),
                        done=_back(request), failed=lambda form, status: _with_form(request, form, status),
                        field="reason")


async def end(request: Request) -> Response:
    return await _step(request, act.end_panel)


async def set_quotas(request: Request) -> Response:
    viewer = signed_in(request)
    data = await read_form(request)
    values: dict[tuple[str, str], tuple[str, str]] = {}
    panel, _ = await act.managed_panel(viewer, _pid(request))
    quota_form = Form()
    for quota in await quotas_of(panel):
        low, high = str(data.get(f"min{quota.id}") or "").strip(), str(data.get(f"max{quota.id}") or "").strip()
        quota_form.values.update({f"min{quota.id}": low, f"max{quota.id}": high})
        values[(quota.category, quota.value)] = (low, high)

    async def failed(form: Form, status: int) -> Response:
        return await _panel_page(request, status_code=status, quota_form=form)
    return await answer(request, quota_form, lambda: act.set_quotas(viewer, panel.id, values), done=_back(request),
                        failed=failed, field="quotas")


async def import_pool(request: Request) -> Response:
    viewer = signed_in(request)

    async def page(status: int, form: Form, errors: list) -> Response:
        return await _panel_page(request, status_code=status, form=form, pool_errors=errors)
    return await import_csv(request, lambda content: act.import_pool(viewer, _pid(request), content,
                                                                     request.app.state.settings.pseudonym_key),
                            page, "citizens_panel")


#: The hearing rules name their fields after the hearing's; the form's are these.
SESSION_ERROR_FIELDS = {"starts_at": "start", "ends_at": "end"}


async def add_session(request: Request) -> Response:
    viewer = signed_in(request)
    data = await read_form(request)
    form = Form.from_data(data, ["date", "start", "end", "room"])
    panel, _ = await act.managed_panel(viewer, _pid(request))
    program = await program_of(panel.program_id)
    tz = ZoneInfo(program.time_zone)
    starts = ends = None
    try:
        starts = parse_moment(f"{form.get('date')}T{form.get('start')}", tz)
        ends = parse_moment(f"{form.get('date')}T{form.get('end')}", tz)
    except BadValue:
        if form.ok:
            form.error("date", gettext("Give the date (YYYY-MM-DD) and the start and end times (HH:MM)."))

    def blame(refusal: Refused) -> str:
        field = SESSION_ERROR_FIELDS.get(refusal.field or "", refusal.field)
        return field if field in ("date", "start", "end", "room") else "date"
    return await answer(request, form,
                        lambda: act.add_session(viewer, panel.id, starts, ends, parse_id(form.get("room"))),
                        done=_back(request), failed=lambda form, status: _with_form(request, form, status),
                        field=blame)


# ---------------------------------------------------------------- recommendations


async def draft_recommendation(request: Request) -> Response:
    viewer = signed_in(request)
    form = Form.from_data(await read_form(request), ["text"])
    return await answer(request, form, lambda: recs.draft_recommendation(viewer, _pid(request), form.get("text")),
                        done=_back(request), failed=lambda form, status: _with_form(request, form, status),
                        field=lambda _: "text")


async def record_vote(request: Request) -> Response:
    viewer = signed_in(request)
    rid = int(request.path_params["recommendation_id"])
    names = ["votes_for", "votes_against", "abstentions", "minority_statement"]
    form = Form.from_data(await read_form(request), names)
    return await answer(request, form,
                        lambda: recs.record_vote(viewer, _pid(request), rid, **{n: form.get(n) for n in names}),
                        done=_back(request), failed=lambda form, status: _with_error(request, form, status))


async def publish_recommendations(request: Request) -> Response:
    viewer = signed_in(request)
    await read_form(request)
    return await answer(request, Form(), lambda: recs.draft_publication(viewer, _pid(request)),
                        done=lambda publication: redirect(request, "publication", publication_id=publication.id),
                        failed=lambda form, status: _with_error(request, form, status))


# ---------------------------------------------------------------- the public volunteer form

VOLUNTEER_FIELDS = ["name", "contact", "address", "consent"]


async def _volunteer_page(request: Request, form: Form, status_code: int = 200, wait: int = 0) -> Response:
    panel, citizens = await volunteer_form_panel(_pid(request))
    categories = rules.categories_from_json(citizens.categories)
    return render(request, "citizens/volunteer.html", {
        "panel": panel, "citizens": citizens, "categories": categories, "form": form, "wait": wait,
        "options": [[("", gettext("Choose…")), *((v, v) for v in c.values)] for c in categories],
        "by_letter": (by_letter := await recruits_by_letter(panel.id)),
        "open": panel.status == rules.CitizensPanelStatus.RECRUITING and not by_letter}, status_code=status_code,
        headers={"Retry-After": str(wait)} if wait else None)


async def volunteer_form(request: Request) -> Response:
    return await _volunteer_page(request, Form())


async def volunteer(request: Request) -> Response:
    panel, citizens = await volunteer_form_panel(_pid(request))
    data = await read_form(request)
    names = VOLUNTEER_FIELDS + [f"c{n}" for n in range(len(citizens.categories))]
    form = Form.from_data(data, names)
    address = client_address(request)
    now = clock.now()
    wait = await throttle.claim([(throttle.key("form-volunteer", address), PUBLIC_FORM)], now)
    if wait:
        return await _volunteer_page(request, form, status_code=429, wait=wait)

    def registered(volunteer_and_token) -> Response:
        url = absolute_url(request, "citizens_withdraw", token=volunteer_and_token[1])
        return render(request, "citizens/registered.html", {"panel": panel, "withdraw_url": url})
    return await answer(request, form,
                        lambda: act.register_volunteer(
                            panel.id, name=form.get("name"), contact=form.get("contact"), address=form.get("address"),
                            answers={k: form.get(k) for k in names if k.startswith("c") and k[1:].isdigit()},
                            consent=form.get("consent") == "yes", key=request.app.state.settings.pseudonym_key),
                        done=registered,
                        failed=lambda form, status: _volunteer_page(request, form, status_code=status), field="name")


async def withdraw_form(request: Request) -> Response:
    return render(request, "citizens/withdraw.html", {"token": request.path_params["token"], "done": False,
                                                      "error": ""})


async def withdraw(request: Request) -> Response:
    await read_form(request)
    token = request.path_params["token"]
    counters = [(throttle.key("form-withdraw", client_address(request)), PUBLIC_FORM)]
    wait = await throttle.claim(counters, clock.now())
    if wait:
        return render(request, "citizens/withdraw.html", {"token": token, "done": False,
                                                          "error": wait_message(wait)},
                      status_code=429, headers={"Retry-After": str(wait)})

    async def failed(form: Form, status: int) -> Response:
        return render(request, "citizens/withdraw.html", {"token": token, "done": False, "error": form.message},
                      status_code=status)
    return await answer(request, Form(), lambda: act.withdraw_volunteer(token),
                        done=lambda _: render(request, "citizens/withdraw.html",
                                              {"token": "", "done": True, "error": ""}),
                        failed=failed)
