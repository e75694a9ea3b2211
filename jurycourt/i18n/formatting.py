"""Dates, times, numbers and durations written the way the current language writes them.

Babel's locale data decides the shapes (en-US: "Mon, Dec 7, 2026", "6:05 PM"; es-US: "lun, 7 de dic
de 2026", "6:05 p.m."): every page, message, letter and calendar entry goes through these, never
through ``strftime``. Stored times are UTC; ``zone`` is the program's time zone they are shown in.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel import dates, numbers

from jurycourt.i18n import babel_name, current_language, gettext, ngettext

#: The shapes a page may ask for, as Babel skeletons (the locale orders and punctuates them).
DATE_SHAPES = {
    "date": "yMMMd",            # Dec 7, 2026
    "weekday": "yMMMEd",        # Mon, Dec 7, 2026
    "long": "yMMMMd",           # December 7, 2026
    "long_weekday": "yMMMMEEEEd",  # Monday, December 7, 2026
    "short_weekday": "MMMEd",   # Mon, Dec 7
    "day_month": "MMMd",        # Dec 7
    "month": "yMMMM",           # December 2026
    "short_month": "yMMM",      # Dec 2026
    "month_name": "MMMM",       # December
    "long_weekday_day": "MMMMEEEEd",  # Monday, December 7
}


def _locale() -> str:
    return babel_name(current_language())


def _zone(zone: str | ZoneInfo | None) -> ZoneInfo | None:
    if zone is None or isinstance(zone, ZoneInfo):
        return zone
    return ZoneInfo(zone)


def local_date(value: date | datetime | None, shape: str = "date", zone: str | ZoneInfo | None = None) -> str:
    """A date (or the local date of a UTC datetime in ``zone``) in one of DATE_SHAPES."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        tz = _zone(zone)
        value = (value.astimezone(tz) if tz else value).date()
    return dates.format_skeleton(DATE_SHAPES[shape], value, locale=_locale())


def local_time(value: datetime | time | None, zone: str | ZoneInfo | None = None) -> str:
    """A time of day, 12-hour in the US languages ("6:05 PM", "6:05 p.m.")."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        tz = _zone(zone)
        value = value.astimezone(tz) if tz else value
    return dates.format_time(value, "short", locale=_locale())


def local_datetime(value: datetime | None, zone: str | ZoneInfo | None = None, shape: str = "weekday") -> str:
    """A UTC datetime shown in ``zone``: its date in ``shape`` and its time ("Mon, Dec 7, 2026, 6:05 PM")."""
    if value is None:
        return ""
    tz = _zone(zone)
    moment = value.astimezone(tz) if tz else value
    # The locale's own pattern for joining a date and a time ("{1}, {0}" in both US languages).
    pattern = dates.get_datetime_format("medium", locale=_locale())
    return pattern.replace("{1}", local_date(moment, shape)).replace("{0}", local_time(moment))


def duration(minutes: int | None) -> str:
    """Integer minutes as hours and minutes ("6 h 15 min", "−45 min", "3 h")."""
    minutes = int(minutes or 0)
    sign = "−" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if hours and rest:
        text = gettext("%(hours)s h %(minutes)s min") % {"hours": number(hours), "minutes": f"{rest:02d}"}
    elif hours:
        text = gettext("%(hours)s h") % {"hours": number(hours)}
    else:
        text = gettext("%(minutes)s min") % {"minutes": rest}
    return sign + text


def hours_count(n: int) -> str:
    """A whole number of hours in words ("1 hour", "7 hours")."""
    return ngettext("%(num)s hour", "%(num)s hours", n) % {"num": number(n)}


def number(value: int | float) -> str:
    """A number with the language's grouping ("1,234")."""
    return numbers.format_decimal(value, locale=_locale())


def percent(value: float) -> str:
    """A share as a percentage ("62%", "62 %" where the language spaces it)."""
    return numbers.format_percent(value, locale=_locale())


def money(cents: int, currency: str = "USD") -> str:
    """An amount in cents as money ("$1,234.50")."""
    return numbers.format_currency(cents / 100, currency, locale=_locale())
