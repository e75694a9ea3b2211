"""One coordinator can't make themselves a second one: the account-creation attack and the reset-link
takeover are refused at each step that matters, through the pages a coordinator uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jurycourt.actions.audit import record
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.domain.separation import ACTED_ALONE
from jurycourt.models import AccessLink, AuditEvent, Membership, Person, Publication
from tests.web.helpers import Page, client_for, post_form, sign_in
from tests.web.members import person_id
from tests.web.test_links import issue, open_account
from tests.web.test_people import new_person
from tests.web.test_publications import _draft


@pytest.fixture
async def phone(app):
    """A browser with no one signed in."""
    async with client_for(app, address=("127.0.0.1", 50002)) as http:
        yield http


async def test_a_coordinator_cannot_create_a_second_coordinator_and_approve_their_own_publication(
        client, second, phone, demo):
    await sign_in(client, "coordinator")
    draft = await _draft(client)
    assert (await post_form(client, f"/publications/{draft.id}/submit")).status_code == 303

    # 1. The coordinator role is only asked for: it waits for a second, independent coordinator.
    created = await post_form(client, "/people/new", new_person(demo, role=Role.COORDINATOR.value))
    puppet = await Person.get(family_name="Castillo")
    role = await Membership.get(person_id=puppet.id)
    assert created.status_code == 303 and role.status == MembershipStatus.PENDING
    page = Page((await client.get(f"/people/{puppet.id}")).text)
    assert "waiting-for-second" in page.ids
    refused = await post_form(client, f"/people/{puppet.id}/memberships/{role.id}/status", {"status": "active"})
    assert refused.status_code == 400 and "Another coordinator must" in Page(refused.text).text
    assert (await Membership.get(id=role.id)).status == MembershipStatus.PENDING

    # 2. A link for a coordinator does not work until a second coordinator confirms it.
    response, path = await issue(client, puppet.id, "invite")
    assert "link-awaiting" in Page(response.text).ids
    assert (await phone.get(path)).status_code == 410
    assert (await open_account(phone, path, login="puppet")).status_code == 410
    link = await AccessLink.get(person_id=puppet.id)
    refused = await post_form(client, f"/people/{puppet.id}/links/{link.id}/confirm")
    assert refused.status_code == 400
    assert (await AccessLink.get(id=link.id)).awaiting_confirmation

    # 3. Even once an independent coordinator confirms both, the new account is the first one's
    #    own: it can't be their second coordinator, however long it holds the role.
    assert (await post_form(second, f"/people/{puppet.id}/memberships/{role.id}/status",
                            {"status": "active"})).status_code == 303
    assert (await post_form(second, f"/people/{puppet.id}/links/{link.id}/confirm")).status_code == 303
    assert (await open_account(phone, path, login="puppet")).status_code == 303
    await Membership.filter(id=role.id).update(active_since=datetime.now(UTC) - timedelta(days=365))

    refused = await post_form(phone, f"/publications/{draft.id}/publish")
    assert refused.status_code == 400
    assert "had a hand in each other" in Page(refused.text).text
    assert (await Publication.get(id=draft.id)).state == "in_review"
    assert (await post_form(second, f"/publications/{draft.id}/publish")).status_code == 303


async def test_a_coordinator_cannot_take_over_a_colleague_with_a_reset_link(client, phone, demo):
    await sign_in(client, "coordinator")
    colleague = await person_id("coordinator2")

    response, path = await issue(client, colleague, "reset")
    refused = await post_form(client, f"/people/{colleague}/links/"
                              f"{(await AccessLink.get(person_id=colleague)).id}/confirm")

    assert "link-awaiting" in Page(response.text).ids
    assert refused.status_code == 400
    assert (await open_account(phone, path)).status_code == 410
    assert await sign_in(phone, "coordinator2")  # the colleague's own password still works
    assert not await AuditEvent.filter(action="link.reset.used").exists()


async def test_a_new_coordinator_cannot_be_the_second_one_before_the_set_days(client, second, demo):
    await sign_in(client, "coordinator")
    draft = await _draft(client)
    await post_form(client, f"/publications/{draft.id}/submit")
    await Membership.filter(person_id=await person_id("coordinator2"), role=Role.COORDINATOR).update(
        active_since=datetime.now(UTC) - timedelta(days=3))

    refused = await post_form(second, f"/publications/{draft.id}/publish")

    assert refused.status_code == 400
    assert "held the role for 14 days" in Page(refused.text).text


async def test_the_demo_shows_a_coordinator_role_waiting_for_an_independent_second_coordinator(
        client, second, demo):
    await sign_in(client, "coordinator")
    rafael = await Person.get(given_name="Rafael", family_name="Ortiz")

    asker = Page((await client.get(f"/people/{rafael.id}")).text)
    other = Page((await second.get(f"/people/{rafael.id}")).text)

    assert "Waiting for an independent second coordinator" in asker.text
    assert "Confirm the coordinator role" not in asker.text
    assert "Confirm the coordinator role" in other.text


async def test_a_step_taken_alone_is_flagged_on_the_audit_page(client, demo):
    await sign_in(client, "coordinator")
    me = await person_id("coordinator")
    await record(ACTED_ALONE, actor_id=me, program_id=demo.id, subject=("person", me),
                 step="corrections.adjust", reason="Our second coordinator left in May.")

    page = await client.get("/audit", params={"kind": "alone"})

    assert page.status_code == 200
    flagged = Page(page.text)
    assert "acted alone" in flagged.text
    assert "Our second coordinator left in May." in flagged.text
    assert 'class="flagged"' in page.text


async def test_a_link_issued_before_the_coordinator_role_was_asked_for_waits_for_a_second_coordinator(
        client, phone, demo):
    await sign_in(client, "coordinator")
    await post_form(client, "/people/new", new_person(demo))
    person = await Person.get(family_name="Castillo")
    _, path = await issue(client, person.id, "invite")

    asked = await post_form(client, f"/people/{person.id}/memberships",
                            {"program": str(demo.id), "role": Role.COORDINATOR.value})

    assert asked.status_code == 303
    assert (await Membership.get(person_id=person.id, role=Role.COORDINATOR)).status == MembershipStatus.PENDING
    assert (await open_account(phone, path, login="puppet")).status_code == 410
