"""HTML to PDF without the network: every URL is refused, nothing personal is logged."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys

import pytest

from jurycourt.formats import pdf
from tests.pdfs import pdf_text

REACHING_OUT = """<!doctype html><html lang="en"><head><title>Reaching out</title>
<link rel="stylesheet" href="http://example.invalid/linked.css">
<style>@import url("http://example.invalid/imported.css");
p.bg { background: url("http://example.invalid/background.png") }
@font-face { font-family: Far; src: url("http://example.invalid/font.woff2") }</style></head>
<body><h1>Nothing fetched</h1><p class="bg">Background asked for.</p>
<img src="http://example.invalid/image.png" alt="remote picture"><img src="file:///etc/passwd" alt="local file">
<object data="http://example.invalid/object.svg"></object></body></html>"""


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Every URL the PDF maker was asked for (each still refused), and no socket opened meanwhile."""
    urls: list[str] = []
    refuse = pdf.refuse_every_url

    def record(url: str):
        urls.append(url)
        return refuse(url)

    def no_network(*args, **kwargs):
        raise AssertionError(f"the PDF maker opened a connection: {args}")

    monkeypatch.setattr(pdf, "refuse_every_url", record)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    return urls


def test_a_pdf_is_made_from_html_with_its_text(asked):
    made = pdf.html_to_pdf_sync("<html><head><title>T</title></head><body><h1>Outcome of a referral</h1>"
                                "<p>Completed, and resolved.</p></body></html>")
    assert made.startswith(b"%PDF")
    text = pdf_text(made)
    assert "Outcome of a referral" in text and "Completed, and resolved." in text
    assert asked == []


def test_every_url_in_html_or_css_is_asked_for_and_refused_without_a_connection(asked, caplog):
    caplog.set_level(logging.DEBUG)
    made = pdf.html_to_pdf_sync(REACHING_OUT)
    assert "Nothing fetched" in pdf_text(made)
    for name in ("linked.css", "imported.css", "background.png", "font.woff2", "image.png"):
        assert f"http://example.invalid/{name}" in asked, name
    assert "file:///etc/passwd" in asked
    assert "root:" not in pdf_text(made)


def test_refusals_are_logged_without_the_urls(asked, caplog):
    caplog.set_level(logging.DEBUG)
    pdf.html_to_pdf_sync(REACHING_OUT)
    assert asked, "nothing was asked for: the test shows nothing"
    for record in caplog.records:
        assert "example.invalid" not in record.getMessage()
        assert "passwd" not in record.getMessage()


def test_the_refusal_names_no_url():
    with pytest.raises(pdf.ResourceRefused) as refused:
        pdf.refuse_every_url("http://example.invalid/?name=Jamie")
    assert "Jamie" not in str(refused.value) and "example" not in str(refused.value)


async def test_pdfs_are_laid_out_in_a_worker_thread(monkeypatch):
    import threading

    threads: list[str] = []
    made = pdf.html_to_pdf_sync

    def spy(html: str) -> bytes:
        threads.append(threading.current_thread().name)
        return made(html)

    monkeypatch.setattr(pdf, "html_to_pdf_sync", spy)
    out = await pdf.html_to_pdf("<p>threaded</p>")
    assert out.startswith(b"%PDF")
    assert threads and threads[0] != threading.main_thread().name


def test_the_app_starts_without_importing_weasyprint():
    code = "import sys, jurycourt.app, jurycourt.web.routes; print('weasyprint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == "False"



def test_a_pdf_is_tagged_for_screen_readers_with_its_language_and_title():
    from io import BytesIO

    from pypdf import PdfReader

    made = pdf.html_to_pdf_sync('<!doctype html><html lang="es-US"><head><title>Informe de la ciudad</title></head>'
                                "<body><h1>Informe</h1><p>Texto.</p></body></html>")
    reader = PdfReader(BytesIO(made))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog  # tagged
    assert catalog["/Lang"] == "es-US"
    assert reader.metadata.title == "Informe de la ciudad" and catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()  # declares PDF/UA in its XMP metadata
