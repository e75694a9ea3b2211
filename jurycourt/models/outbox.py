"""Messages waiting to be sent. Each is claimed in a transaction and sent exactly once."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.models.fields import UtcDatetimeField


class OutboxMessage(Model):
    """A message to a person. Never holds a respondent's name or any case detail."""

    id = fields.IntField(primary_key=True)
    person = fields.ForeignKeyField("jurycourt.Person", related_name="messages", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=30)
    dedupe_key = fields.CharField(max_length=120, unique=True)
    subject = fields.CharField(max_length=200)
    body = fields.TextField()
    #: The facts a message of a known kind is written from (domain.duties.COMPOSERS), so it is
    #: written again at send time in the recipient's language then; None: subject and body are final.
    params = fields.JSONField(null=True)
    created_at = UtcDatetimeField(auto_now_add=True)
    claimed_by = fields.CharField(max_length=64, null=True)
    claimed_at = UtcDatetimeField(null=True)
    sent_at = UtcDatetimeField(null=True, db_index=True)
    attempts = fields.IntField(default=0)

    class Meta:
        table = "outbox_message"


class Lease(Model):
    """A named lease one process holds at a time (e.g. the in-server outbox sender)."""

    name = fields.CharField(max_length=40, primary_key=True)
    holder = fields.CharField(max_length=64)
    expires_at = UtcDatetimeField()

    class Meta:
        table = "lease"
