"""The redaction guard's shapes: phone numbers with any separators, dates in any common written
form, email addresses however spelt out, and initials next to an age, a school or a street.

Each function takes a text as read (domain.reading) and what is known (an object with
``lookup(category, value) -> reason code``), and yields (start, end, reason code) spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Protocol

from jurycourt.domain import identifiers as ids
from jurycourt.domain.reading import ORDINAL, Reading, Token, gap_kind, skeleton

#: What may stand between the groups of a phone number: "(202) 555-0101", "555 12 34", "5.5.5".
PHONE_GAP = re.compile(r"[\s\-‐‑‒–—.()/+·•_*]{1,4}")
DATE_GAPS = ("/", ".", "-", " / ", " - ", " ")
_TLDS = "|".join(skeleton(t) for t in ("com", "org", "net", "edu", "gov", "us", "io", "info", "mx", "co", "me",
                                       "biz", "mil", "email", "mail"))
_AT = r"(?:@|\s*[(\[{<]\s*(?:at|arroba)\s*[)\]}>]\s*|\s+(?:at|arroba)\s+)"
_DOT = r"(?:\.|\s*[(\[{<]\s*(?:dot|punto)\s*[)\]}>]\s*|\s+(?:dot|punto)\s+)"
PLAIN_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SPELT_EMAIL = re.compile(rf"[\w+-]+(?:{_DOT}[\w+-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}(?:{_TLDS})(?!\w)")
#: Spelt out with any last word ("maria (at) school (dot) example"): refused when it is a protected address.
SPELT_ANY_EMAIL = re.compile(rf"[\w+-]+(?:{_DOT}[\w+-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)+")


class Known(Protocol):
    def lookup(self, category: str, value: str) -> str: ...


def _number(token: Token) -> int | None:
    if token.text in ids.DAY_WORDS:
        return ids.DAY_WORDS[token.text]
    digits = re.match(r"\d+", token.raw)
    return int(digits.group()) if digits and (token.numeric or ORDINAL.fullmatch(token.raw)) else None


def numbers_and_dates(reading: Reading, known: Known) -> Iterator[tuple[int, int, str]]:
    """Phone numbers (a protected one with any separators; any other of the usual shapes), full
    dates (a protected date of birth, or any other), and a protected month and year of birth."""
    yield from _phones(reading, known)
    for i, j, day in _dates(reading):
        code = known.lookup("date", day.isoformat()) or "date_shape"
        code = "birth_date" if code == "birth_date" else "date_shape"
        yield reading.tokens[i].start, reading.tokens[j].end, code
    for i, j, year, month in _months(reading):
        if known.lookup("month", f"{year}-{month:02d}"):
            yield reading.tokens[i].start, reading.tokens[j].end, "birth_month"


def _phones(reading: Reading, known: Known) -> Iterator[tuple[int, int, str]]:
    tokens, gaps = reading.tokens, reading.gaps
    for i, token in enumerate(tokens):
        if not token.numeric:
            continue
        digits, groups = token.text, [len(token.text)]
        for j in range(i, len(tokens)):
            if j > i:
                if not tokens[j].numeric or not PHONE_GAP.fullmatch(gaps[j]):
                    break
                digits += tokens[j].text
                groups.append(len(tokens[j].text))
            if len(digits) > 15:
                break
            if len(digits) >= 7 and known.lookup("phone", digits[-7:]):
                yield token.start, tokens[j].end, "phone"
            elif _phone_shaped(digits, groups, gaps[i + 1:j + 1]):
                yield token.start, tokens[j].end, "phone_shape"


def _phone_shaped(digits: str, groups: list[int], gaps: list[str]) -> bool:
    """The usual shapes: ten digits (eleven after a 1), whether grouped or not; seven as 3-4 joined
    by a hyphen or a dot (a bare "555 1234" could be two figures)."""
    if len(digits) == 10 or (len(digits) == 11 and digits[0] == "1"):
        return len(groups) == 1 or groups[-1] == 4 or all(g == 1 for g in groups)
    return groups == [3, 4] and gaps[0] in ("-", ".")


def _dates(reading: Reading) -> Iterator[tuple[int, int, date]]:
    """(first token, last token, date) of each full date: "2010-03-04", "03/04/10", "4 March 2010",
    "March 4th, 2010", "4th of March 2010", "4 de marzo de 2010"."""
    tokens, gaps = reading.tokens, reading.gaps
    for i in range(len(tokens)):
        if i + 2 < len(tokens) and all(t.numeric for t in tokens[i:i + 3]) and gaps[i + 1].strip() == \
                gaps[i + 2].strip() and gaps[i + 1] in DATE_GAPS and gaps[i + 2] in DATE_GAPS:
            parts = [int(t.text) for t in tokens[i:i + 3]]
            for written in ids.numeric_dates(parts, [len(t.text) for t in tokens[i:i + 3]]):
                yield i, i + 2, written
        month = ids.MONTHS.get(tokens[i].text)
        if month is None:
            continue
        after = _skip_fillers(reading, i + 1)
        year_at = _skip_fillers(reading, after + 1) if after < len(tokens) else len(tokens)
        if after < len(tokens) and year_at < len(tokens):  # March 4th, 2010
            day, year = _number(tokens[after]), _year(tokens[year_at])
            if day and year and (d := ids.full_date(year, month, day)):
                yield i, year_at, d
        before = _skip_fillers(reading, i - 1, step=-1)
        if 0 <= before and after < len(tokens):  # 4th of March 2010
            day, year = _number(tokens[before]), _year(tokens[after])
            if day and year and (d := ids.full_date(year, month, day)):
                yield before, after, d


def _skip_fillers(reading: Reading, at: int, step: int = 1) -> int:
    while 0 <= at < len(reading.tokens) and reading.tokens[at].text in ids.DATE_FILLERS:
        at += step
    return at


def _year(token: Token) -> int | None:
    return int(token.text) if token.numeric and len(token.text) == 4 and 1900 <= int(token.text) <= 2100 else None


def _months(reading: Reading) -> Iterator[tuple[int, int, int, int]]:
    """(first token, last token, year, month) of each month and year: "May 2010", "May of 2010",
    "05/2010", "2010-05"."""
    tokens, gaps = reading.tokens, reading.gaps
    for i, token in enumerate(tokens):
        month = ids.MONTHS.get(token.text)
        if month is not None:
            at = _skip_fillers(reading, i + 1)
            if at < len(tokens) and (year := _year(tokens[at])):
                yield i, at, year, month
        elif token.numeric and i + 1 < len(tokens) and tokens[i + 1].numeric and gaps[i + 1] in ("/", "-", "."):
            first, second = int(token.text), tokens[i + 1]
            if 1 <= first <= 12 and (year := _year(second)):
                yield i, i + 1, year, first
            elif (year := _year(token)) and 1 <= int(second.text) <= 12 and len(second.text) <= 2:
                yield i, i + 1, year, int(second.text)


def emails(text: str, known: Known) -> Iterator[tuple[int, int, str]]:
    """Email addresses in the skeleton ``text``, plain or spelt out ("maria (at) example dot org")."""
    for pattern in (PLAIN_EMAIL, SPELT_EMAIL, SPELT_ANY_EMAIL):
        for match in pattern.finditer(text):
            address = re.sub(_DOT, ".", re.sub(_AT, "@", match.group()))
            address = "".join(address.split())
            if known.lookup("email", address):
                yield match.start(), match.end(), "email"
            elif pattern is not SPELT_ANY_EMAIL:
                yield match.start(), match.end(), "email_shape"


def initials(reading: Reading, known: Known) -> Iterator[tuple[int, int, str]]:
    """Initials ("M.G.", "M. G.", a protected person's "MG") within a few words of an age
    ("14", "aged 14", "14-year-old"), a school or a street: together they point at one person."""
    tokens = reading.tokens
    for i, j in _initial_groups(reading, known):
        for k in range(max(0, i - 3), min(len(tokens), j + 6)):
            if i <= k <= j:
                continue
            code = _context(reading, k, j)
            if code:
                yield tokens[min(i, k)].start, tokens[max(j, k)].end, code
                break


def _initial_groups(reading: Reading, known: Known) -> Iterable[tuple[int, int]]:
    tokens, gaps, text = reading.tokens, reading.gaps, reading.text
    i = 0
    while i < len(tokens):
        token = tokens[i]
        source = text[token.start:token.end]
        if 2 <= len(token.text) <= 3 and source.isupper() and known.lookup("initials", token.text[:2]):
            yield i, i
        if len(token.raw) == 1 and token.raw.isalpha() and token.capital:
            j = i
            while j + 1 < len(tokens) and j - i < 2 and len(tokens[j + 1].raw) == 1 and tokens[j + 1].capital \
                    and tokens[j + 1].raw.isalpha() and gap_kind(gaps[j + 1]) != "break" and "." in gaps[j + 1] + \
                    (gaps[j + 2] if j + 2 < len(gaps) else "."):
                j += 1
            letters = "".join(t.text for t in tokens[i:j + 1])
            dotted = j + 1 < len(gaps) and gaps[j + 1].startswith(".")
            protected = len(letters) >= 2 and known.lookup("initials", letters[:2])
            compass = j == i and letters in ids.COMPASS
            if protected or (letters not in ABBREVIATIONS and not compass and (j > i or dotted)):
                yield i, j
            i = j + 1
            continue
        i += 1


def _context(reading: Reading, k: int, group_end: int) -> str:
    tokens, gaps = reading.tokens, reading.gaps
    token = tokens[k]
    if token.text in ids.SCHOOL_WORDS:
        return "initials_school"
    if token.text in ids.STREET_TYPES and k > group_end:
        return "initials_street"
    if token.numeric and 1 <= int(token.text) <= 25:
        before = tokens[k - 1].text if k > 0 else ""
        after = tokens[k + 1].text if k + 1 < len(tokens) else ""
        right_after = k == group_end + 1 and any(c in gaps[k] for c in ",(")
        if before in ids.AGE_BEFORE or after in ids.AGE_AFTER or right_after:
            return "initials_age"
    return ""


ABBREVIATIONS = frozenset(skeleton(w) for w in (
    "us", "uk", "dc", "pm", "am", "eu", "un", "ny", "la", "ok", "tv", "id", "pd", "da", "ie", "eg", "nb", "ps",
    "vs", "usa", "gpa", "rip"))
