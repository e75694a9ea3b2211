"""The demo data: a month of hearings around the seeding day, seated by the seating rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from jurycourt.auth.passwords import make_hasher
from jurycourt.demo import seed_demo
from jurycourt.demo.cases import EARLIER_TITLE
from jurycourt.demo.hearings import AWAITING_HELD, CENTRE, COURT, hearing_days
from jurycourt.demo.jury_room import TITLE as TONIGHT_TITLE
from jurycourt.domain.hearings import HOLDING_SEATS, HearingStatus, SeatStatus, overlaps
from jurycourt.domain.seating import SessionKind
from jurycourt.models import (
    Account,
    Affiliation,
    Availability,
    Conflict,
    DocketEntry,
    Hearing,
    OutboxMessage,
    Posting,
    Room,
    Seat,
)
from tests.web.helpers import Page, sign_in

ZONE = ZoneInfo("America/New_York")


async def _seats_of(login: str) -> list[Seat]:
    person_id = (await Account.get(login=login)).person_id
    return await Seat.filter(person_id=person_id).select_related("hearing")


async def test_the_demo_has_courtrooms_and_a_community_centre_room(demo):
    rooms = {(r.venue, r.name) for r in await Room.filter(program=demo)}
    assert {(COURT, f"Courtroom {n}") for n in range(1, 5)} <= rooms
    assert any(venue == CENTRE for venue, _ in rooms)


async def test_the_demo_has_hearings_before_and_after_the_seeding_day_within_a_month(demo):
    now = datetime.now(UTC)
    hearings = await Hearing.filter(program=demo).exclude(title__in=[EARLIER_TITLE, TONIGHT_TITLE])
    assert all(abs(h.starts_at - now) < timedelta(days=31) for h in hearings)
    assert any(h.starts_at < now for h in hearings)
    assert any(now < h.starts_at < now + timedelta(days=7) and h.kind == SessionKind.JURY_HEARING for h in hearings)
    assert {h.kind for h in hearings} == set(SessionKind)
    jury_days = {h.starts_at.astimezone(ZONE).date() for h in hearings if h.kind == SessionKind.JURY_HEARING}
    assert {d.weekday() for d in jury_days} == {5}, "jury hearings sit on Saturdays"
    assert len(jury_days) == 4


@pytest.mark.parametrize("offset", range(7))
def test_the_next_hearing_saturday_is_always_in_the_coming_week(offset):
    today = date(2031, 3, 3) + timedelta(days=offset)
    days = hearing_days(today)
    assert days["coming"].weekday() == 5
    assert 1 <= (days["coming"] - today).days <= 7
    assert days["past1"] < today < days["later"]
    assert days["coming"] - days["past1"] == days["later"] - days["coming"] == timedelta(days=14)


async def test_the_demo_has_availability_conflicts_and_schools(demo):
    assert await Availability.filter(program=demo).count() > 100
    assert await Conflict.filter(program=demo).count() >= 3
    assert await Affiliation.filter(kind="school").count() >= 10


async def test_past_hearings_are_held_with_everyone_checked_in_and_out_but_one_no_show(demo):
    past = await Hearing.filter(program=demo, kind=SessionKind.JURY_HEARING, starts_at__lt=datetime.now(UTC)).exclude(
        title=EARLIER_TITLE).prefetch_related("seats")
    assert len(past) == 4
    # All held but last Saturday's Courtroom 1: its attendance is taken, its hours wait to be credited.
    assert sorted(h.status for h in past) == [HearingStatus.CONFIRMED] + [HearingStatus.HELD] * 3
    no_shows = 0
    for hearing in past:
        assert len(hearing.seats) == 10, "fully seated: foreperson, seven jurors, bailiff, clerk"
        for seat in hearing.seats:
            assert seat.status == SeatStatus.ACCEPTED
            if seat.no_show:
                no_shows += 1
                assert seat.checked_in_at is None
            else:
                assert seat.checked_in_at < hearing.starts_at + timedelta(minutes=30) < seat.checked_out_at
    assert no_shows == 1


async def test_the_attendance_sheet_of_a_past_hearing_shows_the_hours_to_credit(client, demo):
    hearing = await Hearing.filter(program=demo, status=HearingStatus.HELD).exclude(title=EARLIER_TITLE).order_by(
        "starts_at").first()
    await sign_in(client, "coordinator")
    page = Page((await client.get(f"/hearings/{hearing.id}/attendance")).text)
    assert page.text.count("to credit") == 10
    assert "10 checked out" in page.text
    assert "attendance is final" in page.text


async def test_no_one_holds_two_seats_at_overlapping_hearings(demo):
    seats = await Seat.filter(status__in=list(HOLDING_SEATS)).select_related("hearing")
    by_person: dict[int, list[Hearing]] = {}
    for seat in seats:
        by_person.setdefault(seat.person_id, []).append(seat.hearing)
    for hearings in by_person.values():
        for n, a in enumerate(hearings):
            for b in hearings[n + 1:]:
                assert not overlaps(a.starts_at, a.ends_at, b.starts_at, b.ends_at)


@pytest.mark.parametrize("login", ["juror", "respondent"])
async def test_juror_and_respondent_see_an_invitation_to_accept_or_decline_on_their_page(client, demo, login):
    invited = [s for s in await _seats_of(login) if s.status == SeatStatus.INVITED]
    assert len(invited) == 1 and invited[0].hearing.starts_at > datetime.now(UTC)
    assert await OutboxMessage.filter(dedupe_key=f"invitation:{invited[0].id}").exists()
    await sign_in(client, login)
    page = Page((await client.get("/me")).text)
    card = page.ids[f"seat-{invited[0].id}"]
    assert card["tag"] == "li"
    assert "Saturday docket, Courtroom 1" in page.text
    assert "Accept" in page.text and "Decline" in page.text


async def test_the_foreperson_has_accepted_the_foreperson_seat_at_the_coming_hearing(client, demo):
    coming = [s for s in await _seats_of("foreperson") if s.hearing.starts_at > datetime.now(UTC)]
    assert [(s.role, s.status) for s in coming
            if s.hearing.kind == SessionKind.JURY_HEARING and s.hearing.title != TONIGHT_TITLE] == [
        ("foreperson", SeatStatus.ACCEPTED)]
    await sign_in(client, "foreperson")
    assert "Thank you — see you there." in Page((await client.get("/me")).text).text


async def test_the_coordinator_is_asked_to_offer_the_one_declined_seat(client, demo):
    declined = await Seat.filter(status=SeatStatus.DECLINED).select_related("hearing")
    assert len(declined) == 1 and declined[0].hearing.starts_at > datetime.now(UTC)
    await sign_in(client, "coordinator")
    page = Page((await client.get("/me")).text)
    assert "Declined seats at coming hearings (offer them to the next eligible person) 1" in page.text
    hearing_page = Page((await client.get(f"/hearings/{declined[0].hearing_id}")).text)
    assert "(next eligible)" in hearing_page.text


async def test_seeding_twice_is_refused_and_adds_nothing(demo):
    before = (await Hearing.all().count(), await Seat.all().count(), await Room.all().count())
    with pytest.raises(RuntimeError, match="already has data"):
        await seed_demo(make_hasher("cheapest"))
    assert (await Hearing.all().count(), await Seat.all().count(), await Room.all().count()) == before


async def test_the_respondent_served_at_the_past_hearing_that_waits_to_be_marked_held(demo):
    waiting = [s for s in await _seats_of("respondent") if s.hearing.status == HearingStatus.CONFIRMED
               and s.hearing.starts_at < datetime.now(UTC)]
    assert len(waiting) == 1
    seat = waiting[0]
    assert seat.hearing.title == f"Saturday docket, {AWAITING_HELD[1]}"
    assert seat.checked_in_at < seat.hearing.starts_at + timedelta(minutes=30) < seat.checked_out_at
    assert not await Posting.filter(reference=f"seat:{seat.id}").exists(), "credited only once marked held"


async def test_tonights_hearing_opens_the_jury_room_to_its_seated_jurors(client, demo):
    """After `make run` a juror can try the jury room: tonight's case is on their page."""
    await sign_in(client, "juror")
    waiting, deliberating, decided = await DocketEntry.filter(hearing__title=TONIGHT_TITLE).order_by("position")
    brief = await client.get(f"/cases/{waiting.case_id}")
    assert brief.status_code == 200 and f"/room/{waiting.id}" in brief.text
    room = Page((await client.get(f"/room/{waiting.id}")).text)
    assert "Jury room" in room.text and "Preparing questions" in room.text
    room = Page((await client.get(f"/room/{deliberating.id}")).text)
    assert "Now: Deliberation" in room.text and "Community service: 6 hours" in room.text
    assert "round" in room.ids and "Community service: 30 hours" in room.text  # a first proposal voted down
    room = Page((await client.get(f"/room/{decided.id}")).text)
    assert "The jury has decided" in room.text and "3 in favour and 0 against" in room.text
    me = Page((await client.get("/me")).text)
    assert {f"/room/{e.id}" for e in (waiting, deliberating, decided)} <= set(me.links)


async def test_tonights_hearing_screen_shows_without_signing_in_and_names_no_one(client, demo):
    """The README's demo screen: tonight's hearing on the courtroom's projector."""
    from jurycourt.demo.jury_room import DEMO_SCREEN_TOKEN

    response = await client.get(f"/screen/{DEMO_SCREEN_TOKEN}")
    assert response.status_code == 200
    page = Page(response.text)
    assert "Case 2 of 3" in page.text and "Deliberation" in page.text  # the room in deliberation leads
    for name in ("Jaylen", "Mireya", "Tobias", "Okonkwo", "Castellano", "Lindqvist"):
        assert name not in response.text


async def test_the_demo_shows_reminders_waiting_a_link_sent_by_text_and_followers_of_the_findings(client, demo):
    from jurycourt.models import Follower, FollowerMail

    waiting = await OutboxMessage.filter(kind__startswith="reminder", finished_at=None).values_list("kind", flat=True)
    assert waiting, "reminders due at the demo's noon wait on /outbox"
    (link,) = await OutboxMessage.filter(kind="access_link")
    assert link.channel == "text" and "/welcome/" in link.text
    assert await Follower.filter(confirmed_at__isnull=False).count() == 1
    assert await Follower.filter(confirmed_at__isnull=True).count() == 1
    assert await FollowerMail.filter(kind="finding", state="sent").exists()
    await sign_in(client, "coordinator")
    outbox = (await client.get("/outbox")).text
    assert "Set up your jurycourt account" in outbox
