"""Storing uploaded documents for any owner (topic, topic id). The caller checks that the actor
may add to the owner; this module checks the file itself and records the upload."""

from __future__ import annotations

import hashlib

from jurycourt.actions.audit import record
from jurycourt.domain.documents import MAX_DOCUMENT_BYTES, check_upload, safe_filename
from jurycourt.models import Document


async def store(actor_id: int | None, program_id: int, topic: str, topic_id: int, filename: str, data: bytes,
                limit: int = MAX_DOCUMENT_BYTES) -> Document:
    """Keep an uploaded file (its type sniffed, its size limited, its name made plain).
    Call inside the caller's transaction; Refused (field "file") for an unacceptable file."""
    content_type = check_upload(data, filename, limit)
    document = await Document.create(
        program_id=program_id, topic=topic, topic_id=topic_id, filename=safe_filename(filename, content_type),
        content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data,
        uploaded_by_id=actor_id)
    await record("document.stored", actor_id=actor_id, program_id=program_id, subject=("document", document.id),
                 topic=topic, topic_id=topic_id, size=len(data), content_type=content_type)
    return document

