"""The coordinator's audit page: what is recorded, filters, keyset pages, CSV, and program boundaries."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from jurycourt.actions.setup import create_coordinator
from jurycourt.auth.passwords import make_hasher
from jurycourt.models import Account, AuditEvent, Case
from jurycourt.queries.audit_log import PAGE_SIZE
from tests.web.helpers import Page, post_form, sign_in


@pytest.mark.parametrize("login", ["juror", "respondent", "guardian", "panelist"])
async def test_only_coordinators_may_read_the_audit_log(client, demo, login):
    await sign_in(client, login)
    assert (await client.get("/audit")).status_code == 404
    assert (await client.get("/audit.csv")).status_code == 404


async def test_sign_ins_success_and_failure_are_listed(client, demo):
    await post_form(client, "/login", {"login": "juror", "password": "wrong password"})
    await sign_in(client, "juror")
    await post_form(client, "/logout")
    await sign_in(client, "coordinator")
    page = Page((await client.get("/audit?kind=signins")).text)
    assert "signin.failed" in page.text and " signin " in page.text
    assert "Ali Brooks" in page.text  # the account's person, found from the account (the login is not kept)
    failed = await AuditEvent.get(action="signin.failed")
    assert "juror" not in str(failed.detail)


async def test_refusals_are_recorded_with_the_route_name_only(client, demo):
    await sign_in(client, "juror")
    assert (await client.get("/people")).status_code == 404
    event = await AuditEvent.get(action="access.refused")
    juror = await Account.get(login="juror")
    assert (event.actor_id, event.detail) == (juror.person_id, {"status": 404, "route": "people"})
    await post_form(client, "/logout")
    await sign_in(client, "coordinator")
    assert "access.refused" in Page((await client.get("/audit?kind=refusals")).text).text


async def test_case_views_and_exports_are_listed(client, demo):
    await sign_in(client, "coordinator")
    case = await Case.filter(program_id=demo.id).first()
    assert (await client.get(f"/cases/{case.id}")).status_code == 200
    views = Page((await client.get("/audit?kind=case_views")).text)
    assert "case.viewed" in views.text and f"case #{case.id}" in views.text
    assert (await client.get("/credits/postings.csv")).status_code == 200
    exports = Page((await client.get("/audit?kind=exports")).text)
    assert "export.postings" in exports.text


async def test_filters_by_actor_and_date(client, demo):
    await sign_in(client, "juror")
    await post_form(client, "/logout")
    await sign_in(client, "coordinator")
    juror = await Account.get(login="juror")
    coordinator = await Account.get(login="coordinator")
    mine = Page((await client.get(f"/audit?kind=signins&actor={coordinator.person_id}")).text)
    theirs = Page((await client.get(f"/audit?kind=signins&actor={juror.person_id}")).text)
    assert mine.text.count("signin") >= 1 and "Only events by" in mine.text
    assert (await AuditEvent.filter(action="signin", actor_id=juror.person_id).count()) == \
        theirs.text.count(" signin ")
    yesterday = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()
    old = Page((await client.get(f"/audit?to={yesterday}")).text)
    assert "No events match" in old.text
    bad = await client.get("/audit?from=not-a-date")
    assert bad.status_code == 400 and "YYYY-MM-DD" in Page(bad.text).text


async def test_keyset_pages_cover_every_event_once(client, demo):
    await AuditEvent.bulk_create([AuditEvent(action="person.updated", program_id=demo.id, subject_type="person",
                                             subject_id=str(n)) for n in range(PAGE_SIZE + 7)])
    await sign_in(client, "coordinator")
    seen: list[str] = []
    url = "/audit?kind=people"
    while url:
        page = Page((await client.get(url)).text)
        seen += [t for t in page.text.split("#")[1:]]
        nexts = [link for link in page.links if "before=" in link]
        url = nexts[0] if nexts else ""
    expected = await AuditEvent.filter(action__startswith="person.", program_id=demo.id).count()
    assert expected >= PAGE_SIZE + 7
    assert len(seen) == expected


async def test_the_csv_export_has_the_filtered_events_and_is_audited(client, demo):
    await AuditEvent.create(action="publication.edited", program_id=demo.id, detail={"note": "=cmd()"})
    await sign_in(client, "coordinator")
    response = await client.get("/audit.csv?kind=publications")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:3] == ["event", "at", "action"]
    assert {r[2] for r in rows[1:]} <= {a for a in await AuditEvent.filter(
        action__startswith="publication.").values_list("action", flat=True)}
    assert any(r[7] == "'note==cmd()" for r in rows[1:]) or any(r[7].startswith("note=") for r in rows[1:])
    assert await AuditEvent.exists(action="export.audit")


async def test_a_coordinator_of_another_program_sees_none_of_these_events(client, demo):
    await sign_in(client, "juror")
    await client.get("/people")
    await post_form(client, "/logout")
    await sign_in(client, "coordinator")
    await client.get("/credits/postings.csv")
    await post_form(client, "/logout")
    await create_coordinator("Hillside Youth Court", "hillside", "a long enough passphrase", "Hana Hill",
                             make_hasher("cheapest"), "America/New_York")
    await sign_in(client, "hillside", "a long enough passphrase")
    other = (await Account.get(login="hillside")).person_id
    for kind in ["", "signins", "refusals", "case_views", "exports", "publications", "cases"]:
        html = (await client.get(f"/audit?kind={kind}")).text
        page = Page(html)
        assert "Ali Brooks" not in page.text and "access.refused" not in page.text, kind
        csv_rows = list(csv.reader(io.StringIO((await client.get(f"/audit.csv?kind={kind}")).text)))[1:]
        assert all(row[3] in (str(other), "") for row in csv_rows), (kind, csv_rows)
