"""A citizens' panel after its draw: confirmation calls by a caller who sees only the selected members'
contacts and call statuses, a replacement that goes into the draw record (which still verifies), commitments
superseded only in public, the seed formula as the code computes it, and the public transparency report."""

from __future__ import annotations

import hashlib
import html
import re

from starlette.routing import Route

from jurycourt import clock
from jurycourt.domain.citizens_panels import VolunteerStatus
from jurycourt.models import (
    Account,
    ConfirmationCall,
    Draw,
    Mailing,
    MailingAddress,
    MemberReplacement,
    Panel,
    Person,
    Program,
    PublishedCommitment,
    Volunteer,
)
from jurycourt.sortition.verifier import verify
from jurycourt.web.params import IdConvertor
from tests.pdfs import pdf_text
from tests.web.helpers import Page, client_for, post_form, sign_in
from tests.web.test_citizens_draw_record import _committed, _drawn
from tests.web.test_csrf import _walk

CALLER_ROUTES = {"citizens_calls_index", "citizens_calls"}
#: The caller's own time credits: every member of a program has them, a person with no role does not.
OWN_PAGES = {"my_credits": (200, 404), "my_credits_csv": (200, 404)}


async def _demo_panel() -> Panel:
    return await Panel.filter(kind="citizens", status="drawn").order_by("id").first()


async def test_the_caller_sees_only_the_selected_members_names_contacts_and_call_statuses(client, demo):
    panel = await _demo_panel()
    await sign_in(client, "caller")
    index = Page((await client.get("/panels/citizens/calls")).text)
    assert f"/panels/citizens/{panel.id}/calls" in index.links and "/panels/citizens/calls" in index.links

    page = Page((await client.get(f"/panels/citizens/{panel.id}/calls")).text)

    members = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED)
    others = await Volunteer.filter(panel_id=panel.id).exclude(status=VolunteerStatus.SELECTED)
    assert len(members) == 12 and all(m.name in page.text and m.contact in page.text for m in members)
    assert not [o.contact for o in others if o.contact and o.contact in page.text]  # reserves, pool, who left
    for status in ("Confirmed", "Declined", "No answer", "Called, not decided yet", "Not called yet"):
        assert status in page.text
    assert not [word for word in ("Hillcrest", "Eastgate", "16-29", "30-44", "45-64") if word in page.text]
    assert not [m.id for m in members if f"replace-{m.id}" in page.ids]  # replacing is the coordinator's
    assert not [link for link in page.links if "/draws" in link or link.endswith(f"/{panel.id}")]


async def _roleless(app) -> None:
    person = await Person.create(given_name="Nadia", family_name="Noroles")
    password_hash = (await Account.get(login="caller")).password_hash
    await Account.create(person=person, login="noroles", password_hash=password_hash)


async def _targets(panel: Panel) -> dict[str, object]:
    """A real id for every path parameter the demo's citizens' panel has, and the first of each other table."""
    draw = await Draw.filter(panel_id=panel.id).first()
    member = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).first()
    return {"panel_id": panel.id, "draw_id": draw.id, "volunteer_id": member.id,
            "person_id": member.person_id or 1, "token": "x", "slug": "x", "kind": "x", "topic": "x", "code": "x"}


async def test_every_page_shows_the_caller_exactly_what_it_shows_a_signed_in_person_without_roles(app, demo):
    """The role × route matrix for the confirmation caller: every GET route of the table, walked."""
    panel = await _demo_panel()
    await _roleless(app)
    targets = await _targets(panel)
    contacts = [v.contact for v in await Volunteer.filter(panel_id=panel.id) if v.contact]
    paths = {}
    for route in _walk(app.routes):
        if isinstance(route, Route) and "GET" in (route.methods or ()):
            params = {name: targets.get(name, 1 if isinstance(convertor, IdConvertor) else "x")
                      for name, convertor in route.param_convertors.items()}
            paths[route.name] = app.url_path_for(route.name, **params)
    assert CALLER_ROUTES <= set(paths) and len(paths) > 100
    got: dict[str, dict[str, int]] = {}
    leaks = []
    for login in ("caller", "noroles"):
        async with client_for(app) as browser:
            await sign_in(browser, login)
            got[login] = {}
            for name, path in paths.items():
                response = await browser.get(path)
                got[login][name] = response.status_code
                if name not in CALLER_ROUTES and any(c in response.text for c in contacts):
                    leaks.append((login, path))
    assert leaks == []
    assert {n: got["caller"][n] for n in CALLER_ROUTES} == dict.fromkeys(CALLER_ROUTES, 200)
    assert {n: got["noroles"][n] for n in CALLER_ROUTES} == dict.fromkeys(CALLER_ROUTES, 404)  # not even the list
    differ = {n: (got["caller"][n], got["noroles"][n]) for n in paths
              if n not in CALLER_ROUTES and got["caller"][n] != got["noroles"][n]}
    assert differ == OWN_PAGES


