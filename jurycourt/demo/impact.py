"""Demo volume for the public impact page: a year of anonymised history, so /impact has real bars.

Older cases are already sealed (no respondent, dates kept to the month), as they would be after
their sealing period; the demo's members without logins gave service each month, credited through
the real ledger action so the books balance. Nothing here names anyone.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from jurycourt import clock
from jurycourt.actions import ledger
from jurycourt.domain.cases import CaseState
from jurycourt.domain.ledger import AccountKind, Entry, PostingKind
from jurycourt.domain.roles import Role
from jurycourt.models import Account, Case, CaseEvent, Membership, Program

#: Months of history before the demo's own recent cases (which cover the last two months).
HISTORY_MONTHS = range(2, 12)
#: Months of logged service: from 3 months back, older than the two months of the demo's own postings.
SERVICE_MONTHS = range(3, 12)
AGENCIES = ("police", "police", "school", "court_services")
OFFENCES = ("shoplifting", "vandalism", "trespass", "disorderly", "truancy", "possession")
SERVICE = ("Jury duty make-up session", "Tutoring at the library", "Community clean-up", "Peer mentoring")


def _month_start(today: date, back: int) -> date:
    year, month = today.year, today.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


async def seed_impact(program: Program, accounts: dict[str, Account], today: date) -> None:
    """Sealed cases referred, heard and closed over the past year, and monthly logged service."""
    rng = random.Random(2008)  # the year of 962 referrals and 888 hearings
    tz = ZoneInfo(program.time_zone)
    sealed_at = clock.now()
    cases: list[Case] = []
    heard: list[datetime | None] = []
    for back in HISTORY_MONTHS:
        month = _month_start(today, back)
        for n in range(rng.randint(6, 10)):
            outcome = (CaseState.COMPLETED if n % 7 else CaseState.FAILED) if n % 9 != 8 else CaseState.DECLINED
            heard_on = month + timedelta(days=min(27, 7 + 2 * n))
            closed = _month_start(heard_on + timedelta(days=100), 0)
            cases.append(Case(
                program=program, respondent=None, state=outcome, agency=rng.choice(AGENCIES),
                referral_date=month, offence_category=rng.choice(OFFENCES), age_band=rng.choice(("13–14", "15–16")),
                disposition_date=None if outcome == CaseState.DECLINED else heard_on.replace(day=1),
                closed_on=min(closed, _month_start(today, 0)), sealed_at=sealed_at))
            heard.append(None if outcome == CaseState.DECLINED
                         else datetime.combine(heard_on, time(11), tz).astimezone(UTC))
    # Bulk inserts: a year of history must not slow down every test that seeds the demo.
    await Case.bulk_create(cases)
    ids = await Case.filter(program=program, sealed_at=sealed_at).order_by("id").values_list("id", flat=True)
    await CaseEvent.bulk_create([
        CaseEvent(case_id=case_id, at=at, action="hear", from_state=str(CaseState.SCHEDULED),
                  to_state=str(CaseState.HEARD)) for case_id, at in zip(ids, heard, strict=True) if at is not None])
    await _service(program, accounts, today, rng)


async def _service(program: Program, accounts: dict[str, Account], today: date, rng: random.Random) -> None:
    """One posting a month crediting the service members without logins logged in it (one per
    month keeps the demo quick to seed; the books balance as with any posting)."""
    members = await Membership.filter(program=program).order_by("person_id").values_list("person_id", "role")
    with_logins = {a.person_id for a in accounts.values()}
    former = sorted({p for p, role in members if role == Role.RESPONDENT} - with_logins)
    others = sorted({p for p, role in members if role == Role.JUROR} - with_logins - set(former))
    issuing = await ledger.program_account(program.id, AccountKind.ISSUING)
    for back in SERVICE_MONTHS:
        month = _month_start(today, back)
        givers = rng.sample(former, min(len(former), 6)) + rng.sample(others, min(len(others), 7))
        entries = [Entry((await ledger.personal_account(program.id, person_id)).id, rng.choice((60, 90, 120, 180)))
                   for person_id in givers]
        await ledger.post(program.id, PostingKind.SERVICE_CREDIT, f"demo_service:{month:%Y-%m}",
                          f"demo_service:{program.id}:{month:%Y-%m}",
                          [Entry(issuing.id, -sum(e.minutes for e in entries)), *entries],
                          recorded_by=accounts["coordinator"].person_id, memo=rng.choice(SERVICE),
                          occurred_at=datetime.combine(min(today, month + timedelta(days=14)), time(12), UTC))
