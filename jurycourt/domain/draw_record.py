"""The pseudonymised form of a citizens' panel draw: volunteers' opaque references, and how a re-run's
result is compared with the recorded one. Pure rules: no database, no web, not the library.
"""

from __future__ import annotations

import secrets

from jurycourt.domain.citizens_panels import INPUTS_FORMAT

#: What a re-run must reproduce exactly.
OUTCOME_KEYS = ("selected", "reserves", "probabilities")


def new_draw_ref() -> str:
    """A volunteer's opaque reference in the draw: random, so it says nothing about who they are or when
    they joined (a database id would give the order of registration, or of the imported file)."""
    return f"V-{secrets.token_hex(6)}"


def is_published_form(inputs: dict) -> bool:
    """Whether stored draw inputs are in the pseudonymised form that may be published."""
    return inputs.get("format") == INPUTS_FORMAT


def outcome(result: dict) -> dict:
    """The part of a result a re-run must reproduce (references as text, whatever the JSON stored)."""
    return {"selected": [str(r) for r in result.get("selected", [])],
            "reserves": [str(r) for r in result.get("reserves", [])],
            "probabilities": {str(k): v for k, v in result.get("probabilities", {}).items()}}


def differences(expected: dict, actual: dict) -> list[str]:
    """How a re-run's result differs from the recorded one, in plain words (empty: it matches exactly)."""
    want, got = outcome(expected), outcome(actual)
    words = {"selected": "the panel", "reserves": "the reserves or their order",
             "probabilities": "the selection probabilities"}
    return [f"{words[key]} differ" for key in OUTCOME_KEYS if want[key] != got[key]]

