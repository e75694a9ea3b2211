"""Uploads: the type comes from the content, never the name; size is limited."""

from __future__ import annotations

import io
import zipfile

import pytest

from jurycourt.domain.documents import MAX_DOCUMENT_BYTES, check_upload, safe_filename, sniff
from jurycourt.domain.errors import Refused


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "name", "expected"), [
    (b"%PDF-1.7\n...", "x.pdf", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n....", "x.png", "image/png"),
    (b"\xff\xd8\xff\xe0....", "x.jpg", "image/jpeg"),
    (b"age,count\n12,3\n", "counts.csv", "text/csv"),
    (b"Notes from the visit.", "notes.txt", "text/plain"),
])
def test_accepted_types_are_recognised_by_their_content(data, name, expected):
    assert sniff(data, name) == expected


def test_a_word_document_is_recognised_inside_its_zip():
    assert sniff(_docx(), "report.docx").endswith("wordprocessingml.document")


@pytest.mark.parametrize(("data", "name"), [
    (b"MZ\x90\x00\x03\x00\x00\x00", "report.pdf"),  # a Windows program named as a PDF
    (b"<html><script>alert(1)</script></html>", "notes.txt"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "chart.png"),
    (b"PK\x03\x04not really a zip", "sheet.xlsx"),
    (b"\x00\x01\x02binary", "data.csv"),
])
def test_other_content_is_refused_whatever_its_name(data, name):
    with pytest.raises(Refused) as refused:
        check_upload(data, name)
    assert refused.value.field == "file"
    assert "not accepted" in refused.value.message


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(Refused) as refused:
        check_upload(b"%PDF-" + b"0" * MAX_DOCUMENT_BYTES, "big.pdf")
    assert "too large" in refused.value.message


def test_an_empty_file_is_refused():
    with pytest.raises(Refused):
        check_upload(b"", "empty.pdf")


def test_the_download_name_is_plain_and_its_extension_matches_the_content():
    assert safe_filename("../../etc/Budget 2026 (final).exe", "application/pdf") == "Budget-2026-final.pdf"
    assert safe_filename("", "text/csv") == "document.csv"
