"""Recruiting a citizens' panel by letter: the coordinator's letters page (address file, sample, the letters
as one PDF, sent, response rates), the staff screen for registrations by phone, and the public page where
a household registers with the code on its letter."""

from __future__ import annotations

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from jurycourt import i18n
from jurycourt.actions import assembly_letters as act
from jurycourt.domain import assembly_letters as letters
from jurycourt.domain import citizens_panels as rules
from jurycourt.formats.pdf import html_to_pdf
from jurycourt.i18n import gettext
from jurycourt.queries.assembly_letters import letters_view, managed_panel, printable_letters
from jurycourt.web.answer import answer
from jurycourt.web.client import client_address
from jurycourt.web.csv_import import import_csv
from jurycourt.web.documents import pdf_response, render_html
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import parse_number
from jurycourt.web.qr import qr_svg
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import absolute_url, render

SAMPLE_FIELDS = ["size", "reply_by", "variants"]
SUPPORT_FIELDS = ["name", "contact", "access_needs", "caring", "caring_details", "consent"]


def _pid(request: Request) -> int:
    return int(request.path_params["panel_id"])


def _back(request: Request):
    return lambda _: redirect(request, "citizens_letters", panel_id=_pid(request))


async def _letters_page(request: Request, *, status_code: int = 200, form: Form | None = None,
                        sample_form: Form | None = None, address_errors: list | None = None,
                        error: str = "") -> Response:
    view = await letters_view(signed_in(request), _pid(request))
    return render(request, "citizens/letters.html", {
        "view": view, "form": form or Form(), "sample_form": sample_form or Form({"variants": "yes"}),
        "address_errors": address_errors or [], "error": error,
        "columns": letters.address_columns(view.categories), "per_pdf": letters.LETTERS_PER_PDF,
        "imported": parse_number(request.query_params.get("imported"), 0, 1_000_000)}, status_code=status_code)


async def letters_page(request: Request) -> Response:
    return await _letters_page(request)


async def import_addresses(request: Request) -> Response:
    viewer = signed_in(request)

    async def page(status: int, form: Form, errors: list) -> Response:
        return await _letters_page(request, status_code=status, form=form, address_errors=errors)
    return await import_csv(request, lambda content: act.import_addresses(viewer, _pid(request), content), page,
                            "citizens_letters")


async def draw(request: Request) -> Response:
    viewer = signed_in(request)
    form = Form.from_data(await read_form(request), SAMPLE_FIELDS)
    return await answer(request, form, lambda: act.draw_letters(
        viewer, _pid(request), size=form.get("size"), reply_by=form.get("reply_by"),
        variants=form.get("variants") == "yes", key=request.app.state.settings.pseudonym_key),
        done=_back(request), field="size",
        failed=lambda form, status: _letters_page(request, status_code=status, sample_form=form))


async def mark_sent(request: Request) -> Response:
    viewer = signed_in(request)
    await read_form(request)
    return await answer(request, Form(), lambda: act.mark_sent(viewer, _pid(request)), done=_back(request),
                        failed=lambda form, status: _letters_page(request, status_code=status, error=form.message))


async def letters_pdf(request: Request) -> Response:
    """One PDF of letters for the mail merge, each in its household's language where known (English, with a
    line in Spanish, where not)."""
    part = parse_number(request.query_params.get("part"), 1, 1000) or 1
    panel, citizens, program, mailing, printed = await printable_letters(request.state.viewer, _pid(request), part)
    register_url = absolute_url(request, "assembly_register")
    with i18n.use_language("es-US"):
        spanish_note = gettext("To receive this letter in Spanish, call us or register at %(url)s and choose "
                               "Español at the top of the page.") % {"url": register_url}
    template = request.app.state.templates.get_template("citizens/_letter.html")
    articles = []
    for letter in printed:
        with i18n.use_language(letter.language or i18n.DEFAULT_LANGUAGE):
            url = f"{register_url}?code={letter.code}"
            qr = Markup(qr_svg(url, gettext("QR code of %(url)s") % {"url": url}))  # noqa: S704 - segno's SVG
            articles.append(Markup(template.render({  # noqa: S704 - an autoescaped template's output
                "letter": letter, "program": program, "panel": panel, "question": citizens.question,
                "mailing": mailing, "register_url": register_url, "qr": qr, "lang": i18n.current_language(),
                "spanish_note": "" if letter.language else spanish_note})))
    html = render_html(request, "citizens/letters_pdf.html", {"panel": panel, "articles": articles})
    pdf = await html_to_pdf(html)
    return pdf_response(pdf, f"letters-panel-{panel.id}-part-{part}.pdf", {"Cache-Control": "no-store"})


