"""Recruiting a citizens' panel by letter over HTTP: the address file, the seeded sample and its codes, the
letters PDF, registration by code (online and by phone), refused codes, the pool, the response rates, who
may open which page, and erasure when the panel ends."""

from __future__ import annotations

import io
from datetime import timedelta

import httpx
from pypdf import PdfReader

from jurycourt import clock, i18n
from jurycourt.actions import assembly_letters as act
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import assembly_letters as letters
from jurycourt.domain.citizens_panels import VolunteerStatus
from jurycourt.domain.roles import Role
from jurycourt.i18n.formatting import local_date
from jurycourt.models import LetterRegistration, Mailing, MailingAddress, Volunteer
from tests.pdfs import pdf_text
from tests.web.helpers import Page, client_for, post_form, sign_in
from tests.web.members import other_program_coordinator, person_id

CATEGORIES = "Age band: 16-29, 30-64, 65+\nNeighbourhood: Riverside, Hillcrest"
AREAS = ["Riverside", "Hillcrest"]


def _addresses(n: int = 16) -> bytes:
    rows = ["reference,address,address2,city,postal_code,language,Neighbourhood"]
    for i in range(n):
        rows.append(f"H{i},{i + 1} Elm Road,,Riverside,1000{i % 3},{'es' if i % 4 == 0 else ''},{AREAS[i % 2]}")
    return ("\n".join(rows) + "\n").encode()


async def _charter(client: httpx.AsyncClient) -> int:
    response = await post_form(client, "/panels/citizens/new", {
        "title": "Buses panel", "question": "How should the buses run at night?", "size": "4", "reserves": "1",
        "algorithm": "nash", "categories": CATEGORIES, "privacy_notice": "We erase your data."})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


async def _letters_panel(client: httpx.AsyncClient, *, addresses: int = 16, size: int = 8) -> tuple[int, list[str]]:
    """A panel (as the signed-in coordinator) with its address file and its letters drawn: its id and the
    letters' codes in rank order, as printed."""
    panel_id = await _charter(client)
    imported = await post_form(client, f"/panels/citizens/{panel_id}/letters/addresses",
                               files={"file": ("addresses.csv", _addresses(addresses), "text/csv")})
    assert imported.status_code == 303, imported.text
    reply_by = (clock.today("America/New_York") + timedelta(days=14)).isoformat()
    drawn = await post_form(client, f"/panels/citizens/{panel_id}/letters/draw",
                            {"size": str(size), "reply_by": reply_by, "variants": "yes"})
    assert drawn.status_code == 303, drawn.text
    mailing = await Mailing.get(panel_id=panel_id)
    return panel_id, [letters.format_code(c) for c in letters.registration_codes(mailing.seed, size)]


def _answers(**changes: str) -> dict[str, str]:
    return {"step": "register", "name": "Rosa Marin", "contact": "rosa@example.org", "c0": "30-64",
            "c1": "Hillcrest", "consent": "yes", "access_needs": "Step-free access", **changes}


async def _register(client: httpx.AsyncClient, code: str, **changes: str) -> httpx.Response:
    return await post_form(client, "/join", {"code": code, **_answers(**changes)})


async def test_an_address_file_with_bad_rows_imports_nothing_and_names_each_row(client, demo):
    await sign_in(client, "coordinator")
    panel_id = await _charter(client)
    bad = _addresses(4).replace(b"H2,", b"H1,").replace(b"3 Elm Road,,Riverside,10002", b"2 ELM RD,,Riverside,10001")
    response = await post_form(client, f"/panels/citizens/{panel_id}/letters/addresses",
                               files={"file": ("addresses.csv", bad + b"H9,,,,,fr,Uptown\n", "text/csv")})
    assert response.status_code == 400
    page = Page(response.text)
    assert "address-errors" in page.ids and "Nothing was imported" in page.text
    assert "also on line 3" in page.text and "the same home as line 3" in page.text
    assert "not English or Spanish" in page.text and "“Uptown” is not one of" in page.text
    assert not await Mailing.exists(panel_id=panel_id)
    good = await post_form(client, f"/panels/citizens/{panel_id}/letters/addresses",
                           files={"file": ("addresses.csv", _addresses(6), "text/csv")})
    assert good.status_code == 303
    shown = Page((await client.get(good.headers["location"])).text)
    assert "6 addresses imported." in shown.text
    assert await MailingAddress.filter(mailing__panel_id=panel_id).count() == 6


