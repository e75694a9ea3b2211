# ruff: noqa: S608 - table names are fixed in the tests, values are placeholders
"""Survey anonymity: an invitation's code is stored only as a hash, with no person; a response
keeps no code, no person and only its month, so no response can be joined to anyone."""

from __future__ import annotations

import pytest

from jurycourt.actions import surveys
from jurycourt.db import fetch_rows
from jurycourt.domain.errors import Refused
from jurycourt.models import OutboxMessage, SurveyCode, SurveyResponse
from tests.databases import on_postgres
from tests.web.cases_helpers import coordinator
from tests.web.members import person_id


async def _columns(table: str) -> set[str]:
    if on_postgres():
        rows = await fetch_rows(lambda p: "SELECT column_name FROM information_schema.columns"
                                f" WHERE table_name = {p(table)}")
        return {r[0] for r in rows}
    return {r[1] for r in await fetch_rows(f"PRAGMA table_info({table})")}


async def _foreign_tables(table: str) -> set[str]:
    if on_postgres():
        rows = await fetch_rows(lambda p: (
            "SELECT ccu.table_name FROM information_schema.table_constraints tc JOIN"
            " information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name"
            f" WHERE tc.table_name = {p(table)} AND tc.constraint_type = 'FOREIGN KEY'"))
        return {r[0] for r in rows}
    return {r[2] for r in await fetch_rows(f"PRAGMA foreign_key_list({table})")}


async def test_no_survey_table_can_be_joined_to_a_person(app):
    for table in ("survey_code", "survey_response"):
        assert await _foreign_tables(table) == {"program"}
        assert not any("person" in c or c.endswith("_at") for c in await _columns(table)), table
    assert "code_hash" not in await _columns("survey_response")


async def test_a_code_is_used_once_and_the_response_keeps_neither_it_nor_the_time(demo):
    actor = await coordinator(demo)
    code = await surveys.invite(actor, demo.id, "harmed", "once")
    [stored] = await SurveyCode.all()
    assert stored.code_hash != code and code not in str(stored.code_hash)
    before = set(await SurveyResponse.all().values_list("id", flat=True))  # the demo's own answers
    assert await surveys.answer(code, {"informed": "4", "satisfied": "5"}) == ""
    assert not await SurveyCode.exists()
    [response] = await SurveyResponse.exclude(id__in=list(before))
    assert response.answers == {"informed": 4, "satisfied": 5} and response.month.day == 1
    with pytest.raises(Refused, match="used already"):
        await surveys.answer(code, {"informed": "1"})


async def test_before_and_after_are_linked_only_by_the_code_the_respondent_kept(demo):
    actor = await coordinator(demo)
    demos = set(await SurveyResponse.all().values_list("id", flat=True))  # the demo's own answers
    before = await surveys.invite(actor, demo.id, "respondent", "before")
    kept = await surveys.answer(before, {"understand": "2"})
    assert kept
    after = await surveys.invite(actor, demo.id, "respondent", "after")
    assert await surveys.answer(after, {"understand": "5"}, kept) == ""
    pairs = await SurveyResponse.exclude(id__in=list(demos)).values_list("phase", "pair_hash")
    assert sorted(phase for phase, _pair in pairs) == ["after", "before"]
    assert len({pair for _phase, pair in pairs}) == 1 and kept not in str(pairs)


async def test_an_invitation_sent_by_text_or_email_goes_to_the_person_and_the_code_row_names_nobody(demo):
    actor = await coordinator(demo)
    demos = set(await SurveyResponse.all().values_list("id", flat=True))  # the demo's own answers
    guardian = await person_id("guardian")
    await surveys.send_invitation(actor, demo.id, "guardian", "once", guardian, lambda code: f"https://x/survey/{code}")
    message = await OutboxMessage.filter(person_id=guardian, kind="survey").first()
    assert message is not None and "https://x/survey/" in message.body
    code = message.body.rsplit("/", 1)[1]
    assert await surveys.answer(code, {"fair": "4"}) == ""
    [row] = await SurveyResponse.exclude(id__in=list(demos)).values()
    assert set(row) == {"id", "program_id", "questionnaire", "phase", "month", "answers", "pair_hash"}
