"""Structured values from a request (its path, query string or form): ids, whole numbers, dates,
times, moments, amounts of money, slugs and tokens. One set of parsers for the whole site.

Each refuses what the database or the date arithmetic behind it could not hold, so input out of
range is a 404 or a 400 that says what to type, never a 500:

- ASCII digits only: ``int()`` also reads Arabic-Indic, Devanagari or fullwidth digits, and
  ``str.isdigit()`` says yes to superscripts that ``int()`` then refuses;
- an id within its column: 1 … 2³¹−1 for an ``IntField`` key (PostgreSQL's ``integer``), 1 … 2⁶³−1
  for a ``BigIntField`` key (``bigint``; SQLite's integers are all 64-bit);
- dates from 1900 to 2200: a year-1 or year-9999 date overflows ``± timedelta`` and time-zone
  conversion, and no date the product keeps lies outside them;
- slugs and tokens of the characters and length they are made of.

Importing this module registers the route converters ``{name:id}``, ``{name:bigid}``,
``{name:slug}`` and ``{name:token}`` with Starlette: a path whose parameter is out of range matches
no route, so it is a 404 like any other address that names nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, tzinfo

from starlette.convertors import Convertor, register_url_convertor

from jurycourt.domain.errors import Refused
from jurycourt.domain.ledger import check_amount
from jurycourt.i18n import _

INT_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
#: The most money any form records: ten million dollars, in cents.
MAX_CENTS = 1_000_000_000
SLUG_MAX = 90  # Publication.slug's column


def digits_up_to(maximum: int) -> str:
    """A regular expression for the decimal numbers 1 … ``maximum`` in ASCII digits, without leading
    zeros: shorter numbers, then for each leading digit of ``maximum`` the numbers below it there."""
    limit = str(maximum)
    shorter = [f"[1-9][0-9]{{0,{len(limit) - 2}}}"] if len(limit) > 1 else []
    same_length = []
    for position, digit in enumerate(limit):
        lowest = 1 if position == 0 else 0
        if int(digit) > lowest:
            rest = len(limit) - position - 1
            same_length.append(f"{limit[:position]}[{lowest}-{int(digit) - 1}]" + (f"[0-9]{{{rest}}}" if rest else ""))
    return "(?:" + "|".join([*shorter, *same_length, limit]) + ")"


ID = re.compile(digits_up_to(INT_MAX))
BIG_ID = re.compile(digits_up_to(BIGINT_MAX))
SLUG = f"[a-z0-9-]{{1,{SLUG_MAX}}}"
URL_SAFE = "[A-Za-z0-9_-]{1,128}"  # secrets.token_urlsafe's alphabet


class IdConvertor(Convertor[int]):
    """An ``IntField`` primary key in a path."""

    regex = ID.pattern
    maximum = INT_MAX

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        value = int(value)
        assert 0 < value <= self.maximum, "an id out of its column's range"
        return str(value)


class BigIdConvertor(IdConvertor):
    """A ``BigIntField`` primary key in a path."""

    regex = BIG_ID.pattern
    maximum = BIGINT_MAX


class SlugConvertor(Convertor[str]):
    """A publication's slug or a topic: lower-case ASCII letters, digits and hyphens."""

    regex = SLUG

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return str(value)


class TokenConvertor(SlugConvertor):
    """A secret from ``secrets.token_urlsafe`` (a link, a calendar feed, a withdrawal)."""

    regex = URL_SAFE


register_url_convertor("id", IdConvertor())
register_url_convertor("bigid", BigIdConvertor())
register_url_convertor("slug", SlugConvertor())
register_url_convertor("token", TokenConvertor())


class BadValue(ValueError):
    """A value that is not what the field holds; the message says what to type instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _text(raw: object) -> str:
    return raw.strip() if isinstance(raw, str) else ""


def parse_id(raw: object, *, big: bool = False) -> int | None:
    """An id picked or typed in a form or query string (``big`` for a ``BigIntField`` key), or None
    when it is empty or could name no row."""
    text = _text(raw)
    return int(text) if (BIG_ID if big else ID).fullmatch(text) else None


def parse_ids(values: Iterable[object]) -> list[int]:
    """The ids among ``values`` (several checkboxes of one name), the rest left out."""
    return [found for value in values if (found := parse_id(value)) is not None]


def parse_number(raw: object, lowest: int, highest: int) -> int | None:
    """A whole number from ``lowest`` to ``highest`` (a count, an age, a page), or None."""
    text = _text(raw)
    if not re.fullmatch(r"[0-9]{1,18}", text):
        return None
    value = int(text)
    return value if lowest <= value <= highest else None


def search_term(raw: object, limit: int) -> str:
    """A search term or login name as typed, at most ``limit`` characters, without control
    characters: no stored text holds one, and PostgreSQL refuses NUL in a query's parameters."""
    text = _text(raw)[:limit]
    return "".join(char for char in text if unicodedata.category(char) != "Cc").strip()


