"""Uploaded documents, owned by any record (an inquiry, a panel) named by topic and topic id."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.models.fields import UtcDatetimeField


class Document(Model):
    """A file kept in the database, its type found by sniffing its content, never trusted from the name.

    The owner is named like a thread's: topic (e.g. inquiry) and topic_id. Whoever may see the
    owner may download the document, always as an attachment.
    """

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.RESTRICT)
    topic = fields.CharField(max_length=30)
    topic_id = fields.IntField()
    filename = fields.CharField(max_length=120)
    content_type = fields.CharField(max_length=100)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    data = fields.BinaryField()
    uploaded_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "document"
        indexes = (("topic", "topic_id"),)
