"""The first stage of a two-stage lottery, by letter: the address file, the sample of addresses drawn
from a recorded seed, the A/B letter variants, the registration codes, and the response rates.

Pure rules: no database, no web. Everything random here is derived from the recorded seed with SHA-256,
so the same seed always gives the same sample, variants and codes, whatever the Python version.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from jurycourt.domain.citizens_panels import Category, canonical_value, normalise_address
from jurycourt.domain.errors import Refused
from jurycourt.domain.pool_csv import decode
from jurycourt.domain.text import clean_text
from jurycourt.i18n import _
from jurycourt.i18n.formatting import local_date

MAX_ADDRESSES = 20000
#: Letters in one PDF: a part of a large mailing lays out in well under a minute.
LETTERS_PER_PDF = 500
REQUIRED = ("reference", "address", "postal_code")
OPTIONAL = ("address2", "city", "language")
VARIANTS = ("A", "B")
#: No 0/O, 1/I/L, U or V/W pairs that a hurried reader or a smudged print confuses.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTXYZ23456789"
CODE_LENGTH = 12  # 28^12 ≈ 2^58: guessing one of a few thousand live codes is hopeless under the throttle
#: What a household may write in the language column, and the language the letter is written in.
LANGUAGE_NAMES = {"en": "en-US", "en-us": "en-US", "english": "en-US", "inglés": "en-US", "ingles": "en-US",
                  "es": "es-US", "es-us": "es-US", "spanish": "es-US", "español": "es-US", "espanol": "es-US"}


# ---------------------------------------------------------------- the address file


@dataclass(frozen=True)
class AddressRow:
    line: int
    reference: str
    address: str
    address2: str
    city: str
    postal_code: str
    language: str  # "en-US", "es-US" or "" (not known)
    strata: dict[str, str]  # the panel's categories the file gives for this address (e.g. neighbourhood)


@dataclass
class AddressFile:
    rows: list[AddressRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, what is wrong)

    @property
    def ok(self) -> bool:
        return not self.errors


def address_columns(categories: list[Category]) -> list[str]:
    """The columns an address file may have: the required ones, the optional ones, then the panel's
    categories (each optional: give the ones known per address, such as the neighbourhood)."""
    return [*REQUIRED, *OPTIONAL, *(c.name for c in categories)]


def language_of(raw: str) -> str | None:
    """The letter's language for what the file says ("es", "Spanish", "español"; blank: not known),
    or None when it is neither English nor Spanish."""
    text = " ".join(raw.split()).lower()
    if not text:
        return ""
    return LANGUAGE_NAMES.get(text)


def home_key(row: AddressRow) -> str:
    """What two rows for the same home share: the normalised address lines and postal code."""
    return normalise_address(f"{row.address} {row.address2} {row.postal_code}")


def read_address_csv(data: bytes, categories: list[Category]) -> AddressFile:
    """Check every row of an address file: the required columns, a value in each, a known language and
    category values, no reference twice and no home twice (however its address is spelled). Lines count
    from the header (1). A file with any error is refused as a whole by the caller."""
    text = decode(data)
    if not text.strip():
        raise Refused(_("The file is empty."), "file")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise Refused(_("The file lacks the columns: %(missing)s. The first line must name the columns, e.g. "
                        "%(expected)s.") % {"missing": ", ".join(missing),
                                            "expected": ", ".join(address_columns(categories))}, "file")
    index = {name: header.index(name) for name in header}
    result = AddressFile()
    references: dict[str, int] = {}
    homes: dict[str, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if line > MAX_ADDRESSES + 1:
            raise Refused(_("An address file has at most %(max_rows)s rows.") % {"max_rows": MAX_ADDRESSES},
                          "file")
        if len(cells) != len(header):
            result.errors.append((line, (_("has %(num_cells)s fields, the header has %(num_headers)s.")
                                         % {"num_cells": len(cells), "num_headers": len(header)})))
            continue
        row, problems = _read_row(line, cells, index, categories)
        if row is not None:
            if row.reference.lower() in references:
                problems.append(_("the reference “%(reference)s” is also on line %(line)s.")
                                % {"reference": row.reference, "line": references[row.reference.lower()]})
            if home_key(row) in homes:
                problems.append(_("the same home as line %(line)s.") % {"line": homes[home_key(row)]})
        if problems or row is None:
            result.errors.extend((line, p) for p in problems)
            continue
        references[row.reference.lower()] = line
        homes[home_key(row)] = line
        result.rows.append(row)
    if not result.rows and not result.errors:
        raise Refused(_("The file has a header but no addresses."), "file")
    return result


LIMITS = {"reference": 40, "address": 200, "address2": 200, "city": 100, "postal_code": 20, "language": 20}


def _read_row(line: int, cells: list[str], index: dict[str, int],
              categories: list[Category]) -> tuple[AddressRow | None, list[str]]:
    problems: list[str] = []

    def cell(name: str) -> str:
        if name not in index:
            return ""
        cleaned = clean_text(cells[index[name]])
        if cleaned.problem:
            problems.append(_("%(name)s has a NUL or invisible characters that change the direction it reads in: "
                              "remove them.") % {"name": name})
        return " ".join(cleaned.text.split())

    values = {name: cell(name) for name in (*REQUIRED, *OPTIONAL)}
    problems += [_("%(name)s is empty.") % {"name": name} for name in REQUIRED if not values[name]]
    problems += [_("%(name)s is longer than %(max)s characters.") % {"name": name, "max": limit}
                 for name, limit in LIMITS.items() if len(values[name]) > limit]
    language = language_of(values["language"])
    if language is None:
        problems.append(_("language “%(raw)s” is not English or Spanish (leave it empty when not known).")
                        % {"raw": values["language"]})
    strata: dict[str, str] = {}
    for category in categories:
        raw = cell(category.name.lower())
        if not raw:
            continue
        value = canonical_value(category, raw)
        if value is None:
            problems.append(_("%(name)s “%(raw)s” is not one of: %(category)s.")
                            % {"name": category.name, "raw": raw, "category": ", ".join(category.values)})
        else:
            strata[category.name] = value
    if problems:
        return None, problems
    return AddressRow(line, values["reference"], values["address"], values["address2"], values["city"],
                      values["postal_code"], language or "", strata), []


# ---------------------------------------------------------------- the sample, its variants and codes


def check_sample_size(raw: str, addresses: int) -> int:
    """The number of letters to send: a whole number from 1 to the number of addresses in the file."""
    try:
        size = int(raw.strip())
    except ValueError as exc:
        raise Refused(_("Give the number of letters as a whole number."), "size") from exc
    if not 1 <= size <= addresses:
        raise Refused(_("Send between 1 and %(max)s letters (the addresses in the file).") % {"max": addresses},
                      "size")
    return size


def _draw_key(seed: str, reference: str) -> str:
    return hashlib.sha256(f"jurycourt-letters/1:sample:{seed}:{reference}".encode()).hexdigest()


def sample(references: list[str], size: int, seed: str) -> list[str]:
    """The ``size`` references whose SHA-256 with the seed is smallest, in that order: a uniformly random
    sample, in random order, that anyone with the seed and the file can recompute (the file's own order
    does not matter)."""
    return sorted(references, key=lambda reference: _draw_key(seed, reference))[:size]


def variant_for(rank: int, variants: int) -> str:
    """The letter variant of the sample's ``rank``-th letter (1-based): A, B, A, B … over a random order,
    so each variant goes to a random half of the sample."""
    return VARIANTS[(rank - 1) % variants] if variants > 1 else VARIANTS[0]


def _code(seed: str, rank: int, attempt: int) -> str:
    number = int.from_bytes(hashlib.sha256(f"jurycourt-letters/1:code:{seed}:{rank}:{attempt}".encode()).digest())
    characters = []
    for _step in range(CODE_LENGTH):
        number, digit = divmod(number, len(CODE_ALPHABET))
        characters.append(CODE_ALPHABET[digit])
    return "".join(characters)


def registration_codes(seed: str, count: int) -> list[str]:
    """The registration code of each letter of the sample, in rank order: derived from the seed alone
    (the same seed gives the same codes), all different. Only someone who knows the seed can tell them."""
    codes: list[str] = []
    used: set[str] = set()
    for rank in range(1, count + 1):
        attempt = 0
        code = _code(seed, rank, attempt)
        while code in used:  # one chance in 10^17 per pair: still, never two letters with one code
            attempt += 1
            code = _code(seed, rank, attempt)
        used.add(code)
        codes.append(code)
    return codes


def format_code(code: str) -> str:
    """A code as printed and read out: in groups of four (``ABCD-EFGH-JKMN``)."""
    return "-".join(code[n:n + 4] for n in range(0, len(code), 4))


def normalise_code(typed: str) -> str:
    """A typed code as stored: upper case, without spaces or hyphens. (Letters the alphabet leaves out stay,
    so that a mistyped code is simply unknown.)"""
    return "".join(ch for ch in typed.upper() if ch.isalnum())[:40]


def check_code_shape(code: str) -> None:
    """Refuse at once what cannot be a code: the wrong length, or characters no code has."""
    if not code:
        raise Refused(_("Enter the code printed on your letter."), "code")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise Refused(_("That code is not one we sent. Check it against your letter: it has 12 letters and "
                        "digits, like ABCD-EFGH-JKMN."), "code")


def check_code_open(reply_by: date, today: date, used: bool, recruiting: bool) -> None:
    """A known code registers once, until the reply-by date and only while the panel takes registrations."""
    if used:
        raise Refused(_("This code has already been used to register. Each letter registers one person. If "
                        "that was not you, call us."), "code")
    if not recruiting or today > reply_by:
        raise Refused(_("Registration with this letter closed on %(date)s. Thank you for your interest.")
                      % {"date": local_date(reply_by)}, "code")


def check_reply_by(raw: str, today: date) -> date:
    """The last day to register: a date after today."""
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise Refused(_("Give the last day to register as a date (YYYY-MM-DD)."), "reply_by") from exc
    if day <= today:
        raise Refused(_("The last day to register must be after today."), "reply_by")
    return day


# ---------------------------------------------------------------- response rates


@dataclass(frozen=True)
class Letter:
    """What the rates know of one letter sent: its variant, language, strata and whether it was answered."""

    variant: str
    language: str
    strata: dict[str, str]
    registered: bool


@dataclass(frozen=True)
class Rate:
    label: str
    letters: int
    registrations: int

    @property
    def share(self) -> float | None:
        return self.registrations / self.letters if self.letters else None


def _rates(keys: list[tuple[str, bool]], order: list[str]) -> list[Rate]:
    sent = Counter(key for key, _registered in keys)
    answered = Counter(key for key, registered in keys if registered)
    return [Rate(key, sent[key], answered[key]) for key in order if sent[key]]


def rates_by_variant(letters: list[Letter]) -> list[Rate]:
    """Letters sent and registrations per letter variant."""
    return _rates([(letter.variant, letter.registered) for letter in letters], list(VARIANTS))


def rates_by_stratum(letters: list[Letter], categories: list[Category]) -> dict[str, list[Rate]]:
    """For each of the panel's categories the address file gave, letters and registrations per value."""
    result = {}
    for category in categories:
        keys = [(letter.strata[category.name], letter.registered) for letter in letters
                if category.name in letter.strata]
        if keys:
            result[category.name] = _rates(keys, list(category.values))
    return result


def rates_by_language(letters: list[Letter]) -> list[Rate]:
    """Letters sent and registrations per letter language ("" where the household's language is not known)."""
    return _rates([(letter.language, letter.registered) for letter in letters], ["en-US", "es-US", ""])


def overall_rate(letters: list[Letter]) -> Rate:
    return Rate("", len(letters), sum(1 for letter in letters if letter.registered))
