"""QR codes for links handed over in person, drawn as SVG (allowed by our CSP as data: images)."""

from __future__ import annotations

import segno


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=6, border=2)
