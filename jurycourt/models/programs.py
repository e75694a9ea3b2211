from tortoise import fields
from tortoise.models import Model

from jurycourt.models.fields import UtcDatetimeField


class Program(Model):
    """A youth court or panel scheme: the unit that owns people, proceedings and a ledger."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=120, unique=True)
    time_zone = fields.CharField(max_length=64, default="America/New_York")
    rules = fields.JSONField(default=dict)
    contact_email = fields.CharField(
        max_length=254, default="", db_default="",
        description="Where the public writes to the program (on its public card and the Get involved page)")
    contact_phone = fields.CharField(max_length=40, default="", db_default="",
                                     description="The number the public calls (shown publicly)")
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "program"
        ordering = ["name"]
