"""The redaction guard finds protected people's details as readers would read them."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain.redaction import (
    ORDINARY_WORDS,
    Identifiers,
    ProtectedPerson,
    check,
    fold,
    highlight,
    sealed_digests,
)

PEOPLE = [
    ProtectedPerson("Will", "Ortiz", address="12 Elm Street, Riverside", phone="202-555-0101",
                    email="w.ortiz@example.org", date_of_birth=date(2010, 3, 4), schools=("Lincoln High School",)),
    ProtectedPerson("José", "Núñez", preferred_name="Pepe"),
]


def _texts(text: str, **kw) -> list[str]:
    return [f.text for f in check({"body": text}, PEOPLE, **kw)]


def test_names_are_found_as_whole_words_whatever_their_case_and_accents():
    text = "We spoke to JOSE and to nunez, and Pépé; a willow tree and Ortizes do not count."
    assert _texts(text) == ["JOSE", "nunez", "Pépé"]


def test_each_finding_says_where_it_is_so_the_page_can_mark_it():
    text = "Ask Will Ortiz."
    findings = check({"title": text}, PEOPLE)
    assert [(f.field, text[f.start:f.end]) for f in findings] == [("title", "Will Ortiz")]
    pieces = highlight(text, findings)
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, f in pieces if f] == ["Will Ortiz"]


def test_addresses_phones_emails_and_dates_of_birth_are_found():
    text = ("They live at 12 ELM street. Call (202) 555 0101 or W.Ortiz@example.org. "
            "Born 2010-03-04, that is March 4, 2010.")
    assert set(_texts(text)) == {"12 ELM street", "202) 555 0101", "W.Ortiz@example.org", "2010-03-04",
                                 "March 4, 2010"}
    reasons = {f.text: f.reason for f in check({"body": text}, PEOPLE)}
    assert reasons["March 4, 2010"] == "a protected person's date of birth"
    assert reasons["202) 555 0101"] == "a protected person's phone number"


def test_anything_shaped_like_a_phone_email_or_date_is_refused_even_if_nobody_has_it():
    findings = check({"body": "Ring 312-555-9999, write to x@y.org, 04/05/2009 or 1 May 2008."}, PEOPLE)
    assert [f.reason.split(" like ")[-1] for f in findings] == ["a phone number", "an email address", "a date",
                                                                "a date"]


def test_aggregate_figures_are_not_mistaken_for_details():
    assert _texts("212 cases, 87% completed, 1,486 hours in 2024, 11% re-arrested.") == []


def test_a_name_that_is_an_ordinary_word_counts_only_where_it_reads_as_a_name():
    assert check({"body": "We will meet, and the panel will decide."}, PEOPLE) == []
    findings = check({"body": "We thanked Will for coming."}, PEOPLE)
    assert [(f.text, f.releasable) for f in findings] == [("Will", "wiii")]
    assert check({"body": "We thanked Will for coming."}, PEOPLE, released={"wiii"}) == []
    assert check({"body": "Will the panel agree? May it."}, PEOPLE) == []  # a sentence's first word
    assert [f.text for f in check({"body": "we spoke with will ortiz"}, PEOPLE)] == ["will ortiz"]


def test_family_names_are_never_releasable():
    both = [ProtectedPerson("Rose", "Rose")]
    assert [f.releasable for f in check({"body": "We met Rose."}, both)] == [""]
    assert check({"body": "We met Rose."}, both, released={"rose"}) != []


def test_folding_removes_accents_case_and_reads_look_alikes_alike():
    assert fold("ÉLODIE Straße") == fold("elodie strasse") == fold("еlodie strasse")  # a Cyrillic е


def test_streets_schools_and_partial_identifiers_are_found():
    cases = {
        "She lives on N. Elm St. now": "a protected person's street",
        "down Elm Avenue": "a protected person's street",
        "a student at Lincoln High": "a protected person's school",
        "J.D., 14, was there": "initials next to an age",
        "M. G. from the middle school": "initials next to a school",
        "W.O. (aged 15) spoke": "initials next to an age",
        "born in March 2010": "a protected person's month and year of birth",
        "call 555 01 01": "a protected person's phone number",
        "write to w dot ortiz at example dot org": "a protected person's email address",
    }
    for text, reason in cases.items():
        assert [f.reason for f in check({"body": text}, PEOPLE)] == [reason], text


def test_a_sealed_person_is_refused_from_keyed_hashes_alone():
    sealed = dict(sealed_digests("k" * 40, PEOPLE[0]))
    known = Identifiers.of([], sealed, key="k" * 40)
    assert [f.text for f in check({"body": "We met W-i-l-l O r t i z on Elm Street."}, known)] == [
        "W-i-l-l O r t i z", "Elm Street"]
    assert check({"body": "We met W-i-l-l O r t i z."}, Identifiers.of([], sealed, key="other" * 8)) == []


names = st.text(alphabet=st.sampled_from("abcdefghijkmnopqrstuvwxyzàéîõüçñøß"), min_size=2, max_size=12).filter(
    lambda name: fold(name) not in ORDINARY_WORDS)  # those count only where they read as a name
filler = st.lists(st.sampled_from(["the", "panel", "heard", "report", "and", "12", "of"]), max_size=8).map(" ".join)


@given(names, names, filler, filler)
def test_a_protected_name_anywhere_in_the_text_is_always_found_where_it_is(given_name, family, before, after):
    person = ProtectedPerson(given_name, family)
    shouted = family.upper()
    text = f"{before} {shouted} {after}".strip()
    findings = check({"body": text}, [person])
    start = len(before) + 1 if before else 0
    assert any(f.start <= start and f.end >= start + len(shouted) for f in findings)
