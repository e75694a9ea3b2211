"""The one way a page imports a CSV file checked row by row (a citizens' panel's pool, its address file):
read the upload, run the import, then back to the page with the count, or the page again with each row's
problem listed and nothing imported."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from jurycourt.i18n import gettext, ngettext
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, invalid_status, read_form
from jurycourt.web.responses import redirect

#: Renders the page again: (status, the form with its error, the file's (line, problem) rows).
Page = Callable[[int, Form, list], Awaitable[Response]]


async def import_csv(request: Request, run: Callable[[bytes], Awaitable[Any]], page: Page, route: str) -> Response:
    """Import the uploaded ``file`` with ``run`` (which returns what it read: ``ok``, ``rows``, ``errors``),
    then 303 to ``route`` (with the request's path parameters) saying how many rows came in."""
    data = await read_form(request)
    upload = data.get("file")
    content = await upload.read() if isinstance(upload, UploadFile) else b""
    form = Form()
    if not content:
        form.error("file", gettext("Choose a CSV file to import."))

    async def done(result: Any) -> Response:
        if not result.ok:
            form.error("file", ngettext("Nothing was imported: %(num)s problem in the file (listed below).",
                                        "Nothing was imported: %(num)s problems in the file (listed below).",
                                        len(result.errors)) % {"num": len(result.errors)})
            return await page(invalid_status(request), form, result.errors)
        return redirect(request, route, query={"imported": str(len(result.rows))}, **request.path_params)
    return await answer(request, form, lambda: run(content), done=done,
                        failed=lambda form, status: page(status, form, []), field=lambda _: "file")
