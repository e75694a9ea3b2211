"""Survey rules: fixed questionnaires, answers 1 to 5, and small groups hidden."""

from __future__ import annotations

import pytest

from jurycourt.domain.errors import Refused
from jurycourt.domain.surveys import QUESTIONNAIRES, check_answers, code_hash, questionnaire, summarise


def test_every_audience_has_a_questionnaire_and_before_after_only_where_it_makes_sense():
    assert set(QUESTIONNAIRES) == {"respondent", "guardian", "harmed", "volunteer", "panel", "assembly"}
    assert QUESTIONNAIRES["respondent"].phases == ("before", "after")
    assert QUESTIONNAIRES["harmed"].phases == ("once",)
    with pytest.raises(Refused):
        questionnaire("harmed", "before")


def test_answers_out_of_the_scale_are_dropped_and_none_at_all_is_refused():
    asked = QUESTIONNAIRES["guardian"]
    assert check_answers(asked, {"explained": "5", "fair": "9", "recommend": "x"}) == {"explained": 5}
    with pytest.raises(Refused, match="at least one"):
        check_answers(asked, {"fair": "0"})


def test_a_questionnaire_answered_by_fewer_than_5_shows_nothing_but_its_count():
    asked = QUESTIONNAIRES["volunteer"]
    four = summarise(asked, "once", [{"prepared": 5}] * 4)
    assert four.hidden and four.lines == ()
    # 6 responses: 5 answered "prepared" (4 agree); only 2 answered "again": hidden on its own.
    six = summarise(asked, "once", [{"prepared": 4}, {"prepared": 5}, {"prepared": 2}, {"prepared": 4},
                                    {"prepared": 5, "again": 5}, {"again": 1}])
    lines = {line.question.key: line for line in six.lines}
    assert (lines["prepared"].answered, lines["prepared"].agree, lines["prepared"].agree_share) == (5, 4, 0.8)
    assert lines["again"].agree_share is None and lines["well_used"].agree_share is None


def test_codes_are_stored_as_hashes():
    assert code_hash("abc ") == code_hash("abc") != "abc" and len(code_hash("abc")) == 64
