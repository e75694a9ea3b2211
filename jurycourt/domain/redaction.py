"""The redaction guard: nothing published may identify a protected person.

Protected are respondents, guardians, the people harmed and responsible and their supporters,
minors and people of unknown age connected to a case, matter, panel or inquiry, and everyone
whose case was sealed (kept only as keyed hashes: ``Identifiers.sealed``). The guard reads each
published field as readers will (domain.reading: rendered, invisible characters removed,
look-alike letters and digits read as the letters they resemble, words split by markup,
hyphens or spaces joined again) and refuses their names, streets, schools, phone numbers, email
addresses and dates of birth, partial identifiers (initials next to an age, a school or a
street; the month and year of birth), and anything shaped like a phone number, an email
address or a full date. Each finding carries its position so the page can highlight it. A name
that is also an ordinary word ("Will", "Grace") counts only where it reads as a name: written
with a capital, or beside another part of a protected name. A first-name match may be released
by a second coordinator, with a recorded reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from jurycourt.domain import identifiers as ids
from jurycourt.domain import redaction_shapes as shapes
from jurycourt.domain.pseudonyms import keyed_hash
from jurycourt.domain.reading import Reading, as_read, flat, gap_kind, read, skeleton
from jurycourt.i18n import N_

#: Given and family names that are also everyday words: matched only where they read as a name.
ORDINARY_WORDS = frozenset(skeleton(w) for w in (
    "will", "grace", "may", "hope", "bill", "june", "april", "august", "rose", "mark", "faith", "joy", "sky",
    "summer", "autumn", "dawn", "holly", "ivy", "lily", "pat", "rob", "sue", "ray", "art", "bob", "jack", "frank",
    "guy", "earl", "carol", "chase", "dean", "drew", "gene", "glen", "grant", "hunter", "jay", "jean", "king",
    "lane", "lee", "max", "miles", "nick", "norm", "penny", "ruby", "sandy", "amber", "angel", "bliss", "brook",
    "cliff", "crystal", "daisy", "destiny", "dusty", "ed", "fern", "gay", "harmony", "heather", "honey", "iris",
    "jade", "jasmine", "justice", "kit", "major", "marsh", "melody", "mercy", "misty", "olive", "pearl",
    "pepper", "piper", "reed", "rocky", "sage", "scout", "shad", "sterling", "storm", "sunny", "tad", "taylor",
    "trinity", "violet", "wade", "willow", "winter", "wren", "young", "brown", "white", "green", "black",
    "smith", "baker", "cook", "hill", "wood", "stone", "long", "day", "price", "rivers", "fields", "park",
    "bush", "bell", "hall", "ward", "page", "cross", "gray", "grey", "fox", "hunt", "moss", "rich", "little",
    "small", "strong", "swift", "west", "north", "south", "waters", "mills", "banks", "ford", "love", "story",
    "luz", "paz", "rosa", "cruz", "sol", "pilar", "blanca", "dolores", "mar", "rey", "leal", "flores", "rocio",
    "alba", "luna", "cielo", "lluvia", "santos", "campos", "rios", "vega", "mora", "blanco", "leon"))
REASONS = {
    "given": N_("a protected person's first name"),
    "family": N_("a protected person's family name"),
    "name": N_("a protected person's name"),
    "address": N_("a protected person's street"),
    "school": N_("a protected person's school"),
    "phone": N_("a protected person's phone number"),
    "email": N_("a protected person's email address"),
    "birth_date": N_("a protected person's date of birth"),
    "birth_month": N_("a protected person's month and year of birth"),
    "initials_age": N_("initials next to an age"),
    "initials_school": N_("initials next to a school"),
    "initials_street": N_("initials next to a street"),
    "phone_shape": N_("something shaped like a phone number"),
    "email_shape": N_("something shaped like an email address"),
    "date_shape": N_("something shaped like a date"),
}
SHAPE_REASONS = frozenset(reason for code, reason in REASONS.items() if code.endswith("_shape"))
#: Street names that are everyday words ("the main street"): matched only where they read as a name.
ORDINARY_STREETS = frozenset(skeleton(w) for w in (
    "main", "high", "first", "second", "third", "fourth", "fifth", "park", "church", "school", "market", "center",
    "centre", "mill", "water", "river", "lake", "hill", "bridge", "station", "front", "back", "broad", "long",
    "new", "old", "spring", "college", "union", "state", "commerce", "cross", "green", "garden", "side", "dead"))
#: What each kind of identifier is hashed as, so a word is never compared with a phone number.
CATEGORIES = {"given": "word", "family": "word", "name": "word", "address": "word", "school": "word",
              "phone": "phone", "email": "email", "birth_date": "date", "birth_month": "month",
              "initials": "initials"}
HASH_PURPOSE = "redaction-guard"
LONGEST_TERM = 48


@dataclass(frozen=True)
class ProtectedPerson:
    """What the program stores about one person it must protect."""

    given_name: str
    family_name: str
    preferred_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    date_of_birth: date | None = None
    schools: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One offending passage: where it is (``field``, ``start``, ``end``) and why it offends."""

    field: str
    start: int
    end: int
    text: str
    reason: str
    #: The word (as read) a second coordinator may release (first-name matches only), else "".
    releasable: str = ""


