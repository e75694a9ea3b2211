from tortoise import fields
from tortoise.models import Model

from jurycourt.models.fields import UtcDatetimeField


class Program(Model):
    """A youth court or panel scheme: the unit that owns people, proceedings and a ledger."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=120, unique=True)
    time_zone = fields.CharField(max_length=64, default="America/New_York")
    rules = fields.JSONField(default=dict)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "program"
        ordering = ["name"]
