"""Panel pages: the index of panels of both kinds, the referral of a community justice matter,
the matter page and the notice to the referrer."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions.justice_matters import MatterReferral, refer_matter
from jurycourt.actions.view_log import log_matter_view
from jurycourt.auth.policy import coordinates, require
from jurycourt.domain import justice as rules
from jurycourt.i18n import _
from jurycourt.queries.justice import matter_context, read_matter, referrer_notice, thread_seat, visible_panels
from jurycourt.queries.people import coordinated_programs
from jurycourt.queries.programs import program_or_none
from jurycourt.queries.threads import ThreadReader
from jurycourt.web.documents import pdf_response, render_pdf
from jurycourt.web.forms import Form, invalid_status, read_form
from jurycourt.web.params import parse_id
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render

REFERRAL = ["program", "agency", "referring_officer", "referral_date", "offence", "summary",
            "given_name", "family_name", "phone"]


async def index(request: Request) -> Response:
    viewer = signed_in(request)
    return render(request, "panels/index.html", {"rows": await visible_panels(viewer),
                                                 "may_refer": coordinates(viewer)})


async def _referral_context(request: Request, form: Form) -> dict:
    programs = await coordinated_programs(request.state.viewer)
    rules_ = programs[0].rules if programs else {}
    return {"form": form, "programs": [(str(p.id), p.name) for p in programs],
            "agencies": [("", _("Choose…")), *rules.panel_agencies(rules_).items()],
            "offences": [("", _("Choose…")), *rules.panel_offences(rules_).items()]}


async def new_form(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    form = Form({"program": str(viewer.coordinated_programs[0]), "referral_date": clock.today().isoformat()})
    return render(request, "panels/justice/new.html", await _referral_context(request, form))


async def new(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    form = Form.from_data(await read_form(request), REFERRAL)
    if not form.get("program") and len(viewer.coordinated_programs) == 1:
        form.values["program"] = str(viewer.coordinated_programs[0])
    program_id = parse_id(form.get("program"))
    if program_id not in viewer.coordinated_programs:
        form.error("program", _("Choose one of your programs."))
    program = await program_or_none(program_id)
    if form.get("agency") not in rules.panel_agencies(program.rules if program else {}):
        form.error("agency", _("Choose who referred the matter."))
    if form.get("offence") not in rules.panel_offences(program.rules if program else {}):
        form.error("offence", _("Choose the kind of offence or disorder."))
    form.required("referral_date", "summary", "given_name", "family_name")
    for name, limit in (("referring_officer", 120), ("summary", 2000), ("given_name", 80), ("family_name", 80),
                        ("phone", 40)):
        form.max_length(name, limit)
    referral_date = form.date("referral_date", past=True)
    if not form.ok or program is None or referral_date is None:
        return render(request, "panels/justice/new.html", await _referral_context(request, form),
                      status_code=invalid_status(request))
    referral = MatterReferral(form.get("agency"), form.get("referring_officer"), referral_date, form.get("offence"),
                              form.get("summary"))
    matter = await refer_matter(viewer, program.id, referral, {n: form.get(n) for n in
                                                                ("given_name", "family_name", "phone")})
    return redirect(request, "justice_matter", panel_id=matter.panel_id)


async def matter_page(request: Request, forms: dict[str, Form] | None = None, status_code: int = 200) -> Response:
    """The matter page: everything, with the forms to run it, for its coordinators; the matter
    without forms for the volunteers sitting on its panel."""
    viewer = signed_in(request)
    read = await read_matter(viewer, int(request.path_params["panel_id"]))
    await log_matter_view(read.matter.id, viewer.person_id, read.seen)
    context = await matter_context(read)
    context.update(forms=forms or {}, today=clock.today().isoformat(), kinds=list(rules.ActionKind),
                   wishes=list(rules.ContactWish),
                   roles=[rules.ParticipantRole.HARMED, rules.ParticipantRole.SUPPORTER])
    return render(request, "panels/justice/matter.html", context, status_code=status_code)


async def notice(request: Request) -> Response:
    viewer = signed_in(request)
    read = await read_matter(viewer, int(request.path_params["panel_id"]), "notice")
    found = await referrer_notice(read)
    await log_matter_view(read.matter.id, viewer.person_id, read.seen)
    return render(request, "panels/justice/notice.html", {"notice": found, "today": clock.today(),
                                                          "sender": viewer.name})


async def notice_pdf(request: Request) -> Response:
    """The outcome notice to the referrer as a PDF, named by panel number only (never the person's name)."""
    viewer = request.state.viewer
    read = await read_matter(viewer, int(request.path_params["panel_id"]), "notice-pdf")
    found = await referrer_notice(read)
    await log_matter_view(read.matter.id, viewer.person_id, read.seen)
    pdf = await render_pdf(request, "panels/justice/notice_pdf.html", {"notice": found, "today": clock.today(),
                                                                       "sender": request.state.viewer.name})
    return pdf_response(pdf, f"outcome-notice-panel-{found.panel_id}.pdf", {"Cache-Control": "no-store"})


async def discussion_seat(request: Request) -> ThreadReader:
    """Who reads the panel's discussion thread, and what they may do there (its live polls are
    not logged as views: the page they poll from was)."""
    viewer = signed_in(request)
    read = await read_matter(viewer, int(request.path_params["panel_id"]), "thread")
    if not request.url.path.endswith("/live"):
        await log_matter_view(read.matter.id, viewer.person_id, read.seen)
    return await thread_seat(viewer, read)
