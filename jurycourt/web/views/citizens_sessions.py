"""A citizens' panel's working pages: each session's evidence (documents and testimony summaries)
and the members' deliberation thread. For the panel's members and coordinators only (404 for others)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions import citizens_sessions as act
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.documents import ACCEPT_LABEL, MAX_DOCUMENT_BYTES
from jurycourt.queries import citizens_sessions as citizens_sessions_queries
from jurycourt.queries.threads import ThreadReader
from jurycourt.web.answer import answer
from jurycourt.web.downloads import attachment
from jurycourt.web.forms import Form, read_form, read_upload
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render

DOCUMENT_FIELDS = ["title", "note"]
TESTIMONY_FIELDS = ["speaker", "speaker_role", "summary"]
#: Both forms share the page: a refused one is shown again with everything typed in either kept.
PAGE_FIELDS = DOCUMENT_FIELDS + TESTIMONY_FIELDS


def _ids(request: Request) -> tuple[int, int]:
    return int(request.path_params["panel_id"]), int(request.path_params["session_id"])


async def _page(request: Request, form: Form | None = None, status_code: int = 200) -> Response:
    page = await citizens_sessions_queries.session_page(signed_in(request), *_ids(request))
    return render(request, "citizens/session.html", {
        "page": page, "form": form or Form(), "accept": ACCEPT_LABEL,
        "max_mb": MAX_DOCUMENT_BYTES // (1024 * 1024)}, status_code=status_code)


async def session(request: Request) -> Response:
    return await _page(request)


async def _file(request: Request, fields: list[str],
                run: Callable[[Viewer, Form, FormData], Awaitable[object]]) -> Response:
    """Check, read, run the action; then back to the session page, or the page again with the refusal
    beside its field and every text input kept."""
    viewer = signed_in(request)
    data = await read_form(request)
    form = Form.from_data(data, PAGE_FIELDS)
    panel_id, session_id = _ids(request)
    return await answer(request, form, lambda: run(viewer, form, data),
                        done=lambda _: redirect(request, "citizens_session", panel_id=panel_id,
                                                session_id=session_id),
                        failed=lambda form, status: _page(request, form, status),
                        field=lambda refusal: refusal.field if refusal.field in (*fields, "file") else fields[0])


async def add_document(request: Request) -> Response:
    async def run(viewer: Viewer, form: Form, data: FormData) -> None:
        filename, content = await read_upload(data)
        await act.add_document(viewer, *_ids(request), title=form.get("title"), note=form.get("note"),
                               filename=filename, data=content)

    return await _file(request, DOCUMENT_FIELDS, run)


async def add_testimony(request: Request) -> Response:
    async def run(viewer: Viewer, form: Form, data: FormData) -> None:
        await act.record_testimony(viewer, *_ids(request), speaker=form.get("speaker"),
                                   speaker_role=form.get("speaker_role"), summary=form.get("summary"))

    return await _file(request, TESTIMONY_FIELDS, run)


async def document(request: Request) -> Response:
    found = await citizens_sessions_queries.session_document(signed_in(request), *_ids(request),
                                                             int(request.path_params["document_id"]))
    return attachment(found)


async def deliberation_seat(request: Request) -> ThreadReader:
    """Who reads the panel's deliberation, and what they may do there."""
    return await citizens_sessions_queries.deliberation_seat(signed_in(request), int(request.path_params["panel_id"]))
