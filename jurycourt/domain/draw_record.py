"""The published record of a citizens' panel draw, and the checks anyone can run on it.

After the draw the panel's public page offers the pseudonymised inputs (their SHA-256 is the commitment
published before the draw) and this record: the inputs, the announced value, the seed and the result, in
opaque references only, and the replacements of members who dropped out.
``python -m jurycourt.sortition.verifier FILE --commitment HASH`` checks a record against the commitment the public
page shows: the hash, the seed, a re-run of the draw with the selection library, and the replacements replayed.
Pure rules: no database, no web, not the library.
"""

from __future__ import annotations

import secrets
from typing import Any

from jurycourt.domain.citizens_assembly import SEED_FORMULA
from jurycourt.domain.citizens_panels import INPUTS_FORMAT, commitment_hash, derive_seed
from jurycourt.domain.errors import Refused
from jurycourt.i18n import _

RECORD_FORMAT = "jurycourt-draw-record/1"
SEED_RULE = ("seed = " + SEED_FORMULA.format(text='commitment + ":" + announced value')
             + " (Python, after import hashlib); the announced value with runs of spaces made single. The panel "
             "is drawn with this seed, the reserves from the rest of the pool with seed + 1, ranked by Python's "
             "random.Random(seed).shuffle, the whole run under PYTHONHASHSEED=0. Replacement N of a member who "
             "dropped out is the first reserve, in rank order, with whom the panel keeps every quota; when none "
             "does, it is drawn by lot among the volunteers not on the panel and not gone, from households not "
             "on it, with whom it keeps every quota: sorted by reference, candidates[random.Random(s).randrange("
             "len(candidates))] with s = the same formula over commitment + \":\" + announced value + "
             "\":replacement N\".")  # i18n: internal
#: The package is not on any registry: the record says how to run the verifier from a clone of the source.
SOURCE_UNKNOWN = "(ask the program that ran the panel for the address of its jurycourt source: its licence, " \
                 "the AGPL, obliges it to give it)"


def how_to_verify(commitment: str, source_url: str = "") -> list[str]:
    """The steps to check a record, from a clone of jurycourt's source (it is not on any package registry)."""
    return [
        "1. The commitment is the SHA-256 of the canonical JSON of \"inputs\" (keys sorted, no spaces, UTF-8): "
        "sha256sum of the inputs file the panel page offers prints it.",  # i18n: internal (the record is English)
        f"2. Get the source: git clone {source_url or SOURCE_UNKNOWN} jurycourt && cd jurycourt "
        "(check out a version whose jurycourt/sortition/software.py has the ENGINE named in "
        "inputs.software).",  # i18n: internal
        "3. python3 -m venv .venv && .venv/bin/pip install -e .",  # i18n: internal
        "4. .venv/bin/python -m jurycourt.sortition.verifier THIS_FILE --commitment COMMITMENT, where COMMITMENT "
        f"is copied from the panel's public page (for this record: {commitment}). The verifier refuses a record "
        "whose commitment is not the one you give, re-runs the draw and replays every replacement.",  # i18n: internal
    ]


#: What a re-run must reproduce exactly.
OUTCOME_KEYS = ("selected", "reserves", "probabilities")


def new_draw_ref() -> str:
    """A volunteer's opaque reference in the draw: random, so it says nothing about who they are or when
    they joined (a database id would give the order of registration, or of the imported file)."""
    return f"V-{secrets.token_hex(6)}"


def is_published_form(inputs: dict[str, Any]) -> bool:
    """Whether stored draw inputs are in the pseudonymised form that may be published."""
    return inputs.get("format") == INPUTS_FORMAT


def outcome(result: dict[str, Any]) -> dict[str, Any]:
    """The part of a result a re-run must reproduce (references as text, whatever the JSON stored)."""
    return {"selected": [str(r) for r in result.get("selected", [])],
            "reserves": [str(r) for r in result.get("reserves", [])],
            "probabilities": {str(k): v for k, v in result.get("probabilities", {}).items()}}


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """How a re-run's result differs from the recorded one, in plain words (empty: it matches exactly)."""
    want, got = outcome(expected), outcome(actual)
    words = {"selected": "the panel", "reserves": "the reserves or their order",
             "probabilities": "the selection probabilities"}
    return [f"{words[key]} differ" for key in OUTCOME_KEYS if want[key] != got[key]]


def public_record(inputs: dict[str, Any], commitment: str, announced: str, seed: str,
                  result: dict[str, Any], replacements: list[dict[str, Any]] | None = None,
                  source_url: str = "") -> dict[str, Any]:
    """The record of a done draw that anyone may download: nothing in it names or locates a volunteer.
    ``replacements``: each member who dropped out and who took the seat, in order."""
    return {
        "format": RECORD_FORMAT,
        "commitment": commitment,
        "announced": announced,
        "seed": str(seed),
        "seed_rule": SEED_RULE,
        "inputs": inputs,
        "result": {**outcome(result), "versions": result.get("versions", {})},
        "replacements": list(replacements or []),
        "how_to_verify": how_to_verify(commitment, source_url),
    }


def record_problems(record: dict[str, Any], published: str | None = None) -> list[str]:
    """What is wrong with a record before any re-run: its format, its commitment (and whether it is
    ``published``, the commitment the reader copied from the panel's public page), its seed (empty: none)."""
    inputs, result = record.get("inputs"), record.get("result")
    if record.get("format") != RECORD_FORMAT or not isinstance(inputs, dict) or not is_published_form(inputs) \
            or not isinstance(result, dict):
        return [_("This is not a jurycourt draw record (give the file the panel page calls the draw record).")]
    problems = []
    if published is not None and published.strip().lower() != str(record.get("commitment")):
        problems.append(_("The record was drawn from the commitment %(record)s, not from the one you gave, "
                          "%(given)s.") % {"record": record.get("commitment"), "given": published.strip()})
    recomputed = commitment_hash(inputs)
    if recomputed != record.get("commitment"):
        problems.append(_("The inputs do not match the published commitment: their SHA-256 is %(recomputed)s, "
                           "the commitment %(record)s.")
                         % {"recomputed": recomputed, "record": record.get('commitment')})
    try:
        seed = str(derive_seed(str(record.get("commitment", "")), str(record.get("announced", ""))))
    except Refused:
        seed = ""
    if seed != str(record.get("seed")):
        problems.append(_("The seed does not follow from the commitment and the announced value: it should be "
                           "%(seed)s, the record says %(record)s.")
                         % {"seed": seed or 'derived from a non-empty announced value', "record": record.get('seed')})
    return problems


def without_members(inputs: dict[str, Any], refs: set[str]) -> dict[str, Any]:
    """Stored draw inputs with these volunteers taken out of the pool (for a volunteer who withdraws)."""
    if "pool" not in inputs:
        return inputs
    return {**inputs, "pool": [entry for entry in inputs["pool"] if str(entry[0]) not in refs]}

