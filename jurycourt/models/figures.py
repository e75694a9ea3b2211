"""Published figures: each closed month's suppressed tables, stored once and never recomputed."""

from tortoise import fields
from tortoise.models import Model

from jurycourt.models.fields import UtcDatetimeField


class PublishedFigures(Model):
    """One measure's table for one closed month of a program, as published: the suppression decided
    when the month closed (``None`` for a hidden value) and read by every later page and download."""

    id = fields.IntField(primary_key=True)
    program = fields.ForeignKeyField("jurycourt.Program", related_name=False, on_delete=fields.CASCADE)
    period = fields.CharField(max_length=7, description="The closed month, e.g. 2026-03")
    measure = fields.CharField(max_length=40)
    table = fields.JSONField(description="rows, columns, cells, row_totals, column_totals, total (None: hidden)")
    closed_at = UtcDatetimeField()

    class Meta:
        table = "published_figures"
        unique_together = (("program", "period", "measure"),)
