"""Seating a hearing over HTTP: schedule, propose, swap, confirm, answer, refill a declined seat."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from jurycourt import clock
from jurycourt.actions import seating as seating_actions
from jurycourt.domain.hearings import SeatStatus, local_to_utc
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import DocketParty, PartyRole, SeatRole
from jurycourt.models import (
    Account,
    Availability,
    Conflict,
    Hearing,
    Membership,
    OutboxMessage,
    Room,
    Seat,
    SeatProposal,
)
from tests.web.helpers import Page, client_for, post_form, sign_in

PARTIAL = {"HX-Request-Type": "partial"}
ZONE = ZoneInfo("America/New_York")
#: Far enough ahead that no demo hearing is near.
DAY = clock.today() + timedelta(days=45)
DECLINES_TODO = re.compile(r"Declined seats at coming hearings \(offer them to the next eligible person\) (\d+)")
FILL_OFFER = re.compile(r'name="seat" value="(\d+)">\s*<input type="hidden" name="in_person" value="(\d+)">')


@contextlib.asynccontextmanager
async def browser(app, address: str) -> AsyncIterator[httpx.AsyncClient]:
    """Another person's browser on another machine, using the same app."""
    async with client_for(app, address=(address, 50001)) as http:
        yield http


async def person(login: str) -> int:
    return (await Account.get(login=login)).person_id


async def available(demo, *person_ids: int, day: date = DAY) -> None:
    await Availability.bulk_create([
        Availability(person_id=pid, program=demo, starts_at=local_to_utc(day, time(9), ZONE),
                     ends_at=local_to_utc(day, time(17), ZONE)) for pid in person_ids])


@pytest.fixture
async def pool(demo) -> list[int]:
    """Every juror is available on DAY except 'juror' and 'respondent' (they say so later)."""
    absent = {await person("juror"), await person("respondent")}
    jurors = await Membership.filter(program=demo, role=Role.JUROR).values_list("person_id", flat=True)
    await available(demo, *(pid for pid in jurors if pid not in absent))
    return sorted(jurors)


@pytest.fixture
async def room(demo) -> Room:
    return await Room.create(program=demo, venue="Test Hall", name="Room 7")


async def schedule(client, room: Room, title: str = "Saturday docket", start: str = "10:00",
                   end: str = "13:00") -> httpx.Response:
    return await post_form(client, "/hearings/new", {
        "kind": "jury_hearing", "title": title, "room": str(room.id),
        "starts_at": f"{DAY}T{start}", "ends_at": f"{DAY}T{end}",
    })


async def proposed_hearing(client, room: Room) -> Hearing:
    response = await schedule(client, room)
    assert response.status_code == 303
    hearing = await Hearing.get(id=int(response.headers["location"].rsplit("/", 1)[1]))
    assert (await post_form(client, f"/hearings/{hearing.id}/seats/propose")).status_code == 303
    return hearing


async def declines_to_offer(client) -> int:
    """The count on the coordinator's to-do line for declined seats (0 when the line is absent)."""
    found = DECLINES_TODO.search(Page((await client.get("/me")).text).text)
    return int(found.group(1)) if found else 0


async def holders(hearing: Hearing, *statuses: SeatStatus) -> dict[int, SeatRole]:
    seats = Seat.filter(hearing_id=hearing.id)
    if statuses:
        seats = seats.filter(status__in=list(statuses))
    return dict(await seats.values_list("person_id", "role"))


