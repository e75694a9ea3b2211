"""The person harmed's rules, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from jurycourt.domain import harmed as rules
from jurycourt.domain.errors import Refused
from jurycourt.domain.harmed import Wish
from jurycourt.domain.jury_room import Phase

TODAY = date(2026, 5, 4)
PLAN = {q.key: "answered" for q in rules.SAFETY_QUESTIONS}


def test_no_contact_without_recorded_consent():
    for consent in (None, False):
        with pytest.raises(Refused, match="not agreed to be contacted"):
            rules.check_contact(consent)
    rules.check_contact(True)


def test_consent_is_recorded_with_its_day_and_how():
    assert rules.check_consent("yes", TODAY, "letter", TODAY) == (True, TODAY, rules.ConsentHow.LETTER)
    with pytest.raises(Refused) as no_day:
        rules.check_consent("yes", None, "phone", TODAY)
    with pytest.raises(Refused) as no_way:
        rules.check_consent("no", TODAY, "pigeon", TODAY)
    with pytest.raises(Refused) as future:
        rules.check_consent("yes", date(2026, 5, 5), "phone", TODAY)
    assert (no_day.value.field, no_way.value.field, future.value.field) == ("consent_on", "how", "consent_on")


def test_several_wishes_may_be_chosen_but_nothing_stands_alone():
    assert rules.check_wishes(["outcome", "apology"]) == (Wish.APOLOGY, Wish.OUTCOME)
    for chosen in ([], ["nothing", "apology"], ["revenge"]):
        with pytest.raises(Refused):
            rules.check_wishes(chosen)


def test_something_is_offered_only_to_who_agreed_and_asked_for_it():
    with pytest.raises(Refused, match="did not ask"):
        rules.check_wish(True, (Wish.OUTCOME,), Wish.APOLOGY)
    with pytest.raises(Refused, match="not agreed"):
        rules.check_wish(False, (Wish.APOLOGY,), Wish.APOLOGY)
    rules.check_wish(True, (Wish.APOLOGY,), Wish.APOLOGY)


def test_every_fixed_question_of_the_safety_plan_is_answered():
    assert rules.check_safety_answers(PLAN) == PLAN
    with pytest.raises(Refused) as missing:
        rules.check_safety_answers({**PLAN, "arrival": "  "})
    assert missing.value.field == "arrival"


def test_the_author_of_a_safety_plan_cannot_review_it():
    with pytest.raises(Refused, match="not the one who wrote it"):
        rules.check_review(7, 7, written=True, reviewed=False)
    rules.check_review(7, 8, written=True, reviewed=False)


def test_a_meeting_they_attend_needs_the_plan_reviewed_where_the_program_says_so():
    with pytest.raises(Refused, match="write the risk assessment"):
        rules.check_meeting(True, False, False, None)
    with pytest.raises(Refused, match="second coordinator"):
        rules.check_meeting(True, True, False, None)
    rules.check_meeting(True, True, False, {"safety_plan_second_review": False})
    rules.check_meeting(True, True, True, None)
    rules.check_meeting(False, False, False, None)


def test_jurors_read_the_impact_statement_only_while_they_deliberate_and_vote():
    shown = {phase for phase in Phase if rules.impact_shown(phase, coordinator=False)}
    assert shown == {Phase.DELIBERATION, Phase.VOTING}
    assert all(rules.impact_shown(phase, coordinator=True) for phase in Phase)
