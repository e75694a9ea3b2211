"""The referral portal: an agency contact, signed in with two steps, refers and follows their own
agency's referrals in the agreement's status words, and learns nothing else of any case."""

from __future__ import annotations

from datetime import timedelta

from starlette.routing import Route

from jurycourt import clock
from jurycourt.actions.cases import move_case
from jurycourt.actions.sealing import seal_case
from jurycourt.demo.agencies import AGENCY_LOGIN
from jurycourt.domain.agencies import AgencyKind
from jurycourt.models import Agency, Case, OutboxMessage, Person
from jurycourt.web.params import IdConvertor
from tests import nu_validator
from tests.web.cases_helpers import coordinator
from tests.web.helpers import Page, csrf_token, post_form, sign_in
from tests.web.test_csrf import _walk
from tests.web.two_factor_helpers import enrol

#: GET routes an agency contact may open (200): their portal and form, their own account's pages, and
#: what any visitor may read. Every other route answers 404, 403, 405 or a redirect.
ALLOWED = {
    "agency_portal", "agency_refer",
    # their own account
    "me", "my_messages", "two_factor", "password", "login_code", "my_credits", "my_credits_csv",
    "panels",  # the panels they sit on: none
    # public
    "home", "healthz", "get_involved", "offline", "service_worker", "login", "findings", "impact", "metrics",
    "findings_feed", "findings_topic_feed", "findings_subscribe", "follow_form", "citizens_panels",
    "citizens_withdraw", "open_data", "open_data_findings_csv", "open_data_findings_json", "open_data_impact_csv",
    "open_data_impact_json", "recommendations", "recommendations_csv", "assembly_register",
}


async def _referrer(client) -> None:
    await sign_in(client, AGENCY_LOGIN)
    await enrol(client)


async def _police() -> Agency:
    return await Agency.get(name="Eastside Police District")


async def test_an_agency_contact_reaches_nothing_until_two_step_sign_in_is_on(client, demo):
    await sign_in(client, AGENCY_LOGIN)
    for path in ("/agency", "/me", "/agency/refer"):
        response = await client.get(path)
        assert (response.status_code, response.headers["location"]) == (303, "/me/two-factor"), path
    await enrol(client)
    assert (await client.get("/agency")).status_code == 200
    turned_off = await post_form(client, "/me/two-factor/off", {"password": "x", "code": "000000"})
    assert "Agency contacts must use two-step sign-in" in Page(turned_off.text).text


async def test_the_portal_lists_only_the_agencys_own_referrals_in_the_agreements_words(client, demo):
    police = await _police()
    other = await Agency.create(program=demo, name="Harbor Housing", kind=AgencyKind.HOUSING)
    elsewhere = await Case.filter(program=demo, referring_agency_id=None, sealed_at=None).first()
    await Case.filter(id=elsewhere.id).update(referring_agency_id=other.id, agency_reference="HH-9")
    own = await Case.filter(referring_agency_id=police.id).order_by("-id")
    names = {p.family_name for p in await Person.filter(cases__program_id=demo.id)}
    await _referrer(client)

    page = Page((await client.get("/agency")).text)

    assert {f"referral-{c.id}" for c in own} <= set(page.ids) and f"referral-{elsewhere.id}" not in page.ids
    assert "HH-9" not in page.text
    assert len({c.state for c in own}) >= 6
    for word in ("Received", "Accepted", "In progress", "Completed", "Not completed", "Declined", "Withdrawn",
                 "Closed"):
        assert word in page.text
    assert not any(name in page.text for name in names), "the portal names no young person"
    assert "Admits the incident" not in page.text  # the summary stays with the program


async def test_an_agency_contact_gets_no_other_route_of_the_site(client, app, demo):
    police = await _police()
    own_case = await Case.filter(referring_agency_id=police.id, sealed_at=None).first()
    summary_words = "Admits the incident"
    names = {p.family_name for p in await Person.filter(cases__program_id=demo.id)}
    await _referrer(client)

    opened, leaked = set(), {}
    for route in _walk(app.routes):
        if not isinstance(route, Route) or "GET" not in (route.methods or ()):
            continue
        params = {p: (own_case.id if p == "case_id" else 1) if isinstance(c, IdConvertor) else "x"
                  for p, c in route.param_convertors.items()}
        response = await client.get(app.url_path_for(route.name, **params))
        assert response.status_code != 500, route.name
        if response.status_code == 200:
            opened.add(route.name)
            text = Page(response.text).text if "html" in response.headers.get("content-type", "") else response.text
            found = [n for n in names if n in text] + ([summary_words] if summary_words in text else [])
            if found:
                leaked[route.name] = found
    assert leaked == {}
    assert opened <= ALLOWED, " ".join(sorted(opened - ALLOWED))
    assert {"agency_portal", "agency_refer", "me"} <= opened


async def test_a_sealed_referral_shows_only_that_it_closed_and_its_month(client, demo):
    police = await _police()
    case = await Case.filter(referring_agency_id=police.id, state="completed", sealed_at=None).first()
    reference = case.agency_reference
    case.closed_on = clock.today() - timedelta(days=800)  # long past the sealing period
    await Case.filter(id=case.id).update(closed_on=case.closed_on)
    await seal_case(await coordinator(demo), case)
    await _referrer(client)

    html = (await client.get("/agency")).text
    row = html[html.rindex("<tr", 0, html.index(f'id="referral-{case.id}"')):]
    row = Page(row[:row.index("</tr>")]).text
    closed = await Case.get(id=case.id)
    assert reference not in html
    assert row.split() == [str(case.id), "—", "—", "Closed", *closed.closed_on.strftime("%B %Y").split()]


