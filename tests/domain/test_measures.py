"""The outcome measures against small data sets worked out by hand (the answers are written here,
not computed by the code under test)."""

from __future__ import annotations

from datetime import date

from jurycourt.domain import measures as m
from jurycourt.domain.measures import CaseRow, FollowUpRow, Period, Rows, SanctionRow, ServiceRow

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
D = date


def _case(case_id, referred, state="referred", accepted=None, heard=None, disposed=None, closed=None):
    return CaseRow(case_id, referred, state, accepted, heard, disposed, closed)


# Eight cases around the first quarter of 2026:
CASES = (
    _case(1, D(2025, 12, 20), "completed", D(2026, 1, 5), D(2026, 1, 19), D(2026, 1, 19), D(2026, 3, 1)),
    _case(2, D(2026, 1, 2), "completed", D(2026, 1, 10), D(2026, 2, 1), D(2026, 2, 1), D(2026, 3, 31)),
    _case(3, D(2026, 1, 15), "failed", D(2026, 1, 20), D(2026, 2, 12), D(2026, 2, 12), D(2026, 3, 20)),
    _case(4, D(2026, 2, 1), "monitoring", D(2026, 2, 5), D(2026, 3, 10), D(2026, 3, 10)),
    _case(5, D(2026, 3, 30), "scheduled", D(2026, 4, 2)),  # accepted after the quarter
    _case(6, D(2026, 3, 31), "declined", closed=D(2026, 4, 3)),
    _case(7, D(2025, 11, 1), "completed", D(2025, 11, 5), D(2025, 12, 1), D(2025, 12, 1), D(2025, 12, 30)),
    _case(8, D(2026, 1, 31), "withdrawn", closed=D(2026, 2, 2)),
)


def test_counts_are_of_the_steps_taken_in_the_period():
    rows = Rows(CASES)
    assert m.youth_referred(rows, Q1).value == 6  # cases 2, 3, 4, 5, 6, 8
    assert m.youth_accepted(rows, Q1).value == 4  # 1, 2, 3, 4 (5 was accepted in April, 7 in November)
    assert m.youth_completed(rows, Q1).value == 2  # 1 and 2 (31 March is inside); 7 closed in December
    assert m.youth_returned(rows, Q1).value == 1  # 3


def test_the_completion_rate_counts_completed_and_returned_cases_only():
    rate = m.completion_rate(Rows(CASES), Q1)
    assert (rate.numerator, rate.denominator) == (2, 3)  # withdrawn case 8 is in neither part
    assert abs(rate.value - 2 / 3) < 1e-9
    assert m.completion_rate(Rows(CASES), Period(D(2026, 5, 1), D(2026, 5, 31))).value is None


def test_days_are_medians_over_the_cases_heard_or_completed_in_the_period():
    rows = Rows(CASES)
    # heard in Q1: case 1 (20 Dec→19 Jan: 30 days), 2 (2 Jan→1 Feb: 30), 3 (15 Jan→12 Feb: 28), 4 (1 Feb→10 Mar: 37)
    hearing = m.days_to_hearing(rows, Q1)
    assert (hearing.value, hearing.base) == (30, 4)
    # completed in Q1: case 1 (20 Dec→1 Mar: 71 days), 2 (2 Jan→31 Mar: 88): the median is 79.5
    assert m.days_to_completion(rows, Q1).value == 79.5


def test_sanction_hours_assigned_by_disposition_and_completed_by_closing():
    sanctions = (
        SanctionRow(1, "community_service", 10, "done"),
        SanctionRow(1, "essay", None, "done"),
        SanctionRow(2, "community_service", 20, "waived"),
        SanctionRow(3, "community_service", 15, "failed"),
        SanctionRow(3, "community_service", 5, "done"),
        SanctionRow(4, "community_service", 8, "in_progress"),
        SanctionRow(4, "jury_duty", 3, "assigned"),  # sessions, not hours
        SanctionRow(7, "community_service", 12, "done"),  # disposed and closed in 2025
    )
    rows = Rows(CASES, sanctions)
    assigned = m.sanction_hours_assigned(rows, Q1)
    assert (assigned.value, assigned.base) == (10 + 20 + 15 + 5 + 8, 4)  # cases 1-4 were disposed in Q1
    completed = m.sanction_hours_completed(rows, Q1)
    assert (completed.value, completed.base) == (10 + 5, 2)  # done, of cases 1, 2, 3 closed in Q1


