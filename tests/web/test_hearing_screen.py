"""The hearing screen over HTTP: a coordinator's display link opens it without a session on the
hearing's day only, until stopped; it follows the foreperson's questions and never shows a name."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from jurycourt.models import AuditEvent, Case, CaseGuardian, Hearing, Person, Seat
from tests.web.helpers import Page, post_form, sign_in
from tests.web.room_helpers import room_on_hearing_day


@pytest.fixture
async def entry(demo):
    return await room_on_hearing_day(demo)


async def _display_link(client, hearing_id: int) -> str:
    await sign_in(client, "coordinator")
    response = await post_form(client, f"/hearings/{hearing_id}/display")
    assert response.status_code == 200
    url = Page(response.text).ids["display-url"]["href"]
    assert re.search(r"/screen/[A-Za-z0-9_-]{40,}$", url)
    return "/screen/" + url.rsplit("/screen/", 1)[1]


async def _names(entry) -> list[str]:
    case = await Case.get(id=entry.case_id)
    people = {case.respondent_id, *await CaseGuardian.filter(case_id=case.id).values_list("person_id", flat=True),
              *await Seat.filter(hearing_id=entry.hearing_id).values_list("person_id", flat=True)}
    names = []
    for person in await Person.filter(id__in=list(people)):
        names += [n for n in (person.given_name, person.family_name, person.preferred_name) if n]
    return names


async def test_the_screen_follows_the_foreperson_through_the_questions_and_shows_no_name(client, entry):
    screen = await _display_link(client, entry.hearing_id)
    await sign_in(client, "juror")
    await post_form(client, f"/room/{entry.id}/questions", {"question": "Tanya, what would you do differently?"})
    await post_form(client, f"/room/{entry.id}/questions", {"question": "Who was affected?"})
    await sign_in(client, "foreperson")
    await post_form(client, f"/room/{entry.id}/lead", {"step": "next", "confirmed": "yes"})
    client.cookies.clear()  # the projector has no session
    shown = await client.get(screen)
    assert shown.status_code == 200 and "site-header" not in shown.text
    page = Page(shown.text)
    assert "Questioning" in page.text and "2 questions are ready." in page.text
    assert page.ids["screen-timer"]["data-since"]
    await sign_in(client, "foreperson")
    questions = Page((await client.get(f"/room/{entry.id}")).text)
    first = next(u for u in re.findall(r'action="(/room/\d+/questions/\d+/ask)"', (await client.get(
        f"/room/{entry.id}")).text))
    assert questions.text.count("Ask now") == 2
    assert (await post_form(client, first)).status_code == 303
    client.cookies.clear()
    page = Page((await client.get(screen)).text)
    assert "Question 1 of 2" in page.text
    assert page.ids["screen-question"]
    assert "what would you do differently?" in page.text
    for name in await _names(entry):
        assert name not in page.text, name  # not the respondent's, the family's or a juror's
    live = await client.get(f"{screen}/live", headers={"HX-Request": "true", "HX-Request-Type": "partial"})
    assert live.status_code == 200 and "<html" not in live.text
    unchanged = await client.get(f"{screen}/live", headers={"If-None-Match": live.headers["etag"]})
    assert unchanged.status_code == 304


async def test_the_link_works_on_the_hearings_day_only_and_until_it_is_stopped(client, entry):
    screen = await _display_link(client, entry.hearing_id)
    assert await AuditEvent.exists(action="hearing_display.created", subject_id=str(entry.hearing_id))
    client.cookies.clear()
    assert (await client.get(screen)).status_code == 200
    hearing = await Hearing.get(id=entry.hearing_id)
    await Hearing.filter(id=hearing.id).update(starts_at=hearing.starts_at + timedelta(days=1),
                                               ends_at=hearing.ends_at + timedelta(days=1))
    assert (await client.get(screen)).status_code == 404  # another day
    await Hearing.filter(id=hearing.id).update(starts_at=hearing.starts_at, ends_at=hearing.ends_at)
    assert (await client.get(screen)).status_code == 200
    await Hearing.filter(id=hearing.id).update(status="cancelled")
    assert (await client.get(screen)).status_code == 404  # a cancelled hearing has no screen
    await Hearing.filter(id=hearing.id).update(status=hearing.status)
    newer = await _display_link(client, entry.hearing_id)  # a new link stops the old one
    client.cookies.clear()
    assert (await client.get(screen)).status_code == 404 and (await client.get(newer)).status_code == 200
    await sign_in(client, "coordinator")
    assert (await post_form(client, f"/hearings/{entry.hearing_id}/display/stop")).status_code == 303
    client.cookies.clear()
    assert (await client.get(newer)).status_code == 404
    assert (await client.get("/screen/" + "x" * 43)).status_code == 404


async def test_only_a_coordinator_makes_a_display_link(client, entry):
    for login in ("foreperson", "juror"):
        await sign_in(client, login)
        assert (await post_form(client, f"/hearings/{entry.hearing_id}/display")).status_code in (403, 404)


async def test_the_screen_masks_names_by_the_guards_rule_even_disguised(client, entry):
    """The screen masks through the publication guard's one rule (jurycourt.domain.redaction), so a
    name written with an accent, spaced out, in capitals or as a full name is masked too: nothing on
    the screen is a finding of the guard against the hearing's jurors, respondents and families."""
    from jurycourt.domain import redaction

    screen = await _display_link(client, entry.hearing_id)
    case = await Case.get(id=entry.case_id)
    respondent = await Person.get(id=case.respondent_id)
    guardian = await Person.get(id=(await CaseGuardian.filter(case_id=case.id).first()).person_id)
    juror = await Person.get(id=(await Seat.filter(hearing_id=entry.hearing_id).first()).person_id)
    given = respondent.given_name
    disguised = (f"{given[0]}\u00e1{given[2:]}" if len(given) > 2 else given) + ", " + " ".join(
        respondent.family_name.upper()) + f": did {guardian.given_name} {guardian.family_name} or " \
        f"{juror.given_name.lower()} see it?"
    await sign_in(client, "juror")
    await post_form(client, f"/room/{entry.id}/questions", {"question": disguised})
    await sign_in(client, "foreperson")
    await post_form(client, f"/room/{entry.id}/lead", {"step": "next", "confirmed": "yes"})
    ask = re.findall(r'action="(/room/\d+/questions/\d+/ask)"', (await client.get(f"/room/{entry.id}")).text)[0]
    assert (await post_form(client, ask)).status_code == 303
    client.cookies.clear()
    page = Page((await client.get(screen)).text)
    shown = page.ids["screen-question"]
    assert "see it?" in page.text and "…" in page.text
    people = []
    for person_id in {case.respondent_id, guardian.id,
                      *await Seat.filter(hearing_id=entry.hearing_id).values_list("person_id", flat=True)}:
        p = await Person.get(id=person_id)
        people.append(redaction.ProtectedPerson(p.given_name, p.family_name, p.preferred_name))
    found = [f for f in redaction.check({"screen": page.text}, people) if f.reason not in redaction.SHAPE_REASONS]
    assert shown and found == []  # (the hearing's own date is a date's shape, not a person's)
