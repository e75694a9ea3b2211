"""Conflicts and affiliations on the coordinator's person page, and seating honouring them."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest

from jurycourt import clock
from jurycourt.domain.hearings import local_to_utc
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import DocketParty, PartyRole, Reason, exclusions, propose
from jurycourt.models import Affiliation, AuditEvent, Conflict, Hearing
from jurycourt.queries.seating import gather_inputs
from tests.web.helpers import Page, post_form, sign_in
from tests.web.members import new_member, other_program_coordinator, person_id

PARTIAL = {"HX-Request-Type": "partial"}


@pytest.fixture
async def pair(demo):
    """Two jurors of the demo program with nothing recorded about them yet."""
    return await new_member(demo, Role.JUROR, "Ana"), await new_member(demo, Role.JUROR, "Ben")


async def record(client, person: int, other: int | str, relation: str = "relative", **kwargs):
    return await post_form(client, f"/people/{person}/conflicts",
                           {"other": str(other), "relation": relation}, **kwargs)


async def affiliate(client, person: int, key: str, kind: str = "school", **kwargs):
    return await post_form(client, f"/people/{person}/affiliations", {"kind": kind, "key": key}, **kwargs)


# Pair conflicts


async def test_a_coordinator_records_a_conflict_that_shows_on_both_peoples_pages(client, demo, pair):
    ana, ben = pair
    await sign_in(client, "coordinator")
    response = await record(client, ana.id, ben.id, "relative")
    assert response.status_code == 303
    assert response.headers["location"] == f"/people/{ana.id}#conflicts"
    conflict = await Conflict.get(person_id=ana.id, other_id=ben.id)
    assert (conflict.relation, conflict.program_id) == ("relative", demo.id)
    for person, other in ((ana, ben), (ben, ana)):
        page = Page((await client.get(f"/people/{person.id}")).text)
        assert f"conflict-{conflict.id}" in page.ids
        assert f"{other.display_name} Relative Remove" in page.text


async def test_recording_a_conflict_is_audited_without_the_relation(client, demo, pair):
    ana, ben = pair
    await sign_in(client, "coordinator")
    await record(client, ana.id, ben.id, "relative")
    event = await AuditEvent.get(action="conflict.recorded")
    assert event.subject_id == str(ana.id)
    assert event.actor_id == await person_id("coordinator")
    assert "relative" not in str(event.detail)


async def test_a_conflict_is_removed_from_the_other_persons_page(client, demo, pair):
    ana, ben = pair
    await sign_in(client, "coordinator")
    await record(client, ana.id, ben.id)
    conflict = await Conflict.get(person_id=ana.id, other_id=ben.id)
    response = await post_form(client, f"/people/{ben.id}/conflicts/{conflict.id}/delete")
    assert response.status_code == 303
    assert not await Conflict.exists(id=conflict.id)
    assert f"conflict-{conflict.id}" not in Page((await client.get(f"/people/{ana.id}")).text).ids


async def test_a_conflict_cannot_be_removed_through_a_third_persons_address(client, demo, pair):
    ana, ben = pair
    carl = await new_member(demo, Role.JUROR, "Carl")
    await sign_in(client, "coordinator")
    await record(client, ana.id, ben.id)
    conflict = await Conflict.get(person_id=ana.id, other_id=ben.id)
    assert (await post_form(client, f"/people/{carl.id}/conflicts/{conflict.id}/delete")).status_code == 404
    assert await Conflict.exists(id=conflict.id)


async def test_a_conflict_with_oneself_is_refused_beside_the_person(client, demo, pair):
    ana, _ = pair
    await sign_in(client, "coordinator")
    response = await record(client, ana.id, ana.id)
    assert response.status_code == 400
    page = Page(response.text)
    assert "f-other-error" in page.ids
    assert "can't conflict with themselves" in page.text
    assert not await Conflict.exists(person_id=ana.id)


async def test_the_same_pair_is_refused_the_second_time_in_either_order(client, demo, pair):
    ana, ben = pair
    await sign_in(client, "coordinator")
    assert (await record(client, ana.id, ben.id, "relative")).status_code == 303
    for person, other in ((ana, ben), (ben, ana)):
        response = await record(client, person.id, other.id, "knows")
        assert response.status_code == 400
        assert "already recorded" in Page(response.text).text
    assert await Conflict.filter(person_id__in=[ana.id, ben.id]).count() == 1


@pytest.mark.parametrize(("other", "relation", "field", "message"), [
    ("", "relative", "other", "Choose a person."),
    ("abc", "relative", "other", "Choose a person from the list."),
    (None, "enemy", "relation", "Choose how they are connected."),
])
async def test_a_bad_conflict_form_is_refused_beside_its_field(client, demo, pair, other, relation, field, message):
    ana, ben = pair
    await sign_in(client, "coordinator")
    response = await record(client, ana.id, ben.id if other is None else other, relation)
    assert response.status_code == 400
    page = Page(response.text)
    assert f"f-{field}-error" in page.ids
    assert message in page.text
    assert not await Conflict.exists(person_id=ana.id)


async def test_someone_from_another_program_cannot_be_named(client, demo, pair):
    ana, _ = pair
    outsider = await other_program_coordinator()
    await sign_in(client, "coordinator")
    html = (await client.get(f"/people/{ana.id}")).text
    assert f'<option value="{outsider.id}"' not in html
    assert f'<option value="{pair[1].id}"' in html
    response = await record(client, ana.id, outsider.id)
    assert response.status_code == 400
    assert "same program" in Page(response.text).text
    assert not await Conflict.exists(person_id=ana.id)


async def test_htmx_gets_the_conflicts_section_back_in_place(client, demo, pair):
    ana, ben = pair
    await sign_in(client, "coordinator")
    response = await record(client, ana.id, ben.id, headers=PARTIAL)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="conflicts"')
    assert "<html" not in response.text
    assert f"{ben.display_name} Relative" in Page(response.text).text
    refused = await record(client, ana.id, ana.id, headers=PARTIAL)
    assert refused.status_code == 422
    assert refused.text.lstrip().startswith('<section id="conflicts"')
    assert "f-other-error" in Page(refused.text).ids


# Schools and households


async def test_a_school_is_recorded_tidied_and_removed(client, demo, pair):
    ana, _ = pair
    await sign_in(client, "coordinator")
    response = await affiliate(client, ana.id, "  Eastern   High ")
    assert response.status_code == 303
    school = await Affiliation.get(person_id=ana.id)
    assert (school.kind, school.key) == ("school", "Eastern High")
    page = Page((await client.get(f"/people/{ana.id}")).text)
    assert "Eastern High School Remove" in page.text
    assert (await post_form(client, f"/people/{ana.id}/affiliations/{school.id}/delete")).status_code == 303
    assert not await Affiliation.exists(person_id=ana.id)


async def test_a_name_already_in_use_is_reused_with_its_spelling(client, demo, pair):
    ana, ben = pair
    await sign_in(client, "coordinator")
    await affiliate(client, ana.id, "Eastern High")
    await affiliate(client, ben.id, "eastern HIGH")
    assert (await Affiliation.get(person_id=ben.id)).key == "Eastern High"


@pytest.mark.parametrize(("kind", "key", "field", "message"), [
    ("school", "", "key", "Name the school or household"),
    ("school", "x" * 121, "key", "Use at most 120 characters."),
    ("church", "St Mary's", "kind", "Choose school or household."),
])
async def test_a_bad_affiliation_is_refused_with_the_input_kept(client, demo, pair, kind, key, field, message):
    ana, _ = pair
    await sign_in(client, "coordinator")
    response = await affiliate(client, ana.id, key, kind)
    assert response.status_code == 400
    page = Page(response.text)
    assert f"f-{field}-error" in page.ids
    assert message in page.text
    assert page.ids["f-key"]["value"] == key
    assert not await Affiliation.exists(person_id=ana.id)


async def test_the_same_household_twice_is_refused(client, demo, pair):
    ana, _ = pair
    await sign_in(client, "coordinator")
    assert (await affiliate(client, ana.id, "12 Elm Street", "household")).status_code == 303
    response = await affiliate(client, ana.id, "12 elm street", "household")
    assert response.status_code == 400
    assert "12 Elm Street is already recorded." in Page(response.text).text
    assert await Affiliation.filter(person_id=ana.id).count() == 1


# Who may see and change them


async def test_people_who_are_not_coordinators_get_404(client, demo, pair):
    ana, ben = pair
    await sign_in(client, "coordinator")
    await record(client, ana.id, ben.id)
    await affiliate(client, ana.id, "Eastern High")
    conflict, school = await Conflict.get(person_id=ana.id), await Affiliation.get(person_id=ana.id)
    for login in ("juror", "guardian"):
        await sign_in(client, login)
        assert (await record(client, ana.id, ben.id, "knows")).status_code == 404
        assert (await affiliate(client, ana.id, "Dunbar High")).status_code == 404
        assert (await post_form(client, f"/people/{ana.id}/conflicts/{conflict.id}/delete")).status_code == 404
        assert (await post_form(client, f"/people/{ana.id}/affiliations/{school.id}/delete")).status_code == 404
    assert await Conflict.exists(id=conflict.id) and await Affiliation.exists(id=school.id)
    assert await Affiliation.filter(person_id=ana.id).count() == 1


async def test_a_coordinator_of_another_program_gets_404(client, demo, pair):
    ana, ben = pair
    await sign_in(client, "coordinator")
    await record(client, ana.id, ben.id)
    await affiliate(client, ana.id, "Eastern High")
    conflict, school = await Conflict.get(person_id=ana.id), await Affiliation.get(person_id=ana.id)
    await other_program_coordinator("elsewhere")
    await sign_in(client, "elsewhere")
    assert (await record(client, ana.id, ben.id, "knows")).status_code == 404
    assert (await affiliate(client, ana.id, "Dunbar High")).status_code == 404
    assert (await post_form(client, f"/people/{ana.id}/conflicts/{conflict.id}/delete")).status_code == 404
    assert (await post_form(client, f"/people/{ana.id}/affiliations/{school.id}/delete")).status_code == 404
    assert await Conflict.exists(id=conflict.id) and await Affiliation.exists(id=school.id)


async def test_a_juror_never_sees_their_conflicts(client, demo):
    juror = await person_id("juror")
    other = await new_member(demo, Role.JUROR, "Zebedee", "Quistgaard")
    await sign_in(client, "coordinator")
    await record(client, juror, other.id)
    await affiliate(client, juror, "Quistgaard household", "household")
    await sign_in(client, "juror")
    for url in ("/me", "/me/availability"):
        text = Page((await client.get(url)).text).text
        assert "Quistgaard" not in text and "Conflicts" not in text, url


# Seating honours them


async def test_seating_excludes_conflicts_and_schoolmates_and_counts_declared_availability(client, demo):
    party = await new_member(demo, Role.RESPONDENT, "Pat", "Party")
    relative = await new_member(demo, Role.JUROR, "Rae", "Relative")
    known = await new_member(demo, Role.JUROR, "Kit", "Known")  # recorded from the party's side
    schoolmate = await new_member(demo, Role.JUROR, "Sam", "Schoolmate")
    free = await new_member(demo, Role.JUROR, "Fay", "Free")
    absent = await new_member(demo, Role.JUROR, "Abe", "Absent")
    day = clock.today() + timedelta(days=50)
    tz = ZoneInfo(demo.time_zone)
    hearing = await Hearing.create(program=demo, kind="jury_hearing", title="Test docket",
                                   starts_at=local_to_utc(day, time(10), tz), ends_at=local_to_utc(day, time(13), tz))
    await sign_in(client, "coordinator")
    assert (await record(client, relative.id, party.id, "relative")).status_code == 303
    assert (await record(client, party.id, known.id, "knows")).status_code == 303
    assert (await affiliate(client, party.id, "Eastern High")).status_code == 303
    assert (await affiliate(client, schoolmate.id, "eastern high")).status_code == 303
    for person in (relative, known, schoolmate, free):
        response = await post_form(client, f"/people/{person.id}/availability",
                                   {"day": day.isoformat(), "start": "09:00", "end": "17:00"})
        assert response.status_code == 303

    inputs = await gather_inputs(hearing, demo, parties=[DocketParty(party.id, PartyRole.RESPONDENT)])

    candidates = {c.person_id: c for c in inputs.candidates}
    assert candidates[free.id].available is True
    assert candidates[absent.id].available is False
    excluded = exclusions(inputs)
    for person in (relative, known, schoolmate):
        assert [(e.code, e.party_id) for e in excluded[person.id]] == [(Reason.CONFLICT, party.id)], person.given_name
    assert free.id not in excluded
    assert [e.code for e in excluded[absent.id]] == [Reason.UNAVAILABLE]
    seated = {pid for _, pid in propose(inputs, seed=7).seats}
    assert free.id in seated
    assert not seated & {relative.id, known.id, schoolmate.id, absent.id, party.id}
