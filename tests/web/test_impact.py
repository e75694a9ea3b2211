"""The public impact page and the open data: aggregates only, nobody named, cached for anonymous
visitors and never for signed-in ones."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta

from jurycourt import clock
from jurycourt.actions import referrals
from jurycourt.actions.figures import close_months
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.publication import PublicationKind, PublicationState
from jurycourt.domain.roles import Role
from jurycourt.models import Account, Case, Panel, PanelRecommendation, Person, Program, Publication, PublishedFigures
from tests.web.helpers import Page, client_for, post_form, sign_in

CANARY_CHILD = ("Quillon", "Vexmarrow")
CANARY_PARENT = ("Ottoline", "Vexmarrow")
CANARY_CONTACT = ("zephyr.canary@example.net", "202-555-7319", "77 Marigold Canary Lane")
PUBLIC_URLS = ("/impact", "/open-data", "/open-data/impact.csv", "/open-data/impact.json",
               "/open-data/findings.csv", "/open-data/findings.json")


async def _refer_canary(program: Program) -> None:
    coordinator = await Account.get(login="coordinator")
    viewer = Viewer(person_id=coordinator.person_id, account_id=coordinator.id,
                    roles={program.id: frozenset({Role.COORDINATOR})})
    referral = referrals.Referral("police", "Officer Canary Q. Test", clock.today() - timedelta(days=1), "vandalism",
                                  "Quillon Vexmarrow painted the wall at 77 Marigold Canary Lane.")
    await referrals.refer_case(
        viewer, program.id, referral,
        respondent={"given_name": CANARY_CHILD[0], "family_name": CANARY_CHILD[1], "date_of_birth": "2011-03-04",
                    "email": CANARY_CONTACT[0], "phone": CANARY_CONTACT[1], "address": CANARY_CONTACT[2]},
        guardian={"given_name": CANARY_PARENT[0], "family_name": CANARY_PARENT[1], "phone": CANARY_CONTACT[1]})


async def test_anyone_sees_the_impact_page_with_charts_that_have_text_alternatives_and_tables(client, demo):
    response = await client.get("/impact")
    page = Page(response.text)
    assert response.status_code == 200
    assert "Our impact in numbers" in page.text and demo.name in page.text
    for chart in ("cases-chart", "hours-chart"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in response.text
        assert f"{chart}-title" in page.ids and f"{chart}-desc" in page.ids
    assert response.text.count('role="img"') == 2
    for table in ("cases-table", "hours-table", "completion-table", "jurors-table", "justice-table"):
        assert page.ids[table]["tag"] == "table"
    assert page.ids["recommendations-table"]["tag"] == "table"  # the demo's published inquiry
    assert 'class="bar referrals"' in response.text and 'class="bar former"' in response.text, "real bars"


async def test_the_demo_inquirys_recommendations_are_listed_by_status_each_too_few_to_show(client, demo):
    # Its three adopted recommendations: one in progress, one rejected, one without a response.
    page = Page((await client.get("/impact")).text)
    assert "no-recommendations" not in page.ids
    table = page.text[page.text.index("Recommendations adopted and their status"):]
    for status in ("No response", "Accepted", "In progress", "Implemented", "Rejected"):
        assert f"{status} not shown" in table or f"{status} 0" in table, status
    assert "In progress not shown" in table and "Rejected not shown" in table
    [program] = json.loads((await client.get("/open-data/impact.json")).text)["programs"]
    counts = {r["status"]: r["count"] for r in program["recommendations"]}
    assert counts == {"No response": None, "Accepted": 0, "In progress": None, "Implemented": 0, "Rejected": None}
    rows = list(csv.DictReader(io.StringIO((await client.get("/open-data/impact.csv")).text)))
    shown = {r["row"]: (r["value"], r["shown"]) for r in rows if r["measure"] == "recommendations"}
    assert shown["In progress"] == ("", "no") and shown["Implemented"] == ("0", "yes")


async def test_no_recommendations_published_when_the_months_closed_says_so(client, demo):
    await PublishedFigures.filter(program_id=demo.id).delete()
    await Publication.filter(slug__in=["speaking-truth-to-power", "responding-to-minor-disorder"]).update(
        state=PublicationState.WITHDRAWN)
    await close_months()
    page = Page((await client.get("/impact")).text)
    assert "no-recommendations" in page.ids and "recommendations-table" not in page.ids


async def test_values_not_shown_are_hatched_bars_and_say_so_in_the_table(client, demo):
    response = await client.get("/impact")
    assert 'class="bar hidden"' in response.text and 'fill="url(#hours-chart-hatch)"' in response.text
    assert "not shown" in Page(response.text).text
    # The demo's jurors: fewer than 5 former respondents sat, so neither split is shown.
    assert "Too few jurors" in Page(response.text).text


async def test_the_home_page_and_the_navigation_link_to_the_impact_page_and_open_data(client, demo):
    home = Page((await client.get("/")).text)
    assert home.links.count("/impact") >= 2 and "/open-data" in home.links
    impact = Page((await client.get("/impact")).text)
    assert "/open-data" in impact.links


async def test_no_name_or_contact_detail_reaches_the_impact_page_or_the_open_data(client, demo):
    await _refer_canary(demo)
    people = await Person.all().values_list("given_name", "family_name", "email", "phone")
    full_names = [f"{g} {f}" for g, f, _, _ in people if g and f]
    contacts = [c for _, _, email, phone in people for c in (email, phone) if c]
    for url in PUBLIC_URLS:
        response = await client.get(url)
        assert response.status_code == 200, url
        body = response.text
        for word in (*CANARY_CHILD, *CANARY_PARENT, *CANARY_CONTACT, "Canary"):
            assert word.lower() not in body.lower(), (url, word)
        for text in (*full_names, *contacts):
            assert text not in body, (url, text)


async def _reclose_last_month(program: Program) -> str:
    """What the periodic round does when a month closes, done again for the last closed month."""
    from jurycourt.queries.impact import impact

    last = (await impact(program)).months[-1][0]
    await PublishedFigures.filter(program_id=program.id, period=last).delete()
    await close_months()
    return last


async def test_anonymous_visitors_get_an_etag_and_a_304_and_only_a_closed_month_makes_a_new_one(client, demo):
    for url in ("/impact", "/open-data/impact.json", "/open-data/findings.csv", "/open-data"):
        first = await client.get(url)
        etag = first.headers["etag"]
        assert "no-store" not in first.headers["cache-control"] and first.headers["last-modified"]
        again = await client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"", url
        since = await client.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
        assert since.status_code == 304, url
    first = await client.get("/impact")
    await _refer_canary(demo)
    same = await client.get("/impact", headers={"If-None-Match": first.headers["etag"]})
    assert same.status_code == 304  # published figures are frozen: new data waits for its month to close
    last = await _reclose_last_month(demo)
    newest = await Case.filter(program_id=demo.id).order_by("-id").first()
    await Case.filter(id=newest.id).update(referral_date=date.fromisoformat(last + "-02"))  # as if recorded then
    await _reclose_last_month(demo)
    changed = await client.get("/impact", headers={"If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200 and changed.headers["etag"] != first.headers["etag"]


async def test_signed_in_visitors_are_never_cached_or_answered_with_304(client, demo):
    await sign_in(client, "juror")
    for url in ("/impact", "/open-data/impact.csv"):
        response = await client.get(url, headers={"If-None-Match": "*"})
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store" and "etag" not in response.headers


async def test_impact_json_and_csv_hold_the_same_suppressed_figures_as_the_page(client, demo):
    document = json.loads((await client.get("/open-data/impact.json")).text)
    assert document["format"] == "jurycourt-impact/2" and document["threshold"] == 5
    [program] = document["programs"]
    measures = {m["key"]: m for m in program["measures"]}
    assert set(measures) == {"referrals", "cases_heard", "hours_given", "cases_closed", "jurors", "justice_matters",
                             "recommendations_adopted"}
    adopted = measures["recommendations_adopted"]
    assert adopted["columns"] == ["inquiries", "citizens_panels"] and adopted["rows"][0] == "no_response"
    assert [r["count"] for r in program["recommendations"]] == adopted["row_totals"]  # one table, one suppression
    assert measures["justice_matters"]["columns"] == ["completed", "breached"]
    # the demo's one completed matter: hidden, or not yet in a closed month
    assert measures["justice_matters"]["column_totals"][0] in (None, 0)
    assert len(program["months"]) == 12 and measures["referrals"]["rows"] == program["months"]
    hours = measures["hours_given"]
    assert hours["unit"] == "minutes" and hours["columns"] == ["former_respondents", "other_members"]
    assert measures["jurors"]["cells"] == [[None, None]]  # the demo's few former respondents on juries
    shown = [v for row in hours["cells"] for v in row if v is not None]
    assert shown and all(v == 0 or v >= 5 for v in shown)

    response = await client.get("/open-data/impact.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    by_key = {(r["measure"], r["row"], r["column"]): r for r in rows}
    for month, (value,) in zip(program["months"], measures["referrals"]["cells"], strict=True):
        line = by_key[("referrals", month, "referrals")]
        assert line["value"] == ("" if value is None else str(value))
        assert line["shown"] == ("no" if value is None else "yes")
    assert by_key[("referrals", "total", "referrals")]["value"] == str(measures["referrals"]["total"])
    assert by_key[("hours_given", "total", "total")]["value"] == str(hours["total"])
    assert by_key[("jurors", measures["jurors"]["rows"][0], "former_respondents")]["value"] == ""

    page = Page((await client.get("/impact")).text)
    total = measures["referrals"]["total"]
    assert f"12 months {total}" in page.text


async def test_findings_open_data_lists_published_reports_with_public_fields_only(client, demo):
    program = await Program.get(id=demo.id)
    await Publication.create(program=program, kind=PublicationKind.OUTCOMES_REPORT, slug="formula-test",
                             title="=HYPERLINK(\"http://evil.example\")", summary="@SUM(A1)", body_markdown="x",
                             body_html="<p>x</p>", topics=",outcomes,", state=PublicationState.PUBLISHED,
                             published_at=datetime.now(UTC))
    document = json.loads((await client.get("/open-data/findings.json")).text)
    assert document["format"] == "jurycourt-findings/1"
    items = {f["slug"]: f for f in document["findings"]}
    assert "speaking-truth-to-power" in items and "spring-agreements" not in items  # no drafts
    first = items["speaking-truth-to-power"]
    assert set(first) == {"slug", "title", "kind", "kind_label", "topics", "summary", "published", "status",
                          "withdrawn", "permalink"}
    assert first["permalink"] == "http://testserver/findings/speaking-truth-to-power"
    assert first["status"] == "published" and first["withdrawn"] is None
    assert list(items)[0] == "formula-test", "newest first"

    rows = list(csv.DictReader(io.StringIO((await client.get("/open-data/findings.csv")).text)))
    assert [r["slug"] for r in rows] == list(items)
    formula = next(r for r in rows if r["slug"] == "formula-test")
    assert formula["title"].startswith("'=") and formula["summary"] == "'@SUM(A1)"
    assert formula["topics"] == "outcomes"


async def test_a_withdrawn_report_is_listed_as_withdrawn_without_its_summary(client, demo):
    program = await Program.get(id=demo.id)
    now = datetime.now(UTC)
    await Publication.create(program=program, kind=PublicationKind.OUTCOMES_REPORT, slug="withdrawn-one",
                             title="An old report", summary="What it said", body_markdown="x", body_html="<p>x</p>",
                             state=PublicationState.WITHDRAWN, published_at=now - timedelta(days=3),
                             withdrawn_at=now, withdrawal_notice="Withdrawn: a figure was wrong.")
    items = {f["slug"]: f for f in json.loads((await client.get("/open-data/findings.json")).text)["findings"]}
    assert items["withdrawn-one"]["status"] == "withdrawn"
    assert items["withdrawn-one"]["withdrawn"] == now.date().isoformat()
    assert items["withdrawn-one"]["summary"] == ""


async def test_an_unknown_program_is_404_and_a_second_program_can_be_chosen(client, demo):
    assert (await client.get("/impact?program=999999")).status_code == 404
    other = await Program.create(name="Northside Youth Court", time_zone="America/Chicago")
    page = Page((await client.get(f"/impact?program={other.id}")).text)
    assert "Northside Youth Court, over the last 12 closed months" in page.text
    assert f"/impact?program={demo.id}" in page.links


def _recommendation_rows(html: str) -> dict[str, list[str]]:
    """The /impact recommendations table: status → [inquiries, citizens' panels, all], as shown."""
    table = html[html.index('id="recommendations-table"'):]
    table = table[:table.index("</table>")]
    def text(fragment: str) -> str:
        return re.sub("<[^>]+>", "", fragment)

    return {text(head): [text(c) for c in re.findall(r'<td class="num"[^>]*>(.*?)</td>', cells)]
            for head, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table)}


