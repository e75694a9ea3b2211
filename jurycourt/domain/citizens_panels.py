"""Citizens' panels chosen by lot: the panel's states, its stratification categories, household keys,
quotas and their quick feasibility check, and the public commitment the draw's seed is tied to.

Pure rules: no database, no web, and not the sortition library (only the draw runner imports it).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from jurycourt.domain.citizens_assembly import seed_of
from jurycourt.domain.errors import Refused
from jurycourt.domain.lifecycle import Lifecycle, moves
from jurycourt.domain.pseudonyms import keyed_hash
from jurycourt.i18n import _, ngettext

ALGORITHMS = ("maximin", "nash")
SOLVER = "highspy"
MAX_CATEGORIES = 6
MAX_VALUES = 12


class CitizensPanelStatus(StrEnum):
    RECRUITING = "recruiting"  # volunteers join, quotas are edited
    COMMITTED = "committed"  # the pool, quotas and settings are frozen and their hash is public
    DRAWN = "drawn"  # the panel and its reserves are chosen; sessions run
    ENDED = "ended"  # the panel has finished; volunteers not selected are erased

    @property
    def label(self) -> str:
        return {"recruiting": _("Recruiting volunteers"), "committed": _("Commitment published"),
                "drawn": _("Panel drawn"), "ended": _("Ended")}[self.value]


#: Drawing twice, or reopening an ended panel, is not a move.
LIFECYCLE: Lifecycle[CitizensPanelStatus] = Lifecycle(CitizensPanelStatus, moves({
    CitizensPanelStatus.RECRUITING: {CitizensPanelStatus.COMMITTED, CitizensPanelStatus.ENDED},
    CitizensPanelStatus.COMMITTED: {CitizensPanelStatus.RECRUITING, CitizensPanelStatus.DRAWN,
                                    CitizensPanelStatus.ENDED},
    CitizensPanelStatus.DRAWN: {CitizensPanelStatus.ENDED},
    CitizensPanelStatus.ENDED: set(),
}), wrong_state=lambda state, found, name: (
    _("A panel that is “%(current)s” cannot become “%(new)s”.")
    % {"current": state.label, "new": found.target.label if found else name}))


class VolunteerStatus(StrEnum):
    POOL = "pool"
    WITHDRAWN = "withdrawn"
    SELECTED = "selected"
    RESERVE = "reserve"
    ERASED = "erased"
    LEFT = "left"  # selected, then dropped out (declined at the confirmation call); replaced


class DrawStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


# ---------------------------------------------------------------- categories


@dataclass(frozen=True)
class Category:
    name: str
    values: tuple[str, ...]


def parse_categories(text: str) -> list[Category]:
    """Read the panel's stratification categories, one a line: ``Age band: 16-29, 30-44, 45+``.

    Names and values must be unique (ignoring case), each category needs at least two values.
    """
    categories: list[Category] = []
    seen: set[str] = set()
    for number, line in enumerate((ln.strip() for ln in text.splitlines()), start=1):
        if not line:
            continue
        name, colon, rest = line.partition(":")
        name = " ".join(name.split())
        values = tuple(" ".join(v.split()) for v in rest.split(",") if v.strip())
        if not colon or not name or len(values) < 2:
            raise Refused((_("Line %(number)s: write a category as “Name: value, value, …” with at least two "
                             "values.") % {"number": number}),
                          "categories")
        if name.lower() in seen or name.lower() in RESERVED_COLUMNS:
            raise Refused((_("Line %(number)s: the category “%(name)s” is named twice or uses a reserved name.")
                           % {"number": number, "name": name}),
                          "categories")
        if len({v.lower() for v in values}) != len(values) or len(values) > MAX_VALUES:
            raise Refused((_("Line %(number)s: each value once, at most %(max_values)s values.")
                           % {"number": number, "max_values": MAX_VALUES}), "categories")
        if len(name) > 40 or any(len(v) > 40 for v in values):
            raise Refused((_("Line %(number)s: names and values are at most 40 characters.")
                           % {"number": number}), "categories")
        seen.add(name.lower())
        categories.append(Category(name, values))
    if not categories:
        raise Refused(_("Give at least one category, e.g. “Age band: 16-29, 30-44, 45-64, 65+”."), "categories")
    if len(categories) > MAX_CATEGORIES:
        raise Refused((_("Use at most %(max_categories)s categories.")
                       % {"max_categories": MAX_CATEGORIES}), "categories")
    return categories


def categories_text(categories: list[Category]) -> str:
    return "\n".join(f"{c.name}: {', '.join(c.values)}" for c in categories)


def categories_to_json(categories: list[Category]) -> list[dict[str, Any]]:
    return [{"name": c.name, "values": list(c.values)} for c in categories]


def categories_from_json(data: list[dict[str, Any]]) -> list[Category]:
    return [Category(d["name"], tuple(d["values"])) for d in data]


def canonical_value(category: Category, raw: str) -> str | None:
    """The category's own spelling of a value typed in any case, or None when it is not one of its values."""
    wanted = " ".join(raw.split()).lower()
    return next((v for v in category.values if v.lower() == wanted), None)


