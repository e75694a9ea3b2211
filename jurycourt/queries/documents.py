"""Reading stored documents. The caller has checked the owner's access first."""

from __future__ import annotations

from jurycourt.auth.policy import NotFound
from jurycourt.models import Document


async def owned_document(topic: str, topic_id: int, document_id: int) -> Document:
    """A document of this owner; NotFound for any other id (so ids of other owners leak nothing)."""
    document = await Document.get_or_none(id=document_id, topic=topic, topic_id=topic_id)
    if document is None:
        raise NotFound()
    return document