# ---------------------------------------------------------------- registering with a code


def _registration_fields(categories: int) -> list[str]:
    return ["code", *SUPPORT_FIELDS, *(f"c{n}" for n in range(categories))]


def _register_context(panel, citizens, form: Form) -> dict:
    categories = rules.categories_from_json(citizens.categories)
    return {"panel": panel, "citizens": citizens, "categories": categories, "form": form,
            "options": [[("", gettext("Choose…")), *((v, v) for v in c.values)] for c in categories]}


def _registration(form: Form, categories: int, key: str, **how):
    return act.register_with_code(
        form.get("code"), name=form.get("name"), contact=form.get("contact"),
        answers={f"c{n}": form.get(f"c{n}") for n in range(categories)}, consent=form.get("consent") == "yes",
        access_needs=form.get("access_needs"), caring=form.get("caring") == "yes",
        caring_details=form.get("caring_details"), language=i18n.current_language(), key=key, **how)


async def register_form(request: Request) -> Response:
    """The page a letter's URL and QR code open: the code (filled in from the QR code) and a Continue button."""
    code = letters.format_code(letters.normalise_code(request.query_params.get("code", "")))
    return render(request, "citizens/join.html", {"form": Form({"code": code}), "panel": None})


async def register(request: Request) -> Response:
    """Step one checks the code and shows the panel's form; step two registers."""
    data = await read_form(request)
    key = request.app.state.settings.pseudonym_key
    address = client_address(request)
    if data.get("step") != "register":
        form = Form.from_data(data, ["code"])

        async def failed(form: Form, status: int) -> Response:
            status = 429 if isinstance(form.refusal, act.CodeThrottled) else status
            return render(request, "citizens/join.html", {"form": form, "panel": None}, status_code=status)

        return await answer(request, form, lambda: act.check_code(form.get("code"), key, address),
                            done=lambda found: render(request, "citizens/join.html",
                                                      _register_context(*found, Form({"code": form.get("code")}))),
                            failed=failed, field="code")
    found_before = await act.panel_of_code(str(data.get("code") or ""), key)
    form = Form.from_data(data, _registration_fields(len(found_before[1].categories) if found_before else 0))

    async def refused(form: Form, status: int) -> Response:
        status = 429 if isinstance(form.refusal, act.CodeThrottled) else status
        if found_before is None or form.errors.get("code"):
            return render(request, "citizens/join.html", {"form": Form({"code": form.get("code")}, form.errors),
                                                          "panel": None}, status_code=status)
        return render(request, "citizens/join.html", _register_context(*found_before, form), status_code=status)

    def registered(volunteer_and_token) -> Response:
        url = absolute_url(request, "citizens_withdraw", token=volunteer_and_token[1])
        return render(request, "citizens/registered.html", {"panel": found_before[0] if found_before else None,
                                                            "withdraw_url": url, "by_letter": True})
    count = len(found_before[1].categories) if found_before else 0
    return await answer(request, form, lambda: _registration(form, count, key, address=address),
                        done=registered, failed=refused, field="name")


async def _phone_page(request: Request, form: Form, status_code: int = 200, done: bool = False) -> Response:
    panel, citizens = await managed_panel(signed_in(request), _pid(request))
    return render(request, "citizens/phone.html", {**_register_context(panel, citizens, form), "done": done},
                  status_code=status_code)


async def phone_form(request: Request) -> Response:
    return await _phone_page(request, Form(), done=request.query_params.get("done") == "1")


async def phone_register(request: Request) -> Response:
    viewer = signed_in(request)
    _, citizens = await managed_panel(viewer, _pid(request))
    count = len(citizens.categories)
    form = Form.from_data(await read_form(request), _registration_fields(count))
    key = request.app.state.settings.pseudonym_key
    return await answer(request, form, lambda: _registration(form, count, key, staff=viewer, panel_id=_pid(request)),
                        done=lambda _: redirect(request, "citizens_phone", panel_id=_pid(request),
                                                query={"done": "1"}),
                        failed=lambda form, status: _phone_page(request, form, status), field="name")