async def test_a_referral_by_the_form_opens_a_case_and_each_status_change_sends_a_notice(client, demo):
    await _referrer(client)
    today = clock.today().isoformat()
    form = {"reference": "EPD-NEW-1", "given_name": "Kai", "family_name": "Nakamura",
            "date_of_birth": "2011-06-15", "referral_date": today, "offence_category": "shoplifting",
            "referring_officer": "Ofc. B. Lee", "summary": "Took headphones; returned them."}
    sent = await post_form(client, "/agency/refer", form)
    assert (sent.status_code, sent.headers["location"]) == (303, "/agency?done=referred")
    case = await Case.get(agency_reference="EPD-NEW-1").select_related("respondent")
    assert (case.respondent.family_name, case.referring_agency_id, case.agency) == (
        "Nakamura", (await _police()).id, "police")

    again = await post_form(client, "/agency/refer", {**form, "reference": "EPD-NEW-2"})
    assert again.status_code == 400 and "was referred already" in Page(again.text).text
    assert Page(again.text).ids["f-given_name"]["value"] == "Kai", "the form keeps what was typed"

    actor = await coordinator(demo)
    await move_case(actor, case, "withdraw", "The family moved away")
    contact = (await Person.get(agency_contact__agency__name="Eastside Police District")).id
    notices = await OutboxMessage.filter(person_id=contact, dedupe_key__startswith=f"agency:{case.id}:")
    assert [n.kind for n in notices] == ["agency_closing"]
    assert "EPD-NEW-1" in notices[0].subject and "Withdrawn" in notices[0].body
    assert "Nakamura" not in notices[0].body + notices[0].subject and "moved" not in notices[0].body
    page = Page((await client.get("/agency")).text)
    assert "Closing letter: referral EPD-NEW-1" in page.text


HEADER = "reference,given_name,family_name,date_of_birth,referral_date,offence_category,summary\n"


async def test_a_file_with_bad_rows_or_duplicates_refers_nothing_and_comes_back_to_be_corrected(client, demo):
    await _referrer(client)
    existing = await Case.filter(referring_agency_id=(await _police()).id, sealed_at=None).exclude(
        agency_reference="").first()
    text = (HEADER + f"{existing.agency_reference},Ana,Ruiz,2011-05-05,2026-01-05,shoplifting,x\n"
            "F-2,Ben,Ode,2011-13-40,2026-01-05,shoplifting,x\n"
            "F-3,Cy,Lo,2011-02-02,2026-01-05,shoplifting,x\n")
    before = await Case.all().count()
    token = await csrf_token(client)
    response = await client.post("/agency/upload", data={"csrf_token": token},
                                 files={"file": ("referrals.csv", text.encode(), "text/csv")})
    page = Page(response.text)
    assert response.status_code == 400 and await Case.all().count() == before
    assert "Nothing was referred: 2 problems" in page.text
    assert "was referred already" in page.text and "2011-13-40" in page.text
    assert "F-3,Cy,Lo" in response.text, "the file's text comes back to be corrected"
    refused = await post_form(client, "/agency/refer", {"reference": "", "given_name": "Ana"})
    assert nu_validator.messages({"upload errors": response.text, "refer errors": refused.text,
                                  "refer": (await client.get("/agency/refer")).text}) == []

    fixed = text.replace(f"{existing.agency_reference},Ana", "F-1,Ana").replace("2011-13-40", "2011-12-04")
    response = await post_form(client, "/agency/upload", {"csv_text": fixed})
    assert (response.status_code, response.headers["location"]) == (303, "/agency?done=3")
    assert await Case.all().count() == before + 3


async def test_a_coordinator_records_an_agency_and_adds_a_contact_to_invite(client, demo):
    await sign_in(client, "coordinator")
    bad = await post_form(client, "/agencies/new", {"program": str(demo.id), "name": "", "kind": "school",
                                                    "agreement_starts": "2026-01-10", "agreement_ends": "2025-01-01",
                                                    "agreement_shares": "Status only", "agreement_signed_by": ""})
    assert bad.status_code == 400
    assert {"f-name", "f-agreement_ends"} <= {k for k in Page(bad.text).ids}
    made = await post_form(client, "/agencies/new", {
        "program": str(demo.id), "name": "Jefferson Middle School", "kind": "school",
        "agreement_starts": "2026-01-10", "agreement_ends": "", "agreement_shares": "Status only",
        "agreement_signed_by": "Principal A. Fox; D. Okafor"})
    assert made.status_code == 303
    agency = await Agency.get(name="Jefferson Middle School")
    added = await post_form(client, f"/agencies/{agency.id}/contacts", {
        "given_name": "Amy", "family_name": "Fox", "email": "afox@example.org", "phone": ""})
    person = await Person.get(agency_contact__agency_id=agency.id)
    assert added.headers["location"] == f"/people/{person.id}"
    listed = Page((await client.get("/agencies")).text)
    assert "Jefferson Middle School" in listed.text and "Eastside Police District" in listed.text
    shown = Page((await client.get(f"/agencies/{agency.id}")).text)
    assert "Amy Fox" in shown.text and "invite" in shown.text
