"""When people can serve: declared on their own page, or entered by a coordinator for them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from jurycourt import clock
from jurycourt.domain.hearings import MAX_FUTURE_AVAILABILITY
from jurycourt.domain.roles import Role
from jurycourt.i18n import use_language
from jurycourt.i18n.formatting import local_date
from jurycourt.models import AuditEvent, Availability
from tests.web.helpers import Page, post_form, sign_in
from tests.web.members import new_member, other_program_coordinator, person_id

PARTIAL = {"HX-Request-Type": "partial"}
#: Well after the demo's month of sessions, well within the year people may declare ahead.
SOON = clock.today() + timedelta(days=45)


def shown_day(day: date) -> str:
    """A day as the English page writes it ("Thu, Jan 21, 2027")."""
    with use_language("en-US"):
        return local_date(day, "weekday")


def next_date(month: int, day: int) -> date:
    """The next ``month``/``day`` after today (always within a year)."""
    today = clock.today()
    candidate = date(today.year, month, day)
    return candidate if candidate > today else date(today.year + 1, month, day)


def span(day: date = SOON, start: str = "16:00", end: str = "19:00") -> dict[str, str]:
    return {"day": day.isoformat(), "start": start, "end": end}


async def spans_on(person: int, day: date = SOON) -> list[Availability]:
    start = datetime.combine(day, datetime.min.time(), UTC)
    return await Availability.filter(
        person_id=person, starts_at__gte=start, starts_at__lt=start + timedelta(days=2)
    ).order_by("starts_at")


# Declaring one's own


@pytest.mark.parametrize(("month", "utc_start", "utc_end"), [(7, 20, 23), (1, 21, 0)])
async def test_a_juror_declares_a_time_in_new_york_time_and_it_is_stored_in_utc(
    client, demo, month, utc_start, utc_end
):
    await sign_in(client, "juror")
    day = next_date(month, 15)
    response = await post_form(client, "/me/availability", span(day))
    assert response.status_code == 303
    assert response.headers["location"] == "/me/availability?done=added"
    [stored] = await spans_on(await person_id("juror"), day)
    # 16:00–19:00 in New York: UTC-4 in July (daylight time), UTC-5 in January
    assert stored.starts_at.astimezone(UTC) == datetime(day.year, month, 15, utc_start, tzinfo=UTC)
    assert stored.ends_at.astimezone(UTC).hour == utc_end
    assert stored.ends_at - stored.starts_at == timedelta(hours=3)
    assert stored.program_id == demo.id
    assert stored.entered_by_id == await person_id("juror")
    page = Page((await client.get(response.headers["location"])).text)
    assert "Saved" in page.text
    assert f"{shown_day(day)} 4:00 PM–7:00 PM" in page.text


async def test_the_personal_page_links_to_when_i_can_serve(client, demo):
    await sign_in(client, "juror")
    page = Page((await client.get("/me")).text)
    assert "/me/availability" in page.links
    assert "When I can serve" in page.text


async def test_declaring_a_time_is_written_to_the_audit_trail(client, demo):
    await sign_in(client, "juror")
    await post_form(client, "/me/availability", span())
    # the newest: the demo's foreperson declared his Tuesdays through the same action
    event = await AuditEvent.filter(action="availability.declared").order_by("-id").first()
    assert event.actor_id == await person_id("juror")
    assert event.subject_id == str(await person_id("juror"))


async def test_a_juror_removes_a_time_they_gave(client, demo):
    await sign_in(client, "juror")
    await post_form(client, "/me/availability", span())
    [stored] = await spans_on(await person_id("juror"))
    response = await post_form(client, f"/me/availability/{stored.id}/delete")
    assert response.status_code == 303
    assert await spans_on(await person_id("juror")) == []
    page = Page((await client.get(response.headers["location"])).text)
    assert "That time has been removed." in page.text
    assert shown_day(SOON) not in page.text


async def test_an_htmx_add_gets_back_only_the_section_with_the_new_time(client, demo):
    await sign_in(client, "juror")
    response = await post_form(client, "/me/availability", span(), headers=PARTIAL)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="availability"')
    assert "<html" not in response.text
    page = Page(response.text)
    assert f"{shown_day(SOON)} 4:00 PM–7:00 PM" in page.text
    assert page.ids["f-day"]["value"] == ""  # a fresh form for the next time


async def test_overlapping_and_touching_times_become_one_span(client, demo):
    await sign_in(client, "juror")
    for start, end in (("16:00", "18:00"), ("17:00", "19:00"), ("19:00", "20:30")):
        assert (await post_form(client, "/me/availability", span(start=start, end=end))).status_code == 303
    [merged] = await spans_on(await person_id("juror"))
    assert merged.ends_at - merged.starts_at == timedelta(hours=4, minutes=30)
    page = Page((await client.get("/me/availability")).text)
    assert f"{shown_day(SOON)} 4:00 PM–8:30 PM" in page.text


async def test_a_time_already_covered_adds_nothing(client, demo):
    await sign_in(client, "juror")
    await post_form(client, "/me/availability", span(start="09:00", end="17:00"))
    response = await post_form(client, "/me/availability", span(start="10:00", end="12:00"))
    assert response.status_code == 303
    [only] = await spans_on(await person_id("juror"))
    assert only.ends_at - only.starts_at == timedelta(hours=8)


# Refusals


@pytest.mark.parametrize(("values", "field", "message"), [
    (span(start="19:00", end="16:00"), "end", "The end must be after the start"),
    (span(start="16:00", end="16:00"), "end", "The end must be after the start"),
    (span(day=clock.today() - timedelta(days=2)), "day", "This date has passed."),
    (span(start="06:00", end="20:30"), "end", "at most 14 hours"),
    (span(day=clock.today() + timedelta(days=400)), "day", "within the next year"),
    (span(start="25:00"), "start", "Enter a time like 16:30."),
    ({"day": "", "start": "16:00", "end": "19:00"}, "day", "This is required."),
    ({"day": "15/07/2027", "start": "16:00", "end": "19:00"}, "day", "Enter a date as YYYY-MM-DD."),
])
async def test_a_bad_time_is_refused_beside_its_field_with_the_input_kept(client, demo, values, field, message):
    await sign_in(client, "juror")
    before = await Availability.filter(person_id=await person_id("juror")).count()
    response = await post_form(client, "/me/availability", values)
    assert response.status_code == 400
    page = Page(response.text)
    assert message in page.text
    assert f"f-{field}-error" in page.ids
    assert page.ids[f"f-{field}"]["aria-invalid"] == "true"
    for name, value in values.items():
        assert page.ids[f"f-{name}"]["value"] == value
    assert await Availability.filter(person_id=await person_id("juror")).count() == before


async def test_a_refused_htmx_add_is_a_422_with_the_section_only(client, demo):
    await sign_in(client, "juror")
    response = await post_form(client, "/me/availability", span(start="19:00", end="16:00"), headers=PARTIAL)
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<section id="availability"')
    assert "f-end-error" in Page(response.text).ids


async def test_no_more_than_200_times_to_come_are_kept(client, demo):
    juror = await person_id("juror")
    await Availability.filter(person_id=juror).delete()
    start = datetime.combine(SOON, datetime.min.time(), UTC) + timedelta(hours=14)
    await Availability.bulk_create([
        Availability(person_id=juror, program_id=demo.id, starts_at=start + timedelta(days=n),
                     ends_at=start + timedelta(days=n, hours=2))
        for n in range(MAX_FUTURE_AVAILABILITY)
    ])
    await sign_in(client, "juror")
    response = await post_form(client, "/me/availability", span(day=SOON - timedelta(days=3)))
    assert response.status_code == 400
    assert "remove some before adding more" in Page(response.text).text
    assert await Availability.filter(person_id=juror).count() == MAX_FUTURE_AVAILABILITY


async def test_someone_elses_time_cannot_be_removed(client, demo):
    await sign_in(client, "juror")
    await post_form(client, "/me/availability", span())
    [theirs] = await spans_on(await person_id("juror"))
    await sign_in(client, "foreperson")
    response = await post_form(client, f"/me/availability/{theirs.id}/delete")
    assert response.status_code == 404
    assert await Availability.exists(id=theirs.id)


async def test_a_guardian_who_does_not_serve_has_no_availability_to_declare(client, demo):
    await sign_in(client, "guardian")
    assert "/me/availability" not in Page((await client.get("/me")).text).links
    assert (await client.get("/me/availability")).status_code == 404
    response = await post_form(client, "/me/availability", span())
    assert response.status_code == 404
    assert not await Availability.exists(person_id=await person_id("guardian"))


async def test_signing_in_is_required(client, demo):
    response = await client.get("/me/availability")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


# A coordinator, for someone offline


async def test_a_coordinator_enters_a_time_for_an_offline_juror(client, demo):
    offline = await new_member(demo, Role.JUROR, "Offline")
    await sign_in(client, "coordinator")
    person_page = Page((await client.get(f"/people/{offline.id}")).text)
    assert f"/people/{offline.id}/availability" in person_page.links
    response = await post_form(client, f"/people/{offline.id}/availability", span())
    assert response.status_code == 303
    assert response.headers["location"] == f"/people/{offline.id}/availability?done=added"
    [stored] = await spans_on(offline.id)
    assert stored.entered_by_id == await person_id("coordinator")
    page = Page((await client.get(response.headers["location"])).text)
    assert "When Offline Tester can serve" in page.text
    assert f"{shown_day(SOON)} 4:00 PM–7:00 PM" in page.text
    assert "entered by Denise Okafor" in page.text


async def test_a_juror_sees_who_entered_a_time_for_them(client, demo):
    await sign_in(client, "coordinator")
    await post_form(client, f"/people/{await person_id('juror')}/availability", span())
    await sign_in(client, "juror")
    page = Page((await client.get("/me/availability")).text)
    assert f"{shown_day(SOON)} 4:00 PM–7:00 PM entered by Denise Okafor" in page.text


async def test_a_coordinator_removes_a_time_for_a_juror(client, demo):
    juror = await new_member(demo, Role.JUROR, "Offline")
    await sign_in(client, "coordinator")
    await post_form(client, f"/people/{juror.id}/availability", span())
    [stored] = await spans_on(juror.id)
    response = await post_form(client, f"/people/{juror.id}/availability/{stored.id}/delete")
    assert response.status_code == 303
    assert await spans_on(juror.id) == []


async def test_a_coordinator_cannot_remove_a_span_through_another_persons_address(client, demo):
    juror, other = await new_member(demo, Role.JUROR, "One"), await new_member(demo, Role.JUROR, "Two")
    await sign_in(client, "coordinator")
    await post_form(client, f"/people/{juror.id}/availability", span())
    [stored] = await spans_on(juror.id)
    response = await post_form(client, f"/people/{other.id}/availability/{stored.id}/delete")
    assert response.status_code == 404
    assert await Availability.exists(id=stored.id)


async def test_a_coordinator_gets_a_refusal_beside_the_field_too(client, demo):
    juror = await new_member(demo, Role.JUROR, "Offline")
    await sign_in(client, "coordinator")
    response = await post_form(client, f"/people/{juror.id}/availability", span(start="19:00", end="16:00"))
    assert response.status_code == 400
    assert "f-end-error" in Page(response.text).ids


async def test_people_who_do_not_serve_have_no_availability_for_a_coordinator_to_enter(client, demo):
    guardian = await person_id("guardian")
    await sign_in(client, "coordinator")
    assert f"/people/{guardian}/availability" not in Page((await client.get(f"/people/{guardian}")).text).links
    assert (await client.get(f"/people/{guardian}/availability")).status_code == 404
    assert (await post_form(client, f"/people/{guardian}/availability", span())).status_code == 404
    assert not await Availability.exists(person_id=guardian)


async def test_a_coordinator_of_another_program_gets_404(client, demo):
    await other_program_coordinator("elsewhere")
    juror = await person_id("juror")
    await sign_in(client, "elsewhere")
    assert (await client.get(f"/people/{juror}/availability")).status_code == 404
    assert (await post_form(client, f"/people/{juror}/availability", span())).status_code == 404
    start = datetime.combine(SOON, datetime.min.time(), UTC) + timedelta(days=3, hours=14)
    some = await Availability.create(person_id=juror, program_id=demo.id, starts_at=start,
                                     ends_at=start + timedelta(hours=2))
    assert (await post_form(client, f"/people/{juror}/availability/{some.id}/delete")).status_code == 404
    assert await Availability.exists(id=some.id)
    assert await spans_on(juror) == []


async def test_a_juror_cannot_open_another_persons_availability(client, demo):
    await sign_in(client, "juror")
    foreperson = await person_id("foreperson")
    assert (await client.get(f"/people/{foreperson}/availability")).status_code == 404
    assert (await post_form(client, f"/people/{foreperson}/availability", span())).status_code == 404
    assert await spans_on(foreperson) == []


# Every week until a date, with the weeks one cannot make removed


async def test_every_tuesday_until_a_date_declares_one_time_per_week_and_one_week_can_be_removed(client, demo):
    await sign_in(client, "juror")
    juror = await person_id("juror")
    first = SOON + timedelta(days=(1 - SOON.weekday()) % 7)  # a Tuesday
    until = first + timedelta(weeks=5, days=3)  # six Tuesdays, the last date itself no Tuesday
    response = await post_form(client, "/me/availability", {**span(first), "repeat": "weekly",
                                                             "until": until.isoformat()})
    assert response.status_code == 303
    since = datetime.combine(first, datetime.min.time(), UTC)
    weekly = await Availability.filter(person_id=juror, starts_at__gte=since,
                                       starts_at__lt=since + timedelta(weeks=6)).order_by("starts_at")
    assert len(weekly) == 6
    assert {s.starts_at.astimezone(ZoneInfo(demo.time_zone)).weekday() for s in weekly} == {1}  # Tuesdays
    response = await post_form(client, f"/me/availability/{weekly[2].id}/delete")
    assert response.status_code == 303
    assert await Availability.filter(id__in=[s.id for s in weekly]).count() == 5


async def test_a_weekly_time_without_a_last_date_or_ending_before_it_starts_is_refused_keeping_the_input(
        client, demo):
    await sign_in(client, "juror")
    response = await post_form(client, "/me/availability", {**span(), "repeat": "weekly", "until": ""})
    assert response.status_code == 400
    page = Page(response.text)
    assert page.ids["f-day"]["value"] == SOON.isoformat() and "f-until-error" in page.ids
    response = await post_form(client, "/me/availability", {**span(), "repeat": "weekly",
                                                             "until": (SOON - timedelta(days=1)).isoformat()})
    assert response.status_code == 400 and "on or after the first" in Page(response.text).text
    assert not await spans_on(await person_id("juror"))
