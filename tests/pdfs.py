"""Reading the PDFs the app makes: their text, as a person copying it out would see it."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """All pages' text, whitespace collapsed to single spaces."""
    assert pdf.startswith(b"%PDF"), "not a PDF"
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())