async def test_a_coordinator_seats_a_hearing_and_the_jurors_answer_their_invitations(client, app, demo, pool, room):
    await sign_in(client, "coordinator")
    demo_declines = await declines_to_offer(client)
    hearing = await proposed_hearing(client, room)
    assert hearing.starts_at == local_to_utc(DAY, time(10), ZONE)
    seated = await holders(hearing, SeatStatus.PROPOSED)
    assert len(seated) == 10 and list(seated.values()).count(SeatRole.FOREPERSON) == 1

    # The proposal page shows the seed and why people were left out
    stored = await SeatProposal.get(hearing_id=hearing.id)
    page = Page((await client.get(f"/hearings/{hearing.id}")).text)
    proposal_url = f"/hearings/{hearing.id}/proposals/{stored.id}"
    assert proposal_url in page.links and str(stored.seed) in page.text
    proposal = Page((await client.get(proposal_url)).text)
    assert f"seed {stored.seed}" in proposal.text
    assert "Has not completed training." in proposal.text
    assert "Has not said they are available at this time." in proposal.text

    # 'juror' and 'respondent' now say they can come, and take two jurors' seats
    juror, respondent = await person("juror"), await person("respondent")
    await available(demo, juror, respondent)
    out = [pid for pid, role in seated.items() if role == SeatRole.JUROR][:2]
    for leaving, coming in zip(out, (juror, respondent), strict=True):
        response = await post_form(client, f"/hearings/{hearing.id}/seats/swap",
                                   {"out_person": str(leaving), "in_person": str(coming)})
        assert response.status_code == 303
    seated = await holders(hearing, SeatStatus.PROPOSED)
    assert seated[juror] == seated[respondent] == SeatRole.JUROR and not set(out) & set(seated)

    # Confirming invites all ten, each with one message
    assert (await post_form(client, f"/hearings/{hearing.id}/seats/confirm")).status_code == 303
    seats = {s.person_id: s for s in await Seat.filter(hearing_id=hearing.id)}
    assert {s.status for s in seats.values()} == {SeatStatus.INVITED}
    keys = set(await OutboxMessage.filter(kind="invitation").values_list("dedupe_key", flat=True))
    assert {f"invitation:{s.id}" for s in seats.values()} <= keys

    # The juror accepts with htmx: the invitation card is swapped in place
    async with browser(app, "10.0.0.2") as phone:
        await sign_in(phone, "juror")
        assert f"seat-{seats[juror].id}" in Page((await phone.get("/me")).text).ids
        response = await post_form(phone, f"/seats/{seats[juror].id}/answer", {"answer": "accept"}, headers=PARTIAL)
        assert response.status_code == 200
        assert response.text.lstrip().startswith(f'<li id="seat-{seats[juror].id}"')
        assert "<html" not in response.text and "accepted" in Page(response.text).text

    # The respondent declines without JavaScript, and can't take it back
    async with browser(app, "10.0.0.3") as laptop:
        await sign_in(laptop, "respondent")
        response = await post_form(laptop, f"/seats/{seats[respondent].id}/answer", {"answer": "decline"})
        assert response.status_code == 303 and response.headers["location"] == "/me"
        again = await post_form(laptop, f"/seats/{seats[respondent].id}/answer", {"answer": "accept"})
        assert again.status_code == 400
    answered = Seat.filter(id__in=[seats[juror].id, seats[respondent].id])
    assert dict(await answered.values_list("person_id", "status")) == {
        juror: SeatStatus.ACCEPTED, respondent: SeatStatus.DECLINED}

    # The coordinator sees the declined seat and offers it to the next eligible person
    assert await declines_to_offer(client) == demo_declines + 1
    html = (await client.get(f"/hearings/{hearing.id}")).text
    assert "Tanya Reyes declined" in Page(html).text
    seat_id, suggested = map(int, FILL_OFFER.search(html).groups())
    assert seat_id == seats[respondent].id
    assert suggested in pool and suggested not in seats
    response = await post_form(client, f"/hearings/{hearing.id}/seats/fill",
                               {"seat": str(seat_id), "in_person": str(suggested)})
    assert response.status_code == 303
    assert (await holders(hearing, SeatStatus.PROPOSED)) == {suggested: SeatRole.JUROR}
    assert await declines_to_offer(client) == demo_declines
    assert not FILL_OFFER.search((await client.get(f"/hearings/{hearing.id}")).text)
    twice = await post_form(client, f"/hearings/{hearing.id}/seats/fill", {"seat": str(seat_id), "in_person": str(
        next(pid for pid in pool if pid not in seats and pid != suggested))})
    assert twice.status_code == 400 and "offered to someone else already" in Page(twice.text).text
    assert (await post_form(client, f"/hearings/{hearing.id}/seats/confirm")).status_code == 303
    assert (await Seat.get(hearing_id=hearing.id, person_id=suggested)).status == SeatStatus.INVITED


async def test_a_hearing_overlapping_another_in_the_same_room_is_refused_with_the_form_kept(client, demo, room):
    await sign_in(client, "coordinator")
    assert (await schedule(client, room)).status_code == 303
    response = await schedule(client, room, title="Afternoon docket", start="12:30", end="15:00")
    assert response.status_code == 400
    page = Page(response.text)
    assert "Room 7 is already booked then" in page.text
    assert page.ids["f-title"]["value"] == "Afternoon docket"
    assert page.ids["f-starts_at"]["value"] == f"{DAY}T12:30"
    assert not await Hearing.filter(title="Afternoon docket").exists()


async def test_forcing_someone_in_conflict_with_a_docket_party_into_a_seat_is_refused(
        client, demo, pool, room, monkeypatch):
    respondent, juror = await person("respondent"), await person("juror")

    async def docket(hearing):  # stands in for the cases area, which fills dockets later
        return (DocketParty(respondent, PartyRole.RESPONDENT),)

    monkeypatch.setattr(seating_actions, "docket_parties", docket)
    await Conflict.create(program=demo, person_id=juror, other_id=respondent, relation="relative")
    await available(demo, juror)
    await sign_in(client, "coordinator")
    hearing = await proposed_hearing(client, room)
    before = await holders(hearing)
    assert juror not in before and respondent not in before
    leaving = next(pid for pid, role in before.items() if role == SeatRole.JUROR)
    response = await post_form(client, f"/hearings/{hearing.id}/seats/swap",
                               {"out_person": str(leaving), "in_person": str(juror)})
    assert response.status_code == 400
    assert "Declared conflict: is a relative of a party on the docket." in Page(response.text).text
    assert await holders(hearing) == before


async def test_someone_seated_at_an_overlapping_hearing_cant_be_swapped_in(client, demo, pool, room):
    await sign_in(client, "coordinator")
    first = await proposed_hearing(client, room)
    busy = next(iter(await holders(first)))
    other_room = await Room.create(program=demo, venue="Test Hall", name="Room 8")
    response = await schedule(client, other_room, title="Second docket", start="11:00", end="14:00")
    second = await Hearing.get(id=int(response.headers["location"].rsplit("/", 1)[1]))
    await post_form(client, f"/hearings/{second.id}/seats/propose")
    before = await holders(second)
    assert busy not in before
    response = await post_form(client, f"/hearings/{second.id}/seats/swap",
                               {"out_person": str(next(iter(before))), "in_person": str(busy)})
    assert response.status_code == 400
    assert "Already seated in an overlapping session." in Page(response.text).text
    assert await holders(second) == before


async def test_answering_someone_elses_invitation_is_not_found(client, demo):
    hearing = await Hearing.filter(program=demo, seats__status=SeatStatus.INVITED).first()
    theirs = await Seat.get(hearing_id=hearing.id, person_id=await person("respondent"))
    await sign_in(client, "juror")
    for headers in ({}, PARTIAL):
        response = await post_form(client, f"/seats/{theirs.id}/answer", {"answer": "decline"}, headers=headers)
        assert response.status_code == 404
    await theirs.refresh_from_db()
    assert theirs.status == SeatStatus.INVITED
