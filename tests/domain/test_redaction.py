"""The redaction guard finds protected people's details, as whole words, folded for case and accents."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain.redaction import ProtectedPerson, check, fold, highlight

PEOPLE = [
    ProtectedPerson("Will", "Ortiz", address="12 Elm Street, Riverside", phone="202-555-0101",
                    email="w.ortiz@example.org", date_of_birth=date(2010, 3, 4)),
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
    assert {(f.field, text[f.start:f.end]) for f in findings} >= {("title", "Will"), ("title", "Ortiz"),
                                                                   ("title", "Will Ortiz")}
    pieces = highlight(text, findings)
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, f in pieces if f] == ["Will Ortiz"]


def test_addresses_phones_emails_and_dates_of_birth_are_found():
    text = ("They live at 12 ELM street. Call (202) 555 0101 or W.Ortiz@example.org. "
            "Born 2010-03-04, that is March 4, 2010.")
    assert set(_texts(text)) == {"12 ELM street", "(202) 555 0101", "W.Ortiz@example.org", "Ortiz",
                                 "2010-03-04", "March 4, 2010"}


def test_anything_shaped_like_a_phone_email_or_date_is_refused_even_if_nobody_has_it():
    findings = check({"body": "Ring 312-555-9999, write to x@y.org, 04/05/2009 or 1 May 2008."}, PEOPLE)
    assert [f.reason.split(" like ")[-1] for f in findings] == ["a phone number", "an email address", "a date",
                                                                "a date"]


def test_aggregate_figures_are_not_mistaken_for_details():
    assert _texts("212 cases, 87% completed, 1,486 hours in 2024, 11% re-arrested.") == []


def test_a_released_first_name_that_is_an_ordinary_word_passes_but_family_names_never_do():
    findings = check({"body": "We will meet."}, PEOPLE)
    assert [(f.text, f.releasable) for f in findings] == [("will", "will")]
    assert check({"body": "We will meet."}, PEOPLE, released={"will"}) == []
    both = [ProtectedPerson("Rose", "Rose")]
    assert [f.releasable for f in check({"body": "a rose"}, both)] == [""]
    assert check({"body": "a rose"}, both, released={"rose"}) != []


def test_folding_removes_accents_and_case():
    assert fold("ÉLODIE Straße") == "elodie strasse"


names = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzàéîõüçñøß"), min_size=2, max_size=12)
filler = st.lists(st.sampled_from(["the", "panel", "heard", "report", "and", "12", "of"]), max_size=8).map(" ".join)


@given(names, names, filler, filler)
def test_a_protected_name_anywhere_in_the_text_is_always_found_where_it_is(given_name, family, before, after):
    person = ProtectedPerson(given_name, family)
    shouted = family.upper()
    text = f"{before} {shouted} {after}".strip()
    findings = check({"body": text}, [person])
    start = len(before) + 1 if before else 0
    assert any(f.start == start and f.end == start + len(shouted) for f in findings)
