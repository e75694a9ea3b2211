"""The coordinator's calendar: week, month and list views, scheduling and moving hearings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from jurycourt import clock
from jurycourt.models import Hearing, Room
from tests.web.helpers import Page, post_form, sign_in


async def _room(demo, name="Courtroom 9") -> Room:
    return await Room.create(program=demo, venue="Test Hall", name=name)


def _next_saturday() -> date:
    today = clock.today()
    return today + timedelta(days=(5 - today.weekday()) % 7 or 7)


async def test_a_scheduled_hearing_appears_in_week_month_and_list_views(client, demo):
    await sign_in(client, "coordinator")
    room = await _room(demo)
    day = _next_saturday()
    response = await post_form(client, "/hearings/new", {
        "kind": "jury_hearing", "title": "Saturday docket", "room": str(room.id),
        "starts_at": f"{day}T10:00", "ends_at": f"{day}T13:00",
    })
    assert response.status_code == 303
    hearing = await Hearing.get(title="Saturday docket")
    # 10:00 in New York is 15:00 UTC in winter, 14:00 in summer
    assert hearing.starts_at.astimezone(UTC).hour in (14, 15)
    for view in ("week", "month", "list"):
        page = Page((await client.get(f"/calendar?view={view}&date={day}")).text)
        assert "Saturday docket" in page.text, view
        assert "10:00" in page.text


async def test_calendar_navigation_answers_htmx_with_the_fragment_only(client, demo):
    await sign_in(client, "coordinator")
    response = await client.get("/calendar?view=month", headers={"HX-Request-Type": "partial"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="calendar"')
    assert "<html" not in response.text
    assert "HX-Request-Type" in response.headers["vary"]
    full = await client.get("/calendar?view=month")
    assert "<html" in full.text and 'id="calendar"' in full.text


async def test_a_room_already_booked_at_that_time_is_refused_with_the_input_kept(client, demo):
    await sign_in(client, "coordinator")
    room = await _room(demo)
    day = _next_saturday()
    await post_form(client, "/hearings/new", {"kind": "jury_hearing", "title": "First", "room": str(room.id),
                                              "starts_at": f"{day}T10:00", "ends_at": f"{day}T13:00"})
    response = await post_form(client, "/hearings/new", {
        "kind": "panel_session", "title": "Clashing panel", "room": str(room.id),
        "starts_at": f"{day}T12:00", "ends_at": f"{day}T14:00",
    })
    assert response.status_code == 400
    page = Page(response.text)
    assert "already booked" in page.text
    assert page.ids["f-title"]["value"] == "Clashing panel"
    assert await Hearing.filter(title="Clashing panel").count() == 0


async def test_back_to_back_hearings_in_one_room_are_allowed(client, demo):
    await sign_in(client, "coordinator")
    room = await _room(demo)
    day = _next_saturday()
    for title, start, end in (("Morning", "09:00", "12:00"), ("Afternoon", "12:00", "15:00")):
        response = await post_form(client, "/hearings/new", {"kind": "jury_hearing", "title": title,
                                   "room": str(room.id), "starts_at": f"{day}T{start}", "ends_at": f"{day}T{end}"})
        assert response.status_code == 303, title


async def test_moving_a_hearing_onto_a_booked_room_is_refused(client, demo):
    await sign_in(client, "coordinator")
    room = await _room(demo)
    day = _next_saturday()
    start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=15)
    await Hearing.create(program=demo, kind="jury_hearing", title="Fixed", room=room,
                         starts_at=start, ends_at=start + timedelta(hours=3))
    other = await Hearing.create(program=demo, kind="jury_hearing", title="Mover", room=None,
                                 starts_at=start + timedelta(days=1), ends_at=start + timedelta(days=1, hours=3))
    response = await post_form(client, f"/hearings/{other.id}/edit", {
        "room": str(room.id), "starts_at": f"{day}T10:30", "ends_at": f"{day}T11:30"})
    assert response.status_code == 400
    assert "already booked" in Page(response.text).text
    await other.refresh_from_db()
    assert other.room_id is None


async def test_end_before_start_is_refused_beside_the_field(client, demo):
    await sign_in(client, "coordinator")
    day = _next_saturday()
    response = await post_form(client, "/hearings/new", {"kind": "jury_hearing", "title": "Backwards",
                               "room": "", "starts_at": f"{day}T13:00", "ends_at": f"{day}T10:00"})
    assert response.status_code == 400
    page = Page(response.text)
    assert page.ids["f-ends_at"].get("aria-invalid") == "true"


async def test_status_changes_follow_the_table(client, demo):
    await sign_in(client, "coordinator")
    start = datetime.now(UTC) - timedelta(hours=1)  # started: it may be marked held
    hearing = await Hearing.create(program=demo, kind="panel_session", starts_at=start,
                                   ends_at=start + timedelta(hours=2))
    assert (await post_form(client, f"/hearings/{hearing.id}/status", {"status": "confirmed"})).status_code == 303
    await hearing.refresh_from_db()
    assert hearing.status == "confirmed"
    await post_form(client, f"/hearings/{hearing.id}/status", {"status": "held"})
    response = await post_form(client, f"/hearings/{hearing.id}/status", {"status": "planned"})
    await hearing.refresh_from_db()
    assert hearing.status == "held"
    assert response.status_code == 400 and "can't become" in Page(response.text).text


async def test_text_given_in_the_hearing_pages_address_never_appears_on_it(client, demo):
    """A refusal is shown by the post that was refused: a link that carries words cannot make the
    page say them (a forged "call this number" notice on a coordinator's own page)."""
    await sign_in(client, "coordinator")
    start = datetime.now(UTC) + timedelta(days=3)
    hearing = await Hearing.create(program=demo, kind="panel_session", starts_at=start,
                                   ends_at=start + timedelta(hours=2))
    forged = "Your account is locked: call 555-0100 zqxj"
    page = await client.get(f"/hearings/{hearing.id}", params={"error": forged})
    shown = Page(page.text).text  # the address itself rides along only in the language menu's return link
    assert page.status_code == 200 and "zqxj" not in shown and "555-0100" not in shown
    refused = await post_form(client, f"/hearings/{hearing.id}/status", {"status": "no such status"})
    assert refused.status_code == 400 and "Choose a status from the list." in Page(refused.text).text


async def test_calendar_and_hearings_are_hidden_from_jurors(client, demo):
    start = datetime.now(UTC) + timedelta(days=3)
    hearing = await Hearing.create(program=demo, kind="jury_hearing", starts_at=start,
                                   ends_at=start + timedelta(hours=2))
    await sign_in(client, "juror")
    for url in ("/calendar", f"/hearings/{hearing.id}", "/hearings/new", "/rooms"):
        assert (await client.get(url)).status_code == 404, url


async def test_moving_a_hearing_to_a_time_its_jurors_are_seated_elsewhere_is_refused(client, demo):
    from jurycourt.models import Person, Seat

    await sign_in(client, "coordinator")
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=20)
    here = await Hearing.create(program=demo, kind="jury_hearing", title="Here", starts_at=start,
                                ends_at=start + timedelta(hours=2))
    there = await Hearing.create(program=demo, kind="jury_hearing", title="There",
                                 starts_at=start + timedelta(days=1), ends_at=start + timedelta(days=1, hours=2))
    juror = await Person.get(given_name="Aaliyah")
    await Seat.create(hearing=here, person=juror, role="juror", status="invited")
    await Seat.create(hearing=there, person=juror, role="juror", status="accepted")
    local = (there.starts_at.astimezone(ZoneInfo("America/New_York"))).strftime("%Y-%m-%dT%H:%M")
    local_end = (there.ends_at.astimezone(ZoneInfo("America/New_York"))).strftime("%Y-%m-%dT%H:%M")
    response = await post_form(client, f"/hearings/{here.id}/edit",
                               {"room": "", "starts_at": local, "ends_at": local_end})
    assert response.status_code == 400
    assert "seated at another hearing" in Page(response.text).text
    await here.refresh_from_db()
    assert here.starts_at == start