RESERVED_COLUMNS = {"reference", "name", "contact", "address"}

# ---------------------------------------------------------------- households

_ABBREVIATIONS = {"street": "st", "road": "rd", "avenue": "ave", "apartment": "apt", "flat": "apt",
                  "unit": "apt", "drive": "dr", "lane": "ln", "place": "pl", "court": "ct", "number": "",
                  "no": ""}


def normalise_address(address: str) -> str:
    """An address reduced so that spellings of the same home compare equal: accents, case, punctuation,
    spacing and common abbreviations (Street/St, Flat/Apt) do not matter."""
    text = unicodedata.normalize("NFKD", address).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(w for w in (_ABBREVIATIONS.get(word, word) for word in words) if w)


#: The keyed hash's purpose (jurycourt.domain.pseudonyms): household keys are unrelated to other pseudonyms.
HOUSEHOLD_PURPOSE = "household"


def household_key(address: str, key: str) -> str:
    """The household key stored in place of the address: a keyed hash (HMAC under the pseudonym key
    ``key``) of the normalised address's SHA-256, so that nobody without the key can test a guessed
    address against it.

    Two volunteers with the same key live at the same address, and at most one of them may sit.
    (The SHA-256 inside is what keys made before they were keyed held: ``rekey_household`` turns
    such a stored key into this one.)
    """
    normalised = normalise_address(address)
    if not normalised:
        raise Refused(_("Give an address, so that at most one person per household is chosen."), "address")
    return rekey_household(hashlib.sha256(normalised.encode()).hexdigest(), key)


def rekey_household(unkeyed: str, key: str) -> str:
    """The keyed household key for a key stored before keys were keyed (a plain SHA-256)."""
    return keyed_hash(key, HOUSEHOLD_PURPOSE, unkeyed)


# ---------------------------------------------------------------- quotas and feasibility


@dataclass(frozen=True)
class Quota:
    category: str
    value: str
    min: int
    max: int


@dataclass(frozen=True)
class PoolMember:
    """What the draw knows of a volunteer: an opaque reference, the category values and the household key.

    ``household`` is the private key (a hash of the address): ``draw_inputs`` replaces it with an opaque
    household number before anything is stored, hashed or published.
    """

    ref: str
    values: dict[str, str]
    household: str


def default_quotas(categories: list[Category], size: int) -> list[Quota]:
    """Quotas that constrain nothing: every value between 0 and the panel size."""
    return [Quota(c.name, v, 0, size) for c in categories for v in c.values]


def check_quota(minimum: int, maximum: int, size: int) -> None:
    """A quota is a whole-number range inside 0..size with min ≤ max."""
    if minimum < 0 or maximum < 0:
        raise Refused(_("Quotas cannot be negative."))
    if minimum > maximum:
        raise Refused(_("The minimum is larger than the maximum."))
    if maximum > size:
        raise Refused(_("The maximum cannot be more than the panel size (%(size)s).") % {"size": size})


def feasibility_problems(size: int, categories: list[Category], quotas: list[Quota],
                         pool: list[PoolMember]) -> list[str]:
    """Quick necessary conditions for a draw to be possible, in plain words (empty: none found).

    Passing them does not prove a panel exists (the library's own check decides that), but each
    failure proves one does not: the minimums of a category must leave room for the panel size and the
    maximums must reach it, each value needs enough volunteers from distinct households to meet its
    minimum, and the pool needs at least ``size`` households.
    """
    problems: list[str] = []
    households = {m.household for m in pool}
    if len(households) < size:
        problems.append(_("The pool has %(num_households)s households but the panel needs %(size)s people, at "
                           "most one per household.") % {"num_households": len(households), "size": size})
    by_value = {(q.category, q.value): q for q in quotas}
    for category in categories:
        cqs = [by_value.get((category.name, v), Quota(category.name, v, 0, size)) for v in category.values]
        low, high = sum(q.min for q in cqs), sum(q.max for q in cqs)
        if low > size:
            problems.append(_("%(name)s: the minimums add up to %(low)s, more than the panel size %(size)s.")
                             % {"name": category.name, "low": low, "size": size})
        if high < size:
            problems.append(_("%(name)s: the maximums add up to %(high)s, fewer than the panel size %(size)s.")
                             % {"name": category.name, "high": high, "size": size})
        for q in cqs:
            homes = len({m.household for m in pool if m.values.get(category.name) == q.value})
            if q.min > homes:
                problems.append(ngettext(
                    "%(name)s “%(value)s”: the minimum is %(min)s but only %(num)s household has a volunteer with it.",
                    "%(name)s “%(value)s”: the minimum is %(min)s but only %(num)s households have a volunteer "
                    "with it.", homes) % {"name": category.name, "value": q.value, "min": q.min, "num": homes})
    return problems


def pool_counts(categories: list[Category], pool: list[PoolMember]) -> dict[tuple[str, str], int]:
    """How many volunteers in the pool have each category value."""
    counts = Counter((c.name, m.values.get(c.name, "")) for m in pool for c in categories)
    return {(c.name, v): counts[(c.name, v)] for c in categories for v in c.values}


