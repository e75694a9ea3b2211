"""The measures computed from the database's rows agree with an independent count over the same
cases kept in memory (property test), and only coordinators read the report."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jurycourt.actions import ledger
from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.ledger import AccountKind, Entry, PostingKind
from jurycourt.domain.measures import Period, measure_all
from jurycourt.domain.roles import Role
from jurycourt.models import Case, CaseEvent, FollowUp, Membership, Program, Sanction
from jurycourt.queries.outcomes import measure_rows, outcomes_report
from tests.web.members import new_member

ZONE = ZoneInfo("America/Los_Angeles")
PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))
_programs = itertools.count()

case_specs = st.lists(st.fixed_dictionaries({
    "referred": st.dates(date(2025, 11, 1), date(2026, 4, 30)),
    "to_hearing": st.none() | st.integers(0, 60),  # days from referral to the hearing, None: never heard
    "evening": st.booleans(),  # heard at 19:30 local: the next day in UTC
    "outcome": st.sampled_from(["completed", "failed", "monitoring"]),
    "to_close": st.integers(0, 90),
    "hours": st.lists(st.tuples(st.integers(1, 40), st.sampled_from(["done", "waived", "failed"])), max_size=3),
}), max_size=8)
follow_up_specs = st.lists(st.tuples(st.sampled_from([6, 12]), st.dates(date(2025, 12, 1), date(2026, 4, 30)),
                                     st.none() | st.booleans()), max_size=6)


def _local(day: date, evening: bool) -> datetime:
    return datetime.combine(day, time(19, 30) if evening else time(9), tzinfo=ZONE).astimezone(UTC)


async def _store(program: Program, specs: list[dict], follow_ups: list[tuple]) -> None:
    for spec in specs:
        heard = spec["referred"] + timedelta(days=spec["to_hearing"]) if spec["to_hearing"] is not None else None
        closed = heard + timedelta(days=spec["to_close"]) if heard and spec["outcome"] != "monitoring" else None
        case = await Case.create(program=program, state=spec["outcome"] if heard else "referred", agency="police",
                                 referral_date=spec["referred"], offence_category="theft",
                                 disposition_date=heard, closed_on=closed)
        if heard:
            await CaseEvent.create(case=case, at=_local(spec["referred"], spec["evening"]), action="schedule",
                                   from_state="intake", to_state="scheduled")
            await CaseEvent.create(case=case, at=_local(heard, spec["evening"]), action="hear",
                                   from_state="scheduled", to_state="heard")
            for hours, status in spec["hours"]:
                await Sanction.create(case=case, kind="community_service", quantity=hours, status=status)
    for months, due, new in follow_ups:
        await FollowUp.create(program=program, months=months, due_on=due, checked_on=due if new is not None else None,
                              new_referral=new)


def _expected(specs: list[dict], follow_ups: list[tuple]) -> dict[str, object]:
    """The same measures counted directly from the specs, without the rows or the domain module."""
    inside = lambda day: day is not None and PERIOD.start <= day <= PERIOD.end  # noqa: E731
    heard = [(s, s["referred"] + timedelta(days=s["to_hearing"])) for s in specs if s["to_hearing"] is not None]
    closed = [(s, h, h + timedelta(days=s["to_close"])) for s, h in heard if s["outcome"] != "monitoring"]
    done = [(s, h, c) for s, h, c in closed if s["outcome"] == "completed" and inside(c)]
    failed = [1 for s, h, c in closed if s["outcome"] == "failed" and inside(c)]
    six = [new for months, due, new in follow_ups if months == 6 and inside(due) and new is not None]
    waits = sorted((h - s["referred"]).days for s, h in heard if inside(h))
    return {
        "referred": sum(1 for s in specs if inside(s["referred"])),
        "accepted": sum(1 for s, h in heard if inside(s["referred"])),
        "completed": len(done), "returned": len(failed),
        "sanction_hours_assigned": sum(n for s, h in heard if inside(h) for n, _ in s["hours"]),
        "sanction_hours_completed": sum(n for s, h, c in closed if inside(c) for n, st_ in s["hours"] if st_ == "done"),
        "hearing_waits": waits,
        "re_referral_6": (sum(six), len(six)),
    }


@pytest.mark.usefixtures("app")
@settings(max_examples=12, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(specs=case_specs, follow_ups=follow_up_specs)
async def test_the_database_rows_give_the_same_measures_as_a_count_in_memory(specs, follow_ups):
    program = await Program.create(name=f"Program {next(_programs)}", time_zone="America/Los_Angeles")
    await _store(program, specs, follow_ups)
    got = measure_all(await measure_rows(program, PERIOD), PERIOD)
    want = _expected(specs, follow_ups)
    for key in ("referred", "accepted", "completed", "returned", "sanction_hours_assigned",
                "sanction_hours_completed"):
        assert got[key].value == want[key], key
    assert got["days_to_hearing"].base == len(want["hearing_waits"])
    if want["hearing_waits"]:
        waits = want["hearing_waits"]
        middle = len(waits) // 2
        assert got["days_to_hearing"].value == (waits[middle] if len(waits) % 2 else
                                               (waits[middle - 1] + waits[middle]) / 2)
    assert (got["re_referral_6"].numerator, got["re_referral_6"].denominator) == want["re_referral_6"]


async def test_service_hours_are_counted_on_the_programs_day_net_of_corrections(app):
    program = await Program.create(name="Westside", time_zone="America/Los_Angeles")
    former, volunteer = await new_member(program, Role.JUROR, "Ana"), await new_member(program, Role.JUROR, "Bo")
    await Membership.create(person_id=former.id, program_id=program.id, role=Role.RESPONDENT)
    issuing = await ledger.program_account(program.id, AccountKind.ISSUING)
    accounts = {p.id: await ledger.personal_account(program.id, p.id) for p in (former, volunteer)}

    async def credit(person, minutes, reference, at):
        return await ledger.post(program.id, PostingKind.SERVICE_CREDIT, reference, f"{reference}:{at}",
                                 [Entry(issuing.id, -minutes), Entry(accounts[person.id].id, minutes)],
                                 recorded_by=None, occurred_at=at)

    # 31 March at 20:00 in Los Angeles is 1 April in UTC: it is the program's March.
    await credit(former, 120, "seat:1", datetime(2026, 4, 1, 3, 0, tzinfo=UTC))
    wrong = await credit(former, 60, "seat:2", datetime(2026, 2, 1, 18, 0, tzinfo=UTC))
    await ledger.reverse(wrong, recorded_by=None, memo="entered twice")
    await credit(volunteer, 90, "seat:3", datetime(2026, 3, 3, 18, 0, tzinfo=UTC))
    await credit(former, 30, "claim:1", datetime(2026, 3, 4, 18, 0, tzinfo=UTC))
    await credit(volunteer, 600, "seat:4", datetime(2026, 4, 1, 8, 0, tzinfo=UTC))  # April, Los Angeles too
    got = measure_all(await measure_rows(program, PERIOD), PERIOD)
    assert got["jury_hours_former"].value == 2.0  # 120 (+60 -60)
    assert got["volunteer_hours"].value == 4.0  # 120 + 90 + 30


async def test_only_the_programs_coordinators_read_the_report(app):
    program = await Program.create(name="Northside", time_zone="America/Los_Angeles")
    with pytest.raises(NotFound):
        await outcomes_report(Viewer(person_id=1, account_id=1, roles={program.id: frozenset({Role.JUROR})}),
                              program, PERIOD)
    coordinator = Viewer(person_id=2, account_id=2, roles={program.id: frozenset({Role.COORDINATOR})})
    report = await outcomes_report(coordinator, program, PERIOD)
    assert [line[0].key for line in report.lines][:2] == ["referred", "accepted"]


async def test_a_follow_up_due_in_the_period_brings_its_long_closed_case_s_group_and_nothing_else(app):
    from jurycourt.domain.measures import by_group
    from jurycourt.models import CaseDemographics

    program = await Program.create(name=f"Program {next(_programs)}", time_zone="America/Los_Angeles",
                                   rules={"record_demographics": True})
    case = await Case.create(program=program, state="completed", agency="police", referral_date=date(2024, 11, 1),
                             offence_category="theft", disposition_date=date(2024, 12, 1),
                             closed_on=date(2025, 1, 20))
    await CaseDemographics.create(case=case, gender="female", race="asian", ethnicity="not_hispanic",
                                  consent_given_on=date(2024, 11, 1), consent_source="guardian")
    await FollowUp.create(program=program, case=case, months=12, due_on=date(2026, 1, 20),
                          checked_on=date(2026, 1, 21), new_referral=False)
    rows = await measure_rows(program, PERIOD)
    assert [(c.case_id, c.gender, c.race) for c in rows.cases] == [(case.id, "female", "asian")]
    assert measure_all(rows, PERIOD)["completed"].value == 0  # closed long before: no step in the period
    lines = {line.group: line.results for line in by_group(rows, PERIOD, "race")}
    assert (lines["asian"]["re_referral_12"].numerator, lines["asian"]["re_referral_12"].denominator) == (0, 1)
