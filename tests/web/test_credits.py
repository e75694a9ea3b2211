"""Time-credit pages: statements, rewards, service claims, the program's totals and chart, CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from jurycourt import clock
from jurycourt.actions import ledger
from jurycourt.models import LedgerBalance, LedgerEntry, Posting, RewardRequest, ServiceClaim
from jurycourt.queries.books import books_problems
from jurycourt.queries.ledger import hours_by_month
from tests.web.helpers import Page, post_form, sign_in
from tests.web.members import other_program_coordinator, person_id


async def balance_of(program_id: int, login: str) -> int:
    account = await ledger.personal_account(program_id, await person_id(login))
    return int((await LedgerBalance.get(account_id=account.id)).minutes)


async def test_a_member_sees_their_balance_statement_rewards_and_pending_request(client, demo):
    await sign_in(client, "respondent")
    response = await client.get("/me/credits")

    page = Page(response.text)
    assert response.status_code == 200
    minutes = await balance_of(demo.id, "respondent")
    assert minutes >= 180
    assert page.ids["balance"]["tag"] == "strong"
    assert "Tutoring at the library" in page.text
    assert "Refurbished computer — 100 h" in page.text
    assert "Club dues, one month — 2 h pending" in page.text


async def test_a_coordinator_approves_a_reward_request_and_the_credit_is_spent_once(client, demo):
    request = await RewardRequest.get(person_id=await person_id("respondent"))
    before = await balance_of(demo.id, "respondent")
    await sign_in(client, "coordinator")
    assert f"requests-{request.id}" in Page((await client.get("/credits")).text).ids

    first = await post_form(client, f"/credits/requests/{request.id}", {"decision": "approve"})
    again = await post_form(client, f"/credits/requests/{request.id}", {"decision": "approve"})

    assert first.status_code == 303
    assert again.status_code == 400 and "already been decided" in Page(again.text).text
    assert await balance_of(demo.id, "respondent") == before - 120
    assert await Posting.filter(reference=f"reward_request:{request.id}").count() == 1
    assert await books_problems() == []


async def test_declining_needs_a_reason_and_the_member_reads_it(client, demo):
    request = await RewardRequest.get(person_id=await person_id("respondent"))
    await sign_in(client, "coordinator")

    bare = await post_form(client, f"/credits/requests/{request.id}", {"decision": "decline"})
    told = await post_form(client, f"/credits/requests/{request.id}",
                           {"decision": "decline", "reason": "Dues are paid through June already"})
    await sign_in(client, "respondent")
    page = Page((await client.get("/me/credits")).text)

    assert bare.status_code == 400 and "Tell them why" in Page(bare.text).text
    assert told.status_code == 303
    assert "declined Dues are paid through June already" in page.text


async def test_proposed_service_with_no_hours_is_refused_beside_the_field_and_kept(client, demo):
    await sign_in(client, "juror")
    for hours in ("0", "-2", "lots"):
        response = await post_form(client, "/me/credits/service",
                                   {"hours": hours, "minutes": "", "note": "Mentoring", "served_on": "2020-01-01"})
        page = Page(response.text)
        assert response.status_code == 400
        assert "f-hours-error" in page.ids
        assert page.ids["f-note"]["value"] == "Mentoring"
    assert await ServiceClaim.filter(note="Mentoring").count() == 0


async def test_approved_service_claims_credit_the_member(client, demo):
    claim = await ServiceClaim.get(person_id=await person_id("juror"), status="pending")
    before = await balance_of(demo.id, "juror")
    await sign_in(client, "coordinator")

    response = await post_form(client, f"/credits/claims/{claim.id}", {"decision": "approve"})

    assert response.status_code == 303
    assert await balance_of(demo.id, "juror") == before + claim.minutes


async def test_a_coordinator_logs_service_on_a_members_credit_page(client, demo):
    juror = await person_id("juror")
    before = await balance_of(demo.id, "juror")
    await sign_in(client, "coordinator")

    response = await post_form(client, f"/people/{juror}/credits/service",
                               {"hours": "1", "minutes": "30", "note": "Peer counselling", "served_on": "2024-05-02",
                                "key": "k" * 24})
    page = Page((await client.get(f"/people/{juror}/credits")).text)

    assert response.status_code == 303
    assert await balance_of(demo.id, "juror") == before + 90
    assert "Service: Peer counselling" in page.text


async def test_the_program_page_shows_totals_a_chart_with_a_table_and_the_to_do(client, demo):
    await sign_in(client, "coordinator")
    page = Page((await client.get("/credits")).text)
    me = Page((await client.get("/me")).text)

    assert "Hours credited for service" in page.text
    assert "chart-title" in page.ids and "hours-by-month" in page.ids
    credited = await Posting.filter(program_id=demo.id, kind="service_credit").values_list("id", flat=True)
    given = sum(await LedgerEntry.filter(posting_id__in=credited, minutes__gt=0).values_list("minutes", flat=True))
    months = await hours_by_month(demo, clock.today())
    assert given > 0 and sum(m.former_respondents + m.others for m in months) == given
    assert any(m.former_respondents for m in months), "the respondent's logged tutoring counts as giving back"
    assert "Reward requests and service claims waiting for a decision" in me.text


async def test_other_roles_and_other_programs_get_404(client, demo):
    respondent = await person_id("respondent")
    await other_program_coordinator("elsewhere")
    await sign_in(client, "juror")
    for url in ("/credits", f"/people/{respondent}/credits", f"/people/{respondent}/credits.csv",
                "/credits/postings.csv"):
        assert (await client.get(url)).status_code == 404, url
    request = await RewardRequest.get(person_id=respondent)
    assert (await post_form(client, f"/credits/requests/{request.id}", {"decision": "approve"})).status_code == 404

    await sign_in(client, "elsewhere")
    assert (await client.get(f"/people/{respondent}/credits")).status_code == 404
    assert (await client.get(f"/credits?program={demo.id}")).status_code == 404
    assert (await post_form(client, f"/credits/requests/{request.id}", {"decision": "approve"})).status_code == 404
    assert (await RewardRequest.get(id=request.id)).status == "pending"


async def test_statement_and_postings_download_as_csv(client, demo):
    await sign_in(client, "respondent")
    mine = await client.get("/me/credits.csv")
    rows = list(csv.reader(io.StringIO(mine.text)))
    assert mine.headers["content-type"].startswith("text/csv")
    assert rows[0][:4] == ["date", "kind", "what", "minutes"]
    assert int(rows[-1][5]) == await balance_of(demo.id, "respondent")

    await sign_in(client, "coordinator")
    today = clock.today()
    everything = await client.get("/credits/postings.csv", params={"from": str(today - timedelta(days=60)),
                                                                   "to": str(today)})
    rows = list(csv.DictReader(io.StringIO(everything.text)))
    assert everything.status_code == 200
    assert {r["reference"].split(":")[0] for r in rows} == {"seat", "service_claim"}
    assert sum(int(r["minutes"]) for r in rows) == 0, "every posting in the export balances"
    bad = await client.get("/credits/postings.csv", params={"from": "2024-05-01", "to": "2024-04-01"})
    assert bad.status_code == 400


async def test_the_program_totals_agree_with_every_account_summed_one_by_one(client, demo):
    from jurycourt.models import LedgerAccount
    from jurycourt.queries.ledger import totals

    figures = await totals(demo.id)
    by_kind: dict[str, int] = {}
    for kind, minutes in await LedgerBalance.filter(account__program_id=demo.id).values_list(
            "account__kind", "minutes"):
        by_kind[kind] = by_kind.get(kind, 0) + minutes
    personal = await LedgerAccount.filter(program_id=demo.id, kind="personal").count()
    assert figures.issued == -by_kind["issuing"] > 0
    assert figures.redeemed == by_kind.get("rewards", 0)
    assert figures.held == by_kind["personal"]
    assert figures.members == personal > 0
