"""A panel of a program: a community justice panel or a citizens' panel chosen by lot."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from jurycourt.domain.panels import PanelKind
from jurycourt.models.fields import UtcDatetimeField


class Panel(Model):
    """A panel of a program. Each kind keeps its own details in its own tables."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name="panels", on_delete=fields.RESTRICT)
    kind = fields.CharEnumField(PanelKind, max_length=12)
    title = fields.CharField(max_length=160)
    status = fields.CharField(max_length=20)
    created_at = UtcDatetimeField(auto_now_add=True)

    class Meta:
        table = "panel"
        indexes = (("program_id", "kind"),)
