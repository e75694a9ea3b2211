"""The redaction guard: nothing published may identify a respondent, a guardian or a minor.

The text is compared, as whole words folded for case and accents, with every stored name,
address, phone number, email address and date of birth of the people the program must protect,
and searched for anything shaped like a phone number, an email address or a full date. Each
finding carries its position so the page can highlight it. A first-name match may be an
ordinary word ("Will", "Rose"): a second coordinator may release that word, and only that kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december"
          "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")

#: Shapes that identify whoever they belong to.
SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email address", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("phone number", re.compile(r"(?<![\w])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}(?![\w])")),
    ("date", re.compile(r"(?<![\w])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})(?![\w])")),
    ("date", re.compile(rf"(?<![\w])\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\.?,?\s+\d{{4}}(?![\w])", re.I)),
    ("date", re.compile(rf"(?<![\w])(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}(?![\w])", re.I)),
)


@dataclass(frozen=True)
class ProtectedPerson:
    """What the program stores about one person it must protect (respondent, guardian, minor)."""

    given_name: str
    family_name: str
    preferred_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    date_of_birth: date | None = None


@dataclass(frozen=True)
class Finding:
    """One offending passage: where it is (``field``, ``start``, ``end``) and why it offends."""

    field: str
    start: int
    end: int
    text: str
    reason: str
    #: The folded word a second coordinator may release (first-name matches only), else "".
    releasable: str = ""


def fold(text: str) -> str:
    """Text folded for comparison: accents removed (NFKD), case folded."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of its original character."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        folded = fold(ch)
        out.append(folded)
        where.extend([i] * len(folded))
    return "".join(out), where


def _terms(people: list[ProtectedPerson]) -> dict[str, tuple[str, bool]]:
    """folded term → (reason, releasable)."""
    terms: dict[str, tuple[str, bool]] = {}

    def add(value: str, reason: str, releasable: bool = False) -> None:
        term = " ".join(fold(value).split())
        if len(term) < 2:
            return
        old = terms.get(term)
        # A word that is both a first name and something else can't be released.
        terms[term] = (reason, releasable and (old is None or old[1]))

    for p in people:
        for given in (p.given_name, p.preferred_name):
            for word in given.split():
                add(word, "a protected person's first name", releasable=True)
            add(given, "a protected person's first name", releasable=True)
        add(p.family_name, "a protected person's family name")
        for word in p.family_name.split():
            add(word, "a protected person's family name")
        add(f"{p.given_name} {p.family_name}", "a protected person's name")
        add(p.address, "a protected person's address")
        if p.address:
            add(p.address.split(",")[0], "a protected person's address")
        add(p.email, "a protected person's email address")
        add(p.phone, "a protected person's phone number")
        if p.date_of_birth:
            d = p.date_of_birth
            add(d.isoformat(), "a protected person's date of birth")
            add(f"{d.month}/{d.day}/{d.year}", "a protected person's date of birth")
            add(f"{d.month:02d}/{d.day:02d}/{d.year}", "a protected person's date of birth")
            add(f"{d.day} {d.strftime('%B')} {d.year}", "a protected person's date of birth")
            add(f"{d.strftime('%B')} {d.day}, {d.year}", "a protected person's date of birth")
    return terms


def check(fields: dict[str, str], people: list[ProtectedPerson],
          released: frozenset[str] | set[str] = frozenset()) -> list[Finding]:
    """Every offending passage in ``fields`` (name → text), in field then text order.

    ``released`` holds folded first-name words a second coordinator released: those first-name
    matches are not reported (the same word as a family name or anything else still is).
    """
    terms = {t: v for t, v in _terms(people).items() if not (v[1] and t in released)}
    phones = {re.sub(r"\D", "", p.phone)[-10:] for p in people if len(re.sub(r"\D", "", p.phone)) >= 7}
    findings: list[Finding] = []
    for name, text in fields.items():
        findings.extend(_check_field(name, text, terms, phones))
    return findings


def _check_field(name: str, text: str, terms: dict[str, tuple[str, bool]], phones: set[str]) -> list[Finding]:
    folded, where = _folded_with_map(text)
    spans: dict[tuple[int, int], Finding] = {}

    def found(start: int, end: int, reason: str, releasable: str = "") -> None:
        a, b = where[start], where[end - 1] + 1
        if (a, b) not in spans:
            spans[(a, b)] = Finding(name, a, b, text[a:b], reason, releasable)

    for term, (reason, releasable) in terms.items():
        for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", folded):
            found(m.start(), m.end(), reason, term if releasable else "")
    for reason, pattern in SHAPES:
        for m in pattern.finditer(folded):
            digits = re.sub(r"\D", "", m.group())[-10:]
            why = "a protected person's phone number" if reason == "phone number" and digits in phones \
                else f"something shaped like {'an' if reason == 'email address' else 'a'} {reason}"
            found(m.start(), m.end(), why)
    return sorted(spans.values(), key=lambda f: (f.start, f.end))


def highlight(text: str, findings: list[Finding]) -> list[tuple[str, Finding | None]]:
    """``text`` cut into (passage, finding or None) pieces, for marking the findings on a page."""
    pieces: list[tuple[str, Finding | None]] = []
    at = 0
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if f.start < at:
            continue  # overlaps one already marked
        if f.start > at:
            pieces.append((text[at:f.start], None))
        pieces.append((text[f.start:f.end], f))
        at = f.end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces
