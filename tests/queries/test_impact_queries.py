"""The impact figures: counted in SQL per closed month, suppressed and frozen when the month closes
(``close_months``), then read as stored for the last 12 closed months."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time

from jurycourt.actions import ledger
from jurycourt.actions.figures import close_months
from jurycourt.domain.cases import CaseState
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.inquiries import FindingKind, FindingState, InquiryState, RecommendationStatus
from jurycourt.domain.justice import MatterState
from jurycourt.domain.ledger import AccountKind, Entry, PostingKind
from jurycourt.domain.panels import PanelKind
from jurycourt.domain.publication import PublicationKind, PublicationState
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.models import (
    Case,
    CaseEvent,
    Finding,
    Hearing,
    Inquiry,
    JusticeMatter,
    Panel,
    PanelRecommendation,
    Person,
    Program,
    Publication,
    Seat,
    StatusChange,
)
from jurycourt.queries import impact as q
from tests.web.members import new_member

TODAY = date(2026, 6, 20)


async def _statuses(program):
    """Adopted recommendations by status, as the impact page lists them (the table's row totals)."""
    return q.status_totals(await q.recommendations_adopted(program))


async def _program() -> Program:
    return await Program.create(name="Eastside Youth Court", time_zone="America/New_York")


async def _cases(program: Program, referred: date, count: int, state: CaseState = CaseState.REFERRED,
                 closed: date | None = None, heard: datetime | None = None) -> None:
    for _ in range(count):
        case = await Case.create(program=program, respondent=None, state=state, agency="police",
                                 referral_date=referred, offence_category="vandalism", closed_on=closed)
        if heard:
            await CaseEvent.create(case=case, at=heard, action="hear", from_state="scheduled", to_state="heard")


async def _published(program: Program, today: date = TODAY) -> q.Impact:
    """The impact page's figures on ``today``, once the periodic round has closed the months before it."""
    await close_months(today)
    return await q.impact(program, today)


def _column(measure: q.Measure) -> list[int | None]:
    return [row[0] for row in measure.table.cells]


def test_the_window_is_the_last_twelve_months_with_the_current_one_last():
    starts = q.month_starts(date(2026, 1, 31))
    assert starts[0] == date(2025, 2, 1) and starts[-2] == date(2026, 1, 1) and starts[-1] == date(2026, 2, 1)
    assert len(starts) == 13


async def test_referrals_are_counted_per_closed_month_and_a_small_month_is_hidden_with_every_sum_holding_it(app):
    program = await _program()
    await _cases(program, date(2026, 6, 2), 7)  # the current month: not shown until it closes
    await _cases(program, date(2026, 3, 15), 6)
    await _cases(program, date(2026, 1, 9), 2)  # too few to show
    await _cases(program, date(2025, 5, 30), 9)  # before the window
    data = await _published(program)
    assert [k for k, _ in data.months][0] == "2025-06" and data.months[-1] == ("2026-05", "May 2026")
    referrals = _column(data.referrals)
    assert referrals[0] == 0 and referrals[-1] == 0
    assert referrals[7] is None  # January: 2
    assert referrals[9] == 6  # March: its own table, so no partner is needed
    assert data.referrals.table.total is None  # a sum holding January's 2 would give it away


async def test_cases_heard_count_by_the_day_the_jury_heard_them_in_the_programs_time_zone(app):
    program = await _program()
    # 02:00 UTC on 1 May is still 30 April in New York.
    await _cases(program, date(2026, 4, 1), 5, heard=datetime(2026, 5, 1, 2, 0, tzinfo=UTC))
    await _cases(program, date(2026, 4, 1), 6, heard=datetime(2026, 5, 2, 15, 0, tzinfo=UTC))
    heard = _column((await _published(program)).heard)
    assert heard[-2:] == [5, 6]


async def test_the_completion_rate_is_shown_only_when_neither_outcome_is_too_small(app):
    program, other = await _program(), await Program.create(name="Westside", time_zone="America/New_York")
    await _cases(program, date(2026, 1, 5), 12, CaseState.COMPLETED, closed=date(2026, 5, 1))
    await _cases(program, date(2024, 1, 5), 3, CaseState.FAILED, closed=date(2024, 5, 1))  # long ago
    await _cases(other, date(2026, 1, 5), 12, CaseState.COMPLETED, closed=date(2026, 5, 1))
    await _cases(other, date(2026, 2, 5), 3, CaseState.FAILED, closed=date(2026, 4, 3))
    data = await _published(program)
    assert data.completion.table.column_totals == [12, 0] and data.completion.share() == 1.0
    data = await _published(other)
    assert data.completion.table.column_totals == [12, None] and data.completion.table.total is None
    assert data.completion.share() is None


async def _credit(program: Program, people: list[Person], minutes: int, day: date) -> None:
    issuing = await ledger.program_account(program.id, AccountKind.ISSUING)
    entries = [Entry((await ledger.personal_account(program.id, p.id)).id, minutes) for p in people]
    await ledger.post(program.id, PostingKind.SERVICE_CREDIT, f"test:{day}:{people[0].id}",
                      f"test:{day}:{people[0].id}", [Entry(issuing.id, -minutes * len(people)), *entries],
                      recorded_by=None, occurred_at=datetime.combine(day, time(12), UTC))


async def test_hours_are_split_by_former_respondents_and_hidden_where_fewer_than_five_gave_them(app):
    program = await _program()
    former = [await new_member(program, Role.RESPONDENT, f"F{n}") for n in range(5)]
    others = [await new_member(program, Role.JUROR, f"O{n}") for n in range(6)]
    await _credit(program, former, 60, date(2026, 5, 10))
    await _credit(program, others, 90, date(2026, 5, 11))
    await _credit(program, others, 30, date(2026, 4, 11))
    await _credit(program, former[:2], 600, date(2026, 4, 12))  # two people only: hidden
    await _credit(program, former, 40, date(2026, 3, 12))
    await _credit(program, others, 20, date(2026, 3, 13))
    hours = (await _published(program)).hours.table
    assert hours.cells[11] == [300, 540]  # May
    assert hours.cells[10] == [None, None]  # April: 2 givers, then its row's other value
    assert hours.cells[9] == [200, 120]  # March: its own table
    assert hours.row_totals[9:12] == [320, 1380, 840]
    assert hours.column_totals == [None, None] and hours.total == 2540


async def test_jurors_who_were_once_respondents_are_counted_once_each_from_held_jury_hearings(app):
    program = await _program()
    former = [await new_member(program, Role.RESPONDENT, f"F{n}") for n in range(5)]
    others = [await new_member(program, Role.JUROR, f"O{n}") for n in range(7)]
    starts = datetime(2026, 5, 9, 14, tzinfo=UTC)
    for n, status in enumerate((HearingStatus.HELD, HearingStatus.HELD, HearingStatus.CANCELLED)):
        hearing = await Hearing.create(program=program, kind=SessionKind.JURY_HEARING, starts_at=starts,
                                       ends_at=starts.replace(hour=17), status=status, title=f"Docket {n}")
        for person in [*former, *others]:
            await Seat.create(hearing=hearing, person=person, role=SeatRole.JUROR, checked_in_at=starts)
    jurors = (await _published(program)).jurors
    assert jurors.table.cells == [[5, 7]] and jurors.table.total == 12
    assert round(jurors.share() or 0, 3) == round(5 / 12, 3)


async def test_no_recommendations_are_counted_until_inquiries_and_panels_publish_them(app):
    program = await _program()
    assert await _statuses(program) == []
    await _inquiry(program, PublicationState.IN_REVIEW, [(FindingKind.RECOMMENDATION, [])] * 6)
    assert await _statuses(program) == []  # its report is not published yet


_slugs = itertools.count(1)


async def _inquiry(program: Program, state: PublicationState,
                   findings: list[tuple[FindingKind, list[tuple[RecommendationStatus, int]]]],
                   adopted: bool = True) -> list[Finding]:
    """An inquiry whose report is in ``state``, with findings each given its status timeline as
    (status, day of the month it changed on), stored in that order."""
    report = await Publication.create(program=program, kind=PublicationKind.INQUIRY_REPORT, slug=f"r{next(_slugs)}",
                                      title="A report", state=state, published_at=datetime(2026, 3, 1, tzinfo=UTC))
    inquiry = await Inquiry.create(program=program, title="Safe routes", question="How?", starts_on=date(2025, 6, 1),
                                   ends_on=date(2026, 2, 1), state=InquiryState.FOLLOW_UP, publication=report)
    made = []
    for position, (kind, timeline) in enumerate(findings, start=1):
        finding = await Finding.create(inquiry=inquiry, kind=kind, position=position, title="A finding",
                                       body_named="The city", text="Do it.",
                                       state=FindingState.ADOPTED if adopted else FindingState.NOT_ADOPTED)
        for status, day in timeline:
            await StatusChange.create(finding=finding, status=status, changed_on=date(2026, 4, day))
        made.append(finding)
    return made


R, IND = FindingKind.RECOMMENDATION, FindingKind.INDICTMENT
S = RecommendationStatus


async def test_adopted_recommendations_of_published_reports_are_counted_by_their_latest_status(app):
    program, elsewhere = await _program(), await Program.create(name="Westside", time_zone="UTC")
    await _inquiry(program, PublicationState.PUBLISHED, [
        *[(R, [])] * 5,  # no response yet
        *[(R, [(S.ACCEPTED, 2), (S.IN_PROGRESS, 9)])] * 6,
        *[(R, [(S.IMPLEMENTED, 20), (S.ACCEPTED, 3)])] * 5,  # recorded late, dated earlier: implemented is latest
        (IND, []), (IND, [])])  # indictments have no status
    await _inquiry(program, PublicationState.PUBLISHED, [(R, [(S.REJECTED, 4)])] * 7, adopted=False)
    await _inquiry(program, PublicationState.DRAFT, [(R, [(S.REJECTED, 4)])] * 7)
    await _inquiry(elsewhere, PublicationState.PUBLISHED, [(R, [(S.REJECTED, 4)])] * 7)
    assert await _statuses(program) == [
        ("No response", 5), ("Accepted", 0), ("In progress", 6), ("Implemented", 5), ("Rejected", 0)]
    assert (await _published(program)).recommendations[2] == ("In progress", 6)


async def test_a_status_held_by_fewer_than_five_recommendations_is_not_shown_nor_can_be_worked_out(app):
    program = await _program()
    await _inquiry(program, PublicationState.PUBLISHED, [*[(R, [])] * 3, *[(R, [(S.ACCEPTED, 2)])] * 6])
    counts = dict(await _statuses(program))
    assert counts["No response"] is None
    assert counts["Accepted"] is None  # else the 3 would follow from the 9 in all
    assert all(v is None or v == 0 or v >= 5 for v in counts.values())


async def _panel_recommendations(program: Program, state: PublicationState | None, votes: list[tuple[int, int]],
                                 ) -> Publication | None:
    """A citizens' panel whose recommendations, voted (for, against), were drafted into a publication in
    ``state`` (None: into none)."""
    panel = await Panel.create(program=program, kind=PanelKind.CITIZENS, title="Parks panel", status="drawn")
    publication = None
    if state is not None:
        publication = await Publication.create(
            program=program, kind=PublicationKind.PANEL_RECOMMENDATIONS, slug=f"p{next(_slugs)}",
            title="Recommendations", state=state, published_at=datetime(2026, 5, 1, tzinfo=UTC))
    for votes_for, votes_against in votes:
        await PanelRecommendation.create(panel=panel, text="Open the park later.", votes_for=votes_for,
                                         votes_against=votes_against, abstentions=0, publication=publication,
                                         voted_at=datetime(2026, 4, 1, tzinfo=UTC))
    return publication


async def test_citizens_panels_add_their_adopted_recommendations_once_their_publication_is_published(app):
    program, elsewhere = await _program(), await Program.create(name="Westside", time_zone="UTC")
    await _inquiry(program, PublicationState.PUBLISHED, [*[(R, [])] * 5, *[(R, [(S.ACCEPTED, 2)])] * 6])
    await _panel_recommendations(program, PublicationState.PUBLISHED, [(9, 2)] * 7)
    await _panel_recommendations(program, PublicationState.PUBLISHED, [(2, 9), (5, 5)])  # not adopted
    await _panel_recommendations(program, PublicationState.IN_REVIEW, [(9, 2)] * 8)  # not published yet
    await _panel_recommendations(program, PublicationState.WITHDRAWN, [(9, 2)] * 8)  # no longer published
    await _panel_recommendations(program, None, [(9, 2)] * 8)  # adopted, never drafted
    await _panel_recommendations(elsewhere, PublicationState.PUBLISHED, [(9, 2)] * 8)
    adopted = (await _published(program)).adopted
    assert adopted.key == "recommendations_adopted" and adopted.columns == ["inquiries", "citizens_panels"]
    assert adopted.rows == [str(s) for s in S]
    assert adopted.table.cells[0] == [5, 7] and adopted.table.cells[1] == [6, 0]  # No response, Accepted
    assert adopted.table.column_totals == [11, 7] and adopted.table.total == 18
    assert await _statuses(program) == [
        ("No response", 12), ("Accepted", 6), ("In progress", 0), ("Implemented", 0), ("Rejected", 0)]


async def test_a_citizens_panels_few_published_recommendations_are_hidden_with_what_would_give_them_away(app):
    program = await _program()
    assert await _statuses(program) == []
    await _panel_recommendations(program, PublicationState.PUBLISHED, [(9, 2)] * 3)
    table = (await _published(program)).adopted.table
    assert table.cells[0][1] is None and table.column_totals[1] is None and table.total is None
    assert dict(await _statuses(program))["No response"] is None
    await _inquiry(program, PublicationState.PUBLISHED, [(R, [])] * 6)
    assert (await _published(program)).adopted.table == table  # published in May, frozen
    table = (await _published(program, date(2026, 7, 20))).adopted.table  # as June closed
    assert table.cells[0][1] is None
    # Neither its row (6 + 3 = 9) nor its column (3 + 0 + … = 3) gives it away by subtraction.
    assert sum(v is None for v in [*table.cells[0], table.row_totals[0]]) >= 2
    assert sum(v is None for v in [*(row[1] for row in table.cells), table.column_totals[1]]) >= 2
    shown = [v for v in [*(v for row in table.cells for v in row), *table.row_totals, *table.column_totals,
                         table.total] if v is not None]
    assert all(v == 0 or v >= 5 for v in shown)


async def _matters(program: Program, state: MatterState, closed: date | None, count: int) -> None:
    for _ in range(count):
        panel = await Panel.create(program=program, kind=PanelKind.JUSTICE, title="Referral", status=state)
        await JusticeMatter.create(panel=panel, state=state, agency="police", referral_date=date(2026, 1, 5),
                                   offence="antisocial", closed_on=closed)


async def test_community_justice_matters_closed_are_counted_per_month_completed_or_breached(app):
    program = await _program()
    await _matters(program, MatterState.COMPLETED, date(2026, 5, 31), 6)
    await _matters(program, MatterState.BREACHED, date(2026, 5, 2), 5)
    await _matters(program, MatterState.COMPLETED, date(2026, 4, 1), 7)
    await _matters(program, MatterState.WITHDRAWN, date(2026, 5, 3), 7)  # neither outcome
    await _matters(program, MatterState.MONITORING, None, 7)  # still open
    await _matters(program, MatterState.COMPLETED, date(2025, 5, 30), 7)  # before the window
    justice = (await _published(program)).justice
    assert justice.columns == ["completed", "breached"]
    april = justice.rows.index("2026-04")
    cells = justice.table.cells
    assert cells[april] == [7, 0] and cells[april + 1] == [6, 5] and justice.table.row_totals[april + 1] == 11
    assert all(row == [0, 0] for n, row in enumerate(cells) if n not in (april, april + 1))
    assert justice.table.column_totals == [13, 5] and justice.table.total == 18

    await _matters(program, MatterState.COMPLETED, date(2026, 6, 1), 2)  # too few to show
    later = (await _published(program, date(2026, 7, 20))).justice
    table = later.table
    assert table.cells[later.rows.index("2026-06")][0] is None and table.hidden_count >= 4  # and its sums
    shown = [v for v in [*(v for row in table.cells for v in row), *table.row_totals, *table.column_totals,
                         table.total] if v is not None]
    assert all(v == 0 or v >= 5 for v in shown)
