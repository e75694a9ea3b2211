"""The values that broke routes before, as hypothesis strategies, and requests built from them.

Out-of-range input must be a 404 or a 400 with a clear message, never a 500: ids longer than any
integer column, digits that are not ASCII digits (``int()`` accepts them, a database does not),
dates in year 1 or 9999 (arithmetic on them overflows), over-long slugs, keyset cursors with huge
numbers, NUL (PostgreSQL refuses it in text) and bidi controls.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from hypothesis import strategies as st
from starlette.routing import Route

from jurycourt.settings import ROOT
from jurycourt.web.params import IdConvertor

HUGE = "9" * 25
OTHER_DIGITS = ("١٢", "۳", "१", "１２", "²", "৭", "𝟕", "٠")  # Arabic-Indic, Persian, Devanagari, fullwidth…
EDGE_NUMBERS = (HUGE, "1" + "0" * 24, str(2**31), str(2**31 - 1), str(2**32), str(2**63), str(2**63 - 1),
                str(2**64), "0", "00000000000000000000001", "-1", "-" + HUGE, "+1", " 1", "1 ", "1.5", "1e400",
                "inf", "nan", "0x10", "1_000", *OTHER_DIGITS)
EDGE_DATES = ("0001-01-01", "9999-12-31", "0000-01-01", "10000-01-01", "2026-02-30", "2026-13-01", "-2026-01-01",
              "٢٠٢٦-٠١-٠١", "2026-01-01T00:00", "0001-01-01T00:00", "9999-12-31T23:59", "9999-12-31T23:59:59+14:00",
              "0001-01-01T00:00:00-14:00", "2026-W01", "20260101")
EDGE_TIMES = ("24:00", "23:59:60", "00:00", "٠٩:٠٠", "9", "99:99", "00:00:00.000001", "12:00+14:00", "T12")
EDGE_AMOUNTS = ("0.001", "1,000", "1e6", "99999999999999999999.99", "-0.01", "$5", "٥٫٠٠", "5.", ".5")
EDGE_TEXT = ("\x00", "a\x00b", "\u202eevil\u202c", "\u2066x\u2069", "\u200b", "\ufeff", "é", "e\u0301",
             "..", "%", "%00", "a" * 81, "a" * 300, "x-" * 2000, "🧑‍⚖️", "' OR 1=1 --", "<b>")
EDGE_CURSORS = (f"2026-01-01T00:00:00+00:00_{HUGE}", f"9999-12-31T23:59:59+00:00_{2**63}",
                "0001-01-01T00:00:00+14:00_1", "9999-12-31T23:59:59-14:00_1", f"2026-01-01T00:00:00_{HUGE}", "_",
                f"x_{HUGE}", f"2026-01-01T00:00:00+00:00_{OTHER_DIGITS[0]}", f"{HUGE}_{HUGE}")
EDGES = (*EDGE_NUMBERS, *EDGE_DATES, *EDGE_TIMES, *EDGE_AMOUNTS, *EDGE_TEXT, *EDGE_CURSORS)

edge_values = st.sampled_from(EDGES)
#: A value for an integer path parameter: a real id often enough to reach the view's deeper steps.
id_edges = st.sampled_from((*EDGE_NUMBERS[:10], *OTHER_DIGITS))
#: A value for a text path parameter (a slug, a token, a topic, a kind).
text_edges = st.sampled_from(EDGE_TEXT) | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)),
                                                  min_size=1, max_size=40)


def query_names() -> list[str]:
    """Every query-string parameter the views read (so values land where code reads them)."""
    pattern = re.compile(r'(?:query_params|params)\.get(?:list)?\("([a-z_]+)"')
    sources = (path.read_text() for path in (ROOT / "jurycourt").rglob("*.py"))
    names = {match.group(1) for source in sources for match in pattern.finditer(source)}
    return sorted(names)


PARAM = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-zA-Z_]+))?}")


def integer_params(route: Route) -> set[str]:
    return {name for name, convertor in route.param_convertors.items() if isinstance(convertor, IdConvertor)}


def raw_path(route: Route, values: dict[str, str]) -> str:
    """The route's path with each parameter replaced by ``values[name]`` as typed, percent-encoded
    (not through ``url_path_for``, which would refuse what a script may send anyway)."""
    return PARAM.sub(lambda match: quote(values[match.group(1)], safe=""), route.path)


#: What a field or query parameter probably holds, from its name: each edge set sends the values of
#: its kind, so a date parser meets year 1 and a cursor parser a 25-digit id in every CI run.
KINDS = (
    ("cursor", re.compile(r"(^|_)(after|before|cursor)$")),
    ("moment", re.compile(r"(_at|starts|ends|when|moment)$")),
    ("time", re.compile(r"(^|_)(time|opens|closes|start_time|end_time|starts_time)$")),
    ("date", re.compile(r"(date|day|_on|^on|^from|^to|until|since|dob|due)$")),
    ("amount", re.compile(r"(amount|cents|price|dollars|minutes|hours|quantity|stock|capacity|age|months|page)")),
)
SETS = {
    "id": (HUGE, OTHER_DIGITS[0], str(2**31), str(2**63)),
    "text": ("a" * 300, "a\x00b", "\u202eevil\u202c", "x-" * 2000),
    "cursor": (EDGE_CURSORS[0], EDGE_CURSORS[3], EDGE_CURSORS[2], EDGE_CURSORS[1]),
    "moment": ("0001-01-01T00:00", "9999-12-31T23:59", "9999-12-31T23:59:59+14:00", "٢٠٢٦-٠١-٠١T09:00"),
    "time": ("24:00", "٠٩:٠٠", "23:59:60", "00:00:00.000001"),
    "date": ("0001-01-01", "9999-12-31", "٢٠٢٦-٠١-٠١", "10000-01-01"),
    "amount": (HUGE, "99999999999999999999.99", "١٢", "1e400"),
    "other": (HUGE, "١٢", "\x00", str(2**31)),  # unknown names are mostly ids (person, hearing, room)
}
EDGE_SETS = 4


def kind_of(name: str) -> str:
    return next((kind for kind, pattern in KINDS if pattern.search(name)), "other")


def edge_for(name: str, edge_set: int) -> str:
    return SETS[kind_of(name)][edge_set % EDGE_SETS]
