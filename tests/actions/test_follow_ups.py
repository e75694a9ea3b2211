"""Follow-up after completion: planned when a case completes, surviving its sealing with outcome
flags and a keyed pseudonym only, the pseudonym erased once the last check is recorded, and the
program's own records consulted by pseudonym."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from jurycourt import clock
from jurycourt.actions.follow_ups import record_check
from jurycourt.actions.referrals import Referral, refer_case
from jurycourt.actions.sealing import seal_due_cases
from jurycourt.domain.errors import Refused
from jurycourt.domain.follow_ups import add_months
from jurycourt.models import FollowUp
from jurycourt.queries.follow_ups import due_checks
from tests.actions.test_sealing import SECRETS, _all_text, _closed_case
from tests.web.cases_helpers import coordinator


async def _rows(case_id: int | None = None) -> list[FollowUp]:
    query = FollowUp.filter(case_id=case_id) if case_id else FollowUp.filter(case_id=None)
    return list(await query.order_by("months"))


async def test_completing_a_case_plans_its_checks_at_6_and_12_months_under_a_pseudonym(demo):
    case = await _closed_case(demo)
    checks = await _rows(case.id)
    completed = clock.today()  # the real completion day (the helper backdates closed_on afterwards)
    assert [(c.months, c.due_on) for c in checks] == [(6, add_months(completed, 6)), (12, add_months(completed, 12))]
    assert all(re.fullmatch(r"[0-9a-f]{64}", c.pseudonym) for c in checks)
    assert checks[0].pseudonym == checks[1].pseudonym


async def test_sealing_leaves_the_outcome_flags_and_nothing_identifying_and_the_last_check_erases_the_link(demo):
    case = await _closed_case(demo)
    actor = await coordinator(demo)
    six, twelve = await _rows(case.id)
    await record_check(actor, six.id, "no", "enrolled")
    assert await seal_due_cases() == 1
    kept = {c.id: c for c in await _rows(None)}
    assert set(kept) == {six.id, twelve.id}  # no link to the case any more
    assert (kept[six.id].new_referral, kept[six.id].school_status, kept[six.id].checked_on) == (
        False, "enrolled", clock.today())
    assert kept[twelve.id].pseudonym == six.pseudonym != ""  # still able to recognise a later referral
    assert [secret for secret in SECRETS if secret in await _all_text()] == []
    await record_check(actor, twelve.id, "yes", "")
    after = {c.id: c for c in await _rows(None)}
    assert [c.pseudonym for c in after.values()] == ["", ""]
    assert (after[six.id].new_referral, after[twelve.id].new_referral) == (False, True)


async def test_a_new_referral_of_the_same_youth_shows_from_the_programs_own_records(demo, fixed_clock):
    case = await _closed_case(demo)
    actor = await coordinator(demo)
    six = (await _rows(case.id))[0]
    fixed_clock.advance(days=(six.due_on - clock.today()).days + 1)
    [due] = [c for c in await due_checks(actor, demo) if c.id == six.id]
    assert not due.in_our_records
    # The same youth, written a little differently, referred again as a new person record.
    await refer_case(actor, demo.id, Referral("school", "Ms Hale", clock.today(), "vandalism", ""), respondent={
        "given_name": "zephyrinka ", "family_name": "QUILLIAMSBY", "date_of_birth": "2011-03-04"})
    [due] = [c for c in await due_checks(actor, demo) if c.id == six.id]
    assert due.in_our_records


async def test_a_check_needs_a_clear_answer_and_a_coordinator(demo):
    case = await _closed_case(demo)
    six = (await _rows(case.id))[0]
    with pytest.raises(Refused, match="new referral"):
        await record_check(await coordinator(demo), six.id, "maybe", "")
    assert (await FollowUp.get(id=six.id)).checked_on is None
    assert add_months(clock.today().replace(month=8, day=31), 6).day in (28, 29)
    assert timedelta(0) <= add_months(clock.today(), 12) - clock.today() <= timedelta(days=366)


async def test_the_youths_survey_goes_with_each_check_once_it_is_due_and_names_no_one(demo):
    from datetime import UTC, datetime, time

    from jurycourt.actions.surveys import send_follow_up_surveys
    from jurycourt.models import OutboxMessage, Person, SurveyCode

    case = await _closed_case(demo)
    await Person.filter(id=case.respondent_id).update(contact_by="email")
    six, twelve = await _rows(case.id)

    def noon(day):
        return datetime.combine(day, time(17), tzinfo=UTC)  # midday in New York

    def messages():
        return OutboxMessage.filter(person_id=case.respondent_id, kind="survey")

    await send_follow_up_surveys("https://court.example", noon(six.due_on - timedelta(days=1)))
    assert not await messages().exists(), "not before the check is due"
    codes = await SurveyCode.filter(questionnaire="respondent", phase="after").count()
    went = await send_follow_up_surveys("https://court.example", noon(six.due_on))
    assert went >= 1 and await SurveyCode.filter(questionnaire="respondent", phase="after").count() == codes + went
    await send_follow_up_surveys("https://court.example", noon(six.due_on + timedelta(days=2)))
    sent = await messages()
    assert len(sent) == 1 and "https://court.example/survey/" in sent[0].body
    assert [c.survey_sent for c in await _rows(case.id)] == [True, False]
    assert str(case.id) not in sent[0].dedupe_key.replace(f"follow_up:{six.id}", "")
    await send_follow_up_surveys("https://court.example", noon(twelve.due_on))
    assert await messages().count() == 2