def parse_page(raw: object) -> int:
    """A page number from the query string; anything odd means the first page (a number past the
    last page is the query's to clamp)."""
    text = _text(raw)
    return max(1, min(int(text), 1_000_000)) if re.fullmatch(r"[0-9]{1,18}", text) else 1


def parse_date(raw: object) -> date:
    """A date typed as YYYY-MM-DD (what a date field sends), within 1900–2200."""
    text = _text(raw)
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise BadValue(_("Enter a date as YYYY-MM-DD."))
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise BadValue(_("That date does not exist.")) from None
    return _in_range(value)


def _in_range(value: date) -> date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise BadValue(_("Enter a date between the years %(first)s and %(last)s.")
                       % {"first": EARLIEST_YEAR, "last": LATEST_YEAR})
    return value


def parse_time(raw: object) -> time:
    """A time of day typed as HH:MM (or HH:MM:SS)."""
    text = _text(raw)
    try:
        if not re.fullmatch(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?", text):
            raise ValueError(text)
        return time.fromisoformat(text)
    except ValueError:
        raise BadValue(_("Enter a time like 16:30.")) from None


MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"  # i18n: internal
                    r"(Z|[+-][0-9]{2}:[0-9]{2})?")


def parse_moment(raw: object, zone: tzinfo) -> datetime:
    """A date and time as a datetime-local field sends it (YYYY-MM-DDTHH:MM), in ``zone`` unless it
    names its own offset; returned in UTC, as every stored moment is."""
    text = _text(raw)
    try:
        if not MOMENT.fullmatch(text):
            raise ValueError(text)
        value = datetime.fromisoformat(text)
    except ValueError:
        raise BadValue(_("Enter a date and time, like 2026-12-05 10:00.")) from None
    _in_range(value.date())  # the offset then moves it by at most a day: no overflow
    return (value.replace(tzinfo=zone) if value.tzinfo is None else value).astimezone(UTC)


def parse_cents(raw: object) -> int | None:
    """An amount of money typed in dollars ("12.50", "$12") as cents, or None when it is not one
    (or more than any form records)."""
    text = _text(raw).removeprefix("$")
    match = re.fullmatch(r"([0-9]{1,12})(?:\.([0-9]{1,2}))?", text)
    if not match:
        return None
    cents = int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))
    return cents if cents <= MAX_CENTS else None


def parse_minutes(hours: object, minutes: object) -> int:
    """Minutes from a form's hours and minutes boxes (either may be blank), within what
    ``domain.ledger.check_amount`` takes."""
    hours_text, minutes_text = _text(hours) or "0", _text(minutes) or "0"
    if hours_text.startswith("-") or minutes_text.startswith("-"):
        raise BadValue(_("Enter an amount above zero."))
    if not all(re.fullmatch(r"[0-9]{1,9}", part) for part in (hours_text, minutes_text)):
        raise BadValue(_("Enter whole hours and minutes, e.g. 2 and 30."))
    try:
        return check_amount(int(hours_text) * 60 + int(minutes_text))
    except Refused as refusal:
        raise BadValue(refusal.message) from None


def parse_keyset(raw: object) -> tuple[datetime, int] | None:
    """A keyset cursor ``<aware ISO timestamp>_<id>`` from the query string; None (the first page)
    for anything else, a huge id or a year out of range included."""
    stamp, _sep, ident = _text(raw).rpartition("_")
    try:
        at = datetime.fromisoformat(stamp) if MOMENT.fullmatch(stamp) else None
        if at is None or at.tzinfo is None:
            return None
        _in_range(at.date())
    except ValueError:
        return None
    number = parse_id(ident)
    return (at, number) if number is not None else None
