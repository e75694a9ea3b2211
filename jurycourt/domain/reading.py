"""What a reader sees, reduced to words the redaction guard can match, whatever the disguise.

A published text reaches readers rendered: its Markdown becomes HTML (``reader_text`` turns that
back into the text people read, with link targets, titles and anchors after it), character
references become characters, invisible characters vanish and look-alike letters from other
scripts read as Latin ones. ``read`` turns such text into tokens: each one the skeleton of a
word (Unicode NFKC, accents removed, case folded, TR39 confusables mapped to one Latin letter,
digits that stand for letters inside mostly-letter words read as those letters), with where it
stands in the original text and how it is joined to the next one, so that "M a r i a", "Ma-ria"
and "Ma\u00adria" are read as the one word a reader sees.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from html import unescape
from html.parser import HTMLParser
from urllib.parse import unquote

from confusable_homoglyphs import confusables

#: Characters no reader sees that are not of category Cf (format): fillers and variation selectors.
INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u3164\uffa0\u2800"
                      + "".join(chr(c) for c in range(0xFE00, 0xFE10)))
#: Digits and signs that stand for letters inside a word that is mostly letters ("M4r1a", "M@ria").
LOOKALIKE_LETTERS = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s",
                     "|": "i", "!": "i", "€": "e", "£": "l"}
#: Letters that stand for digits inside a token that is mostly digits ("555-O1O1").
LOOKALIKE_DIGITS = {"o": "0", "i": "1", "l": "1", "s": "5", "b": "8"}
#: What joins two pieces of one word without a space ("Ma-ria", "M.a.r.i.a", "Ma*ria").
JOINERS = frozenset("-‐‑‒–—―.·•‧∙_'’‘`´*/\\~+=^")
ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th|o|a|er|e|ro|do|to|vo)")


@cache
def _confusable_letters() -> dict[str, str]:
    """Each non-ASCII character that Unicode's confusables (TR39) equate with exactly one Latin
    letter, and that letter. "l", "1" and "I" read alike, so they share the letter "i"."""
    table: dict[str, str] = {}
    for char, homoglyphs in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        letters = {h["c"].casefold() for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii()}
        letters = {"i" if c in "l1|" else "o" if c == "0" else c for c in letters}
        letters = {c for c in letters if c.isalpha()}
        if len(letters) == 1:
            table[char] = letters.pop()
    return table


@cache
def skeleton_char(char: str) -> str:
    """What ``char`` reads as: "" for an invisible character, else its skeleton (lower case, no
    accents, a Latin letter for a look-alike, "i" for "l"), possibly several characters ("ﬁ")."""
    if char in INVISIBLE or unicodedata.category(char) == "Cf":
        return ""
    table = _confusable_letters()
    if char in table:  # before NFKC, which may turn a look-alike into another letter ("ϲ" into "ς")
        return table[char].replace("l", "i")
    out = []
    for c in unicodedata.normalize("NFKC", char):
        for d in unicodedata.normalize("NFKD", c):
            if unicodedata.combining(d) or d in INVISIBLE or unicodedata.category(d) == "Cf":
                continue
            mapped = table.get(d) or table.get(d.upper()) or table.get(d.casefold())
            folded = mapped or d.casefold()
            out.append(folded.replace("l", "i"))
    return "".join(out)


def skeleton(text: str) -> str:
    """The skeleton of a whole text (see ``skeleton_char``), its words unchanged in number."""
    return "".join(skeleton_char(c) for c in text)


def is_capital(char: str) -> bool:
    """Whether ``char`` is written as a capital letter (in any script or style)."""
    return unicodedata.normalize("NFKC", char)[:1].isupper()


@dataclass(frozen=True)
class Token:
    """One word as read: ``text`` its skeleton, ``raw`` before digits are read as letters,
    ``start``/``end`` where it stands in the original text, ``capital`` if written with a capital."""

    text: str
    raw: str
    start: int
    end: int
    capital: bool

    @property
    def numeric(self) -> bool:
        return self.text.isdigit()


@dataclass(frozen=True)
class Reading:
    """A text as read: its tokens, and between token i-1 and i the separator ``gaps[i]`` (skeleton)."""

    text: str
    tokens: list[Token]
    gaps: list[str]


def _word_char(c: str) -> bool:
    return c.isalnum()


def read(text: str) -> Reading:
    """The tokens of ``text``: runs of letters and digits in its skeleton, each mapped back to the
    original characters it came from; a sign that stands for a letter ("M@ria") stays in a word."""
    chars: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        chars.extend((c, i) for c in skeleton_char(ch))
    tokens: list[Token] = []
    gaps: list[str] = []
    gap: list[str] = []
    word: list[tuple[str, int]] = []

    def close() -> None:
        if not word:
            return
        raw = "".join(c for c, _ in word)
        start, end = word[0][1], word[-1][1] + 1
        tokens.append(Token(as_read(raw), raw, start, end, is_capital(text[start])))
        gaps.append("".join(gap))
        word.clear()
        gap.clear()

    for k, (c, i) in enumerate(chars):
        inside = (c in LOOKALIKE_LETTERS and word and k + 1 < len(chars) and _word_char(chars[k + 1][0]))
        if _word_char(c) or inside:
            word.append((c, i))
        else:
            close()
            gap.append(c)
    close()
    return Reading(text, tokens, gaps)


def as_read(raw: str) -> str:
    """A token as a reader takes it: in a mostly-letter word, digits and signs read as the letters
    they look like ("m4r1a" is "maria"); in a mostly-digit one, letters as digits ("o1o1" is
    "0101"); ordinals ("4th") and ordinary numbers stay as they are."""
    if raw.isalpha() or raw.isdigit():
        return raw
    letters = sum(c.isalpha() for c in raw)
    others = len(raw) - letters
    if ORDINAL.fullmatch(raw) or letters == 0 or others == 0:
        return raw
    if letters > others:
        return "".join(LOOKALIKE_LETTERS.get(c, c) for c in raw)
    return "".join(LOOKALIKE_DIGITS.get(c, c) for c in raw)


@cache
def gap_kind(gap: str) -> str:
    """How a separator joins two tokens: "tight" (joiners only: "Ma-ria"), "loose" (spaces and
    joiners: "Ma ria", "M. a"), "break" (anything else: a comma, a paragraph)."""
    if gap and all(c in JOINERS for c in gap):
        return "tight"
    if gap.count("\n") < 2 and all(c.isspace() or c in JOINERS for c in gap) and len(gap) <= 4:
        return "loose"
    return "break"


BLOCKS = frozenset({"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
                    "table", "thead", "tbody", "tr", "th", "td", "div", "section", "article", "header", "footer",
                    "nav", "aside", "figure", "figcaption", "dl", "dt", "dd"})
#: Attributes whose values reach readers: link targets and tool tips, image descriptions, anchors.
SHOWN_ATTRIBUTES = ("href", "title", "alt", "id", "src", "aria-label", "cite")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.parts.append("\n\n")
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.attributes.append(unquote(value) if name in ("href", "src", "cite") else value)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(unescape(data))  # a reference shown as text ("&#109;" in code) still reads as its letter


def plain_reader_text(text: str) -> str:
    """A field shown as plain text (a title, a topic), with any character reference read as its
    character, as a reader who decodes one would."""
    return unescape(text)


def reader_text(html: str) -> str:
    """The text a reader of ``html`` sees, then every link target, title, image description and
    anchor it carries (each apart, so none joins a word of the text)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts) + "".join(f"\n\n{a}" for a in parser.attributes)


def flat(text: str) -> tuple[str, list[int]]:
    """The skeleton of ``text`` as one string, and for each of its characters the index of the
    original character it came from (for patterns that span words: email addresses)."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        s = skeleton_char(ch)
        out.append(s)
        where.extend([i] * len(s))
    return "".join(out), where
