from tortoise import fields
from tortoise.models import Model

from jurycourt.models.fields import UtcDatetimeField


class AuditEvent(Model):
    """Who did what to which record, when. Details never hold a respondent's personal data."""

    id = fields.BigIntField(primary_key=True)
    at = UtcDatetimeField(auto_now_add=True, db_index=True)
    actor = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, null=True, on_delete=fields.SET_NULL)
    action = fields.CharField(max_length=60)
    subject_type = fields.CharField(max_length=40, default="")
    subject_id = fields.CharField(max_length=40, default="")
    detail = fields.JSONField(default=dict)

    class Meta:
        table = "audit_event"
        indexes = (("program_id", "id"), ("actor_id", "id"))


class PendingRewrite(Model):
    """A table an erasure from a web page left dead row versions in, for the housekeeping round to rewrite.

    On PostgreSQL the round runs ``VACUUM FULL`` on it, then removes the row (jurycourt.db_scrub)."""

    table_name = fields.CharField(max_length=63, primary_key=True)
    requested_at = UtcDatetimeField()

    class Meta:
        table = "pending_rewrite"
