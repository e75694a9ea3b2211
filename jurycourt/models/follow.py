"""Follow by email: visitors of the public site (no account) who asked for new findings by email,
and the mail queued for them. Only the address is kept (and the language the page was read in)."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.models.fields import UtcDatetimeField


class Follower(Model):
    """An address that asked to follow the findings: confirmed by its own link (double opt-in), or
    erased a few days after asking."""

    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    language = fields.CharField(max_length=10, default="", db_default="")
    asked_at = UtcDatetimeField(description="when the last confirmation mail was asked for")
    confirmed_at = UtcDatetimeField(null=True)

    class Meta:
        table = "follower"


class FollowerMail(Model):
    """A mail to a follower, sent exactly once by the outbox's claim (same columns as OutboxMessage's
    claim and delivery state): the confirmation, or a new finding. Its words are written at send time."""

    id = fields.IntField(primary_key=True)
    follower = fields.ForeignKeyField("jurycourt.Follower", related_name="mails", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=30, description="follow_confirm or finding")
    dedupe_key = fields.CharField(max_length=120, unique=True)
    params = fields.JSONField(null=True)
    created_at = UtcDatetimeField(auto_now_add=True)
    claimed_by = fields.CharField(max_length=64, null=True)
    claimed_at = UtcDatetimeField(null=True)
    finished_at = UtcDatetimeField(null=True)
    attempts = fields.IntField(default=0)
    channel = fields.CharField(max_length=10, default="email", db_default="email")
    state = fields.CharField(max_length=15, default="queued", db_default="queued")
    state_detail = fields.CharField(max_length=200, default="", db_default="")
    state_at = UtcDatetimeField(null=True)
    provider_ref = fields.CharField(max_length=64, null=True)
    not_before = UtcDatetimeField(null=True)

    class Meta:
        table = "follower_mail"
        indexes = (("finished_at",),)
