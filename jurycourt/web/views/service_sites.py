"""Community service: the coordinator's sites and placements, the supervisor's page (a signed link,
no account) and the certificate of completion."""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock, i18n
from jurycourt.actions import service_sites as actions
from jurycourt.actions.view_log import log_view
from jurycourt.domain.service_sites import LinkRefused, ServiceChoice, SiteTerms
from jurycourt.i18n import _
from jurycourt.queries import service_sites as queries
from jurycourt.queries.cases import read_case
from jurycourt.web.answer import answer, see_other
from jurycourt.web.documents import pdf_response, render_pdf
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import parse_number
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.service_links import supervisor_url
from jurycourt.web.templating import render
from jurycourt.web.views.case_steps import coordinated_case, run_step, sanction_in

SITE_FIELDS = ["program", "name", "address", "work", "opening_hours", "capacity", "supervisor_name",
               "supervisor_phone", "supervisor_email"]


async def sites(request: Request, form: Form | None = None, status_code: int = 200) -> Response:
    viewer = signed_in(request)
    page = await queries.sites_page(viewer)
    program = str(page.programs[0].id) if page.programs else ""
    return render(request, "service_sites/page.html", {
        "page": page, "form": form or Form({"program": program}),
        "program_options": [(str(p.id), p.name) for p in page.programs],
        "link": lambda placement: supervisor_url(request, placement)}, status_code=status_code)


def _terms(form: Form) -> SiteTerms:
    capacity = parse_number(form.get("capacity"), 0, 99_999)
    return SiteTerms(form.get("name"), form.get("supervisor_name"), capacity, form.get("supervisor_phone"),
                     form.get("supervisor_email"), form.get("address"), form.get("work"), form.get("opening_hours"))


async def add_site(request: Request) -> Response:
    viewer = signed_in(request)
    form = Form.from_data(await read_form(request), SITE_FIELDS)
    program = form.id("program", _("Choose one of your programs."))
    if form.ok and (program is None or program not in viewer.coordinated_programs):
        form.error("program", _("Choose one of your programs."))
    return await answer(request, form, lambda: actions.save_site(viewer, program, _terms(form)),
                        done=lambda site: see_other(request, "service_sites", anchor=f"site-{site.id}"),
                        failed=lambda form, status: sites(request, form, status), field="name")


async def _edit_page(request: Request, site, form: Form, status_code: int = 200) -> Response:
    return render(request, "service_sites/edit.html", {"site": site, "form": form}, status_code=status_code)


async def edit_site(request: Request) -> Response:
    site = await queries.site_of(signed_in(request), int(request.path_params["site_id"]))
    values = {name: str(getattr(site, name)) for name in SITE_FIELDS if name != "program"}
    return await _edit_page(request, site, Form(values))


async def save_site(request: Request) -> Response:
    viewer = signed_in(request)
    site = await queries.site_of(viewer, int(request.path_params["site_id"]))
    form = Form.from_data(await read_form(request), SITE_FIELDS)
    return await answer(request, form, lambda: actions.save_site(viewer, site.program_id, _terms(form), site.id),
                        done=lambda saved: see_other(request, "service_sites", anchor=f"site-{saved.id}"),
                        failed=lambda form, status: _edit_page(request, site, form, status), field="name")


async def place(request: Request) -> Response:
    viewer, case = await coordinated_case(request, "step")
    sanction = await sanction_in(request, case)
    form = Form.from_data(await read_form(request), ["site"])
    site = form.id("site", _("Choose one of the program's sites."))
    return await run_step(request, case, f"place-{sanction.id}", form,
                      lambda: actions.place(viewer, case, sanction, site), "site", f"sanction-{sanction.id}")


async def renew_link(request: Request) -> Response:
    viewer, case = await coordinated_case(request, "step")
    sanction = await sanction_in(request, case)
    form = Form.from_data(await read_form(request), [])
    return await run_step(request, case, f"service-{sanction.id}", form,
                      lambda: actions.renew_link(viewer, case, sanction), "choice", f"sanction-{sanction.id}")


async def deadline_choice(request: Request) -> Response:
    """Past the deadline (or before it): extend it, move to a new site, or return to the referrer."""
    viewer, case = await coordinated_case(request, "step")
    sanction = await sanction_in(request, case)
    form = Form.from_data(await read_form(request), ["choice", "due_on", "site", "reason"])
    due_on = form.date("due_on")
    site = form.id("site", _("Choose one of the program's sites."))
    choice = form.get("choice")
    if choice == ServiceChoice.EXTEND:
        def action():
            return actions.extend(viewer, case, sanction, due_on, form.get("reason"))
    elif choice == ServiceChoice.MOVE:
        def action():
            return actions.move(viewer, case, sanction, site, due_on, form.get("reason"))
    else:
        if choice != ServiceChoice.RETURN:
            form.error("choice", _("Choose what happens next."))

        def action():
            return actions.return_to_referrer(viewer, case, sanction, form.get("reason"))
    return await run_step(request, case, f"service-{sanction.id}", form, action, "choice", f"sanction-{sanction.id}")


# The supervisor's page: no account, the signed link is the key (one placement, until it expires).

def _key() -> str:
    return secrets.token_urlsafe(18)


async def _hours_page(request: Request, form: Form | None = None, status_code: int = 200,
                      counted: str = "") -> Response:
    token = request.path_params["token"]
    try:
        view = await queries.supervisor_view(request.app.state.settings.secret_key, token)
    except LinkRefused as problem:
        return render(request, "service_sites/link_unusable.html", {"message": str(problem)}, status_code=410)
    form = form or Form({"served_on": view.today.isoformat(), "key": _key()})
    return render(request, "service_sites/hours.html", {"view": view, "form": form, "token": token,
                                                        "counted": counted}, status_code=status_code,
                  headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})


async def hours_form(request: Request) -> Response:
    return await _hours_page(request, counted=request.query_params.get("counted", ""))


async def confirm_hours(request: Request) -> Response:
    token = request.path_params["token"]
    form = Form.from_data(await read_form(request), ["served_on", "hours", "minutes", "key"])
    served_on = form.date("served_on", past=True)
    form.required("served_on")
    minutes = form.minutes("hours", "minutes")

    def blame(refusal) -> str:
        if refusal.field == "key":  # a stale form: what they typed stays, with a fresh key
            form.values["key"] = _key()
        return refusal.field or "hours"

    def done(result: actions.Confirmed) -> Response:
        return redirect(request, "service_hours", query={"counted": "yes" if result.counted else "again"},
                        token=token)
    try:
        return await answer(request, form,
                            lambda: actions.confirm_hours(request.app.state.settings.secret_key, token,
                                                          form.get("key"), minutes, served_on),
                            done=done, failed=lambda form, status: _hours_page(request, form, status), field=blame)
    except LinkRefused as problem:
        return render(request, "service_sites/link_unusable.html", {"message": str(problem)}, status_code=410)


async def certificate_pdf(request: Request) -> Response:
    """The certificate of completion, in the teen's own language, once every hour is confirmed."""
    viewer = request.state.viewer
    read = await read_case(viewer, int(request.path_params["case_id"]), "service-certificate")
    found = await queries.certificate(read, int(request.path_params["sanction_id"]))
    await log_view(read.case.id, viewer.person_id, read.seen)
    with i18n.use_language(i18n.supported(found.language) or "en-US"):
        pdf = await render_pdf(request, "service_sites/certificate_pdf.html",
                               {"certificate": found, "today": clock.today()})
    return pdf_response(pdf, f"service-certificate-case-{read.case.id}.pdf", {"Cache-Control": "no-store"})
