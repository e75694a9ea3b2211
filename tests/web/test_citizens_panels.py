"""Citizens' panel pages: charter, import, quotas, commitment, the draw end to end, verify, permissions."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import httpx

from jurycourt.actions.citizens_draws import fail_interrupted_draws
from jurycourt.domain.citizens_panels import DrawStatus, VolunteerStatus
from jurycourt.models import (
    Account,
    AuditEvent,
    CitizensPanel,
    Draw,
    Hearing,
    Panel,
    PanelRecommendation,
    Person,
    Publication,
    Volunteer,
)
from jurycourt.sortition.worker import work
from tests.web.helpers import Page, client_for, post_form, sign_in

CATEGORIES = "Age band: 16-29, 30-44, 45+\nGender: Woman, Man"


async def _charter(client: httpx.AsyncClient, size: str = "6") -> int:
    response = await post_form(client, "/panels/citizens/new", {
        "title": "Parks panel", "question": "How should the parks be run?", "size": size, "reserves": "2",
        "algorithm": "maximin", "categories": CATEGORIES, "privacy_notice": "We erase your data."})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def _csv(n: int = 30, *, bom: bool = True) -> bytes:
    rng = random.Random(5)
    rows = ["reference,name,contact,address,Age band,Gender"]
    for i in range(n):
        rows.append(f"R{i},Person Number{i},p{i}@example.org,{i // 2 if i < 10 else i} Elm Road,"
                    f"{rng.choice(['16-29', '30-44', '45+'])},{['Woman', 'Man'][i % 2]}")
    return (("\ufeff" if bom else "") + "\n".join(rows) + "\n").encode()


async def _import(client, panel_id: int, data: bytes) -> httpx.Response:
    return await post_form(client, f"/panels/citizens/{panel_id}/import",
                           files={"file": ("pool.csv", data, "text/csv")})


async def test_the_panel_page_says_only_a_number_of_volunteers_imported_whatever_its_address_holds(client, demo):
    await sign_in(client, "coordinator")
    panel_id = await _charter(client)
    imported = await _import(client, panel_id, _csv())
    assert imported.status_code == 303 and imported.headers["location"].endswith("?imported=30")
    page = Page((await client.get(imported.headers["location"])).text)
    assert "imported" in page.ids and "30 volunteers imported." in page.text
    forged = await client.get(f"/panels/citizens/{panel_id}", params={"imported": "Call 555-0100 to keep zqxj"})
    shown = Page(forged.text)  # the address itself rides along only in the language menu's return link
    assert forged.status_code == 200 and "zqxj" not in shown.text and "imported" not in shown.ids


async def test_a_file_with_bad_rows_imports_nothing_and_lists_each_row(client, demo):
    await sign_in(client, "coordinator")
    panel_id = await _charter(client)
    bad = _csv(5).replace(b"R3,", b"R1,").replace(b",45+,", b",99+,")
    response = await _import(client, panel_id, bad)
    assert response.status_code == 400
    page = Page(response.text)
    assert "pool-errors" in page.ids and "Nothing was imported" in page.text
    assert "appears twice" in page.text
    assert await Volunteer.filter(panel_id=panel_id).count() == 0


async def test_a_file_in_another_encoding_is_refused_with_a_clear_message(client, demo):
    await sign_in(client, "coordinator")
    panel_id = await _charter(client)
    response = await _import(client, panel_id, "reference,name,contact,address,Age band,Gender\n"
                             "R1,Zoë,,1 Elm Road,45+,Woman\n".encode("latin-1"))
    assert response.status_code == 400
    assert "not UTF-8" in Page(response.text).text
    assert await Volunteer.filter(panel_id=panel_id).count() == 0


async def test_a_refused_quota_keeps_what_was_typed(client, demo):
    await sign_in(client, "coordinator")
    panel_id = await _charter(client)
    quota = await Panel.get(id=panel_id).prefetch_related("quotas")
    first = quota.quotas[0]
    response = await post_form(client, f"/panels/citizens/{panel_id}/quotas",
                               {f"min{first.id}": "5", f"max{first.id}": "2"})
    assert response.status_code == 400
    page = Page(response.text)
    assert page.ids[f"min{first.id}"]["value"] == "5"
    assert "larger than the maximum" in page.text


async def test_a_coordinator_imports_sets_quotas_commits_draws_and_verifies(client, demo, started):
    await sign_in(client, "coordinator")
    panel_id = await _charter(client)
    assert (await _import(client, panel_id, _csv())).status_code == 303
    assert await Volunteer.filter(panel_id=panel_id).count() == 30
    panel = await Panel.get(id=panel_id).prefetch_related("quotas")
    data = {}
    for q in panel.quotas:
        data[f"min{q.id}"], data[f"max{q.id}"] = ("2", "4") if q.category == "Gender" else ("1", "3")
    assert (await post_form(client, f"/panels/citizens/{panel_id}/quotas", data)).status_code == 303

    # Drawing before the commitment is refused; the library check runs in the worker.
    refused = await post_form(client, f"/panels/citizens/{panel_id}/draws", {"announced": "1 2 3"})
    assert refused.status_code == 400
    checked = await post_form(client, f"/panels/citizens/{panel_id}/check")
    assert checked.status_code == 303 and await work(started[-1])
    assert "check-ok" in Page((await client.get(checked.headers["location"])).text).ids

    assert (await post_form(client, f"/panels/citizens/{panel_id}/commit")).status_code == 303
    commitment = (await CitizensPanel.get(panel_id=panel_id)).commitment
    async with client_for(client.app) as public:
        page = Page((await public.get(f"/panels/citizens/{panel_id}")).text)
        assert page.ids["commitment"] and commitment in page.text

    queued = await post_form(client, f"/panels/citizens/{panel_id}/draws", {"announced": " 17  4 32 "})
    assert queued.status_code == 303
    waiting = await client.get(queued.headers["location"], headers={"HX-Request-Type": "partial"})
    assert "draw-progress" in Page(waiting.text).ids and "every 1s" in waiting.text
    assert await work(started[-1])

    done = Page((await client.get(queued.headers["location"])).text)
    assert "chart-summary" in done.ids and "probabilities" in done.ids
    draw = await Draw.get(id=started[-1])
    assert draw.status == DrawStatus.DONE and draw.announced == "17 4 32"
    assert len(draw.result["selected"]) == 6 and len(draw.result["reserves"]) == 2
    assert await Volunteer.filter(panel_id=panel_id, status=VolunteerStatus.SELECTED).count() == 6
    assert (await Panel.get(id=panel_id)).status == "drawn"

    verified = await post_form(client, f"/panels/citizens/{panel_id}/draws/{draw.id}/verify")
    assert verified.status_code == 303 and await work(started[-1])
    page = Page((await client.get(verified.headers["location"])).text)
    assert "exactly the same panel" in page.text

    # The public page names nobody; the audit trail holds no names either.
    async with client_for(client.app) as public:
        text = (await public.get(f"/panels/citizens/{panel_id}")).text
        assert "Person Number" not in text and "17 4 32" in text
        assert (await public.get(f"/panels/citizens/{panel_id}/draws/{draw.id}")).status_code == 303
    details = " ".join(str(e.detail) for e in await AuditEvent.filter(action__startswith="citizens_panel"))
    assert "Person Number" not in details and "example.org" not in details


async def test_quotas_the_library_cannot_meet_show_its_diagnosis_in_plain_words_on_the_draw_page(
        client, demo, started):
    await sign_in(client, "coordinator")
    panel_id = await _charter(client)
    rows = ["reference,name,contact,address,Age band,Gender"]
    for i in range(30):
        age, gender = ("16-29", "30-44", "45+")[i % 3], ("Woman", "Man")[i % 2]
        if not (age == "45+" and gender == "Woman" and i > 10):  # two women of 45+ only
            rows.append(f"R{i},Person Number{i},,{i} Elm Road,{age},{gender}")
    assert (await _import(client, panel_id, ("\n".join(rows) + "\n").encode())).status_code == 303
    panel = await Panel.get(id=panel_id).prefetch_related("quotas")
    wanted = {("Gender", "Woman"): ("5", "6"), ("Gender", "Man"): ("0", "1"), ("Age band", "45+"): ("4", "6")}
    data = {}
    for q in panel.quotas:
        data[f"min{q.id}"], data[f"max{q.id}"] = wanted.get((q.category, q.value), ("0", "6"))
    assert (await post_form(client, f"/panels/citizens/{panel_id}/quotas", data)).status_code == 303
    # Each value has enough volunteers, so the quick checks pass; only the library sees that 5 women and
    # 4 people of 45+ among 6 need 3 women of 45+.
    assert "The quick checks find no problem." in Page((await client.get(f"/panels/citizens/{panel_id}")).text).text

    checked = await post_form(client, f"/panels/citizens/{panel_id}/check")
    assert checked.status_code == 303 and not await work(started[-1])
    page = Page((await client.get(checked.headers["location"])).text)
    assert "draw-failed" in page.ids and "The quotas cannot be met with this pool." in page.text
    assert page.ids["diagnosis"]["tag"] == "ul"
    assert "No panel can meet every quota with this pool" in page.text
    assert "Lower the minimum for Age band “45+” from 4 to 3." in page.text
    assert "Run it again" in page.text
    # The message is kept in English and shown in each reader's language.
    account = await Account.get(login="coordinator")
    await Person.filter(id=account.person_id).update(language="es-US")
    page = Page((await client.get(checked.headers["location"])).text)
    assert "Las cuotas no se pueden cumplir con este grupo." in page.text
    assert "The quotas cannot be met with this pool." not in page.text


async def test_other_members_of_the_program_cannot_see_a_draw(client, demo):
    draw = await Draw.filter(purpose="draw").first()
    await sign_in(client, "juror")
    response = await client.get(f"/panels/citizens/{draw.panel_id}/draws/{draw.id}")
    assert response.status_code == 404
    page = Page((await client.get(f"/panels/citizens/{draw.panel_id}")).text)
    assert "members" not in page.ids and "quotas" not in page.ids


async def test_a_panel_member_sees_their_panel_and_its_members(client, demo):
    panel = await Panel.filter(kind="citizens").order_by("id").first()
    await sign_in(client, "panelist")
    page = Page((await client.get(f"/panels/citizens/{panel.id}")).text)
    assert "members" in page.ids and "quotas" not in page.ids


async def test_a_restart_marks_a_running_draw_failed_with_a_re_run_button(client, demo):
    panel = await Panel.filter(kind="citizens").order_by("id").first()
    stale = await Draw.create(panel=panel, purpose="check", status=DrawStatus.RUNNING, progress=40, inputs={})
    assert await fail_interrupted_draws(before=datetime.now(UTC) + timedelta(seconds=1)) == 1
    await stale.refresh_from_db()
    assert stale.status == DrawStatus.FAILED and "restarted" in stale.message
    await sign_in(client, "coordinator")
    page = Page((await client.get(f"/panels/citizens/{panel.id}/draws/{stale.id}")).text)
    assert "draw-failed" in page.ids and "Run it again" in page.text


async def test_a_volunteer_registers_then_withdraws_and_their_data_is_erased(client, demo):
    await sign_in(client, "coordinator")
    panel_id = await _charter(client)
    await client.post("/logout", data={"csrf_token": Page((await client.get("/")).text).csrf})
    form = await client.get(f"/panels/citizens/{panel_id}/volunteer")
    assert "privacy-notice" in Page(form.text).ids
    refused = await post_form(client, f"/panels/citizens/{panel_id}/volunteer", {
        "name": "Vera Volunteer", "contact": "vera@example.org", "address": "3 Oak Lane", "c0": "45+", "c1": "Woman"})
    assert refused.status_code == 400 and 'value="Vera Volunteer"' in refused.text  # consent missing, input kept
    response = await post_form(client, f"/panels/citizens/{panel_id}/volunteer", {
        "name": "Vera Volunteer", "contact": "vera@example.org", "address": "3 Oak Lane", "c0": "45+", "c1": "Woman",
        "consent": "yes"})
    assert response.status_code == 200
    link = Page(response.text).ids and re.search(r"/panels/citizens/withdraw/[\w-]+", response.text).group(0)
    volunteer = await Volunteer.get(panel_id=panel_id)
    assert volunteer.answers == {"Age band": "45+", "Gender": "Woman"} and "Oak" not in volunteer.household
    opened = await client.get(link)  # the link from their message opens a page with the withdrawal button
    assert opened.status_code == 200 and "Withdraw from the pool" in Page(opened.text).text
    assert (await post_form(client, link)).status_code == 200
    await volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.WITHDRAWN and volunteer.name == "" and volunteer.contact == ""
    assert (await post_form(client, link)).status_code == 404


async def test_the_volunteer_form_is_rate_limited(client, demo):
    panel = await Panel.filter(kind="citizens").order_by("id").first()
    await Panel.filter(id=panel.id).update(status="recruiting")
    statuses = [(await post_form(client, f"/panels/citizens/{panel.id}/volunteer", {"name": "x"})).status_code
                for _ in range(31)]
    assert statuses[0] == 400 and statuses[-1] == 429


async def test_ending_the_panel_erases_every_volunteer_not_selected(client, demo):
    panel = await Panel.filter(kind="citizens").order_by("id").first()
    selected = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).count()
    await sign_in(client, "coordinator")
    assert (await post_form(client, f"/panels/citizens/{panel.id}/end")).status_code == 303
    left = await Volunteer.filter(panel_id=panel.id).exclude(status=VolunteerStatus.SELECTED)
    assert left and all(v.name == "" and v.contact == "" and v.household == "" and v.answers == {} for v in left)
    assert await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).exclude(name="").count() \
        == selected


async def test_members_draft_recommendations_and_the_adopted_ones_become_a_draft_publication(client, demo):
    panel = await Panel.filter(kind="citizens").order_by("id").first()
    await sign_in(client, "panelist")
    drafted = await post_form(client, f"/panels/citizens/{panel.id}/recommendations",
                              {"text": "Open the youth centre on Sundays."})
    assert drafted.status_code == 303
    await post_form(client, f"/panels/citizens/{panel.id}/recommendations", {"text": "Close the park at night."})
    first, second = await PanelRecommendation.filter(panel_id=panel.id).order_by("id")
    refused = await post_form(client, f"/panels/citizens/{panel.id}/recommendations/{first.id}/vote",
                              {"votes_for": "10", "votes_against": "1"})
    assert refused.status_code == 404  # members draft; the coordinator records votes

    await client.post("/logout", data={"csrf_token": Page((await client.get("/")).text).csrf})
    await sign_in(client, "coordinator")
    for rec, votes in ((first, ("10", "1", "1")), (second, ("3", "8", "1"))):
        response = await post_form(client, f"/panels/citizens/{panel.id}/recommendations/{rec.id}/vote", {
            "votes_for": votes[0], "votes_against": votes[1], "abstentions": votes[2],
            "minority_statement": "Sundays are for families." if rec is first else ""})
        assert response.status_code == 303
    page = Page((await client.get(f"/panels/citizens/{panel.id}")).text)
    assert "91% support (10 for, 1 against, 1 abstaining)" in page.text and "27% support" in page.text
    published = await post_form(client, f"/panels/citizens/{panel.id}/recommendations/publish")
    assert published.status_code == 303
    publication = await Publication.get(id=int(published.headers["location"].rsplit("/", 1)[1]))
    assert publication.kind == "panel_recommendations" and publication.state == "draft"
    body = publication.body_markdown
    assert "Open the youth centre on Sundays." in body and "91% support" in body
    assert "Sundays are for families." in publication.body_markdown
    assert "Close the park" not in publication.body_markdown
    await first.refresh_from_db()
    await second.refresh_from_db()
    assert first.publication_id == publication.id and second.publication_id is None  # what the impact page counts

    again = await post_form(client, f"/panels/citizens/{panel.id}/recommendations/publish")
    assert again.status_code == 400 and "in a publication already" in Page(again.text).text
    revote = await post_form(client, f"/panels/citizens/{panel.id}/recommendations/{first.id}/vote",
                             {"votes_for": "1", "votes_against": "10"})
    assert revote.status_code == 400 and "can no longer change" in Page(revote.text).text
    assert (await PanelRecommendation.get(id=first.id)).votes_for == 10


async def test_anonymous_visitors_see_no_draft_recommendation_or_vote_share_before_publication(client, app, demo):
    panel = await Panel.filter(kind="citizens").order_by("id").first()
    await sign_in(client, "coordinator")
    base = f"/panels/citizens/{panel.id}/recommendations"
    await post_form(client, base, {"text": "Open the skate park until ten."})
    await post_form(client, base, {"text": "Fund a night bus on Fridays."})
    voted, unvoted = await PanelRecommendation.filter(panel_id=panel.id).order_by("id")
    await post_form(client, f"{base}/{voted.id}/vote", {"votes_for": "9", "votes_against": "2", "abstentions": "1",
                                                        "minority_statement": "Ten is too late on school nights."})
    assert "82% support" in Page((await client.get(f"/panels/citizens/{panel.id}")).text).text  # the coordinator
    drafted = await post_form(client, f"{base}/publish")
    draft = await Publication.get(id=int(drafted.headers["location"].rsplit("/", 1)[1]))

    secrets = ("skate park", "night bus", "82%", "9 for", "Ten is too late")
    async with client_for(app, address=("127.0.0.1", 50003)) as public:
        page = await public.get(f"/panels/citizens/{panel.id}")
        assert page.status_code == 200 and "recommendations" not in Page(page.text).ids
        for url in (f"/panels/citizens/{panel.id}", "/findings", "/findings?q=skate", "/findings/feed.atom",
                    "/open-data/findings.json", "/panels/citizens"):
            text = (await public.get(url)).text
            assert not [s for s in secrets if s.lower() in text.lower()], url
        assert (await public.get(f"/findings/{draft.slug}")).status_code == 404
        assert (await public.get(f"/findings/{draft.slug}.pdf")).status_code == 404
        private = await public.get(f"/publications/{draft.id}")
        assert private.status_code == 303 and private.headers["location"].startswith("/login")
        refused = await post_form(public, f"{base}/{unvoted.id}/vote", {"votes_for": "12", "votes_against": "0"})
        assert refused.status_code == 303 and (await PanelRecommendation.get(id=unvoted.id)).voted_at is None


async def test_the_demo_panel_is_drawn_from_300_volunteers_and_half_way_through_its_sessions(client, demo):
    panel = await Panel.filter(kind="citizens").order_by("id").first()
    assert panel.status == "drawn"
    assert await Volunteer.filter(panel_id=panel.id).count() == 300
    assert await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).count() == 12
    draw = await Draw.get(panel_id=panel.id, purpose="draw")
    assert draw.status == DrawStatus.DONE and len(draw.result["probabilities"]) == 300
    sessions = await Hearing.filter(citizens_panel_link__panel_id=panel.id)
    assert sorted(h.status for h in sessions) == ["held", "held", "planned", "planned"]
