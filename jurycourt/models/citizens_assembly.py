"""The second stage of a citizens' panel: confirmation calls, replacements and every commitment published."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.citizens_assembly import CallOutcome
from jurycourt.models.fields import UtcDatetimeField


class ConfirmationCall(Model):
    """One confirmation call to a selected member and its outcome (the newest is the member's status)."""

    id = fields.IntField(primary_key=True)
    panel = fields.ForeignKeyField("jurycourt.Panel", related_name=False, on_delete=fields.CASCADE)
    volunteer = fields.ForeignKeyField("jurycourt.Volunteer", related_name="confirmation_calls",
                                       on_delete=fields.CASCADE)
    outcome = fields.CharEnumField(CallOutcome, max_length=10)
    called_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True, on_delete=fields.SET_NULL)
    called_at = UtcDatetimeField()

    class Meta:
        table = "citizens_confirmation_call"
        indexes = (("panel_id", "volunteer_id"),)


class MemberReplacement(Model):
    """A member who dropped out and who took the seat, in draw references (it goes into the public record)."""

    id = fields.IntField(primary_key=True)
    panel = fields.ForeignKeyField("jurycourt.Panel", related_name=False, on_delete=fields.CASCADE)
    number = fields.IntField()
    leaves = fields.CharField(max_length=16)
    joins = fields.CharField(max_length=16)
    source = fields.CharField(max_length=8, description="reserve or draw")
    reserve_rank = fields.IntField(null=True)
    seed = fields.CharField(max_length=20, default="")
    candidates = fields.IntField(default=0)
    replaced_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                         on_delete=fields.SET_NULL)
    replaced_at = UtcDatetimeField()

    class Meta:
        table = "citizens_replacement"
        unique_together = (("panel", "number"),)


class PublishedCommitment(Model):
    """Every commitment a panel ever published, superseded only in public, with when and why."""

    id = fields.IntField(primary_key=True)
    panel = fields.ForeignKeyField("jurycourt.Panel", related_name=False, on_delete=fields.CASCADE)
    commitment = fields.CharField(max_length=64)
    published_at = UtcDatetimeField()
    superseded_at = UtcDatetimeField(null=True)
    superseded_reason = fields.TextField(default="")

    class Meta:
        table = "citizens_commitment"
