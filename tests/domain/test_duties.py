"""How duties are named outside jurycourt: generic words, local times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jurycourt import i18n
from jurycourt.domain.duties import compose, duty_title, place, reminder
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
    assert ("Sat, January 18, 2031, 10:00\u202fAM–1:00\u202fPM (America/New_York time), in Room 2, Main courthouse"
            in winter.body)
    assert "Sat, July 12, 2031, 10:00\u202fAM–1:00\u202fPM" in summer.body
    assert winter.subject == "Reminder: you serve on Sat, Jan 18"
    assert "as Clerk at a jury hearing" in winter.body


def test_a_reminder_and_an_invitation_are_written_in_the_current_language():
    with i18n.use_language("es-US"):
        text = compose("reminder", {"kind": "jury_hearing", "role": "juror", "starts_at": "2031-01-18T15:00:00+00:00",
                                    "ends_at": "2031-01-18T18:00:00+00:00", "zone": "America/New_York",
                                    "where": "Sala 2"})
        invited = compose("invitation", {"kind": "jury_hearing", "role": "juror"})
    assert text.subject == "Recordatorio: participas el sáb, 18 de ene"
    assert "18 de enero de 2031, 10:00\u202fa.m.–1:00\u202fp.m." in text.body
    assert "miembro del jurado" in text.body.lower() and "audiencia" in text.body
    assert invited.subject == "Te invitamos a participar"
    for english in ("Reminder", "serve", "hearing", "Open jurycourt"):
        assert english not in text.subject + text.body + invited.subject + invited.body


def test_only_the_latest_due_reminder_counts_and_only_evening_sessions_get_tonight():
    from jurycourt.domain.duties import ReminderStage, reminder_stage

    evening = datetime(2031, 7, 10, 22, 0, tzinfo=UTC)  # 18:00 in New York
    morning = datetime(2031, 7, 10, 14, 0, tzinfo=UTC)  # 10:00
    zone = "America/New_York"
    assert reminder_stage(evening, evening - timedelta(hours=31), zone) is None
    assert reminder_stage(evening, evening - timedelta(hours=30), zone) == ReminderStage.DAY_BEFORE
    assert reminder_stage(evening, evening - timedelta(hours=8), zone) == ReminderStage.TONIGHT
    assert reminder_stage(morning, morning - timedelta(hours=8), zone) == ReminderStage.DAY_BEFORE
    assert reminder_stage(evening, evening - timedelta(hours=2), zone) == ReminderStage.SOON
    assert reminder_stage(evening, evening, zone) is None


def test_a_cancelled_or_moved_duty_is_urgent_news_only_within_12_hours():
    from jurycourt.domain.messaging import is_urgent

    now = datetime(2031, 7, 10, 12, 0, tzinfo=UTC)
    near, far = now + timedelta(hours=12), now + timedelta(hours=12, minutes=1)
    assert is_urgent("reply", [], now)
    assert is_urgent("hearing_cancelled", [near], now)
    assert not is_urgent("hearing_cancelled", [far], now)
    assert not is_urgent("hearing_cancelled", [], now)
    assert is_urgent("hearing_moved", [far, near], now), "moved away from tonight: still urgent"
    assert not is_urgent("reminder", [near], now)
