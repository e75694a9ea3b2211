"""Who may open which page: every demo role and an anonymous visitor against the people pages,
and a coordinator of another program against every record of the demo program."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import httpx

from jurycourt.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from jurycourt.domain.roles import Role
from jurycourt.models import AccessLink, Account, AuditEvent, Membership, Person, Program
from tests.web.helpers import Page, client_for, csrf_token, sign_in

COORDINATORS = {"coordinator", "coordinator2"}
NOT_COORDINATORS = sorted(set(DEMO_ACCOUNTS) - COORDINATORS)
assert NOT_COORDINATORS, "the demo has people who are not coordinators"


def pages(person_id: int) -> list[str]:
    return ["/", "/me", "/people", "/people/new", f"/people/{person_id}", f"/people/{person_id}/edit"]


def expected_status(login: str | None, path: str) -> int:
    if path == "/":
        return 200
    if login is None:
        return 303
    if path == "/me" or login in COORDINATORS:
        return 200
    return 404


@contextlib.asynccontextmanager
async def browser(app) -> AsyncIterator[httpx.AsyncClient]:
    """A browser of its own: its own cookies, so each person signs in separately."""
    async with client_for(app) as client:
        yield client


async def respondent_id() -> int:
    return (await Account.get(login="respondent")).person_id


def person_form(**changes: str) -> dict[str, str]:
    values = {"given_name": "Tanya", "family_name": "Changed", "preferred_name": "", "date_of_birth": "",
              "email": "", "phone": "", "address": ""}
    return {**values, **changes}


async def snapshot() -> dict[str, object]:
    """What any successful write to the people pages would change."""
    return {
        "people": await Person.all().count(),
        "family names": sorted(await Person.all().values_list("family_name", flat=True)),
        "memberships": sorted(await Membership.all().values_list("id", "program_id", "role", "status")),
        "links": await AccessLink.all().count(),
        "audit": await AuditEvent.exclude(action__startswith="signin").exclude(action="access.refused").count(),
    }


async def test_each_role_gets_only_the_pages_it_may_see(app, demo):
    target = await respondent_id()
    logins = [*DEMO_ACCOUNTS, None]

    got = {}
    for login in logins:
        async with browser(app) as client:
            if login:
                await sign_in(client, login)
            got[login or "anonymous"] = {path: (await client.get(path)).status_code for path in pages(target)}

    assert got == {login or "anonymous": {path: expected_status(login, path) for path in pages(target)}
                   for login in logins}


async def test_anonymous_visitors_are_sent_to_sign_in_and_brought_back(client, demo):
    target = await respondent_id()
    for path in pages(target)[1:]:
        response = await client.get(path)
        location = urlsplit(response.headers["location"])
        assert (response.status_code, location.path) == (303, "/login"), path
        assert parse_qs(location.query) == {"next": [path]}


async def test_people_who_are_not_coordinators_cannot_write_to_people_records(app, demo):
    target = await respondent_id()
    before = await snapshot()

    got = {}
    for login in NOT_COORDINATORS:
        async with browser(app) as client:
            await sign_in(client, login)
            got[login] = await _attempt_writes(client, demo, login, target)

    assert got == {login: dict.fromkeys(WRITES, 404) for login in NOT_COORDINATORS}
    assert await snapshot() == before


WRITES = ["new person", "edit", "edit self", "add role", "make self coordinator", "deactivate own role",
          "issue link", "send survey"]


async def _attempt_writes(client, demo, login: str, target: int) -> dict[str, int]:
    own = await Account.get(login=login)
    membership = await Membership.filter(person_id=own.person_id).first()
    token = await csrf_token(client)
    attempts = {
        "new person": ("/people/new", person_form(program=str(demo.id), role="juror")),
        "edit": (f"/people/{target}/edit", person_form()),
        "edit self": (f"/people/{own.person_id}/edit", person_form()),
        "add role": (f"/people/{target}/memberships", {"program": str(demo.id), "role": "coordinator"}),
        "make self coordinator": (f"/people/{own.person_id}/memberships",
                                  {"program": str(demo.id), "role": "coordinator"}),
        "deactivate own role": (f"/people/{own.person_id}/memberships/{membership.id}/status",
                                {"status": "inactive"}),
        "issue link": (f"/people/{target}/links", {"kind": "reset"}),
        "send survey": (f"/people/{target}/survey", {"which": "volunteer:once", "program": str(demo.id)}),
    }
    assert list(attempts) == WRITES
    return {what: (await client.post(path, data={"csrf_token": token, **form})).status_code
            for what, (path, form) in attempts.items()}


async def _second_program_coordinator(app) -> tuple[Program, Person]:
    program = await Program.create(name="Northside Youth Court", time_zone="America/Chicago")
    person = await Person.create(given_name="Olu", family_name="Elsewhere")
    await Account.create(person=person, login="northside", password_hash=app.state.hasher.hash(DEMO_PASSWORD))
    await Membership.create(person=person, program=program, role=Role.COORDINATOR)
    return program, person


async def test_a_coordinator_of_another_program_cannot_see_the_demo_programs_people(client, app, demo):
    _, own = await _second_program_coordinator(app)
    await sign_in(client, "northside")
    demo_people = await Person.filter(memberships__program_id=demo.id).distinct().values_list("id", flat=True)
    assert len(demo_people) > 40

    listed = Page((await client.get("/people")).text)
    searched = Page((await client.get("/people", params={"q": "Okafor"})).text)

    assert f"/people/{own.id}" in listed.links
    shown = {link for link in listed.links + searched.links if link.startswith("/people/")}
    assert shown.isdisjoint({f"/people/{pid}" for pid in demo_people})
    assert "1 person" in listed.text and "Okafor" not in listed.text
    assert "0 people matching" in searched.text

    got = {}
    for pid in demo_people:
        for path in (f"/people/{pid}", f"/people/{pid}/edit"):
            got[f"GET {path}"] = (await client.get(path)).status_code
    assert set(got.values()) == {404}, {k: v for k, v in got.items() if v != 404}


async def test_a_coordinator_of_another_program_cannot_change_the_demo_programs_people(client, app, demo):
    program, _ = await _second_program_coordinator(app)
    await sign_in(client, "northside")
    demo_memberships = await Membership.filter(program_id=demo.id).values_list("person_id", "id")
    before = await snapshot()
    token = await csrf_token(client)

    got = {}
    for pid, membership_id in demo_memberships:
        for path, form in [
            (f"/people/{pid}/edit", person_form(given_name="Taken")),
            (f"/people/{pid}/memberships", {"program": str(program.id), "role": "juror"}),
            (f"/people/{pid}/memberships/{membership_id}/status", {"status": "inactive"}),
            (f"/people/{pid}/links", {"kind": "reset"}),
        ]:
            response = await client.post(path, data={"csrf_token": token, **form})
            got[f"POST {path}"] = response.status_code

    assert set(got.values()) == {404}, {k: v for k, v in got.items() if v != 404}
    assert await snapshot() == before


async def test_a_hidden_record_looks_exactly_like_a_missing_one(client, app, demo):
    await _second_program_coordinator(app)
    await sign_in(client, "northside")
    hidden = await respondent_id()
    missing = (await Person.all().order_by("-id").first()).id + 1000

    for suffix in ("", "/edit"):
        shown_hidden = await client.get(f"/people/{hidden}{suffix}")
        shown_missing = await client.get(f"/people/{missing}{suffix}")
        assert shown_hidden.status_code == shown_missing.status_code == 404
        assert Page(shown_hidden.text).text == Page(shown_missing.text).text
        assert "Reyes" not in shown_hidden.text
