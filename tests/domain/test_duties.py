"""How duties are named outside jurycourt: generic words, local times."""

from __future__ import annotations

from datetime import UTC, datetime

from jurycourt.domain.duties import duty_title, place, reminder
from jurycourt.domain.seating import SeatRole, SessionKind


def test_a_calendar_title_names_the_kind_of_session_and_the_role_only():
    assert duty_title(SessionKind.JURY_HEARING, SeatRole.JUROR) == "Jury hearing (Juror)"
    assert duty_title(SessionKind.PANEL_SESSION, SeatRole.MEMBER) == "Panel session (Panel member)"
    assert duty_title(SessionKind.INQUIRY_HEARING) == "Inquiry hearing"


def test_a_place_reads_room_then_venue_and_is_empty_without_a_room():
    assert place("Main courthouse", "Room 2") == "Room 2, Main courthouse"
    assert place(None, None) == ""


def test_a_reminder_shows_the_wall_clock_time_of_the_programs_zone_in_winter_and_summer():
    winter = reminder(SessionKind.JURY_HEARING, SeatRole.CLERK, datetime(2031, 1, 18, 15, tzinfo=UTC),
                      datetime(2031, 1, 18, 18, tzinfo=UTC), "America/New_York", "Room 2, Main courthouse")
    summer = reminder(SessionKind.JURY_HEARING, SeatRole.CLERK, datetime(2031, 7, 12, 14, tzinfo=UTC),
                      datetime(2031, 7, 12, 17, tzinfo=UTC), "America/New_York", "")
    assert "Saturday 18 January 2031, 10:00–13:00 (America/New_York time), in Room 2, Main courthouse" in winter.body
    assert "Saturday 12 July 2031, 10:00–13:00" in summer.body
    assert winter.subject == "Reminder: you serve on Sat 18 Jan"
    assert "as Clerk at a jury hearing" in winter.body