def fold(text: str) -> str:
    """Text folded for comparison: the skeleton a reader's eye makes of it (domain.reading)."""
    return skeleton(text)


def identifiers_of(person: ProtectedPerson) -> set[tuple[str, str, str]]:
    """Every (category, key, reason code) that identifies ``person``: each name and name part,
    the street (with any street type, or with the house number), schools, phone (its last seven
    digits), email, date and month of birth, initials. Keys are skeletons without spaces."""
    found: set[tuple[str, str, str]] = set()

    def word(value: str, code: str) -> None:
        key = "".join(skeleton(value).replace(".", " ").split())
        if len(key) >= 2:
            found.add(("word", key, code))

    givens = [g for g in (person.given_name, person.preferred_name) if g.strip()]
    for given in givens:
        word(given, "given")
        for part in given.split():
            word(part, "given")
        for family in (person.family_name, person.family_name.split()[-1] if person.family_name.split() else ""):
            if family:
                word(f"{given} {family}", "name")
                word(f"{given.split()[0]} {family}", "name")
                word(f"{family} {given}", "name")
    word(person.family_name, "family")
    for part in person.family_name.split():
        word(part, "family")
    street = ids.street_parts(person.address) if person.address else None
    if street:
        number, core, _ = street
        own = "".join(core)
        for kind in ids.STREET_TYPES:
            found |= {("word", own + kind, "address"), ("word", kind + own, "address")}
        if number:
            found.add(("word", number + own, "address"))
            found |= {("word", number + own + kind, "address") for kind in ids.STREET_TYPES}
    for school in person.schools:
        found |= {("word", name, "school") for name in ids.school_names(school)}
    digits = re.sub(r"\D", "", person.phone)
    if len(digits) >= 7:
        found.add(("phone", digits[-7:], "phone"))
    if "@" in person.email:
        found.add(("email", "".join(skeleton(person.email).split()), "email"))
    if person.date_of_birth:
        born = person.date_of_birth
        found |= {("date", born.isoformat(), "birth_date"), ("month", f"{born.year}-{born.month:02d}", "birth_month")}
    initials = skeleton(person.given_name)[:1] + skeleton(person.family_name)[:1]
    if len(initials) == 2:
        found.add(("initials", initials, "initials"))
    return found


def sealed_digests(key: str, person: ProtectedPerson) -> set[tuple[str, str]]:
    """What is kept of a person whose case is sealed: (keyed hash, reason code) of each identifier,
    under the pseudonym key, so the guard still refuses them once the names are erased."""
    return {(keyed_hash(key, f"{HASH_PURPOSE}:{category}", value), code)
            for category, value, code in identifiers_of(person)}


@dataclass
class Identifiers:
    """Everything the guard refuses: the live people's identifiers by category, and the sealed
    ones as keyed hashes (digest → reason code) with the key that made them."""

    live: dict[str, dict[str, str]] = field(default_factory=dict)
    sealed: dict[str, str] = field(default_factory=dict)
    key: str = ""
    hashed: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, people: Iterable[ProtectedPerson], sealed: dict[str, str] | None = None,
           key: str = "") -> Identifiers:
        live: dict[str, dict[str, str]] = {}
        for person in people:
            for category, value, code in identifiers_of(person):
                codes = live.setdefault(category, {})
                # a word that is a first name and something else is not releasable
                codes[value] = code if codes.get(value, code) == code else ("family" if code == "given" else code)
        return cls(live, dict(sealed or {}), key)

    def lookup(self, category: str, value: str) -> str:
        """The reason code of ``value`` in ``category``, or ""."""
        code = self.live.get(category, {}).get(value, "")
        if not code and self.sealed and self.key:
            memo = self.hashed.setdefault(category, {})  # a text repeats its words: hash each once
            if value not in memo:
                memo[value] = self.sealed.get(keyed_hash(self.key, f"{HASH_PURPOSE}:{category}", value), "")
            code = memo[value]
        return code


def check(fields: dict[str, str], people: list[ProtectedPerson] | Identifiers,
          released: frozenset[str] | set[str] = frozenset()) -> list[Finding]:
    """Every offending passage in ``fields`` (name → the text as readers see it), in field then
    text order. ``released`` holds first-name words a second coordinator released."""
    known = people if isinstance(people, Identifiers) else Identifiers.of(people)
    findings: list[Finding] = []
    for name, text in fields.items():
        if text:
            findings.extend(_check_field(name, text, known, released))
    return findings


#: A text as read, kept for the texts checked again and again (every published text, each time
#: someone becomes protected or a public output is built): reading it is most of a check's work.
_read = lru_cache(maxsize=128)(read)
_flat = lru_cache(maxsize=128)(flat)


