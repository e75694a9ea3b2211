"""Signing in and out, sessions and throttling, over HTTP."""

from __future__ import annotations

from jurycourt.models import WebSession
from tests.web.helpers import Page, post_form, sign_in


async def test_coordinator_signs_in_and_lands_on_their_page(client, demo):
    response = await sign_in(client, "coordinator")
    assert response.headers["location"] == "/me"
    page = Page((await client.get("/me")).text)
    assert "Hello, Denise" in page.text
    assert "To do" in page.text


async def test_wrong_password_keeps_the_login_and_says_so(client, demo):
    response = await post_form(client, "/login", {"login": "juror", "password": "not-the-password"})
    assert response.status_code == 400
    page = Page(response.text)
    assert "don't match" in page.text
    assert page.ids["f-login"]["value"] == "juror"


async def test_unknown_and_known_logins_get_the_same_answer(client, demo):
    known = await post_form(client, "/login", {"login": "juror", "password": "wrong-password-1"})
    unknown = await post_form(client, "/login", {"login": "nobody-here", "password": "wrong-password-1"})
    assert known.status_code == unknown.status_code == 400
    assert Page(known.text).ids["main"] and "don't match" in Page(unknown.text).text


async def test_signing_out_destroys_the_session(client, demo):
    await sign_in(client, "juror")
    assert await WebSession.all().count() == 1
    response = await post_form(client, "/logout")
    assert response.status_code == 303
    assert await WebSession.all().count() == 0
    assert (await client.get("/me")).status_code == 303


async def test_session_id_is_rotated_at_sign_in(client, demo):
    await sign_in(client, "juror")
    first = client.cookies["jc_session"]
    await sign_in(client, "juror")
    second = client.cookies["jc_session"]
    assert first != second
    assert await WebSession.all().count() == 1


async def test_the_coordinators_to_do_counts_serving_members_without_account_pledge_or_training(client, demo):
    from jurycourt.models import Membership, Person

    person = await Person.create(given_name="Quinn", family_name="Nolan")
    await Membership.create(person=person, program=demo, role="juror")  # no account, pledge or training
    await sign_in(client, "coordinator")
    before = Page((await client.get("/me")).text).text
    await Membership.filter(person=person).update(status="inactive")
    after = Page((await client.get("/me")).text).text

    def count(text: str, label: str) -> int:
        tail = text.split(label, 1)[1].split()
        return int(tail[0])

    for label in ("give them an invitation)", "confidentiality pledge on record", "training date on record"):
        assert count(before, label) == count(after, label) + 1, label


async def test_a_to_do_count_stops_at_a_hundred_and_says_so(client, demo):
    from jurycourt.models import Membership, Person
    from jurycourt.queries.me import TODO_CAP

    await Person.bulk_create([Person(given_name=f"Member{n}", family_name="Cap") for n in range(TODO_CAP)])
    people = await Person.filter(family_name="Cap")
    await Membership.bulk_create([Membership(person=p, program=demo, role="juror") for p in people])
    await sign_in(client, "coordinator")
    text = Page((await client.get("/me")).text).text
    for label in ("give them an invitation)", "confidentiality pledge on record", "training date on record"):
        assert text.split(label, 1)[1].split()[0] == f"{TODO_CAP}+", label