async def test_a_caller_cannot_replace_a_member_nor_call_for_another_program(client, demo):
    panel = await _demo_panel()
    declined = (await ConfirmationCall.filter(panel_id=panel.id, outcome="declined").order_by("-id").first())
    await sign_in(client, "caller")
    refused = await post_form(client, f"/panels/citizens/{panel.id}/members/{declined.volunteer_id}/replace")
    assert refused.status_code == 404
    assert await MemberReplacement.filter(panel_id=panel.id).count() == 1  # the demo's own
    elsewhere = await Program.create(name="Elsewhere Youth Court", time_zone="America/Chicago")
    other = await Panel.create(program_id=elsewhere.id, kind="citizens", title="Elsewhere panel", status="drawn")
    assert (await client.get(f"/panels/citizens/{other.id}/calls")).status_code == 404


async def test_calls_and_a_replacement_enter_the_draw_record_which_still_verifies_and_ending_erases_who_left(
        client, app, demo, started):
    panel_id, commitment = await _drawn(client, started)
    members = await Volunteer.filter(panel_id=panel_id, status=VolunteerStatus.SELECTED).order_by("id")
    async with client_for(app) as caller:
        await sign_in(caller, "caller")
        assert (await post_form(caller, f"/panels/citizens/{panel_id}/calls/{members[0].id}",
                                {"outcome": "confirmed"})).status_code == 303
        bad = await post_form(caller, f"/panels/citizens/{panel_id}/calls/{members[1].id}", {"outcome": "maybe"})
        assert bad.status_code == 400 and "Choose what came of the call" in Page(bad.text).text
        assert (await post_form(caller, f"/panels/citizens/{panel_id}/calls/{members[1].id}",
                                {"outcome": "declined"})).status_code == 303
    too_early = await post_form(client, f"/panels/citizens/{panel_id}/members/{members[0].id}/replace")
    assert too_early.status_code == 400 and "Only a member who declined" in Page(too_early.text).text

    replaced = await post_form(client, f"/panels/citizens/{panel_id}/members/{members[1].id}/replace")

    assert replaced.status_code == 303, replaced.text
    row = await MemberReplacement.get(panel_id=panel_id)
    assert row.leaves == members[1].draw_ref and row.source in ("reserve", "draw")
    assert (await Volunteer.get(id=members[1].id)).status == VolunteerStatus.LEFT
    joined = await Volunteer.get(panel_id=panel_id, draw_ref=row.joins)
    assert joined.status == VolunteerStatus.SELECTED
    async with client_for(app) as public:
        record = (await public.get(f"/panels/citizens/{panel_id}/draw/record.json")).json()
    assert record["replacements"] == [{"number": 1, "leaves": row.leaves, "joins": row.joins, "from": row.source,
                                       "reserve_rank": row.reserve_rank, "seed": row.seed,
                                       "candidates": row.candidates}]
    checked = verify(record, commitment=commitment)
    assert checked.ok, checked.lines
    assert any(f"replacement 1: {row.joins} takes the seat of {row.leaves}" in line for line in checked.lines)
    record["replacements"][0]["joins"] = next(r for r, _, _ in record["inputs"]["pool"]
                                              if r not in (row.joins, *record["result"]["selected"]))
    assert not verify(record, commitment=commitment).ok

    assert (await post_form(client, f"/panels/citizens/{panel_id}/end")).status_code == 303
    left = await Volunteer.get(id=members[1].id)
    assert left.status == VolunteerStatus.ERASED and left.name == "" and left.draw_ref is None
    assert (await Volunteer.get(id=joined.id)).name  # the member who took the seat stays
    assert await ConfirmationCall.filter(volunteer_id=members[1].id).count() == 0
    assert await ConfirmationCall.filter(volunteer_id=members[0].id).count() == 1
    assert await Volunteer.filter(panel_id=panel_id, status=VolunteerStatus.SELECTED).count() == 6


async def test_a_commitment_is_superseded_only_in_public_with_when_and_why(client, app, demo, started):
    panel_id, first = await _committed(client, started)
    silent = await post_form(client, f"/panels/citizens/{panel_id}/reopen", {"reason": "  "})
    assert silent.status_code == 400 and "Say why the commitment is withdrawn" in Page(silent.text).text

    reason = "A volunteer's age band was entered wrongly"
    assert (await post_form(client, f"/panels/citizens/{panel_id}/reopen", {"reason": reason})).status_code == 303
    wrong = await Volunteer.filter(panel_id=panel_id).order_by("id").first()
    corrected = "16-29" if wrong.answers["Age band"] != "16-29" else "30-44"
    await Volunteer.filter(id=wrong.id).update(answers={**wrong.answers, "Age band": corrected})
    assert (await post_form(client, f"/panels/citizens/{panel_id}/commit")).status_code == 303

    async with client_for(app) as public:
        page = Page((await public.get(f"/panels/citizens/{panel_id}")).text)
    second = (await PublishedCommitment.filter(panel_id=panel_id).order_by("-id").first()).commitment
    assert second != first and "commitment-history" in page.ids
    assert first in page.text and second in page.text and reason in page.text
    assert "this is the commitment in force" in page.text
    assert await PublishedCommitment.filter(panel_id=panel_id, superseded_at__isnull=False).count() == 1


