"""Reminders: the day before, "tonight" for an evening session, two hours before; each once per seat, in
generic words, by the person's channels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jurycourt.actions.reminders import enqueue_reminders
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.seating import SeatRole
from jurycourt.models import OutboxMessage, Person
from tests.duties import CONFIDENTIAL_TITLE, court, hearing_at, seat_for, someone


def _soon(hours: float) -> datetime:
    return (datetime.now(UTC) + timedelta(hours=hours)).replace(second=0, microsecond=0)


async def test_seats_at_hearings_within_30_hours_get_one_reminder_each(app):
    program = await court()
    ana, ben, cy, dee = [await someone(name, f"{name}@example.org") for name in ("ana", "ben", "cy", "dee")]
    soon = await hearing_at(program, _soon(20))
    accepted = await seat_for(ana, soon)
    invited = await seat_for(ben, soon, role=SeatRole.FOREPERSON, status=SeatStatus.INVITED)
    await seat_for(cy, soon, status=SeatStatus.DECLINED)
    await seat_for(dee, soon, status=SeatStatus.PROPOSED)
    later = await hearing_at(program, _soon(60))
    await seat_for(ana, later)
    cancelled = await hearing_at(program, _soon(10), status=HearingStatus.CANCELLED)
    await seat_for(ben, cancelled)
    past = await hearing_at(program, _soon(-5))
    await seat_for(ana, past)

    assert await enqueue_reminders() == 2
    keys = set(await OutboxMessage.filter(kind="reminder").values_list("dedupe_key", flat=True))
    assert keys == {f"reminder:{accepted.id}", f"reminder:{invited.id}"}
    assert await enqueue_reminders() == 0, "each seat is reminded once"
    assert await OutboxMessage.filter(kind="reminder").count() == 2


async def test_a_reminder_says_role_local_time_and_room_and_nothing_about_the_case(app):
    # 14:00 UTC on 10 July is 10:00 in New York (daylight saving time)
    starts = datetime(2031, 7, 10, 14, 0, tzinfo=UTC)
    hearing = await hearing_at(await court(), starts)
    person = await someone()
    seat = await seat_for(person, hearing, role=SeatRole.FOREPERSON)
    assert await enqueue_reminders(now=starts - timedelta(hours=30)) == 1
    message = await OutboxMessage.get(dedupe_key=f"reminder:{seat.id}")
    assert message.person_id == person.id
    assert message.subject == "Reminder: you serve on Thu, Jul 10"
    assert "as Foreperson at a jury hearing" in message.body
    assert "Thu, July 10, 2031, 10:00\u202fAM–1:00\u202fPM (America/New_York time)" in message.body
    room = await hearing.room
    assert f"in {room.name}, Main courthouse" in message.body
    text = message.subject + message.body
    for secret in (CONFIDENTIAL_TITLE, "Reyes", "shoplifting", "Castillo", "Imani"):
        assert secret not in text


async def test_a_hearing_without_a_room_says_the_room_is_still_to_come(app):
    starts = datetime(2031, 7, 10, 14, 0, tzinfo=UTC)  # a morning session: no "tonight" text
    hearing = await hearing_at(await court(), starts, room=False)
    seat = await seat_for(await someone(), hearing)
    await enqueue_reminders(now=starts - timedelta(hours=3))
    message = await OutboxMessage.get(dedupe_key=f"reminder:{seat.id}")
    assert "in a room still to be announced" in message.body


EVENING = datetime(2031, 7, 10, 22, 0, tzinfo=UTC)  # 18:00 in New York


async def test_an_evening_duty_gets_the_day_before_tonight_and_two_hours_before_each_once(app):
    hearing = await hearing_at(await court(), EVENING)
    texter = await someone("Kai", "kai@example.org")
    await Person.filter(id=texter.id).update(contact_by="both")
    emailer = await someone("Lu", "lu@example.org")
    seats = {"texter": await seat_for(texter, hearing), "emailer": await seat_for(emailer, hearing)}

    moments = [EVENING - timedelta(hours=31), EVENING - timedelta(hours=26), EVENING - timedelta(hours=20),
               EVENING - timedelta(hours=7), EVENING - timedelta(hours=5), EVENING - timedelta(minutes=90),
               EVENING - timedelta(minutes=30), EVENING + timedelta(minutes=1)]
    queued = [await enqueue_reminders(now=moment) for moment in moments]
    assert queued == [0, 2, 0, 1, 0, 2, 0, 0]
    rows = await OutboxMessage.all().order_by("id").values_list("dedupe_key", "kind", "channel", "person_id")
    t, e = seats["texter"].id, seats["emailer"].id
    assert rows == [
        (f"reminder:{t}", "reminder", "email", texter.id), (f"reminder:{t}:text", "reminder", "text", texter.id),
        (f"reminder:{e}", "reminder", "email", emailer.id),
        (f"reminder:{t}:tonight", "reminder_tonight", "text", texter.id),  # a text: nothing for the emailer
        (f"reminder:{t}:soon", "reminder_soon", "email", texter.id),
        (f"reminder:{t}:soon:text", "reminder_soon", "text", texter.id),
        (f"reminder:{e}:soon", "reminder_soon", "email", emailer.id),
    ]
    tonight = await OutboxMessage.get(dedupe_key=f"reminder:{t}:tonight")
    room = await hearing.room
    assert tonight.text == f"jurycourt: tonight at 6:00 PM you serve as Juror, in {room.name}, Main courthouse."
    for message in await OutboxMessage.all():
        assert CONFIDENTIAL_TITLE not in message.subject + message.body + message.text


async def test_a_person_seated_late_gets_only_the_reminder_due_now(app):
    hearing = await hearing_at(await court(), EVENING)
    seat = await seat_for(await someone(), hearing)
    assert await enqueue_reminders(now=EVENING - timedelta(hours=1)) == 1
    assert await OutboxMessage.all().values_list("dedupe_key", flat=True) == [f"reminder:{seat.id}:soon"]


async def test_a_moved_hearing_is_told_by_each_persons_channels_with_its_former_time(app):
    from jurycourt.actions.hearings import move_hearing
    from jurycourt.auth.viewer import Viewer
    from jurycourt.domain.roles import Role

    program = await court()
    hearing = await hearing_at(program, EVENING)
    both = await someone("Kai", "kai@example.org")
    await Person.filter(id=both.id).update(contact_by="both")
    await seat_for(both, hearing)
    coordinator = await someone("Dana", "dana@example.org")
    viewer = Viewer(person_id=coordinator.id, roles={program.id: frozenset({Role.COORDINATOR})})
    later = EVENING + timedelta(days=2)
    await move_hearing(viewer, hearing, later, later + timedelta(hours=3), hearing.room_id)
    moved = await OutboxMessage.filter(kind="hearing_moved").order_by("id")
    assert [(m.person_id, m.channel) for m in moved] == [(both.id, "email"), (both.id, "text")]
    assert moved[0].params["was_at"] == EVENING.isoformat()
    assert moved[0].params["starts_at"] == later.isoformat()


async def test_a_citizens_panels_members_get_one_reminder_per_session_in_their_language(app):
    from jurycourt.actions.outbox import words_for
    from jurycourt.domain.citizens_panels import CitizensPanelStatus, VolunteerStatus
    from jurycourt.domain.panels import PanelKind
    from jurycourt.domain.seating import SessionKind
    from jurycourt.models import CitizensPanelSession, Panel, Volunteer

    program = await court()
    ana, ben, cy = [await someone(name, f"{name}@example.org") for name in ("ana", "ben", "cy")]
    await Person.filter(id=ben.id).update(language="es-US")
    panel = await Panel.create(program=program, kind=PanelKind.CITIZENS, title="Parks",
                               status=CitizensPanelStatus.DRAWN)
    for n, (person, status) in enumerate(((ana, VolunteerStatus.SELECTED), (ben, VolunteerStatus.SELECTED),
                                          (cy, VolunteerStatus.RESERVE))):
        await Volunteer.create(panel=panel, reference=f"V{n}", name=person.given_name, household=f"h{n}",
                               source="web", status=status, person=person)
    starts = datetime(2031, 7, 12, 14, 0, tzinfo=UTC)
    session = await CitizensPanelSession.create(panel=panel, hearing=await hearing_at(
        program, starts, kind=SessionKind.PANEL_SESSION))
    later = await CitizensPanelSession.create(panel=panel, hearing=await hearing_at(
        program, starts + timedelta(days=7), kind=SessionKind.PANEL_SESSION))

    assert await enqueue_reminders(now=starts - timedelta(hours=29)) == 2
    assert await enqueue_reminders(now=starts - timedelta(hours=1)) == 0, "once per session, not per stage"
    messages = await OutboxMessage.filter(thread=f"hearing:{session.hearing_id}").order_by("person_id")
    assert [m.person_id for m in messages] == [ana.id, ben.id]
    english, spanish = (words_for(m, language)[0] for m, language in zip(messages, ("en-US", "es-US"), strict=True))
    assert english == "Reminder: you serve on Sat, Jul 12" and english != spanish
    assert "Panel member" in words_for(messages[0], "en-US")[1]
    assert not await OutboxMessage.filter(thread=f"hearing:{later.hearing_id}").exists()
    await Panel.filter(id=panel.id).update(status=CitizensPanelStatus.ENDED)
    assert await enqueue_reminders(now=starts + timedelta(days=6)) == 0, "an ended panel is not reminded"