async def test_the_sample_variants_and_codes_come_again_from_the_recorded_seed(client, app, demo):
    await sign_in(client, "coordinator")
    panel_id, codes = await _letters_panel(client)
    mailing = await Mailing.get(panel_id=panel_id)
    sampled = await MailingAddress.filter(mailing_id=mailing.id, rank__isnull=False).order_by("rank")
    references = await MailingAddress.filter(mailing_id=mailing.id).values_list("reference", flat=True)
    assert [r.reference for r in sampled] == letters.sample(list(references), 8, mailing.seed)
    assert [r.variant for r in sampled] == ["A", "B"] * 4
    key = app.state.settings.pseudonym_key
    assert [r.code_hash for r in sampled] == [act.code_hash(letters.normalise_code(c), key) for c in codes]
    # the same file drawn again with the recorded seed gives the same letters
    coordinator = Viewer(person_id=await person_id("coordinator"), roles={demo.id: frozenset({Role.COORDINATOR})})
    again = await _charter(client)
    await act.import_addresses(coordinator, again, _addresses())
    await act.draw_letters(coordinator, again, size="8", reply_by=mailing.reply_by.isoformat(), variants=True,
                           key="another key", seed=mailing.seed)
    repeat = await MailingAddress.filter(mailing__panel_id=again, rank__isnull=False).order_by("rank")
    assert [(r.reference, r.variant) for r in repeat] == [(r.reference, r.variant) for r in sampled]
    page = Page((await client.get(f"/panels/citizens/{panel_id}/letters")).text)
    assert page.ids["seed"] and mailing.seed in page.text


async def test_the_letters_are_one_tagged_pdf_each_in_its_households_language_with_its_code(client, demo):
    await sign_in(client, "coordinator")
    panel_id, codes = await _letters_panel(client, addresses=4, size=4)  # every address: one of them in Spanish
    response = await client.get(f"/panels/citizens/{panel_id}/letters/letters.pdf?part=1")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 4
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    text = pdf_text(response.content)
    assert all(code in text for code in codes)
    spanish = await MailingAddress.filter(mailing__panel_id=panel_id, rank__isnull=False, language="es-US").count()
    mailing = await Mailing.get(panel_id=panel_id)
    with i18n.use_language("es-US"):  # each letter's date is written the way its language writes dates
        spanish_day = local_date(mailing.sampled_at)
    assert spanish_day != local_date(mailing.sampled_at)
    assert spanish == 1 and text.count(spanish_day) == 1 and text.count(local_date(mailing.sampled_at)) == 3
    assert "http://testserver/join" in text
    assert (await client.get(f"/panels/citizens/{panel_id}/letters/letters.pdf?part=2")).status_code == 404


async def test_a_household_registers_with_its_code_and_is_in_the_pool(client, demo):
    await sign_in(client, "coordinator")
    panel_id, codes = await _letters_panel(client)
    client.cookies.clear()
    opened = Page((await client.get("/join", params={"code": codes[0].replace("-", "").lower()})).text)
    assert opened.ids["f-code"]["value"] == codes[0]  # the QR code's address fills it in
    step = await post_form(client, "/join", {"step": "code", "code": codes[0]})
    assert step.status_code == 200 and "Buses panel" in Page(step.text).text and "f-c0" in Page(step.text).ids
    refused = await _register(client, codes[0], consent="")
    assert refused.status_code == 400 and 'value="Rosa Marin"' in refused.text  # consent missing, input kept
    done = await _register(client, codes[0], caring="yes", caring_details="My mother, on Tuesdays")
    assert done.status_code == 200 and "withdraw" in done.text
    volunteer = await Volunteer.get(panel_id=panel_id)
    assert volunteer.answers == {"Age band": "30-64", "Neighbourhood": "Hillcrest"} and volunteer.source == "letter"
    registration = await LetterRegistration.get(volunteer_id=volunteer.id)
    assert (registration.channel, registration.access_needs, registration.caring_details) == (
        "online", "Step-free access", "My mother, on Tuesdays")


async def test_unknown_reused_and_expired_codes_are_refused_with_a_clear_message(client, demo):
    await sign_in(client, "coordinator")
    panel_id, codes = await _letters_panel(client)
    client.cookies.clear()
    unknown = await post_form(client, "/join", {"step": "code", "code": "ABCD-EFGH-JKMN"})
    assert unknown.status_code == 400 and "not one we sent" in Page(unknown.text).text
    assert (await _register(client, codes[1])).status_code == 200
    reused = await post_form(client, "/join", {"step": "code", "code": codes[1]})
    assert reused.status_code == 400 and "already been used" in Page(reused.text).text
    again = await _register(client, codes[1], name="Someone Else")
    assert again.status_code == 400 and "already been used" in Page(again.text).text
    await Mailing.filter(panel_id=panel_id).update(reply_by=clock.today() - timedelta(days=2))
    expired = await _register(client, codes[2])
    assert expired.status_code == 400 and "closed on" in Page(expired.text).text
    assert await Volunteer.filter(panel_id=panel_id).count() == 1


async def test_guessing_codes_is_throttled_like_signing_in(client, demo):
    statuses = [(await post_form(client, "/join", {"step": "code", "code": f"ABCD-EFGH-{n:04d}"})).status_code
                for n in range(31)]
    assert statuses[0] == 400 and statuses[-1] == 429


