"""The printable outcome letter for a case's referring agency, as a page and as a PDF."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock, i18n
from jurycourt.actions.view_log import log_view
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.sanctions import in_words
from jurycourt.queries.case_letter import decision_letter, outcome_letter
from jurycourt.web.documents import pdf_response, render_pdf
from jurycourt.web.responses import signed_in
from jurycourt.web.templating import render


async def _letter_context(request: Request, viewer: Viewer, what: str) -> dict:
    case_id = int(request.path_params["case_id"])
    found = await outcome_letter(viewer, case_id, what)
    await log_view(case_id, viewer.person_id, found.seen)
    return {"letter": found, "case_id": case_id, "today": clock.today(), "sender": viewer.name}


async def letter(request: Request) -> Response:
    return render(request, "cases/letter.html", await _letter_context(request, signed_in(request), "letter"))


async def letter_pdf(request: Request) -> Response:
    # Not signed in: 404 like everyone else who may not see it (the query refuses them), not a
    # sign-in page that a download link would save as the "PDF".
    # In the reader's language, or in the one asked for (?language=es-US): the letter's recipient's.
    language = i18n.supported(request.query_params.get("language")) or i18n.current_language()
    with i18n.use_language(language):
        context = await _letter_context(request, request.state.viewer, "letter-pdf")
        pdf = await render_pdf(request, "cases/letter_pdf.html", context)
    # The case number only: the respondent's name must not land in someone's downloads list.
    return pdf_response(pdf, f"outcome-letter-case-{context['case_id']}.pdf", {"Cache-Control": "no-store"})


async def _decision_context(request: Request, viewer: Viewer, what: str) -> dict:
    case_id = int(request.path_params["case_id"])
    found = await decision_letter(viewer, case_id, what)
    await log_view(case_id, viewer.person_id, found.seen)
    return {"letter": found, "case_id": case_id, "today": clock.today(), "sender": viewer.name, "in_words": in_words}


async def decision(request: Request) -> Response:
    """The letter telling the young person and their family what the jury decided."""
    return render(request, "cases/decision_letter.html",
                  await _decision_context(request, signed_in(request), "decision-letter"))


async def decision_pdf(request: Request) -> Response:
    context = await _decision_context(request, request.state.viewer, "decision-letter-pdf")
    pdf = await render_pdf(request, "cases/decision_letter_pdf.html", context)
    return pdf_response(pdf, f"decision-letter-case-{context['case_id']}.pdf", {"Cache-Control": "no-store"})
