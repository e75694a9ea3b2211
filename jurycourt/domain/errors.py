"""Refusals the rules make, named so views can show them beside the right field."""

from __future__ import annotations


class Refused(Exception):
    """An action was refused by a rule. ``field`` names the form field to blame, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        # A lazy message becomes words now, in the language of whoever the refusal is shown to.
        message = str(message)
        super().__init__(message)
        self.message = message
        self.field = field
