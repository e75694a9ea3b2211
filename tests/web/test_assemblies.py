"""A citizens' panel in the room: each session's tables (mixed, printable, for members and coordinators),
facilitators, attendance and drop-outs; members' needs; honorarium and expense claims approved by a second
person, exported for payment, and totalled per member and per session."""

from __future__ import annotations

import csv
import io

import pytest

from jurycourt import clock
from jurycourt.domain.member_support import ClaimStatus
from jurycourt.domain.separation import ProvenanceKind
from jurycourt.models import (
    AuditEvent,
    CitizensPanelSession,
    Document,
    MemberAttendance,
    MemberClaim,
    Panel,
    Provenance,
    TableFacilitator,
    TableSeat,
    Volunteer,
)
from tests import nu_validator
from tests.web.helpers import Page, client_for, post_form, sign_in
from tests.web.members import other_program_coordinator, person_id

RECEIPT = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
async def panel(demo) -> Panel:
    return await Panel.filter(kind="citizens", status="drawn").order_by("id").first()


@pytest.fixture
async def upcoming(panel) -> CitizensPanelSession:
    """The panel's third session (to come; the demo allocated its tables already)."""
    return (await CitizensPanelSession.filter(panel_id=panel.id).order_by("hearing__starts_at"))[2]


def _tables(session: CitizensPanelSession, rest: str = "") -> str:
    return f"/panels/citizens/{session.panel_id}/sessions/{session.id}/tables{rest}"


async def _seating(session: CitizensPanelSession) -> dict[int, int]:
    return dict(await TableSeat.filter(session_id=session.id).values_list("volunteer_id", "table"))


async def test_a_member_sees_the_tables_and_facilitators_but_not_the_others_needs_or_the_forms(client, upcoming):
    await sign_in(client, "panelist")
    response = await client.get(_tables(upcoming))
    assert response.status_code == 200
    page = Page(response.text)
    assert {"table-1", "table-2"} <= set(page.ids) and "Facilitator: Rosa Delgado" in page.text
    assert "allocate-form" not in page.ids and "attendance" not in page.ids
    assert "Access needs" not in page.text  # coordinators' and facilitators' printed plan only


async def test_the_coordinator_allocates_tables_of_the_chosen_size_mixed_and_seating_everyone_once(client,
                                                                                                     upcoming):
    await sign_in(client, "coordinator")
    members = await Volunteer.filter(panel_id=upcoming.panel_id, status="selected").count()
    response = await post_form(client, _tables(upcoming), {"table_size": "4"})
    assert response.status_code == 303
    seating = await _seating(upcoming)
    sizes = sorted(list(seating.values()).count(t) for t in set(seating.values()))
    assert len(seating) == members and max(sizes) <= 4 and max(sizes) - min(sizes) <= 1
    page = Page((await client.get(_tables(upcoming))).text)
    assert {f"table-{n}" for n in range(1, len(sizes) + 1)} <= set(page.ids)
    assert "Access needs: Step-free access" in page.text


async def test_a_table_size_out_of_range_is_refused_keeping_the_input(client, upcoming):
    await sign_in(client, "coordinator")
    before = await _seating(upcoming)
    response = await post_form(client, _tables(upcoming), {"table_size": "2"})
    assert response.status_code == 400
    page = Page(response.text)
    assert page.ids["f-table_size"]["value"] == "2" and "between 4 and 10" in page.text
    assert await _seating(upcoming) == before


async def test_a_drop_out_leaves_everyone_else_seated_where_they_were_but_at_most_one(client, upcoming):
    await sign_in(client, "coordinator")
    before = await _seating(upcoming)
    leaving = next(iter(before))
    response = await post_form(client, _tables(upcoming, "/drop-out"), {"volunteer": str(leaving)})
    assert response.status_code == 303
    after = await _seating(upcoming)
    assert leaving not in after and set(after) == set(before) - {leaving}
    assert sum(1 for member, table in after.items() if before[member] != table) <= 1
    mark = await MemberAttendance.get(session_id=upcoming.id, volunteer_id=leaving)
    assert mark.mark.value == "absent"


async def test_facilitators_and_attendance_are_recorded_per_table_and_member(client, upcoming):
    await sign_in(client, "coordinator")
    assert (await post_form(client, _tables(upcoming, "/facilitators"),
                            {"facilitator_0": "Ana Ruiz", "facilitator_1": ""})).status_code == 303
    assert dict(await TableFacilitator.filter(session_id=upcoming.id).values_list("table", "name")) == {
        0: "Ana Ruiz"}
    member = next(iter(await _seating(upcoming)))
    assert (await post_form(client, _tables(upcoming, "/attendance"),
                            {"volunteer": str(member), "mark": "present"})).status_code == 303
    assert (await MemberAttendance.get(session_id=upcoming.id, volunteer_id=member)).mark.value == "present"


