"""A program's rules: the defaults a new youth court starts with (see DOMAIN-FACTS.md)."""

from __future__ import annotations

from typing import Any

#: Time Dollar Youth Court practice: juries of about 8, respondents serve about 7 times,
#: eligible ages about 13-17; sealing after a year is a conservative default.
DEFAULT_RULES: dict[str, Any] = {
    "jury_size": 8,
    "voting_rule": "majority",
    "sealing_period_days": 365,
    # Declined, withdrawn and failed cases are sealed this long after closing (jurycourt.domain.sealing).
    "closed_retention_days": 365,
    "jury_duty_sessions": 7,
    "min_age": 13,
    "max_age": 17,
    # Seating (jurycourt.domain.seating): TDYC juries have a teen bailiff and clerk besides the
    # jurors; community justice panels seat 3 trained adults, one chairing; the Youth Grand
    # Jury was 13 teenagers who had served as jurors before.
    "jury_bailiffs": 1,
    "jury_clerks": 1,
    "panel_size": 3,
    "panel_min_age": 18,
    "panel_max_age": None,
    "grand_jury_size": 13,
    "grand_jury_min_age": 13,
    "grand_jury_max_age": 19,
    "grand_jury_needs_experience": True,
    # Inquiries (jurycourt.domain.inquiries): a candidate grand juror has attended this many jury
    # sessions, and a body named in a published finding answers within this many days.
    "grand_jury_min_sessions": 3,
    "inquiry_response_days": 90,
    # Attendance (jurycourt.domain.hearings.served_minutes): time served is credited to the
    # nearest quarter hour, so a tablet tapped a minute late neither gains nor loses credit.
    "credit_rounding_minutes": 15,
    # Time credits (jurycourt.domain.ledger): no personal account may go below this balance in
    # minutes. 0 means no one spends credit they have not earned.
    "ledger_floor_minutes": 0,
    # The jury room (jurycourt.domain.jury_room.decided_view_open): after the decision is recorded the
    # seated jurors keep a read-only view of it this many hours, then the room closes to them.
    "decided_room_hours": 24,
    # Text messages (jurycourt.domain.messaging): a minor (or someone of unknown age) is texted only
    # when a guardian's consent is recorded as well as their own.
    "text_guardian_consent": True,
    # The vote's quorum (jurycourt.domain.jury_room.check_close_vote), beside the voting rule: the
    # result shows once every seated juror has voted; the vote may be closed early, with a recorded
    # reason, only once at least this share (numerator, denominator) of the seated jurors have voted.
    # Below it the vote stays open, or a coordinator adjourns the hearing to a new date.
    "early_close_share": [2, 3],
    # Time rules (jurycourt.domain.hearings.check_in_window): attendance is taken, and a hearing
    # marked held, from this many minutes before it starts until this many hours after it ends;
    # outside that a coordinator may still act with a reason, which is audited.
    "attendance_opens_minutes": 120,
    "attendance_closes_hours": 12,
    # Follow-up (jurycourt.domain.follow_ups): a completed case is checked on this many months
    # after completion (Maryland's teen court evaluation: 6 and 12 months).
    "follow_up_months": [6, 12],
    # Fairness audit (jurycourt.domain.demographics): gender, race and ethnicity are recorded only
    # where the program turns this on, and then only with consent.
    "record_demographics": False,
    # Surveys (jurycourt.queries.surveys.public_surveys): the last closed quarter's survey results are
    # published on /impact only where the program chooses to.
    "surveys_on_impact": False,
    # Community service (jurycourt.domain.service_sites): hours are served within this many days of
    # the disposition (Texas teen-court sentences: 90 days); the coordinator may extend with a reason.
    "community_service_days": 90,
    # The person harmed (jurycourt.domain.harmed): before any meeting they attend, a second
    # coordinator (not its author) reviews the risk assessment and safety plan.
    "safety_plan_second_review": True,
}

VOTING_RULES = ("majority", "consensus")


def rules_with_defaults(rules: dict[str, Any] | None) -> dict[str, Any]:
    """The program's stored rules over the defaults, so older programs gain new rules."""
    return {**DEFAULT_RULES, **(rules or {})}
