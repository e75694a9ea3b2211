"""Demo outcomes: two years of anonymised history with sanctions and follow-ups, so the outcomes
report, its chart, its survey answers and the follow-up to-do all show real shapes.

The impact history (``demo.impact``) covers the last year; this adds the year before it, gives
every history case its acceptance step and its community service, and checks each completed
case at 6 and 12 months as a coordinator would have (a few checks are left due, for the to-do
list). Older checks' pseudonyms are erased, as after a real last check. Nothing here names anyone.
"""

from __future__ import annotations

import random
import secrets
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from jurycourt import clock
from jurycourt.actions import ledger
from jurycourt.demo.impact import AGENCIES, OFFENCES, SERVICE_MONTHS, _month_start
from jurycourt.domain.cases import CaseState
from jurycourt.domain.demographics import PREFER_NOT
from jurycourt.domain.follow_ups import SchoolStatus, add_months
from jurycourt.domain.ledger import AccountKind, Entry, PostingKind
from jurycourt.domain.roles import Role
from jurycourt.domain.sanctions import SanctionKind, SanctionStatus
from jurycourt.domain.surveys import AFTER, BEFORE, ONCE, QUESTIONNAIRES, code_hash
from jurycourt.models import (
    Account,
    Case,
    CaseDemographics,
    CaseEvent,
    FollowUp,
    Membership,
    Program,
    Sanction,
    SurveyResponse,
)

#: The year before the impact history's.
EARLIER_MONTHS = range(12, 24)
SCHOOL = (SchoolStatus.ENROLLED,) * 6 + (SchoolStatus.GRADUATED, SchoolStatus.WORKING, SchoolStatus.OUT,
                                         SchoolStatus.NOT_RECORDED)


async def _earlier_year(program: Program, today: date, rng: random.Random) -> None:
    tz = ZoneInfo(program.time_zone)
    sealed_at = clock.now()
    cases: list[Case] = []
    heard: list[datetime | None] = []
    for back in EARLIER_MONTHS:
        month = _month_start(today, back)
        for n in range(rng.randint(5, 9)):
            outcome = (CaseState.COMPLETED if n % 6 else CaseState.FAILED) if n % 8 != 7 else CaseState.DECLINED
            heard_on = month + timedelta(days=min(27, 9 + 2 * n))
            cases.append(Case(
                program=program, respondent=None, state=outcome, agency=rng.choice(AGENCIES),
                referral_date=month, offence_category=rng.choice(OFFENCES), age_band=rng.choice(("13–14", "15–16")),
                disposition_date=None if outcome == CaseState.DECLINED else heard_on.replace(day=1),
                closed_on=_month_start(heard_on + timedelta(days=rng.randint(60, 110)), 0), sealed_at=sealed_at))
            heard.append(None if outcome == CaseState.DECLINED else datetime.combine(heard_on, time(11), tz))
    await Case.bulk_create(cases)
    ids = await Case.filter(program=program, respondent_id=None, referral_date__lt=_month_start(today, 11)).order_by(
        "id").values_list("id", flat=True)
    await CaseEvent.bulk_create([
        CaseEvent(case_id=case_id, at=at.astimezone(UTC), action="hear", from_state=str(CaseState.SCHEDULED),
                  to_state=str(CaseState.HEARD)) for case_id, at in zip(ids, heard, strict=True) if at is not None])


async def _steps_and_service(program: Program, rng: random.Random) -> list[tuple[int, str, date]]:
    """Each heard history case's acceptance a week or two before its hearing, and its community
    service; the (id, state, closed_on) of the completed and failed ones."""
    heard = dict(await CaseEvent.filter(case__program_id=program.id, case__respondent_id=None,
                                        to_state=str(CaseState.HEARD)).values_list("case_id", "at"))
    with_sanctions = set(await Sanction.filter(case_id__in=list(heard)).values_list("case_id", flat=True))
    closed = await Case.filter(id__in=list(set(heard) - with_sanctions)).values_list("id", "state", "closed_on")
    events, sanctions = [], []
    for case_id, state, _closed_on in closed:
        events.append(CaseEvent(case_id=case_id, at=heard[case_id] - timedelta(days=rng.randint(7, 16)),
                                action="schedule", from_state=str(CaseState.INTAKE), to_state=str(CaseState.SCHEDULED)))
        hours = rng.choice((8, 10, 12, 15, 20, 25, 30))
        done = state == CaseState.COMPLETED or rng.random() < 0.3
        sanctions.append(Sanction(case_id=case_id, kind=SanctionKind.COMMUNITY_SERVICE, quantity=hours,
                                  status=SanctionStatus.DONE if done else SanctionStatus.FAILED))
        sanctions.append(Sanction(case_id=case_id, kind=rng.choice((SanctionKind.APOLOGY_LETTER, SanctionKind.ESSAY,
                                                                    SanctionKind.JURY_DUTY, SanctionKind.WORKSHOP)),
                                  quantity=None, status=SanctionStatus.DONE if done else SanctionStatus.WAIVED))
    await CaseEvent.bulk_create(events)
    await Sanction.bulk_create(sanctions)
    return [(c, str(s), d) for c, s, d in closed if d is not None]