async def test_staff_record_a_members_needs_which_only_coordinators_see(client, panel):
    member = await Volunteer.filter(panel_id=panel.id, status="selected").order_by("-id").first()
    url = f"/panels/citizens/{panel.id}/members/{member.id}/needs"
    await sign_in(client, "coordinator")
    saved = await post_form(client, url, {"access_needs": "Large print", "caring": "A baby, 6 months"})
    assert saved.status_code == 303
    member = await Volunteer.get(id=member.id)
    assert (member.access_needs, member.caring) == ("Large print", "A baby, 6 months")
    event = await AuditEvent.filter(action="citizens_panel.member_needs").order_by("-id").first()
    assert "Large print" not in str(event.detail)
    client.cookies.clear()
    await sign_in(client, "panelist")
    assert (await client.get(url)).status_code == 404


async def _enter(client, panel, session, member, **extra) -> MemberClaim:
    response = await post_form(client, f"/panels/citizens/{panel.id}/claims",
                               {"session": str(session.id), "volunteer": str(member.id), "kind": "travel",
                                "amount": "12.40", "note": "Bus both ways", **extra},
                               files={"receipt": ("bus.pdf", RECEIPT, "application/pdf")})
    assert response.status_code == 303, response.text
    return await MemberClaim.filter(volunteer_id=member.id, note="Bus both ways").order_by("-id").first()


async def test_a_claim_with_its_receipt_needs_a_second_person_and_the_one_who_entered_it_is_refused(
        client, second, panel, upcoming):
    member = await Volunteer.filter(panel_id=panel.id, status="selected").order_by("id").first()
    await sign_in(client, "coordinator")
    claim = await _enter(client, panel, upcoming, member)
    assert claim.status == ClaimStatus.PENDING and claim.amount_cents == 1240
    receipt = await client.get(f"/panels/citizens/{panel.id}/claims/{claim.id}/receipt")
    assert receipt.status_code == 200 and receipt.content == RECEIPT
    assert (await Document.get(id=claim.receipt_id)).topic == "member_claim"

    refused = await post_form(client, f"/panels/citizens/{panel.id}/claims/{claim.id}/approve")
    assert refused.status_code == 400 and "A second person must approve" in Page(refused.text).text
    assert (await MemberClaim.get(id=claim.id)).status == ClaimStatus.PENDING

    assert (await post_form(second, f"/panels/citizens/{panel.id}/claims/{claim.id}/approve")).status_code == 303
    claim = await MemberClaim.get(id=claim.id)
    assert claim.status == ClaimStatus.APPROVED and claim.decided_by_id != claim.entered_by_id
    again = await post_form(second, f"/panels/citizens/{panel.id}/claims/{claim.id}/refuse")
    assert again.status_code == 400 and (await MemberClaim.get(id=claim.id)).status == ClaimStatus.APPROVED


async def test_the_member_a_claim_pays_may_not_approve_it(client, second, panel, upcoming):
    member = await Volunteer.filter(panel_id=panel.id, status="selected").order_by("id").first()
    member.person_id = await person_id("coordinator2")
    await member.save(update_fields=["person_id"])
    await sign_in(client, "coordinator")
    claim = await _enter(client, panel, upcoming, member)
    refused = await post_form(second, f"/panels/citizens/{panel.id}/claims/{claim.id}/approve")
    assert refused.status_code == 400 and "their own claim" in Page(refused.text).text
    assert (await MemberClaim.get(id=claim.id)).status == ClaimStatus.PENDING


async def test_a_wrong_amount_is_refused_keeping_what_was_typed(client, panel, upcoming):
    member = await Volunteer.filter(panel_id=panel.id, status="selected").order_by("id").first()
    await sign_in(client, "coordinator")
    before = await MemberClaim.all().count()
    response = await post_form(client, f"/panels/citizens/{panel.id}/claims",
                               {"session": str(upcoming.id), "volunteer": str(member.id), "kind": "care",
                                "amount": "twelve", "note": "Sitter"})
    assert response.status_code == 400
    page = Page(response.text)
    assert page.ids["f-amount"]["value"] == "twelve" and page.ids["f-note"]["value"] == "Sitter"
    assert await MemberClaim.all().count() == before


