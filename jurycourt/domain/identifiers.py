"""The words that make a date, an address, a school, a phone number or a pair of initials, as the
redaction guard reads them (skeletons: see domain.reading), in English and Spanish."""

from __future__ import annotations

from datetime import date

from jurycourt.domain.reading import skeleton

_MONTH_NAMES = (
    ("january", "jan", "enero", "ene"), ("february", "feb", "febrero"), ("march", "mar", "marzo"),
    ("april", "apr", "abril", "abr"), ("may", "mayo"), ("june", "jun", "junio"), ("july", "jul", "julio"),
    ("august", "aug", "agosto", "ago"), ("september", "sep", "sept", "septiembre", "setiembre", "set"),
    ("october", "oct", "octubre"), ("november", "nov", "noviembre"), ("december", "dec", "diciembre", "dic"))
#: skeleton of a month's name or abbreviation → its number.
MONTHS = {skeleton(name): n for n, names in enumerate(_MONTH_NAMES, 1) for name in names}
#: Words between a day and a month ("5th of May", "5 de mayo", and the º of "1.º de mayo", read as o).
DATE_FILLERS = frozenset(skeleton(w) for w in ("of", "de", "the", "del", "º"))
#: A day written as a word: Spanish writes the first of the month "primero" ("primero de mayo").
DAY_WORDS = {skeleton(w): 1 for w in ("primero", "first")}

_STREET_TYPES = (("street", "st", "str", "calle"), ("avenue", "ave", "av", "avenida", "avda"),
                 ("road", "rd"), ("drive", "dr"), ("lane", "ln"), ("boulevard", "blvd", "bulevar"),
                 ("court", "ct"), ("place", "pl"), ("terrace", "ter", "terr"), ("way", "wy"),
                 ("circle", "cir"), ("parkway", "pkwy"), ("highway", "hwy"), ("square", "sq"),
                 ("alley", "aly"), ("row",), ("loop",), ("trail", "trl"), ("crescent", "cres"),
                 ("camino",), ("paseo",), ("plaza", "plz"))
#: skeleton of a street type → all the ways of writing it (so "Elm Street" also refuses "Elm Ave").
STREET_TYPES = frozenset(skeleton(w) for group in _STREET_TYPES for w in group)
COMPASS = frozenset(skeleton(w) for w in ("n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east",
                                          "west", "northeast", "northwest", "southeast", "southwest", "norte",
                                          "sur", "este", "oeste"))
UNIT_WORDS = frozenset(skeleton(w) for w in ("apt", "apartment", "unit", "suite", "ste", "fl", "floor", "room",
                                             "no", "number", "num", "depto", "departamento", "piso", "bldg"))
SCHOOL_WORDS = frozenset(skeleton(w) for w in (
    "school", "high", "middle", "elementary", "academy", "charter", "prep", "preparatory", "junior", "senior",
    "hs", "ms", "es", "jhs", "escuela", "secundaria", "primaria", "preparatoria", "colegio", "instituto",
    "college", "magnet", "montessori", "k8", "intermediate"))
AGE_BEFORE = frozenset(skeleton(w) for w in ("age", "aged", "ages", "edad", "de", "is", "was", "turned", "turning"))
AGE_AFTER = frozenset(skeleton(w) for w in ("year", "years", "yr", "yrs", "yo", "y", "ano", "anos"))


def full_date(year: int, month: int, day: int) -> date | None:
    """The date, if it is one (two-digit years read as 19xx/20xx the way people mean them)."""
    if year < 100:
        year += 2000 if year < 40 else 1900
    try:
        return date(year, month, day)
    except ValueError:
        return None


def numeric_dates(parts: list[int], widths: list[int]) -> set[date]:
    """Every date that three numbers written together may mean: year first (2010-03-04), month
    first (03/04/2010) or day first (04/03/2010)."""
    a, b, c = parts
    found: set[date | None] = set()
    if widths[0] == 4:
        found.add(full_date(a, b, c))
    if widths[2] in (2, 4) and widths[0] <= 2 and widths[1] <= 2:
        found |= {full_date(c, a, b), full_date(c, b, a)}
    return {d for d in found if d is not None}


def street_parts(address: str) -> tuple[str, list[str], str] | None:
    """(house number, the street's own name words, the street type) of an address's first line
    ("12 N Elm Street Apt 4, Springfield" → ("12", ["elm"], "street")), skeletons; None when the
    line has no name."""
    words = skeleton(address.split(",")[0]).replace(".", " ").replace("#", " ").split()
    number = ""
    if words and words[0].isdigit():
        number = words.pop(0)
    for i, word in enumerate(words):  # a unit ends the street's part
        if word in UNIT_WORDS and i > 0:
            words = words[:i]
            break
    words = [w for w in words if w not in COMPASS and not w.isdigit()]
    street_type = ""
    if words and words[-1] in STREET_TYPES:
        street_type = words.pop()
    elif words and words[0] in STREET_TYPES:  # "Calle Ocho"
        street_type = words.pop(0)
    if not words:
        return None
    return number, words, street_type


def school_names(school: str) -> list[str]:
    """The ways of writing a school: its full name and its own name ("Lincoln High School" →
    "lincolnhighschool", "lincoln" with each school word), skeletons without spaces."""
    words = skeleton(school).replace(".", " ").split()
    own = [w for w in words if w not in SCHOOL_WORDS]
    names = {"".join(words)}
    if own:
        names |= {"".join(own) + kind for kind in SCHOOL_WORDS}
    return [n for n in names if len(n) >= 4]