async def test_a_citizens_panels_adopted_recommendations_count_on_the_impact_page_once_published(client, app, demo):
    panel = await Panel.filter(kind="citizens").order_by("id").first()
    await PanelRecommendation.filter(body_named__not="").delete()  # the demo's own answered ones
    await _reclose_last_month(demo)
    await sign_in(client, "coordinator")
    base = f"/panels/citizens/{panel.id}/recommendations"
    for n in range(7):
        assert (await post_form(client, base, {"text": f"Recommendation number {n}."})).status_code == 303
    for n, rec in enumerate(await PanelRecommendation.filter(panel_id=panel.id).order_by("id")):
        votes = ("2", "9") if n == 0 else ("9", "2")  # the first is not adopted
        response = await post_form(client, f"{base}/{rec.id}/vote", {"votes_for": votes[0], "votes_against": votes[1],
                                                                      "abstentions": "1"})
        assert response.status_code == 303
    drafted = await post_form(client, f"{base}/publish")
    publication_id = int(drafted.headers["location"].rsplit("/", 1)[1])

    async with client_for(app, address=("127.0.0.1", 50002)) as public, \
            client_for(app, address=("127.0.0.1", 50002)) as second:
        before = await public.get("/impact")
        assert _recommendation_rows(before.text)["No response"][1] == "0"  # a draft counts for nothing
        assert (await post_form(client, f"/publications/{publication_id}/submit")).status_code == 303
        await sign_in(second, "coordinator2")
        assert (await post_form(second, f"/publications/{publication_id}/publish")).status_code == 303

        unchanged = await public.get("/impact", headers={"If-None-Match": before.headers["etag"]})
        assert unchanged.status_code == 304  # counted when the month closes, not before
        await _reclose_last_month(demo)
        after = await public.get("/impact", headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
        rows = _recommendation_rows(after.text)
        assert rows["No response"][1] == "6"  # the six adopted; the demo inquiry's one beside them is hidden
        assert rows["No response"][0] == "not shown" and rows["No response"][2] == "not shown"
        assert rows["Adopted and published"][1] == "6"
        [program] = json.loads((await public.get("/open-data/impact.json")).text)["programs"]
        adopted = {m["key"]: m for m in program["measures"]}["recommendations_adopted"]
        assert adopted["cells"][0] == [None, 6] and adopted["column_totals"][1] == 6
        lines = list(csv.DictReader(io.StringIO((await public.get("/open-data/impact.csv")).text)))
        cell = next(r for r in lines if (r["measure"], r["row"], r["column"]) ==
                    ("recommendations_adopted", "no_response", "citizens_panels"))
        assert (cell["value"], cell["shown"]) == ("6", "yes")


async def test_the_impact_page_leads_with_measures_it_can_show_and_folds_those_it_cannot(client, demo):
    demo_page = (await client.get("/impact")).text
    assert demo_page.index('id="cases-h"') < demo_page.index('id="hours-h"')  # the demo's history shows both
    folded = demo_page[demo_page.index('id="folded-measures"'):] if 'id="folded-measures"' in demo_page else ""
    assert 'id="cases-h"' not in folded and 'id="hours-h"' not in folded
    young = await Program.create(name="Northside Youth Court", time_zone="America/Chicago")
    page = (await client.get(f"/impact?program={young.id}")).text  # nothing happened yet: all folded
    details = page[page.index('<details class="impact-folded" id="folded-measures">'):]
    assert "6 more measures, with nothing to show yet" in details
    for heading in ("cases-h", "completion-h", "hours-h", "jurors-h", "justice-h", "recommendations-h"):
        assert f'id="{heading}"' in details, heading


async def test_survey_results_show_on_the_impact_page_where_the_program_chooses_small_groups_hidden(client):
    from jurycourt.domain.measures import last_closed_quarter
    from jurycourt.models import SurveyResponse

    program = await Program.create(name="Survey Youth Court", time_zone="America/New_York")
    quarter = last_closed_quarter(clock.today(program.time_zone))
    rows = [("guardian", "once", quarter.start, {"explained": 5, "fair": 4, "recommend": 2})] * 4
    rows += [("guardian", "once", quarter.end.replace(day=1), {"explained": 1, "fair": 5})]
    rows += [("harmed", "once", quarter.start, {"informed": 5})] * 4
    rows += [("harmed", "once", clock.today(program.time_zone).replace(day=1), {"informed": 5})] * 3  # not closed
    for key, phase, month, answers in rows:
        await SurveyResponse.create(program=program, questionnaire=key, phase=phase, month=month, answers=answers)
    url = f"/impact?program={program.id}"
    assert "What people told us in surveys" not in (await client.get(url)).text, "published only by choice"
    program.rules = {"surveys_on_impact": True}
    await program.save()
    client.app.state.snapshots.items.clear()
    page = Page((await client.get(url)).text).text
    assert "Parents and guardians · 5 responses The process was explained clearly to me. 80%" in page
    assert "My child was treated fairly. 100%" in page
    assert "I would recommend the youth court to another family. fewer than 5" in page  # 4 answered it
    assert "People harmed fewer than 5 responses: not shown" in page