def test_service_hours_net_of_corrections_and_jury_hours_of_former_respondents():
    service = (
        ServiceRow(D(2026, 1, 10), 120, 1, True, True),  # a former respondent on a jury
        ServiceRow(D(2026, 2, 10), 90, 1, True, True),
        ServiceRow(D(2026, 2, 11), -30, 1, True, True),  # a correction of a seat's credit
        ServiceRow(D(2026, 2, 12), 60, 2, False, True),  # a volunteer juror, never a respondent
        ServiceRow(D(2026, 3, 1), 240, 3, True, False),  # a former respondent's other service
        ServiceRow(D(2026, 4, 1), 600, 2, False, True),  # after the quarter
    )
    rows = Rows(service=service)
    jury = m.jury_hours_former(rows, Q1)
    assert (jury.value, jury.base) == (3.0, 1)  # 120 + 90 - 30 = 180 minutes, one person
    volunteer = m.volunteer_hours(rows, Q1)
    assert (volunteer.value, volunteer.base) == (8.0, 3)  # 180 + 60 + 240 = 480 minutes


def test_re_referral_is_a_share_of_the_follow_ups_checked():
    follow_ups = (
        FollowUpRow(6, D(2026, 1, 5), D(2026, 1, 6), False),
        FollowUpRow(6, D(2026, 2, 5), D(2026, 2, 5), True),
        FollowUpRow(6, D(2026, 3, 5), D(2026, 3, 9), False),
        FollowUpRow(6, D(2026, 3, 6), None, None),  # not checked: not in either part
        FollowUpRow(12, D(2026, 2, 1), D(2026, 2, 2), True),
        FollowUpRow(6, D(2026, 4, 5), D(2026, 4, 5), True),  # due after the quarter
    )
    rows = Rows(follow_ups=follow_ups)
    six = m.re_referral_6(rows, Q1)
    assert (six.numerator, six.denominator) == (1, 3)
    twelve = m.re_referral_12(rows, Q1)
    assert (twelve.numerator, twelve.denominator, twelve.value) == (1, 1, 1.0)


def test_a_value_made_of_one_to_four_cases_is_not_shown_but_zero_and_five_are():
    rows = Rows(CASES)
    assert m.youth_returned(rows, Q1).shown is None  # one case
    assert m.youth_referred(rows, Q1).shown == 6
    assert m.youth_referred(rows, Period(D(2027, 1, 1), D(2027, 3, 31))).shown == 0
    assert m.completion_rate(rows, Q1).shown is None  # a rate of 3 cases


def test_quarters():
    assert m.quarter_of(D(2026, 11, 30)) == Period(D(2026, 10, 1), D(2026, 12, 31))
    assert m.last_closed_quarter(D(2026, 1, 1)) == Period(D(2025, 10, 1), D(2025, 12, 31))
    assert m.quarter_name(m.quarter_of(D(2026, 5, 1))) == "2026-Q2"
    assert [d.key for d in m.DEFINITIONS] == list(m.measure_all(Rows(), Q1))


