"""Inquiries over HTTP: who may see them, evidence and documents, votes, follow-up, the public report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jurycourt import clock
from jurycourt.actions import ledger
from jurycourt.actions.hearings import set_hearing_status
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.models import (
    Account,
    AuditEvent,
    Document,
    EvidenceItem,
    Finding,
    FindingResponse,
    FindingVote,
    Hearing,
    Inquiry,
    InquiryMember,
    LedgerBalance,
    Membership,
    Publication,
    Seat,
    Statement,
    StatusChange,
    Witness,
)
from tests.duties import hearing_at, seat_for
from tests.web.helpers import Page, post_form, sign_in


@pytest.fixture
async def open_inquiry(demo) -> Inquiry:
    return await Inquiry.get(title="Were the promises kept?")


@pytest.fixture
async def published(demo) -> Inquiry:
    return await Inquiry.get(title="Speaking truth to power")


def _pages(i: Inquiry) -> list[str]:
    return [f"/inquiries/{i.id}", f"/inquiries/{i.id}/evidence", f"/inquiries/{i.id}/witnesses",
            f"/inquiries/{i.id}/findings"]


@pytest.mark.parametrize("login", ["coordinator", "foreperson", "grandjuror"])
async def test_members_and_coordinators_see_an_inquiry_before_publication(client, open_inquiry, login):
    await sign_in(client, login)
    for url in _pages(open_inquiry):
        response = await client.get(url)
        assert response.status_code == 200, url
        assert "Were the promises kept?" in Page(response.text).text


@pytest.mark.parametrize("login", ["juror", "respondent", "guardian", "panelist"])
async def test_nobody_else_learns_an_unpublished_inquiry_exists(client, open_inquiry, login):
    await sign_in(client, login)
    document = await Document.get(topic="inquiry", topic_id=open_inquiry.id)
    for url in [*_pages(open_inquiry), f"/inquiries/{open_inquiry.id}/documents/{document.id}", "/inquiries"]:
        assert (await client.get(url)).status_code == 404, url
    refused = await post_form(client, f"/inquiries/{open_inquiry.id}/evidence",
                              {"kind": "note", "title": "Sneaky", "body": "x"})
    assert refused.status_code == 404
    assert not await EvidenceItem.exists(title="Sneaky")


async def test_anonymous_visitors_are_sent_to_sign_in_and_the_public_index_does_not_list_it(client, open_inquiry):
    assert (await client.get(f"/inquiries/{open_inquiry.id}")).status_code in (303, 307)
    assert "Were the promises kept?" not in (await client.get("/findings")).text


async def test_the_nav_shows_inquiries_to_grand_jurors_but_not_to_jurors(client, demo):
    await sign_in(client, "grandjuror")
    assert "/inquiries" in Page((await client.get("/me")).text).links
    await client.post("/logout", data={"csrf_token": Page((await client.get("/me")).text).csrf})
    await sign_in(client, "juror")
    assert "/inquiries" not in Page((await client.get("/me")).text).links


async def test_a_member_uploads_a_document_that_only_members_download_as_an_attachment(client, app, open_inquiry):
    await sign_in(client, "grandjuror")
    response = await post_form(client, f"/inquiries/{open_inquiry.id}/evidence",
                               {"kind": "document", "title": "Clinic list", "tags": "Treatment, Clinics"},
                               files={"file": ("clinics.csv", b"clinic,beds\nEast,0\n", "application/x-evil")})
    assert response.status_code == 303, response.text
    item = await EvidenceItem.get(title="Clinic list").select_related("document")
    assert item.tags == ",treatment,clinics,"
    assert (item.document.content_type, item.document.filename) == ("text/csv", "clinics.csv")
    listed = Page((await client.get(f"/inquiries/{open_inquiry.id}/evidence")).text)
    assert f"/inquiries/{open_inquiry.id}/documents/{item.document.id}" in listed.links
    assert "Download clinics.csv" in listed.text
    download = await client.get(f"/inquiries/{open_inquiry.id}/documents/{item.document.id}")
    assert download.status_code == 200
    assert download.content == b"clinic,beds\nEast,0\n"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-type"].startswith("text/csv")
    other = await Inquiry.get(title="Speaking truth to power")
    assert (await client.get(f"/inquiries/{other.id}/documents/{item.document.id}")).status_code == 404
    event = await AuditEvent.filter(action="document.stored").order_by("-id").first()
    assert "clinics" not in str(event.detail)


async def test_a_program_disguised_as_a_pdf_is_refused_beside_the_field_and_the_title_is_kept(client, open_inquiry):
    await sign_in(client, "grandjuror")
    response = await post_form(client, f"/inquiries/{open_inquiry.id}/evidence",
                               {"kind": "document", "title": "Budget scan"},
                               files={"file": ("budget.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64, "application/pdf")})
    assert response.status_code == 400
    page = Page(response.text)
    assert "not accepted" in page.text
    assert page.ids["f-file"].get("aria-invalid") == "true"
    assert page.ids["f-title"]["value"] == "Budget scan"
    assert not await EvidenceItem.exists(title="Budget scan")


async def test_a_file_over_the_size_limit_is_refused(client, open_inquiry):
    await sign_in(client, "grandjuror")
    big = b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024)
    response = await post_form(client, f"/inquiries/{open_inquiry.id}/evidence",
                               {"kind": "document", "title": "Huge"},
                               files={"file": ("huge.pdf", big, "application/pdf")})
    assert response.status_code == 400
    assert "too large" in Page(response.text).text
    assert not await Document.exists(filename="huge.pdf")


async def test_evidence_is_searched_within_the_inquiry_and_filtered_by_tag(client, open_inquiry, published):
    await sign_in(client, "foreperson")
    found = Page((await client.get(f"/inquiries/{open_inquiry.id}/evidence?q=certified")).text).text
    assert "Visit to the peer counsellor pilot" in found and "budget lines" not in found
    tagged = Page((await client.get(f"/inquiries/{open_inquiry.id}/evidence?tag=budget")).text).text
    assert "budget lines" in tagged and "Visit to the peer counsellor pilot" not in tagged


async def test_members_vote_once_and_the_foreperson_closes_the_vote_by_the_threshold(client, app, open_inquiry):
    finding = await Finding.get(inquiry_id=open_inquiry.id, title="Still nothing for treatment")
    await sign_in(client, "grandjuror")
    assert (await post_form(client, f"/inquiries/{open_inquiry.id}/findings/{finding.id}/vote",
                            {"choice": "for", "confirmed": "yes"})).status_code == 303
    again = await post_form(client, f"/inquiries/{open_inquiry.id}/findings/{finding.id}/vote",
            {"choice": "against", "confirmed": "yes"})
    assert again.status_code == 400 and "already voted" in Page(again.text).text
    assert await FindingVote.filter(finding_id=finding.id).count() == 2  # the demo's vote and this one
    await client.post("/logout", data={"csrf_token": Page((await client.get("/me")).text).csrf})
    await sign_in(client, "foreperson")
    await post_form(client, f"/inquiries/{open_inquiry.id}/findings/{finding.id}/vote",
            {"choice": "abstain", "confirmed": "yes"})
    assert (await post_form(client, f"/inquiries/{open_inquiry.id}/findings/{finding.id}/close",
            {"confirmed": "yes"})).status_code == 303
    closed = await Finding.get(id=finding.id)
    # 7 members in office: 2/3 × 7 = 14/3, so 5 votes are needed; 2 for, 1 abstaining, 4 absent.
    assert (closed.state, closed.votes_for, closed.votes_abstain, closed.members_in_office, closed.votes_needed) == \
        ("not_adopted", 2, 1, 7, 5)
    page = Page((await client.get(f"/inquiries/{open_inquiry.id}/findings")).text)
    assert "2 for, 0 against, 1 abstaining, 4 not voting, of 7 members in office (5 needed)" in page.text


async def test_without_javascript_a_vote_and_the_closing_ask_on_a_page_first_and_change_nothing(
        client, open_inquiry):
    finding = await Finding.get(inquiry_id=open_inquiry.id, title="Still nothing for treatment")
    url = f"/inquiries/{open_inquiry.id}/findings/{finding.id}"
    await sign_in(client, "grandjuror")
    before = await FindingVote.filter(finding_id=finding.id).count()
    asked = await post_form(client, f"{url}/vote", {"choice": "against"})
    assert asked.status_code == 200
    page = Page(asked.text)
    assert "Vote “Against” on this finding?" in page.text and "can't be changed" in page.text
    assert 'name="confirmed" value="yes"' in asked.text
    assert 'name="choice" value="against" class="irreversible"' in asked.text
    assert await FindingVote.filter(finding_id=finding.id).count() == before  # nothing changed yet
    assert (await post_form(client, f"{url}/vote", {"choice": "against", "confirmed": "yes"})).status_code == 303
    assert await FindingVote.filter(finding_id=finding.id).count() == before + 1
    await sign_in(client, "foreperson")
    closing = Page((await post_form(client, f"{url}/close")).text)
    assert "Close the vote and count it?" in closing.text
    assert (await Finding.get(id=finding.id)).state == "draft"


async def test_a_coordinator_who_is_not_a_member_cannot_vote(client, open_inquiry):
    finding = await Finding.get(inquiry_id=open_inquiry.id)
    await sign_in(client, "coordinator")
    response = await post_form(client, f"/inquiries/{open_inquiry.id}/findings/{finding.id}/vote",
            {"choice": "for", "confirmed": "yes"})
    assert response.status_code == 403


async def test_an_indictment_needs_evidence_and_a_refusal_keeps_what_was_typed(client, open_inquiry):
    await sign_in(client, "grandjuror")
    response = await post_form(client, f"/inquiries/{open_inquiry.id}/findings", {
        "kind": "indictment", "title": "No counsellors certified", "body_named": "The drug agency",
        "text": "Has certified none of the counsellors it trained."})
    assert response.status_code == 400
    page = Page(response.text)
    assert "rests on evidence" in page.text
    assert page.ids["f-title"]["value"] == "No counsellors certified"
    evidence = await EvidenceItem.get(title="Visit to the peer counsellor pilot")
    ok = await post_form(client, f"/inquiries/{open_inquiry.id}/findings", {
        "kind": "indictment", "title": "No counsellors certified", "body_named": "The drug agency",
        "text": "Has certified none of the counsellors it trained.", "evidence": str(evidence.id)})
    assert ok.status_code == 303
    assert (await Finding.get(title="No counsellors certified")).evidence_ids == [evidence.id]


async def test_the_charter_page_shows_each_candidates_eligibility_and_why(client, open_inquiry, demo):
    await sign_in(client, "coordinator")
    # A grand juror who has never served on a jury: listed, not eligible, and told why.
    person_id = (await Account.get(login="juror")).person_id
    await Membership.create(person_id=person_id, program=demo, role=Role.GRAND_JUROR)
    page = Page((await client.get(f"/inquiries/{open_inquiry.id}")).text)
    assert "needs 3" in page.text
    refused = await post_form(client, f"/inquiries/{open_inquiry.id}/members", {"person": str(person_id),
                                                                               "role": "member"})
    assert refused.status_code == 400 and "Not eligible" in Page(refused.text).text


async def test_a_coordinator_charters_an_inquiry_and_a_bad_threshold_is_refused_and_kept(client, demo):
    await sign_in(client, "coordinator")
    data = {"title": "Safe routes", "question": "How do teenagers get to school safely?", "scope": "",
            "starts_on": "2026-01-10", "ends_on": "2026-07-10", "threshold": "1/2"}
    refused = await post_form(client, "/inquiries/new", data)
    assert refused.status_code == 400
    page = Page(refused.text)
    assert "more than one half" in page.text and page.ids["f-threshold"]["value"] == "1/2"
    created = await post_form(client, "/inquiries/new", {**data, "threshold": "3/4"})
    assert created.status_code == 303
    inquiry = await Inquiry.get(title="Safe routes")
    assert (inquiry.threshold_numerator, inquiry.threshold_denominator, inquiry.state) == (3, 4, "chartered")
    refused_step = await post_form(client, f"/inquiries/{inquiry.id}/step", {"step_action": "investigate"})
    assert refused_step.status_code == 400 and "Seat the members" in Page(refused_step.text).text
    wrong = await post_form(client, f"/inquiries/{inquiry.id}/step", {"step_action": "close"})
    assert wrong.status_code == 400


async def test_the_public_report_shows_responses_the_status_timeline_and_overdue_bodies(client, published):
    page = Page((await client.get("/findings/speaking-truth-to-power")).text)
    text = page.text
    assert "Responses and follow-up" in text
    assert "fund a pilot training and certification course" in text
    assert "Accepted" in text and "In progress — The first twelve counsellors started training." in text
    assert "Rejected — The city says its panels already include community members." in text
    assert text.count("overdue") >= 2  # the city government's indictment and the parks department's club
    assert "Were the promises kept?" not in text


async def test_the_coordinator_records_a_response_and_a_dated_status_and_the_public_page_changes(client, published):
    club = await Finding.get(inquiry_id=published.id, title="A drug-free club")
    await sign_in(client, "coordinator")
    assert "Inquiry findings whose named body has not responded" in Page((await client.get("/me")).text).text
    url = f"/inquiries/{published.id}/findings/{club.id}"
    refused = await post_form(client, f"{url}/status", {f"status-{club.id}": "rejected", f"reason-{club.id}": ""})
    assert refused.status_code == 400 and "Say why" in Page(refused.text).text
    today = clock.today().isoformat()
    assert (await post_form(client, f"{url}/responses", {
        f"stance-{club.id}": "agrees", f"response-{club.id}": "The department will open the club in the spring.",
        f"responded_on-{club.id}": today})).status_code == 303
    assert (await post_form(client, f"{url}/status", {f"status-{club.id}": "accepted",
                                                      f"reason-{club.id}": ""})).status_code == 303
    assert await StatusChange.filter(finding_id=club.id).count() == 1
    follow = Page((await client.get(f"/inquiries/{published.id}/follow-up")).text).text
    assert "The department will open the club in the spring." in follow
    await client.post("/logout", data={"csrf_token": Page((await client.get("/me")).text).csrf})
    public = Page((await client.get("/findings/speaking-truth-to-power")).text).text
    assert "The department will open the club in the spring." in public


async def test_the_public_report_is_not_served_from_a_stale_cache_after_a_response(client, published):
    first = await client.get("/findings/speaking-truth-to-power")
    etag = first.headers["etag"]
    club = await Finding.get(inquiry_id=published.id, title="A drug-free club")
    await StatusChange.create(finding=club, status="accepted", changed_on=clock.today())
    again = await client.get("/findings/speaking-truth-to-power", headers={"If-None-Match": etag,
                                                                          "If-Modified-Since": first.headers.get(
                                                                              "last-modified", "")})
    assert again.status_code == 200


async def test_grand_jurors_seated_at_an_inquiry_hearing_are_credited_for_their_hours(demo):
    coordinator = await Account.get(login="coordinator")
    viewer = Viewer(person_id=coordinator.person_id, account_id=coordinator.id,
                    roles={demo.id: frozenset({Role.COORDINATOR})})
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=4)
    hearing = await hearing_at(demo, start, hours=2, kind=SessionKind.INQUIRY_HEARING)
    seat = await seat_for("grandjuror", hearing, role=SeatRole.GRAND_JUROR)
    await Seat.filter(id=seat.id).update(checked_in_at=start, checked_out_at=start + timedelta(hours=2))
    grandjuror = await Account.get(login="grandjuror")
    account = await ledger.personal_account(demo.id, grandjuror.person_id)
    before = (await LedgerBalance.get_or_none(account_id=account.id))
    before_minutes = int(before.minutes) if before else 0
    await set_hearing_status(viewer, hearing, HearingStatus.HELD)
    after = await LedgerBalance.get(account_id=account.id)
    assert int(after.minutes) - before_minutes == 120


async def test_members_discuss_a_finding_in_the_shared_thread_until_the_vote_closes(client, open_inquiry):
    finding = await Finding.get(inquiry_id=open_inquiry.id, title="Still nothing for treatment")
    url = f"/inquiries/{open_inquiry.id}/findings/{finding.id}/discussion"
    await sign_in(client, "juror")
    assert (await client.get(url)).status_code == 404
    assert (await post_form(client, f"{url}/statements", {"body": "Let me in"})).status_code == 404
    await sign_in(client, "grandjuror")
    assert (await post_form(client, f"{url}/statements", {"body": "The budget shows zero for treatment."})
            ).status_code == 303
    assert "The budget shows zero for treatment." in Page((await client.get(url)).text).text
    await sign_in(client, "foreperson")
    assert (await post_form(client, f"/inquiries/{open_inquiry.id}/findings/{finding.id}/close",
            {"confirmed": "yes"})).status_code == 303
    page = Page((await client.get(url)).text).text
    assert "sealed" in page and "The budget shows zero for treatment." in page
    refused = await post_form(client, f"{url}/statements", {"body": "One more thing"})
    assert refused.status_code == 400
    assert not await Statement.exists(body="One more thing")


async def test_witnesses_are_invited_to_an_inquiry_hearing_asked_prepared_questions_and_their_testimony_linked(
        client, open_inquiry, demo):
    hearing = await Hearing.filter(program=demo, kind=SessionKind.INQUIRY_HEARING).first()
    jury = await Hearing.filter(program=demo, kind=SessionKind.JURY_HEARING).first()
    await sign_in(client, "grandjuror")
    invitation = {"name": "The budget director", "body": "The city government", "hearing": str(hearing.id)}
    refused = await post_form(client, f"/inquiries/{open_inquiry.id}/witnesses", invitation)
    assert refused.status_code == 403  # members prepare questions; the foreperson and coordinators invite
    await sign_in(client, "foreperson")
    wrong = await post_form(client, f"/inquiries/{open_inquiry.id}/witnesses",
                            {"name": "The budget director", "body": "The city government", "hearing": str(jury.id)})
    assert wrong.status_code == 400 and "inquiry hearings" in Page(wrong.text).text
    assert (await post_form(client, f"/inquiries/{open_inquiry.id}/witnesses", {
        "name": "The budget director", "body": "The city government", "hearing": str(hearing.id)})).status_code == 303
    witness = await Witness.get(name="The budget director")
    assert witness.hearing_id == hearing.id
    await sign_in(client, "grandjuror")
    assert (await post_form(client, f"/inquiries/{open_inquiry.id}/witnesses/{witness.id}/questions",
                            {f"question-{witness.id}": "Why is treatment for youth still zero?"})).status_code == 303
    budget = await EvidenceItem.get(title="Youth prevention budget lines, last three years")
    await sign_in(client, "foreperson")
    assert (await post_form(client, f"/inquiries/{open_inquiry.id}/witnesses/{witness.id}/testimony", {
        f"testimony-{witness.id}": "The director said treatment money is planned for next year.",
        "evidence": str(budget.id)})).status_code == 303
    witness = await Witness.get(id=witness.id)
    assert witness.testimony_evidence == [budget.id] and witness.testimony_at is not None
    page = Page((await client.get(f"/inquiries/{open_inquiry.id}/witnesses")).text).text
    assert "Why is treatment for youth still zero?" in page
    assert "Linked evidence: Youth prevention budget lines, last three years" in page
    late = await post_form(client, f"/inquiries/{open_inquiry.id}/witnesses/{witness.id}/questions",
                           {f"question-{witness.id}": "Too late?"})
    assert late.status_code == 400


async def test_the_report_is_assembled_from_adopted_findings_and_goes_through_the_publication_workflow(
        client, open_inquiry, app):
    finding = await Finding.get(inquiry_id=open_inquiry.id)
    members = await InquiryMember.filter(inquiry_id=open_inquiry.id).values_list("person_id", flat=True)
    for person_id in members:
        if not await FindingVote.exists(finding_id=finding.id, person_id=person_id):
            await FindingVote.create(finding_id=finding.id, person_id=person_id, choice="for")
    await sign_in(client, "coordinator")
    url = f"/inquiries/{open_inquiry.id}"
    assert (await post_form(client, f"{url}/findings/{finding.id}/close", {"confirmed": "yes"})).status_code == 303
    assert (await Finding.get(id=finding.id)).state == "adopted"
    early = await post_form(client, f"{url}/report", {"introduction": "Why we looked again."})
    assert early.status_code == 400  # not drafting yet
    assert (await post_form(client, f"{url}/step", {"step_action": "draft"})).status_code == 303
    empty = await post_form(client, f"{url}/report", {"introduction": ""})
    assert empty.status_code == 400 and Page(empty.text).ids["f-introduction"].get("aria-invalid") == "true"
    assert (await post_form(client, f"{url}/report", {"introduction": "Why we looked again."})).status_code == 303
    inquiry = await Inquiry.get(id=open_inquiry.id).select_related("publication")
    report = inquiry.publication
    assert (report.kind, report.state) == ("inquiry_report", "draft")
    body = report.body_markdown
    assert body.index("Why we looked again.") < body.index("Still nothing for treatment")
    assert "Adopted by 7 of 7 members." in report.body_markdown
    too_soon = await post_form(client, f"{url}/step", {"step_action": "publish"})
    assert too_soon.status_code == 400 and "Publish the report first" in Page(too_soon.text).text
    assert (await post_form(client, f"/publications/{report.id}/submit")).status_code == 303
    await sign_in(client, "coordinator2")
    assert (await post_form(client, f"/publications/{report.id}/publish")).status_code == 303
    assert (await post_form(client, f"{url}/step", {"step_action": "publish"})).status_code == 303
    public = Page((await client.get(f"/findings/{(await Publication.get(id=report.id)).slug}")).text).text
    assert "Responses and follow-up" in public and "Still nothing for treatment" in public


async def test_a_response_naming_a_minor_is_refused_before_it_reaches_the_public_page(client, published):
    club = await Finding.get(inquiry_id=published.id, title="A drug-free club")
    await sign_in(client, "coordinator")
    response = await post_form(client, f"/inquiries/{published.id}/findings/{club.id}/responses", {
        f"stance-{club.id}": "agrees", f"response-{club.id}": "Tanya Reyes will run the club.",
        f"responded_on-{club.id}": clock.today().isoformat()})
    assert response.status_code == 400
    page = Page(response.text)
    assert "could identify" in page.text
    assert page.ids[f"f-response-{club.id}"].get("aria-invalid") == "true"
    assert "Tanya Reyes will run the club." in response.text  # kept for correcting, not saved
    assert not await FindingResponse.exists(finding_id=club.id)


async def test_the_demos_public_follow_up_passes_the_redaction_guard(published):
    from jurycourt.actions.publications import protected_people
    from jurycourt.domain import redaction

    people = await protected_people(published.program_id)
    texts = {f"title{f.id}": f"{f.title} {f.body_named}" for f in await Finding.filter(inquiry_id=published.id)}
    texts |= {f"response{r.id}": r.text for r in await FindingResponse.filter(finding__inquiry_id=published.id)}
    texts |= {f"reason{c.id}": c.reason for c in await StatusChange.filter(finding__inquiry_id=published.id)}
    assert len(texts) >= 10
    assert redaction.check(texts, people) == []


async def test_when_a_member_leaves_office_the_threshold_counts_only_those_still_in_office(client, open_inquiry):
    grandjuror = await Account.get(login="grandjuror")
    member = await InquiryMember.get(inquiry_id=open_inquiry.id, person_id=grandjuror.person_id)
    await sign_in(client, "grandjuror")
    refused = await post_form(client, f"/inquiries/{open_inquiry.id}/members/{member.id}/leave")
    assert refused.status_code == 403
    await sign_in(client, "coordinator")
    assert "5 of 7 votes adopt a finding" in Page((await client.get(f"/inquiries/{open_inquiry.id}")).text).text
    assert (await post_form(client, f"/inquiries/{open_inquiry.id}/members/{member.id}/leave")).status_code == 303
    assert "4 of 6 votes adopt a finding" in Page((await client.get(f"/inquiries/{open_inquiry.id}")).text).text
    again = await post_form(client, f"/inquiries/{open_inquiry.id}/members/{member.id}/leave")
    assert again.status_code == 400
    await sign_in(client, "grandjuror")
    finding = await Finding.get(inquiry_id=open_inquiry.id)
    vote = await post_form(client, f"/inquiries/{open_inquiry.id}/findings/{finding.id}/vote",
            {"choice": "for", "confirmed": "yes"})
    assert vote.status_code == 403  # a past member still reads the inquiry but no longer votes
    assert (await client.get(f"/inquiries/{open_inquiry.id}/findings")).status_code == 200