def _check_field(name: str, text: str, known: Identifiers, released: frozenset[str] | set[str]) -> list[Finding]:
    reading = _read(text)
    spans: dict[tuple[int, int], Finding] = {}

    def found(start: int, end: int, code: str, releasable: str = "") -> None:
        kept = spans.get((start, end))  # a protected person's own detail says more than a mere shape
        if kept is None or kept.releasable or (kept.reason in SHAPE_REASONS and not code.endswith("_shape")):
            spans[(start, end)] = Finding(name, start, end, text[start:end], REASONS[code], releasable)

    for start, end, code, word in _names(reading, known, released):
        found(start, end, code, word if code == "given" and word in ORDINARY_WORDS else "")
    for start, end, code in shapes.numbers_and_dates(reading, known):
        found(start, end, code)
    for start, end, code in shapes.initials(reading, known):
        found(start, end, code)
    skeleton_text, where = _flat(text)
    for start, end, code in shapes.emails(skeleton_text, known):
        found(where[start], where[end - 1] + 1, code)
    return _outermost(spans.values())


def _outermost(findings: Iterable[Finding]) -> list[Finding]:
    """The findings not inside another one ("Will Ortiz", not also "Will" and "Ortiz"), in order."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    for f in ordered:
        if not any(k.start <= f.start and f.end <= k.end for k in kept):
            kept.append(f)
    return kept


def _windows(reading: Reading) -> Iterable[tuple[int, int, str]]:
    """(first token, last token, the words joined) for each run of tokens a reader may take for
    one word or one name: a word alone; words joined by hyphens or dots ("Ma-ria"); single
    letters or digits spaced out ("M a r i a"); two to four words in a row (a full name, a
    street, or one word split by a space, "Mar ia", at least five letters long)."""
    tokens, gaps = reading.tokens, reading.gaps
    for i, token in enumerate(tokens):
        joined, raw, tight, singles = token.text, token.raw, True, len(token.text) == 1
        yield i, i, joined
        for j in range(i + 1, len(tokens)):
            kind = gap_kind(gaps[j])
            if kind == "break":
                break
            joined, raw = joined + tokens[j].text, raw + tokens[j].raw
            if len(joined) > LONGEST_TERM:
                break
            tight = tight and kind == "tight"
            singles = singles and len(tokens[j].text) == 1
            if tight or singles or j - i < 4:  # one word in pieces: its digits read as a whole ("M4 ria")
                yield i, j, joined
                if as_read(raw) != joined:
                    yield i, j, as_read(raw)
            elif not singles:
                break


def _names(reading: Reading, known: Identifiers,
           released: frozenset[str] | set[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, reason code, word) of each protected name, street or school in the text."""
    tokens = reading.tokens
    hits: list[tuple[int, int, str, str]] = []
    for i, j, joined in _windows(reading):
        code = known.lookup("word", joined)
        if not code:
            continue
        spaced = j > i and not all(gap_kind(g) == "tight" for g in reading.gaps[i + 1:j + 1])
        singles = all(len(t.text) == 1 for t in tokens[i:j + 1])
        if spaced and not singles and code in ("given", "family") and len(joined) < 5:
            continue  # "an a" is not "Ana"
        hits.append((i, j, code, joined))
    names = [(i, j) for i, j, code, _ in hits if code in ("given", "family", "name")]
    results = []
    for i, j, code, joined in hits:
        if code in ("given", "family") and joined in ORDINARY_WORDS and _as_date(reading, i):
            continue  # "May 2027", "5 June": a month
        if code in ("given", "family") and joined in ORDINARY_WORDS and not _reads_as_name(reading, i):
            beside = any(b == i - 1 or a == j + 1 for a, b in names if (a, b) != (i, j))
            if not beside:
                continue  # "we will meet": an ordinary word, not the name
        if code == "address" and tokens[i].text in ORDINARY_STREETS and not tokens[i].capital:
            continue  # "the main street"
        if code == "given" and joined in released:
            continue
        results.append((tokens[i].start, tokens[j].end, code, joined))
    return results


def _reads_as_name(reading: Reading, i: int) -> bool:
    """Whether token ``i`` is written with a capital that is not just the start of a sentence."""
    if not reading.tokens[i].capital:
        return False
    gap = reading.gaps[i]
    return i > 0 and not any(c in gap for c in ".!?:;\n") and not gap.strip(" \t\"'“‘(-–—")


def _as_date(reading: Reading, i: int) -> bool:
    """Whether token ``i`` is a month's name written beside a day or a year."""
    tokens = reading.tokens
    if tokens[i].text not in ids.MONTHS:
        return False
    beside = [tokens[k] for k in (i - 1, i + 1) if 0 <= k < len(tokens)]
    return any(t.numeric or t.raw[:1].isdigit() for t in beside)


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


def masked(text: str, known: list[ProtectedPerson] | Identifiers, mask: str = "…") -> str:
    """``text`` with every passage the guard finds (the same rule as for publications: names
    however written, addresses, numbers, dates) replaced by ``mask``."""
    findings = check({"text": text}, known)
    return "".join(mask if finding else piece for piece, finding in highlight(text, findings))
