"""Field types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise import fields


class UtcDatetimeField(fields.DatetimeField):
    """A timestamp always written (and compared) in UTC.

    SQLite keeps datetimes as text and compares them as text, so a value written with another
    offset would sort wrongly; converting every value on the way in keeps one offset everywhere.
    """

    def to_python_value(self, value: Any) -> datetime | None:
        # SQLite hands back text: the C parser of the standard library reads it several times
        # faster than the pure-Python one Tortoise uses (a calendar month of hearings spent a
        # third of its time there). Anything it cannot read still goes the general way.
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                pass
        return super().to_python_value(value)

    def to_db_value(self, value: Any, instance: Any) -> Any:
        value = super().to_db_value(value, instance)
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value
