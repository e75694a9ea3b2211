"""The attendance sheet on the day: one tap per person, with and without htmx."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from jurycourt.demo import DEMO_PASSWORD
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.ledger import service_credit as attended_minutes
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SeatRole
from jurycourt.models import Account, AuditEvent, Hearing, Membership, Person, Program, Seat
from tests.duties import hearing_at, seat_for
from tests.web.helpers import Page, post_form, sign_in

PARTIAL = {"HX-Request-Type": "partial"}


def _hours_ago(hours: float) -> datetime:
    return (datetime.now(UTC) - timedelta(hours=hours)).replace(microsecond=0)


@pytest.fixture
async def today(demo) -> Hearing:
    """A hearing that started an hour ago, with a foreperson, a juror, an invited juror and a decline."""
    hearing = await hearing_at(demo, _hours_ago(1))
    await seat_for("foreperson", hearing, role=SeatRole.FOREPERSON)
    await seat_for("juror", hearing)
    await seat_for("respondent", hearing, status=SeatStatus.INVITED)
    await seat_for("grandjuror", hearing, status=SeatStatus.DECLINED)
    return hearing


async def _seat(hearing: Hearing, login: str) -> Seat:
    person_id = (await Account.get(login=login)).person_id
    return await Seat.get(hearing_id=hearing.id, person_id=person_id)


async def _tap(client, hearing: Hearing, seat: Seat, step: str, **kwargs):
    return await post_form(client, f"/hearings/{hearing.id}/attendance/{seat.id}", {"step": step}, **kwargs)


async def test_the_sheet_lists_invited_and_accepted_people_but_not_those_who_declined(client, today):
    await sign_in(client, "coordinator")
    page = Page((await client.get(f"/hearings/{today.id}/attendance")).text)
    for login in ("foreperson", "juror", "respondent"):
        assert f"att-{(await _seat(today, login)).id}" in page.ids, login
    assert f"att-{(await _seat(today, 'grandjuror')).id}" not in page.ids
    assert "Keisha Monroe" not in page.text
    assert "3 still expected" in page.text
    assert "has not answered the invitation" in page.text


async def test_the_hearing_page_links_to_its_attendance_sheet(client, today):
    await sign_in(client, "coordinator")
    page = Page((await client.get(f"/hearings/{today.id}")).text)
    assert f"/hearings/{today.id}/attendance" in page.links


async def test_checking_in_and_out_without_javascript_records_the_times_and_returns_to_the_sheet(client, today):
    await sign_in(client, "coordinator")
    seat = await _seat(today, "juror")
    response = await _tap(client, today, seat, "check_in")
    assert response.status_code == 303
    assert response.headers["location"] == f"/hearings/{today.id}/attendance#att-{seat.id}"
    await seat.refresh_from_db()
    assert seat.checked_in_at is not None and seat.checked_out_at is None
    assert "Checked in at" in Page((await client.get(response.headers["location"])).text).text

    assert (await _tap(client, today, seat, "check_out")).status_code == 303
    await seat.refresh_from_db()
    assert seat.checked_out_at is not None and seat.checked_out_at >= seat.checked_in_at
    page = Page((await client.get(f"/hearings/{today.id}/attendance")).text)
    assert "to credit" in page.text
    assert "1 checked out" in page.text
    actions = await AuditEvent.filter(subject_type="seat", subject_id=str(seat.id)).values_list("action", flat=True)
    assert sorted(actions) == ["attendance.check_in", "attendance.check_out"]


async def test_an_htmx_tap_answers_with_just_that_persons_row(client, today):
    await sign_in(client, "coordinator")
    seat = await _seat(today, "foreperson")
    response = await _tap(client, today, seat, "check_in", headers=PARTIAL)
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<form id="att-{seat.id}"')
    assert "<html" not in response.text and "attendance-summary" not in response.text
    assert "attendance-changed" in response.headers["hx-trigger"]
    row = Page(response.text)
    assert row.ids[f"att-{seat.id}"]["hx-target"] == "this"
    assert "Check out" in row.text and "Check in" not in row.text
    await seat.refresh_from_db()
    assert seat.checked_in_at is not None


async def test_the_summary_refreshes_itself_as_an_htmx_fragment(client, today):
    await sign_in(client, "coordinator")
    await Seat.filter(id=(await _seat(today, "juror")).id).update(checked_in_at=_hours_ago(0.5))
    response = await client.get(f"/hearings/{today.id}/attendance", headers=PARTIAL)
    assert response.text.lstrip().startswith('<section id="attendance-summary"')
    assert "<html" not in response.text
    assert "1 here now" in Page(response.text).text
    assert "HX-Request-Type" in response.headers["vary"]


async def test_a_no_show_is_recorded_and_undo_takes_it_back(client, today):
    await sign_in(client, "coordinator")
    seat = await _seat(today, "respondent")
    response = await _tap(client, today, seat, "no_show", headers=PARTIAL)
    assert "No-show" in Page(response.text).text
    await seat.refresh_from_db()
    assert seat.no_show and seat.checked_in_at is None
    await _tap(client, today, seat, "undo", headers=PARTIAL)
    await seat.refresh_from_db()
    assert not seat.no_show


async def test_a_late_arrival_marked_no_show_can_still_check_in(client, today):
    await sign_in(client, "coordinator")
    seat = await _seat(today, "respondent")
    await _tap(client, today, seat, "no_show")
    assert (await _tap(client, today, seat, "check_in")).status_code == 303
    await seat.refresh_from_db()
    assert seat.checked_in_at is not None and not seat.no_show


async def test_undo_takes_back_the_check_out_then_the_check_in(client, today):
    await sign_in(client, "coordinator")
    seat = await _seat(today, "juror")
    for step in ("check_in", "check_out", "undo"):
        await _tap(client, today, seat, step)
    await seat.refresh_from_db()
    assert seat.checked_in_at is not None and seat.checked_out_at is None
    await _tap(client, today, seat, "undo")
    await seat.refresh_from_db()
    assert seat.checked_in_at is None
    response = await _tap(client, today, seat, "undo")
    assert response.status_code == 400
    assert "nothing to undo" in Page(response.text).text


async def test_checking_out_someone_who_never_checked_in_is_refused_beside_their_row(client, today):
    await sign_in(client, "coordinator")
    seat = await _seat(today, "juror")
    plain = await _tap(client, today, seat, "check_out")
    assert plain.status_code == 400
    assert "Check them in first" in Page(plain.text).text
    swapped = await _tap(client, today, seat, "check_out", headers=PARTIAL)
    assert swapped.status_code == 422
    assert swapped.text.lstrip().startswith(f'<form id="att-{seat.id}"')
    assert "Check them in first" in Page(swapped.text).text
    await seat.refresh_from_db()
    assert seat.checked_out_at is None


async def test_someone_checked_in_cant_be_marked_a_no_show_or_checked_in_twice(client, today):
    await sign_in(client, "coordinator")
    seat = await _seat(today, "juror")
    await _tap(client, today, seat, "check_in")
    await seat.refresh_from_db()
    first = seat.checked_in_at
    assert "undo the check-in first" in Page((await _tap(client, today, seat, "no_show")).text).text
    assert "Already checked in" in Page((await _tap(client, today, seat, "check_in")).text).text
    await seat.refresh_from_db()
    assert not seat.no_show and seat.checked_in_at == first


@pytest.mark.parametrize(("status", "starts_in", "why"), [
    (HearingStatus.CANCELLED, -1, "cancelled hearing"),
    (HearingStatus.HELD, -1, "attendance is final"),
])
async def test_attendance_is_refused_at_cancelled_and_held_hearings(client, demo, status, starts_in, why):
    await sign_in(client, "coordinator")
    hearing = await hearing_at(demo, _hours_ago(-starts_in), status=status)
    seat = await seat_for("juror", hearing)
    sheet = Page((await client.get(f"/hearings/{hearing.id}/attendance")).text)
    assert why in sheet.text
    assert "Check in" not in sheet.text
    response = await _tap(client, hearing, seat, "check_in")
    assert response.status_code == 400
    assert why in Page(response.text).text
    await seat.refresh_from_db()
    assert seat.checked_in_at is None


@pytest.mark.parametrize(("starts_in", "why"), [
    (17, "opens shortly before the hearing starts"),  # 00:40 for an 18:00 hearing
    (-16, "time for taking this hearing's attendance is over"),  # 13 hours after it ended
])
async def test_outside_the_hearings_time_attendance_needs_a_coordinators_reason_which_is_audited(
        client, demo, starts_in, why):
    await sign_in(client, "coordinator")
    hearing = await hearing_at(demo, _hours_ago(-starts_in))
    seat = await seat_for("juror", hearing)
    sheet = Page((await client.get(f"/hearings/{hearing.id}/attendance")).text)
    assert why in sheet.text
    assert f"override-{seat.id}" in sheet.ids  # the reason to give, beside the taps
    refused = await _tap(client, hearing, seat, "check_in")
    assert refused.status_code == 400 and why in Page(refused.text).text
    await seat.refresh_from_db()
    assert seat.checked_in_at is None
    done = await post_form(client, f"/hearings/{hearing.id}/attendance/{seat.id}",
                           {"step": "check_in", "override": "The tablet was offline; recording from paper."})
    assert done.status_code == 303
    await seat.refresh_from_db()
    assert seat.checked_in_at is not None
    event = await AuditEvent.get(action="attendance.check_in", subject_id=str(seat.id))
    assert event.detail["override"] == "The tablet was offline; recording from paper."


async def test_attendance_opens_shortly_before_the_hearing_starts(client, demo):
    await sign_in(client, "coordinator")
    hearing = await hearing_at(demo, _hours_ago(-1))
    seat = await seat_for("juror", hearing)
    assert (await _tap(client, hearing, seat, "check_in")).status_code == 303
    event = await AuditEvent.get(action="attendance.check_in", subject_id=str(seat.id))
    assert "override" not in event.detail


async def _other_coordinator(app) -> None:
    program = await Program.create(name="Northside Youth Court")
    person = await Person.create(given_name="Olu", family_name="Adeyemi")
    await Account.create(person=person, login="northside", password_hash=app.state.hasher.hash(DEMO_PASSWORD))
    await Membership.create(person=person, program=program, role=Role.COORDINATOR)


@pytest.mark.parametrize("login", ["juror", "foreperson", "northside"])
async def test_the_sheet_is_hidden_from_jurors_and_from_coordinators_of_other_programs(client, app, today, login):
    await _other_coordinator(app)
    await sign_in(client, login)
    seat = await _seat(today, "juror")
    assert (await client.get(f"/hearings/{today.id}/attendance")).status_code == 404
    assert (await _tap(client, today, seat, "check_in")).status_code == 404
    assert (await _tap(client, today, seat, "check_in", headers=PARTIAL)).status_code == 404
    await seat.refresh_from_db()
    assert seat.checked_in_at is None


async def test_a_seat_of_another_hearing_or_a_declined_seat_cant_be_tapped(client, demo, today):
    await sign_in(client, "coordinator")
    other = await hearing_at(demo, _hours_ago(2))
    elsewhere = await seat_for("panelist", other)
    assert (await _tap(client, today, elsewhere, "check_in")).status_code == 404
    assert (await _tap(client, today, await _seat(today, "grandjuror"), "check_in")).status_code == 404
    await elsewhere.refresh_from_db()
    assert elsewhere.checked_in_at is None


async def test_credited_minutes_are_rounded_to_the_programs_quarter_hour(client, demo, today):
    await sign_in(client, "coordinator")
    seat = await _seat(today, "juror")
    start = today.starts_at
    # 10:03 to 12:55 is 172 minutes: 165 (2 h 45 min) to the nearest quarter hour
    await Seat.filter(id=seat.id).update(checked_in_at=start + timedelta(minutes=3),
                                         checked_out_at=start + timedelta(minutes=175))
    await seat.refresh_from_db()
    assert attended_minutes(seat, demo.rules) == 165
    page = Page((await client.get(f"/hearings/{today.id}/attendance")).text)
    assert "2 h 45 min to credit" in page.text
    await Program.filter(id=demo.id).update(rules={**demo.rules, "credit_rounding_minutes": 5})
    page = Page((await client.get(f"/hearings/{today.id}/attendance")).text)
    assert "2 h 50 min to credit" in page.text


async def test_no_minutes_are_credited_before_check_out_or_for_a_no_show(demo, today):
    seat = await _seat(today, "juror")
    seat.checked_in_at = today.starts_at
    assert attended_minutes(seat, demo.rules) is None
    seat.checked_out_at, seat.no_show = today.ends_at, True
    assert attended_minutes(seat, demo.rules) is None
    seat.no_show = False
    assert attended_minutes(seat, {}) == 180


async def test_the_hearing_can_be_marked_held_once_everyone_has_checked_out(client, today):
    await sign_in(client, "coordinator")
    seats = [await _seat(today, login) for login in ("foreperson", "juror", "respondent")]
    for seat in seats[:2]:
        await _tap(client, today, seat, "check_in")
    await _tap(client, today, seats[2], "no_show")
    await _tap(client, today, seats[0], "check_out")
    page = Page((await client.get(f"/hearings/{today.id}/attendance")).text)
    assert "Mark the hearing held" not in page.text
    refused = await post_form(client, f"/hearings/{today.id}/status", {"status": "held"})
    assert refused.status_code == 400 and "still checked in" in Page(refused.text).text
    await today.refresh_from_db()
    assert today.status == HearingStatus.CONFIRMED

    await _tap(client, today, seats[1], "check_out")
    page = Page((await client.get(f"/hearings/{today.id}/attendance")).text)
    assert "Mark the hearing held" in page.text
    assert (await post_form(client, f"/hearings/{today.id}/status", {"status": "held"})).status_code == 303
    await today.refresh_from_db()
    assert today.status == HearingStatus.HELD
    assert (await _tap(client, today, seats[1], "undo")).status_code == 400
    await seats[1].refresh_from_db()
    assert seats[1].checked_out_at is not None, "a held hearing's attendance is final"


async def test_a_hearing_is_marked_held_once_it_has_started_or_earlier_with_a_reason_on_record(client, demo):
    await sign_in(client, "coordinator")
    hearing = await hearing_at(demo, _hours_ago(-1))  # starts in an hour: attendance is open already
    seat = await seat_for("juror", hearing)
    for step in ("check_in", "check_out"):
        assert (await _tap(client, hearing, seat, step)).status_code == 303
    early = await post_form(client, f"/hearings/{hearing.id}/status", {"status": "held"})
    assert early.status_code == 400, "the refusal is shown on the page, never carried in its address"
    page = Page(early.text)
    assert "has not started yet" in page.text and "f-override" in page.ids
    assert (await Hearing.get(id=hearing.id)).status == HearingStatus.CONFIRMED
    done = await post_form(client, f"/hearings/{hearing.id}/status",
                           {"status": "held", "override": "The session ran early: everyone came at five."})
    assert done.status_code == 303
    assert (await Hearing.get(id=hearing.id)).status == HearingStatus.HELD
    event = await AuditEvent.get(action="hearing.held", subject_id=str(hearing.id))
    assert event.detail["override"] == "The session ran early: everyone came at five."


async def test_cancelling_or_moving_a_hearing_tells_everyone_seated_through_the_outbox_once(client, demo):
    from jurycourt.models import OutboxMessage

    await sign_in(client, "coordinator")
    hearing = await hearing_at(demo, _hours_ago(-48))
    seated = [await seat_for("foreperson", hearing, role=SeatRole.FOREPERSON),
              await seat_for("respondent", hearing, status=SeatStatus.INVITED)]
    declined = await seat_for("grandjuror", hearing, status=SeatStatus.DECLINED)
    people = {s.person_id for s in seated}
    zone = ZoneInfo(demo.time_zone)
    start = hearing.starts_at + timedelta(days=1)
    fields = {"starts_at": start.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
              "ends_at": (start + timedelta(hours=2)).astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
              "room": str(hearing.room_id)}
    for _ in range(2):  # the same move twice: one message each
        assert (await post_form(client, f"/hearings/{hearing.id}/edit", fields)).status_code == 303
    moved = await OutboxMessage.filter(kind="hearing_moved", person_id__in=[*people, declined.person_id])
    assert {m.person_id for m in moved} == people and len(moved) == 2
    assert all("has moved" in m.body for m in moved)
    assert (await post_form(client, f"/hearings/{hearing.id}/status", {"status": "cancelled"})).status_code == 303
    cancelled = await OutboxMessage.filter(kind="hearing_cancelled", person_id__in=[*people, declined.person_id])
    assert {m.person_id for m in cancelled} == people and len(cancelled) == 2
    assert all("has been cancelled" in m.body for m in cancelled)


async def test_a_held_hearings_attendance_is_corrected_on_a_page_and_recredited_exactly_once(client, today):
    from jurycourt.actions import ledger

    await sign_in(client, "coordinator")
    seat = await _seat(today, "juror")
    start = today.starts_at
    await Seat.filter(hearing_id=today.id).update(no_show=True)
    await Seat.filter(id=seat.id).update(no_show=False, checked_in_at=start, checked_out_at=start + timedelta(hours=1))
    assert (await post_form(client, f"/hearings/{today.id}/status", {"status": "held"})).status_code == 303
    assert (await Hearing.get(id=today.id)).status == HearingStatus.HELD
    url = f"/hearings/{today.id}/attendance/{seat.id}/correct"
    assert url in Page((await client.get(f"/hearings/{today.id}/attendance")).text).links
    assert "On record:" in Page((await client.get(url)).text).text
    await today.fetch_related("program")
    account = await ledger.personal_account(today.program_id, seat.person_id)
    before = await ledger.account_balance(account.id)  # the demo's juror has earned before: 60 more now
    zone = ZoneInfo(today.program.time_zone)
    fields = {"checked_in_at": start.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
              "checked_out_at": (start + timedelta(hours=2)).astimezone(zone).strftime("%Y-%m-%dT%H:%M")}
    assert (await post_form(client, url, fields)).status_code == 303
    again = await post_form(client, url, fields)  # a double submit: the times are on record already
    assert again.status_code == 400 and "nothing to correct" in Page(again.text).text
    assert await ledger.account_balance(account.id) == before + 60  # re-credited once, not twice
    await seat.refresh_from_db()
    assert seat.checked_out_at - seat.checked_in_at == timedelta(hours=2)
    assert await AuditEvent.exists(action="attendance.corrected", subject_id=str(seat.id))
