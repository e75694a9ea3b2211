"""QR codes for links handed over in person, drawn as SVG (allowed by our CSP as data: images)."""

from __future__ import annotations

import segno


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=6, border=2)


def qr_svg(text: str, title: str = "") -> str:
    """The QR code as an inline ``<svg>`` element, for a PDF (which fetches no image, not even a data: URL)."""
    return segno.make(text, error="m").svg_inline(scale=3, border=2, title=title or None)
