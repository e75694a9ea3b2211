"""What a referring agency is told, and how an agency's CSV file of referrals is checked."""

from __future__ import annotations

from datetime import date

import pytest

from jurycourt.domain.agencies import (
    AgencyDetails,
    AgencyKind,
    Known,
    ReferralStatus,
    agency_problems,
    agency_view,
    agreement_in_force,
    person_key,
    read_referral_csv,
)
from jurycourt.domain.cases import CaseState
from jurycourt.domain.errors import Refused

TODAY = date(2026, 12, 7)
OFFENCES = {"shoplifting": "Shoplifting", "vandalism": "Vandalism"}
HEADER = "reference,given_name,family_name,date_of_birth,referral_date,offence_category,summary\n"


def test_every_case_state_is_told_in_the_agreements_words():
    told = {state: agency_view(state, False, None).status for state in CaseState}
    assert told == {
        CaseState.REFERRED: ReferralStatus.RECEIVED, CaseState.INTAKE: ReferralStatus.ACCEPTED,
        CaseState.SCHEDULED: ReferralStatus.IN_PROGRESS, CaseState.HEARD: ReferralStatus.IN_PROGRESS,
        CaseState.MONITORING: ReferralStatus.IN_PROGRESS, CaseState.COMPLETED: ReferralStatus.COMPLETED,
        CaseState.FAILED: ReferralStatus.NOT_COMPLETED, CaseState.DECLINED: ReferralStatus.DECLINED,
        CaseState.WITHDRAWN: ReferralStatus.WITHDRAWN}


def test_a_sealed_case_is_only_closed_with_its_month_and_an_open_one_has_no_month():
    assert agency_view(CaseState.COMPLETED, True, date(2026, 3, 17)) == (
        agency_view(CaseState.FAILED, True, date(2026, 3, 2)))
    sealed = agency_view(CaseState.COMPLETED, True, date(2026, 3, 17))
    assert (sealed.status, sealed.closed_month) == (ReferralStatus.CLOSED, date(2026, 3, 1))
    assert agency_view(CaseState.MONITORING, False, date(2026, 3, 17)).closed_month is None


def test_an_agreement_is_in_force_between_its_dates_and_not_without_a_start():
    assert agreement_in_force(date(2026, 1, 1), None, TODAY)
    assert not agreement_in_force(date(2026, 1, 1), date(2026, 12, 6), TODAY)
    assert not agreement_in_force(None, None, TODAY)


def test_an_agreement_needs_who_signed_it_and_cannot_end_before_it_starts():
    details = AgencyDetails("District 4", AgencyKind.POLICE, date(2026, 5, 1), date(2026, 4, 1), "", "")
    assert set(agency_problems(details)) == {"agreement_ends", "agreement_signed_by"}


def test_a_good_file_gives_one_referral_per_row():
    data = (HEADER + "A-1,Leo,Park,2011-04-02,2026-12-01,shoplifting,Took a drink\n"
            "A-2,Mia,Stone,2012-01-09,2026-12-02,vandalism,\n").encode()
    result = read_referral_csv(data, OFFENCES, Known(), TODAY)
    assert result.ok and [(r.line, r.reference, r.date_of_birth) for r in result.rows] == [
        (2, "A-1", date(2011, 4, 2)), (3, "A-2", date(2012, 1, 9))]


def test_each_bad_row_is_named_by_its_line_with_what_is_wrong():
    data = (HEADER + "A-1,,Park,2011-04-02,2026-12-01,shoplifting,x\n"
            "A-2,Mia,Stone,09/01/2012,2027-01-01,arson,x\n"
            "A-3,Ana,Ruiz\n").encode()
    result = read_referral_csv(data, OFFENCES, Known(), TODAY)
    assert not result.ok and not result.rows
    by_line: dict[int, list[str]] = {}
    for line, problem in result.errors:
        by_line.setdefault(line, []).append(problem)
    assert by_line[2] == ["given_name is empty."]
    assert sum("date_of_birth" in p for p in by_line[3]) == 1 and sum("referral_date" in p for p in by_line[3]) == 1
    assert any("arson" in p for p in by_line[3])
    assert by_line[4] == ["has 3 fields, the header has 7."]


def test_duplicates_are_found_in_the_file_and_among_the_agencys_open_referrals():
    known = Known(frozenset({"old-7"}), frozenset({person_key("Leo", "Park", date(2011, 4, 2))}))
    data = (HEADER + "OLD-7,Ana,Ruiz,2011-05-05,2026-12-01,shoplifting,x\n"
            "B-1,leo,PARK,2011-04-02,2026-12-01,shoplifting,x\n"
            "B-2,Mia,Stone,2012-01-09,2026-12-01,shoplifting,x\n"
            "B-2,Zoe,Lane,2012-02-09,2026-12-01,shoplifting,x\n"
            "B-3,Mia,Stone,2012-01-09,2026-12-01,shoplifting,x\n").encode()
    result = read_referral_csv(data, OFFENCES, known, TODAY)
    assert [line for line, _ in result.errors] == [2, 3, 5, 6]
    assert "referred already" in result.errors[0][1] and "OLD-7" in result.errors[0][1]
    assert "young person" in result.errors[1][1]


def test_a_file_without_the_columns_or_in_another_encoding_is_refused_as_a_whole():
    with pytest.raises(Refused, match="given_name"):
        read_referral_csv(b"reference,name\nA,B\n", OFFENCES, Known(), TODAY)
    with pytest.raises(Refused, match="UTF-8"):
        read_referral_csv(HEADER.encode() + "A,Jos\xe9".encode("latin-1"), OFFENCES, Known(), TODAY)
