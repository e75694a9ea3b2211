"""Our own HTML to PDF, without the network.

WeasyPrint lays the page out. Every URL it asks for (an image, a stylesheet, a font, a CSS
``url()``) is refused: a PDF holds only what the HTML we rendered holds, so a report body can
never make the server call out, nor read a local file. The stylesheet is handed over as a string.
WeasyPrint is heavy to import and slow to run: it is imported on the first PDF, never when the app
starts, and a PDF is laid out in a worker thread so the event loop keeps serving.
"""

from __future__ import annotations

import logging
import warnings
from functools import cache
from typing import Any, NoReturn

import anyio.to_thread

from jurycourt.settings import ROOT

STYLESHEET = ROOT / "static" / "css" / "pdf.css"


class ResourceRefused(Exception):
    """A document asked for something outside itself: PDFs never fetch anything."""


def refuse_every_url(url: str) -> NoReturn:
    """The one answer to every URL. The message names no URL: a URL may carry what a person typed."""
    raise ResourceRefused("outside resources are never fetched into a PDF")


class _WithoutArguments(logging.Filter):
    """WeasyPrint logs the URLs it failed to load: keep its message, drop the values."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.args = ()
        return True


@cache
def _weasyprint() -> tuple[Any, type]:
    with warnings.catch_warnings():
        # Without HarfBuzz's subsetter (libharfbuzz-subset0) WeasyPrint warns that a future version
        # will need it; today's PDFs are the same, so that warning must not fail a download.
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint
        from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> NoReturn:
            refuse_every_url(url)

    for name in ("weasyprint", "weasyprint.progress"):
        logging.getLogger(name).addFilter(_WithoutArguments())
    return weasyprint, RefusingFetcher


@cache
def _stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


#: Tagged for screen readers (PDF/UA-1): a structure tree, the document's language (``<html lang>``)
#: and its title (``<title>``), shown by viewers instead of the file name.
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf_sync(html: str) -> bytes:
    """The PDF of ``html`` laid out with our print stylesheet (blocks: call it in a thread)."""
    weasyprint, fetcher = _weasyprint()
    css = weasyprint.CSS(string=_stylesheet(), url_fetcher=fetcher())
    return weasyprint.HTML(string=html, url_fetcher=fetcher()).write_pdf(stylesheets=[css], pdf_variant=PDF_VARIANT)


async def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``, laid out in a worker thread."""
    return await anyio.to_thread.run_sync(html_to_pdf_sync, html)