async def test_the_public_page_states_the_seed_formula_that_computes_the_seed_it_shows(client, demo):
    panel = await _demo_panel()
    text = (await client.get(f"/panels/citizens/{panel.id}")).text
    formula = html.unescape(re.search(r'<code id="seed-formula">(.*?)</code>', text, re.S).group(1))
    seed = re.search(r'<span class="hash" id="seed">(\d+)</span>', text).group(1)
    draw = await Draw.get(panel_id=panel.id, purpose="draw")

    assert eval(formula, {"hashlib": hashlib}) == int(seed) == int(draw.seed)  # noqa: S307 - our own page
    command = Page(text).ids["verify-command"]
    assert command and f"--commitment {draw.commitment}" in text


async def test_the_transparency_report_is_public_as_a_page_and_a_tagged_pdf_with_small_counts_hidden(client, demo):
    from io import BytesIO

    from pypdf import PdfReader

    panel = await _demo_panel()
    recruiting = await Panel.filter(kind="citizens", status="recruiting").first()
    assert (await client.get(f"/panels/citizens/{recruiting.id}/report")).status_code == 404

    page = Page((await client.get(f"/panels/citizens/{panel.id}/report")).text)
    pdf = (await client.get(f"/panels/citizens/{panel.id}/report.pdf")).content

    assert "report-demographics" in page.ids and "fewer than 5" in page.text
    assert "300 volunteers from 270 households" in page.text
    assert "1 member who dropped out was replaced: 1 from the ranked reserves" in page.text
    assert "Declined: fewer than 5" in page.text  # two declined: a count of 1 to 4 people
    names = await Volunteer.filter(panel_id=panel.id).values_list("name", flat=True)
    assert not [n for n in names if n and n in page.text]
    catalog = PdfReader(BytesIO(pdf)).trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog and catalog["/Lang"] == "en-US"
    text = pdf_text(pdf)
    assert "How the panel was chosen" in text and "fewer than 5" in text


async def test_the_report_tells_the_letters_stage_with_small_numbers_of_registrations_hidden(client, demo):
    panel = await _demo_panel()
    assert "report-letters" not in Page((await client.get(f"/panels/citizens/{panel.id}/report")).text).ids
    mailing = await Mailing.create(panel_id=panel.id, addresses=60, sample_size=40, seed="s" * 64,
                                   sampled_at=clock.now())
    # 40 letters: 20 to each gender; 12 women registered, and 3 men (a count to hide, and so the
    # women's too, or the total would give the men's away).
    for n in range(40):
        gender = ("Woman", "Man")[n % 2]
        registered = (gender == "Woman" and n < 24) or (gender == "Man" and n < 6)
        await MailingAddress.create(mailing=mailing, line=n + 2, reference=f"A{n}", address=f"{n} Elm Road",
                                    postal_code="10001", strata={"Gender": gender}, rank=n + 1, variant="A",
                                    used_at=clock.now() if registered else None)
    body = (await client.get(f"/panels/citizens/{panel.id}/report")).text
    page = Page(body)
    assert "report-letters" in page.ids
    assert "Letters with a registration code went to 40 addresses drawn at random; registrations: 15." in page.text
    table = body[body.index('id="report-letters-1"'):]
    rows = [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", table[:table.index("</table>")], re.S)]
    assert ["Woman", "20", "fewer than 5", "–"] in rows and ["Man", "20", "fewer than 5", "–"] in rows, rows
    # With 12 and 13 registrations nothing is hidden, and each rate is shown.
    await MailingAddress.filter(mailing=mailing, reference__in=["A7", "A9", "A11", "A13", "A15",
                                                                   "A17", "A19", "A21", "A23", "A25"]).update(
        used_at=clock.now())
    body = (await client.get(f"/panels/citizens/{panel.id}/report")).text
    assert "registrations: 25." in Page(body).text
    table = body[body.index('id="report-letters-1"'):]
    assert re.search(r"<th scope=\"row\">Man</th><td class=\"num\">20</td><td class=\"num\">13</td>\s*"
                     r"<td class=\"num\">65%</td>", table), table[:1500]
