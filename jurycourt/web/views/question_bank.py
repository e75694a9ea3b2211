"""The coordinators' question bank page: approve typed-in questions or jurors' questions that worked."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions.question_bank import approve_question
from jurycourt.i18n import _
from jurycourt.queries.question_bank import bank_page
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import parse_id
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render


async def _page(request: Request, program_id: int | None, forms: dict[str, Form] | None = None,
                status_code: int = 200) -> Response:
    page = await bank_page(signed_in(request), program_id)
    forms = forms or {}
    return render(request, "question_bank/page.html",
                  {"bank": page, "form": forms.get("new") or Form(), "forms": forms,
                   "category_options": [("", _("Choose…")), *page.categories.items()]},
                  status_code=status_code, fragment="question_bank/_bank.html")


async def bank(request: Request) -> Response:
    return await _page(request, parse_id(request.query_params.get("program")))


async def approve(request: Request) -> Response:
    """Approve a typed-in question, or (with ``question``) a juror's question that worked."""
    viewer = signed_in(request)
    form = Form.from_data(await read_form(request), ["program", "category", "body", "question"])
    program_id = parse_id(form.get("program"))
    await bank_page(viewer, program_id)  # the permission check, before anything is read from the form
    source = parse_id(form.get("question"))
    key = f"q-{source}" if source else "new"
    return await answer(request, form,
                        lambda: approve_question(viewer, program_id, form.get("category"), form.get("body"), source),
                        done=lambda _: redirect(request, "question_bank", query={"program": str(program_id)}),
                        failed=lambda form, status: _page(request, program_id, {key: form}, status), field="body")
