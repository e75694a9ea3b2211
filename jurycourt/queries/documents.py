"""Reading stored documents. The caller has checked the owner's access first."""

from __future__ import annotations

from dataclasses import dataclass

from jurycourt.auth.policy import NotFound
from jurycourt.domain.documents import ALLOWED
from jurycourt.models import Document


async def owned_document(topic: str, topic_id: int, document_id: int) -> Document:
    """A document of this owner; NotFound for any other id (so ids of other owners leak nothing)."""
    document = await Document.get_or_none(id=document_id, topic=topic, topic_id=topic_id)
    if document is None:
        raise NotFound()
    return document


@dataclass(frozen=True)
class DocumentInfo:
    """What a list shows of a document: never its content."""

    id: int
    filename: str
    content_type: str
    size: int

    @property
    def label(self) -> str:
        return ALLOWED.get(self.content_type, ("File", ""))[0]


async def document_infos(ids: list[int]) -> dict[int, DocumentInfo]:
    """The listed facts of these documents by id, in one query that leaves their content in the database."""
    if not ids:
        return {}
    rows = await Document.filter(id__in=ids).values_list("id", "filename", "content_type", "size")
    return {row[0]: DocumentInfo(*row) for row in rows}