# ---------------------------------------------------------------- the verifiable draw


#: The format of the published draw inputs; its canonical JSON's SHA-256 is the commitment.
INPUTS_FORMAT = "jurycourt-draw-inputs/1"


def household_numbers(pool: list[PoolMember]) -> dict[str, int]:
    """An opaque number for each household: 1, 2, … in the order of each household's first volunteer
    reference. References are random, so the numbers say nothing about where anyone lives, and unlike a
    hash of the address they cannot be matched against a list of addresses."""
    numbers: dict[str, int] = {}
    for member in sorted(pool, key=lambda m: str(m.ref)):
        numbers.setdefault(member.household, len(numbers) + 1)
    return numbers


def draw_inputs(size: int, reserves: int, algorithm: str, categories: list[Category], quotas: list[Quota],
                pool: list[PoolMember], software: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the draw depends on, in a canonical order, pseudonymised so that it can be published.

    Each volunteer appears as ``[opaque reference, {category: value}, household number]``: no name,
    contact, address or address hash, no database id. ``software`` names the versions that decide the
    result (the selection library, its solver and our way of running them). This document, as canonical
    JSON, is what the commitment hashes, what every stored run keeps and what the public downloads.
    """
    if algorithm not in ALGORITHMS:
        raise Refused(_("Choose maximin or nash."), "algorithm")
    homes = household_numbers(pool)
    return {
        "format": INPUTS_FORMAT,
        "settings": {"size": size, "reserves": reserves, "algorithm": algorithm, "solver": SOLVER,
                     "one_per_household": True},
        "categories": categories_to_json(categories),
        "quotas": sorted([[q.category, q.value, q.min, q.max] for q in quotas]),
        "pool": sorted([[str(m.ref), {c.name: m.values[c.name] for c in categories}, homes[m.household]]
                        for m in pool]),
        "software": dict(sorted((software or {}).items())),
    }


def canonical_json(document: dict[str, Any]) -> bytes:
    """The one byte sequence a JSON document hashes as: keys sorted, no spaces, UTF-8 (not \\u-escaped)."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def commitment_hash(inputs: dict[str, Any]) -> str:
    """The SHA-256 (hex) of the canonical JSON of the draw's inputs: published before the seed is known.

    It is exactly ``sha256sum`` of the inputs file the panel's public page offers after the draw.
    """
    return hashlib.sha256(canonical_json(inputs)).hexdigest()


def normalise_announcement(value: str) -> str:
    """The publicly announced value with spacing made canonical, so "12 7  33" and "12 7 33" agree."""
    text = " ".join(value.split())
    if not text:
        raise Refused(_("Enter the value announced in public (e.g. the numbers read out at the meeting)."),
                      "announced")
    if len(text) > 200:
        raise Refused(_("Use at most 200 characters."), "announced")
    return text


def derive_seed(commitment: str, announced: str) -> int:
    """seed = SHA-256(commitment + ":" + announced value), as a positive 63-bit integer.

    Nobody can tune the pool to a seed: the commitment is fixed before the value is announced, and the
    value is announced after the commitment is public.
    """
    return seed_of(commitment, normalise_announcement(announced))  # the formula the public page prints


def reserve_quotas(quotas: list[Quota], reserves: int) -> list[Quota]:
    """Quotas for drawing the reserves from the rest of the pool: no minimums, and each value at most its
    panel maximum, so a reserve list never over-represents a value the panel caps."""
    return [Quota(q.category, q.value, 0, min(reserves, q.max)) for q in quotas]


# ---------------------------------------------------------------- recommendations and their votes


def support_share(votes_for: int, votes_against: int) -> Fraction:
    """The share of support: votes for over votes cast for or against (abstentions are not cast), exactly."""
    if votes_for < 0 or votes_against < 0:
        raise Refused(_("Votes cannot be negative."), "votes_for")
    cast = votes_for + votes_against
    if cast == 0:
        raise Refused(_("Record at least one vote for or against."), "votes_for")
    return Fraction(votes_for, cast)


def percent_text(share: Fraction) -> str:
    """A share as a whole percentage, rounded half up from the exact fraction: 13/15 → "87%", 1/8 → "13%"."""
    return f"{int(share * 100 + Fraction(1, 2))}%"


def adopted(share: Fraction) -> bool:
    """A recommendation is adopted when more than half of the votes cast support it."""
    return share > Fraction(1, 2)


def check_votes(votes_for: int, votes_against: int, abstentions: int, members: int) -> Fraction:
    """Votes recorded for a recommendation: whole numbers, at most one per panel member."""
    if abstentions < 0:
        raise Refused(_("Votes cannot be negative."), "abstentions")
    if votes_for + votes_against + abstentions > members:
        raise Refused((_("The panel has %(members)s members: record at most %(members)s votes.")
                       % {"members": members}), "votes_for")
    return support_share(votes_for, votes_against)
