"""PDF responses: a template rendered to HTML, then laid out by ``jurycourt.formats.pdf`` off the event loop."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.formats.pdf import html_to_pdf


def render_html(request: Request, template: str, context: dict[str, Any]) -> str:
    """A document's HTML: only what ``context`` holds (no viewer, no CSRF token, no site chrome)."""
    return request.app.state.templates.get_template(template).render(context)


async def render_pdf(request: Request, template: str, context: dict[str, Any]) -> bytes:
    return await html_to_pdf(render_html(request, template, context))


def pdf_response(pdf: bytes, filename: str, headers: dict[str, str] | None = None) -> Response:
    """A PDF to save. ``filename`` must hold no personal data: it shows in download lists."""
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', **(headers or {})})
