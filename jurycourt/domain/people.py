"""What makes a person's record acceptable."""

from __future__ import annotations

import re
from datetime import date

from jurycourt import i18n
from jurycourt.i18n import _

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9 ().-]{6,25}$")
NAME_MAX = 80
OLDEST_YEARS = 120

PERSON_FIELDS = (
    "given_name", "family_name", "preferred_name", "date_of_birth", "email", "phone", "address", "language")
LIMITS = {"given_name": 80, "family_name": 80, "preferred_name": 80, "email": 254, "phone": 40, "address": 300}


def person_problems(values: dict[str, str], today: date) -> dict[str, str]:
    """Field name → why its value will not do, for a person's details as typed."""
    problems: dict[str, str] = {}
    for name in ("given_name", "family_name"):
        if not values.get(name, "").strip():
            problems[name] = _("Enter a name.")
    for name, limit in LIMITS.items():
        if len(values.get(name, "")) > limit:
            problems.setdefault(name, _("Use at most %(limit)s characters.") % {"limit": limit})
    email = values.get("email", "")
    if email and not EMAIL_RE.match(email):
        problems.setdefault("email", _("Enter an email address like name@example.org, or leave it empty."))
    phone = values.get("phone", "")
    if phone and not PHONE_RE.match(phone):
        problems.setdefault("phone", _("Enter a phone number using digits, spaces and + ( ) - only."))
    if values.get("language") and i18n.supported(values["language"]) != values["language"]:
        problems["language"] = i18n._("Choose one of the languages offered.")
    raw_dob = values.get("date_of_birth", "")
    if raw_dob:
        try:
            dob = date.fromisoformat(raw_dob)
        except ValueError:
            problems["date_of_birth"] = _("Enter a date as YYYY-MM-DD.")
        else:
            if dob > today:
                problems["date_of_birth"] = _("The date of birth can't be in the future.")
            elif today.year - dob.year > OLDEST_YEARS:
                problems["date_of_birth"] = _("Check the year of birth.")
    return problems


def age_on(dob: date | None, day: date) -> int | None:
    """Age in whole years on ``day`` (None when the date of birth is unknown)."""
    if dob is None:
        return None
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
