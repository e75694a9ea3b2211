"""Cleaning typed text: keep what a person wrote, drop the invisible characters that change how it
reads (or that no keyboard types), and say so where dropping them changes what the reader sees.

Every form's text goes through ``clean_text`` (web/forms.py ``Form.from_data``), so names and free
text are stored without NUL, bidirectional controls (which can make "Smith" display as "htimS", or
hide part of a note), zero-width spaces, soft hyphens, byte-order marks, tag characters and other
format and control characters. Kept: tabs and line breaks, and the zero-width joiner and non-joiner,
which Persian, Indic scripts and emoji sequences are written with.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from jurycourt.i18n import _l

#: Characters that change the direction text is displayed in (embeddings, overrides, isolates, marks).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Format characters that are part of how some languages and emoji are written.
KEPT_FORMAT = frozenset("\u200c\u200d")
KEPT_CONTROLS = frozenset("\t\n\r")
LINE_BREAKS = {"\u2028": "\n", "\u2029": "\n\n", "\x85": "\n"}

NUL_PROBLEM = _l("This text had a NUL character, which can't be stored, so it was removed. Check the text, "
                 "then send it again.")
BIDI_PROBLEM = _l("This text had invisible characters that change the direction it reads in, so they were "
                  "removed. Check that it reads as you meant, then send it again.")


@dataclass(frozen=True)
class CleanText:
    text: str
    problem: str = ""  # why the person should look again ("" when nothing they'd see changed)


def _kept(character: str) -> bool:
    category = unicodedata.category(character)
    if category == "Cf":
        return character in KEPT_FORMAT
    if category == "Cc":
        return character in KEPT_CONTROLS
    return category != "Cs"  # a lone surrogate can't even be stored


def clean_text(value: str) -> CleanText:
    """``value`` without invisible formatting and control characters, and what to tell the person."""
    if value.isascii() and value.isprintable():
        return CleanText(value)  # the common case, at once
    problem = ""
    if "\x00" in value:
        problem = str(NUL_PROBLEM)
    elif not BIDI_CONTROLS.isdisjoint(value):
        problem = str(BIDI_PROBLEM)
    text = "".join(LINE_BREAKS.get(c, c) for c in value if c in LINE_BREAKS or _kept(c))
    return CleanText(text, problem)