async def _follow_ups(program: Program, closed: list[tuple[int, str, date]], today: date,
                      rng: random.Random) -> None:
    """Checks at 6 and 12 months of each completed history case: recorded a few days after they
    fell due, except those due in the last fortnight (waiting on the to-do list)."""
    rows = []
    for case_id, state, closed_on in closed:
        if state != CaseState.COMPLETED:
            continue
        pseudonym = secrets.token_hex(32)  # stands for a youth the demo never names
        checks = []
        for months, chance in ((6, 0.14), (12, 0.22)):
            due = add_months(closed_on, months)
            if due > today:
                checks.append(FollowUp(program=program, case_id=case_id, months=months, due_on=due))
                continue
            waiting = (today - due).days < 14
            checks.append(FollowUp(
                program=program, case_id=case_id, months=months, due_on=due,
                checked_on=None if waiting else min(today, due + timedelta(days=rng.randint(0, 9))),
                new_referral=None if waiting else rng.random() < chance,
                school_status=str(rng.choice(SCHOOL)) if not waiting else ""))
        unchecked = any(c.checked_on is None for c in checks)
        for check in checks:
            check.pseudonym = pseudonym if unchecked else ""
        rows.extend(checks)
    await FollowUp.bulk_create(rows)


async def _jury_service(program: Program, accounts: dict[str, Account], today: date, rng: random.Random) -> None:
    """A posting a month for the jury seats former respondents without logins filled in the history
    (``seat:history-…``: a history month, not one seat), credited through the ledger like any seat."""
    members = await Membership.filter(program=program, role=Role.RESPONDENT).order_by("person_id").values_list(
        "person_id", flat=True)
    with_logins = {a.person_id for a in accounts.values()}
    former = sorted(set(members) - with_logins)
    issuing = await ledger.program_account(program.id, AccountKind.ISSUING)
    for back in SERVICE_MONTHS:  # the year the credits page charts: all demo service shows there
        month = _month_start(today, back)
        entries = [Entry((await ledger.personal_account(program.id, person_id)).id, rng.choice((90, 120, 150)))
                   for person_id in rng.sample(former, min(len(former), rng.randint(5, 8)))]
        await ledger.post(program.id, PostingKind.SERVICE_CREDIT, f"seat:history-{month:%Y-%m}",
                          f"demo_jury_history:{program.id}:{month:%Y-%m}",
                          [Entry(issuing.id, -sum(e.minutes for e in entries)), *entries],
                          recorded_by=accounts["coordinator"].person_id, memo="Jury seats (history)",
                          occurred_at=datetime.combine(month + timedelta(days=20), time(23), UTC))


#: (questionnaire, phase, responses a month, chance of agreeing): enough that most months' figures show.
SURVEYS = (("respondent", BEFORE, 3, 0.45), ("respondent", AFTER, 3, 0.75), ("guardian", ONCE, 2, 0.8),
           ("harmed", ONCE, 1, 0.65), ("volunteer", ONCE, 3, 0.85), ("panel", ONCE, 1, 0.8))


async def _survey_answers(program: Program, today: date, rng: random.Random) -> None:
    """Two years of anonymous answers, as people gave them by link: no person, month only; some
    young people's before and after answers linked by the code they kept."""
    rows = []
    for back in range(0, 24):
        month = _month_start(today, back)
        kept = [code_hash(secrets.token_urlsafe(9)) for _ in range(3)]
        for key, phase, count, agree in SURVEYS:
            for n in range(count + rng.randint(0, 1)):
                answers = {q.key: rng.choice((4, 5)) if rng.random() < agree else rng.choice((1, 2, 3))
                           for q in QUESTIONNAIRES[key].questions if rng.random() < 0.95}
                pair = kept[n] if key == "respondent" and n < len(kept) and rng.random() < 0.7 else ""
                rows.append(SurveyResponse(program=program, questionnaire=key, phase=phase, month=month,
                                           answers=answers or {QUESTIONNAIRES[key].questions[0].key: 4},
                                           pair_hash=pair))
    await SurveyResponse.bulk_create(rows)


#: Demo shares of each category (made up, roughly a city court's referrals); some youths decline.
GENDER_SHARES = {"male": 6, "female": 3, "nonbinary": 1, PREFER_NOT: 1}
RACE_SHARES = {"black": 5, "white": 3, "asian": 1, "two_or_more": 1, "american_indian": 1, PREFER_NOT: 1}
ETHNICITY_SHARES = {"not_hispanic": 5, "hispanic": 3, PREFER_NOT: 1}


def _pick(rng: random.Random, shares: dict[str, int]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


async def _demographics(program: Program) -> None:
    """Consented demographics for about two history cases in three, so the fairness table's
    "group by" shows real shapes (the rest stay "not recorded", as when consent is not given).
    Sealed cases have none: sealing erases them."""
    rng = random.Random(2015)  # its own stream: the rest of the demo stays as it was
    cases = await Case.filter(program_id=program.id, respondent_id=None, sealed_at__isnull=True).order_by(
        "id").values_list(
        "id", "referral_date")
    await CaseDemographics.bulk_create([
        CaseDemographics(case_id=case_id, gender=_pick(rng, GENDER_SHARES), race=_pick(rng, RACE_SHARES),
                         ethnicity=_pick(rng, ETHNICITY_SHARES), consent_given_on=referred,
                         consent_source=rng.choice(("youth", "guardian")))
        for case_id, referred in cases if rng.random() < 0.65])


async def seed_outcomes(program: Program, accounts: dict[str, Account], today: date) -> None:
    """Two years of outcome history for the demo program (after ``seed_impact``)."""
    rng = random.Random(2002)  # Butts, Buck & Coggeshall's teen court evaluation
    await _earlier_year(program, today, rng)
    await _jury_service(program, accounts, today, rng)
    closed = await _steps_and_service(program, rng)
    await _follow_ups(program, closed, today, rng)
    await _survey_answers(program, today, rng)
    program.rules = {**(program.rules or {}), "surveys_on_impact": True}  # the demo publishes them on /impact
    await program.save(update_fields=["rules"])
    await _demographics(program)
