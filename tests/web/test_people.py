"""The coordinator's people pages: search, paging, creating, editing and roles."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from datetime import date, timedelta

import httpx
import pytest

from jurycourt import clock
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.i18n import use_language
from jurycourt.i18n.formatting import local_date
from jurycourt.models import Account, AuditEvent, Membership, Person, WebSession
from jurycourt.queries.paging import PAGE_SIZE
from tests.web.helpers import Page, client_for, post_form, sign_in

PARTIAL = {"HX-Request-Type": "partial"}
PERSON_LINK = re.compile(r"^/people/\d+$")


@contextlib.asynccontextmanager
async def browser(app, address: str = "127.0.0.2") -> AsyncIterator[httpx.AsyncClient]:
    """Another browser, on another machine, using the same app."""
    async with client_for(app, address=(address, 50001)) as http:
        yield http


def people_on(page: Page) -> list[str]:
    return [link for link in page.links if PERSON_LINK.match(link)]


async def person_id(login: str) -> int:
    return (await Account.get(login=login)).person_id


def new_person(demo, **changes: str) -> dict[str, str]:
    return {
        "given_name": "Imani", "family_name": "Castillo", "preferred_name": "Mani",
        "date_of_birth": "2010-04-02", "email": "imani@example.org", "phone": "+1 202 555 0199",
        "address": "12 Elm Street", "program": str(demo.id), "role": Role.JUROR.value, **changes,
    }


# Listing and searching


async def test_people_list_pages_through_everyone_in_the_program(client, demo):
    await sign_in(client, "coordinator")
    total = len(set(await Membership.filter(program=demo).values_list("person_id", flat=True)))
    assert total > PAGE_SIZE
    first = Page((await client.get("/people")).text)
    second = Page((await client.get("/people?page=2")).text)
    assert f"{total} people" in first.text
    assert len(people_on(first)) == PAGE_SIZE
    assert len(people_on(second)) == min(total - PAGE_SIZE, PAGE_SIZE)
    assert not set(people_on(first)) & set(people_on(second))
    assert "/people?q=&role=&page=2" in first.links
    assert f"Page 2 of {-(-total // PAGE_SIZE)}" in second.text


async def test_a_page_number_past_the_end_shows_the_last_page(client, demo):
    await sign_in(client, "coordinator")
    members = await Membership.filter(program_id=demo.id).distinct().values_list("person_id", flat=True)
    pages = -(-len(set(members)) // PAGE_SIZE)  # the people with a role in the program (sealed ones have none)
    page = Page((await client.get("/people?page=99")).text)
    assert f"Page {pages} of {pages}" in page.text


@pytest.mark.parametrize(("search", "login"), [
    ("okafor", "coordinator"),
    ("coordinator2@example.org", "coordinator2"),
    ("202-555-0105", "juror"),
])
async def test_people_can_be_found_by_name_email_or_phone(client, demo, search, login):
    await sign_in(client, "coordinator")
    page = Page((await client.get("/people", params={"q": search})).text)
    assert people_on(page) == [f"/people/{await person_id(login)}"]
    assert f"1 person matching “{search}”" in page.text


async def test_a_search_that_finds_no_one_says_so(client, demo):
    await sign_in(client, "coordinator")
    page = Page((await client.get("/people", params={"q": "zzzz-nobody"})).text)
    assert people_on(page) == []
    assert "No one matches" in page.text


async def test_an_htmx_search_gets_only_the_results_fragment(client, demo):
    await sign_in(client, "coordinator")
    response = await client.get("/people", params={"q": "Reyes"}, headers=PARTIAL)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="people-results">')
    assert "<html" not in response.text and "<h1" not in response.text
    assert len(people_on(Page(response.text))) == 2  # Tanya and Carmen Reyes
    assert "hx-request-type" in response.headers["vary"].lower()


async def test_the_full_people_page_also_varies_on_the_htmx_header(client, demo):
    await sign_in(client, "coordinator")
    response = await client.get("/people")
    page = Page(response.text)
    assert "people-results" in page.ids and "q" in page.ids
    assert "<html" in response.text
    assert "hx-request-type" in response.headers["vary"].lower()


async def test_paging_links_keep_the_search(client, demo):
    await sign_in(client, "coordinator")
    page = Page((await client.get("/people", params={"q": "a"})).text)
    assert any(link.startswith("/people?q=a&role=&page=2") for link in page.links)


# Creating and editing


async def test_coordinator_adds_a_person_and_lands_on_their_page(client, demo):
    await sign_in(client, "coordinator")
    response = await post_form(client, "/people/new", new_person(demo))
    assert response.status_code == 303
    person = await Person.get(family_name="Castillo")
    assert response.headers["location"] == f"/people/{person.id}"
    assert (person.preferred_name, person.email, person.date_of_birth) == \
        ("Mani", "imani@example.org", date(2010, 4, 2))
    membership = await Membership.get(person_id=person.id)
    assert (membership.role, membership.status) == (Role.JUROR, MembershipStatus.ACTIVE)
    page = Page((await client.get(response.headers["location"])).text)
    assert "Mani Castillo" in page.title and "Peer juror" in page.text


async def test_adding_a_person_is_written_to_the_audit_trail(client, demo):
    await sign_in(client, "coordinator")
    await post_form(client, "/people/new", new_person(demo))
    person = await Person.get(family_name="Castillo")
    event = await AuditEvent.get(action="person.created", subject_id=str(person.id))
    assert event.subject_type == "person" and event.subject_id == str(person.id)
    assert event.actor_id == await person_id("coordinator")
    assert event.program_id == demo.id
    assert "Castillo" not in str(event.detail)  # no personal data in the trail


TOMORROW = (clock.today() + timedelta(days=1)).isoformat()

BAD_INPUT = {
    "missing names": ({"given_name": "", "family_name": " "}, ["given_name", "family_name"], "Enter a name"),
    "bad email": ({"email": "imani-at-example"}, ["email"], "Enter an email address"),
    "future date of birth": ({"date_of_birth": TOMORROW}, ["date_of_birth"], "can't be in the future"),
    "over-long name": ({"family_name": "C" * 81}, ["family_name"], "at most 80 characters"),
}


@pytest.mark.parametrize(("partial", "status"), [(False, 400), (True, 422)], ids=["form post", "htmx"])
@pytest.mark.parametrize("case", BAD_INPUT, ids=list(BAD_INPUT))
async def test_bad_details_come_back_with_the_typing_kept_and_errors_beside_fields(
    client, demo, case, partial, status,
):
    changes, bad_fields, message = BAD_INPUT[case]
    await sign_in(client, "coordinator")
    before = await Person.all().count()
    typed = new_person(demo, **changes)
    response = await post_form(client, "/people/new", typed, headers=PARTIAL if partial else {})
    assert response.status_code == status
    page = Page(response.text)
    for name in bad_fields:
        field = page.ids[f"f-{name}"]
        assert field["aria-invalid"] == "true"
        assert f"f-{name}-error" in field["aria-describedby"]
        assert page.ids[f"f-{name}-error"]
    assert message in page.text
    assert "required" in page.ids["f-given_name"] and "required" in page.ids["f-family_name"]
    for name in ("given_name", "family_name", "email", "phone", "date_of_birth", "address"):
        assert page.ids[f"f-{name}"]["value"] == typed[name].strip()
    assert "aria-invalid" not in page.ids["f-phone"]
    assert await Person.all().count() == before


async def test_a_person_must_be_added_to_one_of_the_coordinators_own_programs(client, demo):
    await sign_in(client, "coordinator")
    response = await post_form(client, "/people/new", new_person(demo, program=str(demo.id + 999)))
    assert response.status_code == 400
    assert "Choose one of your programs." in Page(response.text).text
    assert not await Person.exists(family_name="Castillo")


async def test_the_edit_form_shows_the_current_details(client, demo):
    await sign_in(client, "coordinator")
    juror = await person_id("juror")
    page = Page((await client.get(f"/people/{juror}/edit")).text)
    assert page.ids["f-given_name"]["value"] == "Aaliyah"
    assert page.ids["f-email"]["value"] == "juror@example.org"


async def test_coordinator_edits_a_persons_details(client, demo):
    await sign_in(client, "coordinator")
    juror = await Person.get(id=await person_id("juror"))
    values = {"given_name": "Aaliyah", "family_name": "Brooks-Hall", "preferred_name": "Ali",
              "date_of_birth": juror.date_of_birth.isoformat(), "email": "ali@example.org",
              "phone": "202-555-0142", "address": "4 Oak Lane"}
    response = await post_form(client, f"/people/{juror.id}/edit", values)
    assert response.status_code == 303
    assert response.headers["location"] == f"/people/{juror.id}"
    await juror.refresh_from_db()
    assert (juror.family_name, juror.email, juror.address) == ("Brooks-Hall", "ali@example.org", "4 Oak Lane")
    assert await AuditEvent.exists(action="person.updated", subject_id=str(juror.id))


async def test_a_bad_edit_keeps_the_typing_and_changes_nothing(client, demo):
    await sign_in(client, "coordinator")
    juror = await person_id("juror")
    values = {"given_name": "Aaliyah", "family_name": "Brooks", "email": "not an address"}
    response = await post_form(client, f"/people/{juror}/edit", values)
    assert response.status_code == 400
    page = Page(response.text)
    assert page.ids["f-email"]["value"] == "not an address"
    assert page.ids["f-email"]["aria-invalid"] == "true"
    assert (await Person.get(id=juror)).email == "juror@example.org"


# Roles


async def test_coordinator_adds_a_role_with_training_and_pledge_dates(client, demo):
    await sign_in(client, "coordinator")
    guardian = await person_id("guardian")
    trained, pledged = clock.today() - timedelta(days=20), clock.today() - timedelta(days=19)
    response = await post_form(client, f"/people/{guardian}/memberships", {
        "program": str(demo.id), "role": Role.PANELIST.value,
        "training_date": trained.isoformat(), "pledge_date": pledged.isoformat(),
    })
    assert response.status_code == 303
    membership = await Membership.get(person_id=guardian, role=Role.PANELIST)
    assert (membership.training_date, membership.pledge_date) == (trained, pledged)
    assert membership.status == MembershipStatus.ACTIVE
    page = Page((await client.get(f"/people/{guardian}")).text)
    with use_language("en-US"):
        assert "Panel member" in page.text and local_date(trained) in page.text


async def test_a_training_date_in_the_future_is_refused_beside_the_field(client, demo):
    await sign_in(client, "coordinator")
    guardian = await person_id("guardian")
    response = await post_form(client, f"/people/{guardian}/memberships", {
        "program": str(demo.id), "role": Role.PANELIST.value, "training_date": TOMORROW,
    })
    assert response.status_code == 400
    page = Page(response.text)
    assert page.ids["f-training_date"]["aria-invalid"] == "true"
    assert page.ids["f-training_date"]["value"] == TOMORROW
    assert not await Membership.exists(person_id=guardian, role=Role.PANELIST)


async def _set_status(client, person: int, role: Role, status: MembershipStatus,
                      headers: dict | None = None) -> httpx.Response:
    membership = await Membership.get(person_id=person, role=role)
    return await post_form(client, f"/people/{person}/memberships/{membership.id}/status",
                           {"status": status.value}, headers=headers or {})


async def test_deactivating_a_persons_last_role_signs_them_out_and_keeps_them_out(client, app, demo):
    await sign_in(client, "coordinator")
    juror = await person_id("juror")
    async with browser(app) as jurors_phone:
        await sign_in(jurors_phone, "juror")
        assert (await jurors_phone.get("/me")).status_code == 200

        response = await _set_status(client, juror, Role.JUROR, MembershipStatus.INACTIVE)
        assert response.status_code == 303
        assert not await WebSession.exists(account__login="juror")  # ended now, not at next visit

        me = await jurors_phone.get("/me")
        assert me.status_code == 303 and me.headers["location"].startswith("/login")
        again = await post_form(jurors_phone, "/login", {"login": "juror", "password": "jurycourt-demo"})
        assert again.status_code == 400
    assert (await Membership.get(person_id=juror)).status == MembershipStatus.INACTIVE
    assert not (await Account.get(login="juror")).is_active


async def test_deactivating_one_of_several_roles_leaves_the_person_signed_in(client, app, demo):
    await sign_in(client, "coordinator")
    foreperson = await person_id("foreperson")
    async with browser(app) as phone:
        await sign_in(phone, "foreperson")
        response = await _set_status(client, foreperson, Role.GRAND_JUROR, MembershipStatus.INACTIVE)
        assert response.status_code == 303
        assert (await phone.get("/me")).status_code == 200
    assert (await Account.get(login="foreperson")).is_active


async def test_reactivating_a_role_lets_the_person_sign_in_again(client, app, demo):
    await sign_in(client, "coordinator")
    juror = await person_id("juror")
    await _set_status(client, juror, Role.JUROR, MembershipStatus.INACTIVE)
    response = await _set_status(client, juror, Role.JUROR, MembershipStatus.ACTIVE)
    assert response.status_code == 303
    async with browser(app) as phone:
        await sign_in(phone, "juror")


async def test_coordinator_cannot_deactivate_their_own_coordinator_role(client, demo):
    await sign_in(client, "coordinator")
    me = await person_id("coordinator")
    response = await _set_status(client, me, Role.COORDINATOR, MembershipStatus.INACTIVE)
    assert response.status_code == 400
    page = Page(response.text)
    assert "You can't remove your own coordinator role" in page.text
    assert "role-error" in page.ids
    assert (await Membership.get(person_id=me)).status == MembershipStatus.ACTIVE
    assert (await Account.get(login="coordinator")).is_active
    assert (await client.get("/people")).status_code == 200


async def test_the_refusal_to_drop_ones_own_role_is_a_422_for_htmx(client, demo):
    await sign_in(client, "coordinator")
    me = await person_id("coordinator")
    response = await _set_status(client, me, Role.COORDINATOR, MembershipStatus.INACTIVE, headers=PARTIAL)
    assert response.status_code == 422
    assert (await Membership.get(person_id=me)).status == MembershipStatus.ACTIVE


async def test_another_coordinator_may_deactivate_a_coordinator_role(client, demo):
    await sign_in(client, "coordinator")
    other = await person_id("coordinator2")
    response = await _set_status(client, other, Role.COORDINATOR, MembershipStatus.INACTIVE)
    assert response.status_code == 303
    assert (await Membership.get(person_id=other)).status == MembershipStatus.INACTIVE
