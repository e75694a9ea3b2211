"""Calendar files: an .ics per session and a secret, revocable feed, read back with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from icalendar import Calendar

from jurycourt.auth.tokens import digest
from jurycourt.domain.hearings import SeatStatus
from jurycourt.domain.seating import SeatRole
from jurycourt.models import CalendarFeed, Hearing
from tests.duties import CONFIDENTIAL_TITLE, hearing_at, seat_for
from tests.web.helpers import Page, client_for, post_form, sign_in

NEW_YORK = ZoneInfo("America/New_York")
SECRETS = (CONFIDENTIAL_TITLE, "Reyes", "shoplifting", "Tanya")


def _local(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=NEW_YORK).astimezone(UTC)


def _parse(response: httpx.Response) -> Calendar:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    for secret in SECRETS:
        assert secret not in response.text
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> dict[str, object]:
    return {str(event.uid): event for event in calendar.events}


def _assert_times(event, hearing: Hearing) -> None:
    assert event.start.tzinfo.key == "America/New_York"
    assert event.start.astimezone(UTC) == hearing.starts_at
    assert event.end.astimezone(UTC) == hearing.ends_at


async def _public_get(app, url: str) -> httpx.Response:
    """Fetch as a calendar app would: no cookies, no session."""
    async with client_for(app, address=("127.0.0.1", 50001)) as anonymous:
        return await anonymous.get(url)


async def test_a_seated_person_downloads_their_session_in_the_programs_time_zone(client, demo):
    hearing = await hearing_at(demo, _local(2031, 1, 18, 10))
    seat = await seat_for("juror", hearing)
    await sign_in(client, "juror")
    calendar = _parse(await client.get(f"/hearings/{hearing.id}/calendar.ics"))
    (event,) = calendar.events
    _assert_times(event, hearing)
    assert event.start.hour == 10
    assert str(event.uid) == f"seat-{seat.id}@jurycourt"
    assert event.summary == "Jury hearing (Juror)"
    room = await hearing.room
    assert event.location == f"{room.name}, Main courthouse"
    assert [tz.tz_name for tz in calendar.timezones] == ["America/New_York"]


async def test_the_coordinator_downloads_any_session_of_their_program(client, demo):
    hearing = await hearing_at(demo, _local(2031, 7, 12, 10))
    await sign_in(client, "coordinator")
    (event,) = _parse(await client.get(f"/hearings/{hearing.id}/calendar.ics")).events
    _assert_times(event, hearing)
    assert event.start.hour == 10  # daylight saving time in July, still 10:00 on the wall
    assert event.summary == "Jury hearing"
    assert str(event.uid) == f"hearing-{hearing.id}@jurycourt"


async def test_another_persons_session_is_not_found(client, demo):
    hearing = await hearing_at(demo, _local(2031, 1, 18, 10))
    await seat_for("juror", hearing)
    await seat_for("grandjuror", hearing, status=SeatStatus.DECLINED)
    await seat_for("respondent", hearing, status=SeatStatus.PROPOSED)
    for login in ("foreperson", "grandjuror", "respondent"):
        client.cookies.clear()
        await sign_in(client, login)
        response = await client.get(f"/hearings/{hearing.id}/calendar.ics")
        assert response.status_code == 404, login
        assert "BEGIN:VCALENDAR" not in response.text


async def test_the_feed_address_is_shown_once_and_lists_the_persons_duties(app, client, demo):
    winter = await hearing_at(demo, _local(2031, 1, 18, 10))
    summer = await hearing_at(demo, _local(2031, 7, 12, 10), hours=2)
    recent = await hearing_at(demo, datetime.now(UTC).replace(microsecond=0) - timedelta(days=10))
    old = await hearing_at(demo, datetime.now(UTC) - timedelta(days=45))
    declined = await hearing_at(demo, _local(2031, 2, 1, 10))
    mine = {
        await seat_for("juror", winter): winter,
        await seat_for("juror", summer, role=SeatRole.FOREPERSON, status=SeatStatus.INVITED): summer,
        await seat_for("juror", recent): recent,
    }
    old_seat = await seat_for("juror", old)
    declined_seat = await seat_for("juror", declined, status=SeatStatus.DECLINED)
    await sign_in(client, "juror")

    response = await post_form(client, "/me/calendar-feed")
    assert response.status_code == 200
    url = Page(response.text).ids["feed-url"]["value"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert url == f"http://testserver/calendar/feed/{token}.ics"
    assert len(token) >= 43
    feed = await CalendarFeed.get(token_hash=digest(token))
    assert feed.revoked_at is None and token not in feed.token_hash
    assert token not in (await client.get("/me")).text, "the address is not shown again"

    answer = await _public_get(app, url)
    assert answer.headers["cache-control"] == "no-store"
    events = _events(_parse(answer))
    for seat, hearing in mine.items():
        _assert_times(events[f"seat-{seat.id}@jurycourt"], hearing)
    assert events[f"seat-{next(iter(mine)).id}@jurycourt"].start.hour == 10
    summer_seat = [s for s, h in mine.items() if h is summer][0]
    assert events[f"seat-{summer_seat.id}@jurycourt"].summary == "Jury hearing (Foreperson)"
    assert events[f"seat-{summer_seat.id}@jurycourt"].start.hour == 10
    assert f"seat-{old_seat.id}@jurycourt" not in events, "older than 30 days"
    assert f"seat-{declined_seat.id}@jurycourt" not in events
    assert all(not uid.startswith("hearing-") for uid in events)


async def test_a_stopped_or_replaced_feed_address_is_not_found(app, client, demo):
    await sign_in(client, "juror")
    first = Page((await post_form(client, "/me/calendar-feed")).text).ids["feed-url"]["value"]
    assert (await _public_get(app, first)).status_code == 200
    second = Page((await post_form(client, "/me/calendar-feed")).text).ids["feed-url"]["value"]
    assert (await _public_get(app, first)).status_code == 404, "a new address replaces the old"
    assert (await _public_get(app, second)).status_code == 200
    stop = await post_form(client, "/me/calendar-feed/stop")
    assert stop.status_code == 303
    assert (await _public_get(app, second)).status_code == 404
    assert not await CalendarFeed.filter(revoked_at=None).exists()


async def test_an_unknown_feed_token_is_not_found(app, demo):
    response = await _public_get(app, "/calendar/feed/" + "x" * 43 + ".ics")
    assert response.status_code == 404
    assert "BEGIN:VCALENDAR" not in response.text


async def test_the_feed_section_on_my_page_swaps_in_place_with_htmx(client, demo):
    await sign_in(client, "juror")
    me = Page((await client.get("/me")).text)
    assert "Calendar feed" in me.text and "calendar-feed" in me.ids
    made = await post_form(client, "/me/calendar-feed", headers={"HX-Request-Type": "partial"})
    assert made.text.lstrip().startswith('<section id="calendar-feed"')
    assert "<html" not in made.text
    assert "feed-url" in Page(made.text).ids
    assert "Stop my feed" in Page((await client.get("/me")).text).text
    stopped = await post_form(client, "/me/calendar-feed/stop", headers={"HX-Request-Type": "partial"})
    assert stopped.status_code == 200 and "no longer works" in Page(stopped.text).text
