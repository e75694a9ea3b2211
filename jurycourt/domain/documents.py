"""Which uploaded files jurycourt keeps: the type is read from the file's first bytes (its
"magic"), never from the name or the browser's word for it, and the size is limited.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from jurycourt.domain.errors import Refused
from jurycourt.i18n import _, _l

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024

#: content type → (label, extension) for every kind of file we accept.
ALLOWED = {
    "application/pdf": ("PDF", "pdf"),
    "image/png": (_l("PNG image"), "png"),
    "image/jpeg": (_l("JPEG image"), "jpg"),
    "text/plain": ("Text", "txt"),
    "text/csv": (_l("CSV data"), "csv"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (_l("Word document"), "docx"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("Spreadsheet", "xlsx"),
}
ACCEPT_LABEL = _l("PDF, PNG, JPEG, text, CSV, Word (.docx) or spreadsheet (.xlsx)")


def _office_type(data: bytes) -> str | None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def _text_type(data: bytes, filename: str) -> str | None:
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if re.search(r"<\s*(html|script|svg|!doctype)", text[:4096], re.IGNORECASE):
        return None  # markup would be a page if anything ever served it inline
    return "text/csv" if filename.lower().endswith(".csv") else "text/plain"


def sniff(data: bytes, filename: str = "") -> str | None:
    """The content type of ``data`` from its first bytes, or None when it is not one we accept."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    return _text_type(data, filename)


def safe_filename(name: str, content_type: str) -> str:
    """A plain name to offer on download: letters, digits, dot, dash and underscore, with the
    extension that matches the sniffed type (whatever the uploaded name said)."""
    base = unicodedata.normalize("NFKD", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    base = base.rsplit(".", 1)[0] if "." in base else base
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", base.encode("ascii", "ignore").decode()).strip("-")[:80] or "document"
    return f"{base}.{ALLOWED[content_type][1]}"


def check_upload(data: bytes, filename: str, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """The sniffed content type of an acceptable upload; Refused when empty, too large or of another type."""
    if not data:
        raise Refused(_("Choose a file to upload."), "file")
    if len(data) > limit:
        raise Refused(_("The file is too large: at most %(limit)s MB.") % {"limit": limit // (1024 * 1024)}, "file")
    content_type = sniff(data, filename)
    if content_type is None:
        raise Refused((_("This kind of file is not accepted. Upload a %(accept_label)s.")
                       % {"accept_label": ACCEPT_LABEL}), "file")
    return content_type
