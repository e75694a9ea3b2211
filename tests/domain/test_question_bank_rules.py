"""The question bank's and the question list's rules, without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jurycourt.domain.errors import Refused
from jurycourt.domain.jury_room import Member, Phase, check_mark_worked, check_reorder, moved
from jurycourt.domain.question_bank import check_bank_question, check_from_bank
from jurycourt.domain.redaction import ProtectedPerson, check

CATEGORIES = {"shoplifting": "Shoplifting", "vandalism": "Vandalism"}
TANYA = ProtectedPerson("Tanya", "Reyes", phone="555-201-3344")


def _bank(body: str, category: str = "shoplifting", duplicate: bool = False) -> str:
    return check_bank_question(body, category, CATEGORIES, check({"body": body}, [TANYA]), duplicate)


def test_a_question_that_names_no_one_goes_into_the_bank_trimmed():
    assert _bank("  What would you say to the shop owner?  ") == "What would you say to the shop owner?"


@pytest.mark.parametrize("body", ["Why did Tanya take it?", "Did the Reyes family know?",
                                  "Would you call 555-201-3344 to apologise?", "Were you there on 3/14/2026?",
                                  "Would you write to someone@example.org?"])
def test_a_question_with_a_name_or_anything_personal_is_refused_for_the_bank(body):
    with pytest.raises(Refused, match="redaction check found") as refused:
        _bank(body)
    assert refused.value.field == "body"


def test_a_bank_question_needs_a_known_category_some_text_and_must_be_new():
    with pytest.raises(Refused, match="offence categories"):
        _bank("What next?", "arson")
    with pytest.raises(Refused, match="Write your question first"):
        _bank("   ")
    with pytest.raises(Refused, match="in the bank for this offence already"):
        _bank("What next?", duplicate=True)


def test_a_juror_adds_only_a_bank_question_made_for_the_offence_of_the_case():
    check_from_bank("shoplifting", "shoplifting")
    for category in (None, "vandalism"):
        with pytest.raises(Refused, match="not in the bank for this offence"):
            check_from_bank(category, "shoplifting")


@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=30, unique=True), st.data(), st.booleans())
def test_moving_a_question_keeps_every_question_once(order, data, up):
    question = data.draw(st.sampled_from(order))
    result = moved(order, question, up)
    assert sorted(result) == sorted(order)
    i = order.index(question)
    expected = i - 1 if up and i > 0 else i + 1 if not up and i < len(order) - 1 else i
    assert result.index(question) == expected


def test_moving_a_question_not_in_the_list_is_refused():
    with pytest.raises(Refused, match="not in this room's list"):
        moved([1, 2], 3, True)


def test_only_the_foreperson_or_a_coordinator_reorders_and_only_once_questioning_opens():
    check_reorder(Phase.QUESTIONING, Member(seated=True, foreperson=True))
    check_reorder(Phase.DELIBERATION, Member(coordinator=True))
    with pytest.raises(Refused, match="Only the foreperson"):
        check_reorder(Phase.QUESTIONING, Member(seated=True))
    for phase in (Phase.PREPARING, Phase.VOTING, Phase.DECIDED):
        with pytest.raises(Refused, match="once questioning opens"):
            check_reorder(phase, Member(seated=True, foreperson=True))


def test_questions_are_marked_as_having_worked_after_the_questioning_by_the_room():
    check_mark_worked(Phase.DELIBERATION, Member(seated=True))
    with pytest.raises(Refused, match="after the questioning"):
        check_mark_worked(Phase.QUESTIONING, Member(seated=True))
    with pytest.raises(Refused, match="Only the jurors seated"):
        check_mark_worked(Phase.DELIBERATION, Member())
