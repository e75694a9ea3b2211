"""The rewards catalogue, people's requests for rewards, and service claims awaiting approval."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.ledger import Decision
from jurycourt.models.fields import UtcDatetimeField


class Reward(Model):
    """Something a program offers for time credits, e.g. a refurbished computer for 100 hours.

    ``stock`` is None for an unlimited reward such as club dues.
    """

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.RESTRICT)
    name = fields.CharField(max_length=120)
    description = fields.CharField(max_length=500, default="")
    price_minutes = fields.IntField()
    stock = fields.IntField(null=True)
    active = fields.BooleanField(default=True)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "reward"
        unique_together = (("program", "name"),)


class RewardRequest(Model):
    """A person asks for a reward at its price then, and a coordinator approves or declines it."""

    id = fields.IntField(primary_key=True)
    reward = fields.ForeignKeyField("jurycourt.Reward", related_name="requests", on_delete=fields.RESTRICT)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.RESTRICT)
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    price_minutes = fields.IntField()
    status = fields.CharEnumField(Decision, max_length=10, default=Decision.PENDING)
    reason = fields.CharField(max_length=300, default="")
    posting = fields.ForeignKeyField("jurycourt.Posting", related_name=False, null=True, on_delete=fields.RESTRICT)
    requested_at = UtcDatetimeField(auto_now_add=True)
    decided_at = UtcDatetimeField(null=True)
    decided_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                        on_delete=fields.RESTRICT)

    class Meta:
        table = "reward_request"
        indexes = (("program_id", "status"), ("person_id", "requested_at"))


class ServiceClaim(Model):
    """Service outside hearings (e.g. tutoring), logged by a coordinator or proposed by the
    person and counted only once a coordinator approves it."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.RESTRICT)
    person = fields.ForeignKeyField("jurycourt.Person", related_name=False, on_delete=fields.RESTRICT)
    minutes = fields.IntField()
    note = fields.CharField(max_length=300)
    served_on = fields.DateField()
    status = fields.CharEnumField(Decision, max_length=10, default=Decision.PENDING)
    reason = fields.CharField(max_length=300, default="")
    proposed_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                         on_delete=fields.RESTRICT)
    posting = fields.ForeignKeyField("jurycourt.Posting", related_name=False, null=True, on_delete=fields.RESTRICT)
    created_at = UtcDatetimeField(auto_now_add=True)
    decided_at = UtcDatetimeField(null=True)
    decided_by = fields.ForeignKeyField("jurycourt.Person", related_name=False, null=True,
                                        on_delete=fields.RESTRICT)
    #: The proposing form's key: sending the same form twice makes one claim.
    idempotency_key = fields.CharField(max_length=64, null=True, unique=True)

    class Meta:
        table = "service_claim"
        indexes = (("program_id", "status"), ("person_id", "created_at"))