async def test_the_pool_is_exactly_the_registrations_online_and_by_phone(client, app, demo):
    await sign_in(client, "coordinator")
    panel_id, codes = await _letters_panel(client)
    phone = await post_form(client, f"/panels/citizens/{panel_id}/letters/phone", {
        "code": codes[3], **_answers(name="Walt Ode", access_needs="", c1="Riverside")})
    assert phone.status_code == 303, phone.text
    async with client_for(app, address=("127.0.0.1", 50009)) as household:
        assert (await _register(household, codes[0])).status_code == 200
        assert (await _register(household, codes[5], name="Ana Ruiz")).status_code == 200
        closed = await post_form(household, f"/panels/citizens/{panel_id}/volunteer", {
            "name": "Not Written To", "contact": "x@example.org", "address": "1 Other Road", "c0": "65+",
            "c1": "Riverside", "consent": "yes"})
        assert closed.status_code == 400
    pool = await Volunteer.filter(panel_id=panel_id, status=VolunteerStatus.POOL).values_list("id", flat=True)
    registered = await LetterRegistration.filter(letter__mailing__panel_id=panel_id).values_list("volunteer_id",
                                                                                                 flat=True)
    assert sorted(pool) == sorted(registered) and len(pool) == 3
    by_phone = await LetterRegistration.get(channel="phone", letter__mailing__panel_id=panel_id)
    assert by_phone.entered_by_id is not None
    refused_import = await post_form(client, f"/panels/citizens/{panel_id}/import",
                                     files={"file": ("pool.csv", b"reference,name,contact,address,Age band,"
                                                     b"Neighbourhood\nR1,A B,,1 Oak,65+,Riverside\n", "text/csv")})
    assert refused_import.status_code == 400 and await Volunteer.filter(panel_id=panel_id).count() == 3
    panel_page = Page((await client.get(f"/panels/citizens/{panel_id}")).text)
    assert panel_page.ids["pool-size"] and "3" in panel_page.text


async def test_the_coordinator_sees_the_response_rate_per_stratum_and_per_letter_version(client, app, demo):
    await sign_in(client, "coordinator")
    panel_id, codes = await _letters_panel(client)
    async with client_for(app, address=("127.0.0.1", 50010)) as household:
        for code in codes[:3]:
            assert (await _register(household, code)).status_code == 200
    rows = {r.rank: r for r in await MailingAddress.filter(mailing__panel_id=panel_id, rank__isnull=False)}
    page = Page((await client.get(f"/panels/citizens/{panel_id}/letters")).text)
    assert "3 registrations from 8 letters (38%): 3 online, 0 by phone." in page.text
    assert "rates-variant" in page.ids and "rates-stratum-1" in page.ids and "support" in page.ids
    riverside = sum(1 for r in rows.values() if r.strata["Neighbourhood"] == "Riverside")
    answered = sum(1 for rank in (1, 2, 3) if rows[rank].strata["Neighbourhood"] == "Riverside")
    assert f"Riverside {riverside} {answered}" in page.text
    assert "A 4 2 50%" in page.text and "B 4 1 25%" in page.text


async def test_only_the_programs_coordinators_open_the_letters_pages_and_anyone_the_join_page(client, app, demo):
    await sign_in(client, "coordinator")
    panel_id, _ = await _letters_panel(client, addresses=4, size=2)
    await other_program_coordinator()
    base = f"/panels/citizens/{panel_id}/letters"
    staff_pages = [base, base + "/phone", base + "/letters.pdf?part=1"]
    writes = [base + "/addresses", base + "/draw", base + "/sent", base + "/phone"]
    expected = {"coordinator": 200, "coordinator2": 200, "elsewhere": 404, "panelist": 404, "juror": 404,
                "respondent": 404, None: None}
    got = {}
    for login in expected:
        async with client_for(app) as browser:
            if login:
                await sign_in(browser, login)
            got[login] = {
                "staff": {(await browser.get(path)).status_code for path in staff_pages},
                "writes": {(await post_form(browser, path, {"size": "1"})).status_code for path in writes},
                "join": (await browser.get("/join")).status_code}
    for login, status in expected.items():
        if login is None:  # anonymous: sign in first (a PDF link: the same 404 as everyone who may not see it)
            assert got[None]["staff"] == {303, 404} and got[None]["writes"] <= {303, 404}, got[None]
        elif status == 200:
            assert got[login]["staff"] == {200} and got[login]["writes"] <= {303, 400}, (login, got[login])
        else:
            assert got[login]["staff"] == {404} and got[login]["writes"] == {404}, (login, got[login])
        assert got[login]["join"] == 200


async def test_ending_the_panel_erases_its_addresses_and_the_support_needs_of_those_not_selected(client, app, demo):
    await sign_in(client, "coordinator")
    panel_id, codes = await _letters_panel(client)
    async with client_for(app, address=("127.0.0.1", 50011)) as household:
        assert (await _register(household, codes[0])).status_code == 200
    assert (await post_form(client, f"/panels/citizens/{panel_id}/end")).status_code == 303
    left = await MailingAddress.filter(mailing__panel_id=panel_id)
    assert len(left) == 8 and all(r.address == "" and r.postal_code == "" and r.code_hash is None for r in left)
    assert (await LetterRegistration.get(letter__mailing__panel_id=panel_id)).access_needs == ""
    page = Page((await client.get(f"/panels/citizens/{panel_id}/letters")).text)
    assert "1 registration from 8 letters" in page.text  # the rates outlive the addresses
