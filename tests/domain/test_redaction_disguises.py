"""A determined coordinator disguising a protected name never gets it past the guard, and
ordinary sentences still publish.

The disguises are made by this test's own generator (its own tables of look-alike letters,
invisible characters and markup), never by the guard's normaliser, and go through the real
Markdown renderer and the reader's text, as a publication's body does. Run with
``HYPOTHESIS_PROFILE=long`` (4000 examples) for a longer search; the count of forms tried is
printed with ``-s``.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jurycourt.domain.reading import reader_text
from jurycourt.domain.redaction import ProtectedPerson, check
from jurycourt.formats.markdown import render_markdown

GIVEN = ["Maria", "Zephyrine", "Joaquín", "Oluwaseun", "Dmitri", "Keisha", "Thanh", "Björn", "Aaliyah", "Xiomara",
         "Nkechi", "Siobhan", "Mateo", "Priyanka", "Ximena", "Tobias"]
FAMILY = ["Lopez", "Okonkwo", "Nguyen", "Kowalczyk", "Haddad", "Fernández", "Abernathy", "Castellanos",
          "Oyelaran", "Quispe", "Villanueva", "Szymanski"]
#: Latin letter → look-alikes from other scripts (Cyrillic, Greek, Armenian, Cherokee…), by eye.
LOOKALIKES = {"a": "аɑα", "c": "сϲᴄ", "e": "еҽ", "i": "іɩ", "j": "ј", "o": "оοօ", "p": "рρ", "s": "ѕ", "x": "хχ",
              "y": "уү", "h": "һ", "d": "ԁ", "n": "ո", "u": "սυ", "v": "ν", "A": "АΑ", "B": "ВΒ", "C": "СϹ",
              "E": "ЕΕ", "H": "НΗ", "I": "ІΙ", "J": "Ј", "K": "КΚ", "M": "МΜ", "N": "Ν", "O": "ОΟ", "P": "РΡ",
              "S": "Ѕ", "T": "ТΤ", "X": "ХΧ", "Y": "ҮΥ", "Z": "Ζ"}
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u200e", "\u200f", "\u202a", "\u202c", "\u202d",
             "\u2066", "\u2069", "\ufeff", "\u180e", "\u034f", "\ufe0f"]
DIGITS_FOR = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7", "l": "1", "b": "8"}
SPLITTERS = ["-", ".", " ", "·", "_", "\u2011", " - ", "*"]


def _fullwidth(c: str) -> str:
    return chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c


def _math_bold(c: str) -> str:
    if "a" <= c <= "z":
        return chr(0x1D41A + ord(c) - ord("a"))
    if "A" <= c <= "Z":
        return chr(0x1D400 + ord(c) - ord("A"))
    return c


@st.composite
def disguised(draw) -> tuple[str, str]:
    """(the name, a disguised way of writing it in Markdown)."""
    given_name, family = draw(st.sampled_from(GIVEN)), draw(st.sampled_from(FAMILY))
    name = draw(st.sampled_from([given_name, family, f"{given_name} {family}"]))
    chars = list(draw(st.sampled_from([name, name.upper(), name.lower(), name.title()])))
    letters = [i for i, c in enumerate(chars) if c.isalpha()]
    for i in draw(st.lists(st.sampled_from(letters), max_size=4, unique=True)):
        chars[i] = draw(st.sampled_from([
            draw(st.sampled_from(LOOKALIKES.get(chars[i], chars[i]))), _fullwidth(chars[i]), _math_bold(chars[i]),
            chars[i] + "\u0301", f"&#{ord(chars[i])};", f"&#x{ord(chars[i]):x};"]))
    budget = max(1, len(letters) * 2 // 5 - 1)  # digits for letters, only while the word stays mostly letters
    for i in draw(st.lists(st.sampled_from(letters), max_size=budget, unique=True)):
        if chars[i].lower() in DIGITS_FOR:
            chars[i] = DIGITS_FOR[chars[i].lower()]
    for i in draw(st.lists(st.integers(1, len(chars) - 1), max_size=3)):
        chars[i] = draw(st.sampled_from(INVISIBLE)) + chars[i]
    style = draw(st.sampled_from(["plain", "spaced", "split", "emphasis", "link", "code"]))
    word = "".join(chars)
    if style == "spaced":
        word = draw(st.sampled_from([" ", ".", "-", ". "])).join(chars)
    elif style == "split" and len(chars) >= 5:
        at = draw(st.integers(2, len(chars) - 2))
        word = "".join(chars[:at]) + draw(st.sampled_from(SPLITTERS)) + "".join(chars[at:])
    elif style in ("emphasis", "link", "code") and len(chars) >= 3:
        at = draw(st.integers(1, len(chars) - 1))
        head, tail = "".join(chars[:at]), "".join(chars[at:])
        word = {"emphasis": f"**{head}**{tail}", "link": f"[{head}](https://example.net/x){tail}",
                "code": f"`{head}`{tail}"}[style]
    return name, word


SENTENCE = st.sampled_from(["The panel heard from {} last week.", "{} agreed to the repair plan.",
                            "A letter from {} was read aloud.", "# About {}\n\nThe hearing went well.",
                            "- {}\n- the school", "Thanks to {}!"])
tried = []


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(disguised(), SENTENCE)
def _every_disguise(form: tuple[str, str], sentence: str) -> None:
    name, word = form
    people = [ProtectedPerson(g, f, date_of_birth=date(2011, 1, 1)) for g in GIVEN for f in FAMILY
              if name in (g, f, f"{g} {f}")][:1]
    body = reader_text(render_markdown(sentence.format(word)).html)
    tried.append(word)
    assert check({"body": body}, people), f"{word!r} published: {body!r}"


def test_no_disguised_form_of_a_protected_name_publishes():
    tried.clear()
    _every_disguise()
    print(f"\n{len(tried)} disguised forms tried ({len(set(tried))} distinct), none published")
    assert len(tried) >= 50


SENTENCES = [
    "We will publish the next report when the panel has met.",
    "By God's grace and the volunteers' hope, the program grew.",
    "The program may add a second panel in May 2027.",
    "Young people drafted a bill of rights for the youth court.",
    "The rivers of paper became one online form; we mark each case closed within 30 days.",
    "Flores y plantas del parque: la comunidad las cuidará.",
    "212 cases, 87% completed, 1,486 hours in 2024, 11% re-arrested.",
    "Between 2019-2024 the court heard 1 200 cases; 3 in 4 respondents finished.",
    "Jurors aged 14 to 17 served on the 3rd and 4th panels.",
    "A 16-year-old respondent completed 20 hours of service.",
    "The U.S. Department of Justice funded 2 of the 5 programs, and D.C. the rest.",
    "See chapter 4, page 12, and the table in section 2.3.",
    "Meetings moved to Room 104 on the second floor.",
    "The park on the main street is lit again after dark.",
    "The school district and the high school agreed to share data.",
    "Call the program office during opening hours.",
    "Recommendation 7: repair every lamp by March 2027.",
    "Hope is not a plan; the department must act.",
    "Will the department respond? It has until June.",
    "Mark your calendars: the open meeting is in April.",
    "The ratio was 3:1, and 0.5% of cases were appealed.",
    "Version 2.0 of the handbook replaces version 1.4.",
    "Our team of 12 volunteers gave 480 hours.",
    "An A grade average and a B+ in conduct are not required to serve.",
    "The panel recommends that the city fund two youth workers.",
    "La mayoría de los jóvenes terminó su servicio en mayo.",
    "The youth court will hold its annual meeting in the library.",
    "Bill payments for damages were made in full.",
    "I, too, thank every volunteer.",
    "Grace periods of 2 weeks were given to 9 respondents.",
]
CORPUS_PEOPLE = [
    ProtectedPerson("Will", "Grace", address="7 Main Street, Riverside", phone="202-555-0147",
                    date_of_birth=date(2010, 5, 9), schools=("Ward High School",)),
    ProtectedPerson("May", "Hope"), ProtectedPerson("Bill", "Rivers"), ProtectedPerson("Mark", "Young"),
    ProtectedPerson("Rosa", "Flores", date_of_birth=None),
]


def test_ordinary_sentences_still_publish():
    for sentence in SENTENCES:
        findings = check({"body": sentence}, CORPUS_PEOPLE)
        assert findings == [], (sentence, [(f.text, f.reason) for f in findings])
