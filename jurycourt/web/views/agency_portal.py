"""The referral portal of an agency contact: their agency's referrals and notices, the referral form,
and the upload of referrals from the agency's system (a CSV file, checked row by row)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions.agency_referrals import import_referrals, refer_by_agency
from jurycourt.domain.agencies import COLUMNS, MAX_ROWS, ReferralRow
from jurycourt.domain.intake import offence_categories
from jurycourt.domain.people import person_problems
from jurycourt.i18n import _, ngettext
from jurycourt.queries.agencies import contact_agency, portal
from jurycourt.queries.programs import program_or_none
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, invalid_status, read_form, read_upload
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render

FIELDS = ["reference", "given_name", "family_name", "date_of_birth", "referral_date", "offence_category",
          "referring_officer", "summary"]
MAX_UPLOAD = 512 * 1024


async def home(request: Request, upload: Form | None = None, row_errors: list | None = None,
               status_code: int = 200) -> Response:
    viewer = signed_in(request)
    found = await portal(viewer)
    notices = [n for n in found.notices if n.dedupe_key.count(":") == 3]  # one per notice, not per channel
    return render(request, "agencies/portal.html", {
        "portal": found, "notices": notices, "upload": upload or Form(), "row_errors": row_errors or [],
        "columns": COLUMNS, "max_rows": MAX_ROWS, "done": request.query_params.get("done", "")[:20],
    }, status_code=status_code)


async def _offences(request: Request) -> list[tuple[str, str]]:
    agency = await contact_agency(request.state.viewer)
    program = await program_or_none(agency.program_id)
    return [("", _("Choose…")), *offence_categories(program.rules if program else {}).items()]


async def _refer_page(request: Request, form: Form, status_code: int = 200) -> Response:
    return render(request, "agencies/refer.html", {"form": form, "offences": await _offences(request)},
                  status_code=status_code)


async def refer_form(request: Request) -> Response:
    signed_in(request)
    return await _refer_page(request, Form({"referral_date": clock.today().isoformat()}))


async def refer(request: Request) -> Response:
    viewer = signed_in(request)
    await contact_agency(viewer)
    form = Form.from_data(await read_form(request), FIELDS)
    form.required("reference", "offence_category", "referral_date", "date_of_birth")
    form.max_length("reference", 40)
    form.max_length("referring_officer", 120)
    form.max_length("summary", 2000)
    for name, problem in person_problems({n: form.get(n) for n in ("given_name", "family_name", "date_of_birth")},
                                         clock.today()).items():
        form.error(name, problem)
    born, referred = form.date("date_of_birth", past=True), form.date("referral_date", past=True)

    async def failed(form: Form, status: int) -> Response:
        return await _refer_page(request, form, status)
    if born is None or referred is None:
        return await failed(form, invalid_status(request))
    row = ReferralRow(0, form.get("reference"), form.get("given_name"), form.get("family_name"), born, referred,
                      form.get("offence_category"), form.get("referring_officer"), form.get("summary"))
    return await answer(request, form, lambda: refer_by_agency(viewer, row),
                        done=lambda _case: redirect(request, "agency_portal", query={"done": "referred"}),
                        failed=failed, field="reference")


async def upload(request: Request) -> Response:
    """The CSV upload. On errors nothing is opened, and the file's text comes back in a box beside the
    errors, so the rows can be corrected there and sent again without finding the file."""
    viewer = signed_in(request)
    await contact_agency(viewer)
    data = await read_form(request)
    _name, content = await read_upload(data, "file", MAX_UPLOAD)
    form = Form.from_data(data, ["csv_text"])
    if not content:
        content = form.get("csv_text").encode()
    if len(content) > MAX_UPLOAD:
        form.error("file", _("The file is larger than 512 KB: split it into smaller files."))
    elif not content.strip():
        form.error("file", _("Choose a CSV file to upload."))
    elif not form.errors:
        try:
            form.values["csv_text"] = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass  # the reader says so

    async def done(result) -> Response:
        if not result.ok:
            form.error("file", ngettext("Nothing was referred: %(num)s problem in the file (listed below). Correct "
                                        "it in the box and send again.",
                                        "Nothing was referred: %(num)s problems in the file (listed below). Correct "
                                        "them in the box and send again.",
                                        len(result.errors)) % {"num": len(result.errors)})
            return await home(request, form, result.errors, invalid_status(request))
        return redirect(request, "agency_portal", query={"done": str(len(result.rows))})

    async def failed(form: Form, status: int) -> Response:
        return await home(request, form, None, status)
    return await answer(request, form, lambda: import_referrals(viewer, content), done=done, failed=failed,
                        field="file")
