"""Sending a stored document back: always as an attachment, never sniffed by the browser."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from starlette.responses import Response

if TYPE_CHECKING:
    from jurycourt.models import Document



def attachment(document: Document) -> Response:
    """The document as a download with its sniffed type, ``nosniff`` and a sandboxing CSP."""
    return Response(bytes(document.data), media_type=document.content_type, headers={
        "Content-Disposition": f"attachment; filename=\"{document.filename}\"; "
                               f"filename*=UTF-8''{quote(document.filename)}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
    })