def test_fairness_measures_each_group_over_its_own_cases_and_labels_small_groups():
    cases = tuple(CaseRow(i, D(2026, 1, 1), "completed", None, None, D(2026, 1, 5), D(2026, 2, 1), "13–14")
                  for i in range(6)) + (
        CaseRow(10, D(2026, 1, 1), "failed", None, None, D(2026, 1, 5), D(2026, 2, 1), "15–16"),
        CaseRow(11, D(2026, 1, 1), "completed", None, None, D(2026, 1, 5), D(2026, 3, 1), "15–16"),
    )
    sanctions = tuple(SanctionRow(i, "community_service", 10, "done") for i in range(6)) + (
        SanctionRow(10, "community_service", 30, "failed"),)
    lines = {line.group: line for line in m.by_group(Rows(cases, sanctions), Q1)}
    young = lines["13–14"].results
    assert (young["completed"].shown, young["completion_rate"].shown, young["sanction_hours_assigned"].shown) == (
        6, 1.0, 60)
    assert young["days_to_completion"].value == 31  # 1 Jan to 1 Feb
    older = lines["15–16"].results
    assert older["completed"].shown is None and older["completion_rate"].shown is None  # 1 of 2: hidden
    assert lines["13–14"].small and lines["15–16"].small  # 6 and 2 closed cases: under 20


def test_fairness_by_gender_counts_each_groups_cases_and_follow_ups_and_not_recorded_apart():
    def case(i, state, gender):
        return CaseRow(i, D(2026, 1, 1), state, None, None, D(2026, 1, 5), D(2026, 2, 1), "15–16", gender)

    # female: 5 completed, 1 returned; male: 4 completed, 2 returned; not recorded: 1 completed
    cases = tuple(case(i, "completed", "female") for i in range(5)) + (case(5, "failed", "female"),) + tuple(
        case(i, "completed", "male") for i in range(10, 14)) + (case(14, "failed", "male"), case(15, "failed", "male"),
                                                                case(20, "completed", ""))
    sanctions = tuple(SanctionRow(i, "community_service", 10, "done") for i in range(6)) + tuple(
        SanctionRow(i, "community_service", 20, "done") for i in range(10, 16))
    # 12-month checks due in Q1: female cases 0-4 (one re-referred), male cases 10-14 (three re-referred),
    # and one check of a sealed case (no case id: counted under not recorded)
    follow_ups = tuple(FollowUpRow(12, D(2026, 2, 1), D(2026, 2, 2), i == 0, i) for i in range(5)) + tuple(
        FollowUpRow(12, D(2026, 2, 1), D(2026, 2, 2), i < 13, i) for i in range(10, 15)) + (
        FollowUpRow(12, D(2026, 2, 1), D(2026, 2, 2), True, None),)
    lines = {line.group: line.results for line in m.by_group(Rows(cases, sanctions, follow_ups=follow_ups), Q1,
                                                              "gender")}
    assert set(lines) == {"female", "male", ""}
    female, male = lines["female"], lines["male"]
    assert (female["completed"].shown, female["completion_rate"].numerator, female["completion_rate"].denominator) == (
        5, 5, 6)
    assert (male["completed"].value, male["completion_rate"].numerator, male["completion_rate"].denominator) == (
        4, 4, 6)
    assert male["completed"].shown is None  # 4 cases: hidden
    assert (female["sanction_hours_assigned"].shown, male["sanction_hours_assigned"].shown) == (60, 120)
    assert (female["re_referral_12"].numerator, female["re_referral_12"].denominator) == (1, 5)
    assert (male["re_referral_12"].numerator, male["re_referral_12"].denominator) == (3, 5)
    assert male["re_referral_12"].value == 0.6 and male["re_referral_12"].shown is None  # 3 of 5: the 3 would show
    assert (lines[""]["completed"].value, lines[""]["re_referral_12"].denominator) == (1, 1)


def test_a_rate_whose_parts_are_small_counts_is_hidden_like_the_counts():
    """4 of 7 completed: the count 4 is hidden, so the rate 57% (which gives it back) is hidden too;
    so is 7 of 9 (2 returned) and 20 of 24 (4 returned). 20 of 25 is shown."""
    from jurycourt.domain.measures import Result

    assert Result(4 / 7, 7, 4, 7).hidden
    assert Result(7 / 9, 9, 7, 9).hidden
    assert Result(20 / 24, 24, 20, 24).hidden
    assert not Result(20 / 25, 25, 20, 25).hidden
    assert not Result(0.0, 10, 0, 10).hidden