async def test_the_payment_file_lists_exactly_the_approved_claims_and_the_totals_add_up(client, panel):
    await sign_in(client, "coordinator")
    response = await client.get(f"/panels/citizens/{panel.id}/claims/payments.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    approved = await MemberClaim.filter(session__panel_id=panel.id, status=ClaimStatus.APPROVED)
    assert sorted(int(r["claim"]) for r in rows) == sorted(c.id for c in approved) and rows
    total = sum(c.amount_cents for c in approved)
    assert sum(round(float(r["amount"]) * 100) for r in rows) == total
    page = Page((await client.get(f"/panels/citizens/{panel.id}/claims")).text)
    assert f"${total / 100:,.2f}" in page.text  # the per-session table's total row
    assert await MemberClaim.exists(session__panel_id=panel.id, status=ClaimStatus.PENDING)
    assert "member-totals" in page.ids and "session-totals" in page.ids


ROUTES = ["/tables", "/claims", "/claims/payments.csv", "/needs"]


@pytest.mark.parametrize("login, allowed", [
    ("coordinator", {"/tables", "/claims", "/claims/payments.csv", "/needs"}),
    ("panelist", {"/tables"}),  # a member of the panel
    ("panelist2", set()), ("juror", set()), ("respondent", set()), ("elsewhere", set()), (None, set())])
async def test_who_may_open_each_page_of_the_panel_in_the_room(app, upcoming, login, allowed):
    member = await Volunteer.filter(panel_id=upcoming.panel_id, status="selected").order_by("id").first()
    claim = await MemberClaim.filter(session__panel_id=upcoming.panel_id, receipt_id__isnull=True).first()
    base = f"/panels/citizens/{upcoming.panel_id}"
    urls = {"/tables": _tables(upcoming), "/claims": base + "/claims",
            "/claims/payments.csv": base + "/claims/payments.csv", "/needs": f"{base}/members/{member.id}/needs"}
    if login == "elsewhere":
        await other_program_coordinator()
    async with client_for(app) as client:
        if login:
            await sign_in(client, login)
        for name, url in urls.items():
            status = (await client.get(url)).status_code
            expected = 200 if name in allowed else (303 if login is None else 404)
            assert status == expected, (login, name, status)
        for path in (_tables(upcoming), _tables(upcoming, "/drop-out"), base + "/claims",
                     f"{base}/claims/{claim.id}/approve"):
            if login not in ("coordinator",):
                posted = await post_form(client, path, {"table_size": "7", "volunteer": str(member.id)}) \
                    if login else await client.post(path)
                assert posted.status_code in (303, 403, 404) and posted.status_code != 200, (login, path)
    assert (await MemberClaim.get(id=claim.id)).status == claim.status


async def test_the_tables_and_support_pages_are_valid_html(client, upcoming):
    await sign_in(client, "coordinator")
    member = await Volunteer.filter(panel_id=upcoming.panel_id, status="selected").order_by("id").first()
    base = f"/panels/citizens/{upcoming.panel_id}"
    pages = {url: (await client.get(url)).text for url in
             (_tables(upcoming), base + "/claims", f"{base}/members/{member.id}/needs")}
    found = nu_validator.messages(pages)
    assert found == [], nu_validator.describe(found)


async def test_honoraria_are_entered_once_for_the_members_present_and_wait_for_approval(client, panel, upcoming):
    await sign_in(client, "coordinator")
    members = await Volunteer.filter(panel_id=panel.id, status="selected").order_by("id").limit(3)
    for member, mark in zip(members, ["present", "present", "absent"], strict=True):
        await post_form(client, _tables(upcoming, "/attendance"), {"volunteer": str(member.id), "mark": mark})
    form = {"honorarium_session": str(upcoming.id), "honorarium_amount": "75"}
    assert (await post_form(client, f"/panels/citizens/{panel.id}/claims/honoraria", form)).status_code == 303
    entered = await MemberClaim.filter(session_id=upcoming.id, kind="honorarium")
    assert sorted(c.volunteer_id for c in entered) == sorted(m.id for m in members[:2])
    assert {(c.amount_cents, c.status) for c in entered} == {(7500, ClaimStatus.PENDING)}
    again = await post_form(client, f"/panels/citizens/{panel.id}/claims/honoraria", form)
    assert again.status_code == 400 and "already has an honorarium" in Page(again.text).text
    assert Page(again.text).ids["f-honorarium_amount"]["value"] == "75"
    assert await MemberClaim.filter(session_id=upcoming.id, kind="honorarium").count() == 2


async def test_a_claim_is_approved_only_by_a_coordinator_independent_of_whoever_entered_it(
        client, second, panel, upcoming):
    member = await Volunteer.filter(panel_id=panel.id, status="selected").order_by("id").first()
    await sign_in(client, "coordinator")
    claim = await _enter(client, panel, upcoming, member)
    # coordinator made coordinator2's account (a second account of their own, as far as anyone can tell):
    # no coordinator independent of them is left in the program.
    await Provenance.create(person_id=await person_id("coordinator2"), kind=ProvenanceKind.CREATED,
                            by_id=await person_id("coordinator"), at=clock.now())
    refused = await post_form(second, f"/panels/citizens/{panel.id}/claims/{claim.id}/approve")
    assert refused.status_code == 400 and "to act alone, write why" in Page(refused.text).text
    assert "f-alone_reason" in Page(refused.text).ids
    assert (await MemberClaim.get(id=claim.id)).status == ClaimStatus.PENDING
    approved = await post_form(second, f"/panels/citizens/{panel.id}/claims/{claim.id}/approve",
                               {"alone_reason": "Our other coordinators are away until the payment run."})
    assert approved.status_code == 303
    assert (await MemberClaim.get(id=claim.id)).status == ClaimStatus.APPROVED
    assert await AuditEvent.filter(action="duties.acted_alone", subject_id=str(claim.id)).exists()
