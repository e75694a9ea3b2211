"""The coordinators' outcomes report: any range of days, a chart with its table, CSV and PDF, the
quarterly report on the to-do list, and nobody else reads it."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

from jurycourt import clock
from jurycourt.domain.cases import CaseState
from jurycourt.domain.measures import last_closed_quarter
from jurycourt.models import Case
from tests.pdfs import pdf_text
from tests.web.helpers import Page, sign_in


async def _cases(demo, count: int, referred: date, state: CaseState = CaseState.REFERRED) -> None:
    for _ in range(count):
        await Case.create(program=demo, respondent=None, state=state, agency="police", referral_date=referred,
                          offence_category="theft")


async def test_the_report_counts_the_range_asked_for_and_hides_small_values(client, demo):
    await _cases(demo, 6, date(2031, 2, 3))
    await _cases(demo, 2, date(2031, 3, 9))
    await sign_in(client, "coordinator")
    page = await client.get(f"/outcomes?program={demo.id}&from=2031-02-01&to=2031-02-28")
    assert page.status_code == 200
    cells = Page(page.text).text
    assert "Youth referred 6 Referrals received" in cells
    march = Page((await client.get(f"/outcomes?program={demo.id}&from=2031-03-01&to=2031-03-31")).text).text
    assert "Youth referred fewer than 5" in march
    assert "Feb 2031 6 0 0" in cells  # the chart's table


async def test_a_bad_date_is_refused_beside_its_field_and_kept(client, demo):
    await sign_in(client, "coordinator")
    page = await client.get(f"/outcomes?program={demo.id}&from=2031-02-30&to=2031-01-01")
    assert page.status_code == 400
    assert "That date does not exist." in page.text and 'value="2031-02-30"' in page.text


async def test_the_csv_and_the_pdf_hold_the_same_measures_with_their_definitions(client, demo):
    await _cases(demo, 7, date(2031, 5, 3))
    await sign_in(client, "coordinator")
    query = f"program={demo.id}&from=2031-04-01&to=2031-06-30"
    answer = await client.get(f"/outcomes.csv?{query}")
    assert answer.headers["content-disposition"] == 'attachment; filename="outcomes-2031-04-01_2031-06-30.csv"'
    rows = {row["measure"]: row for row in csv.DictReader(io.StringIO(answer.text)) if not row["group_by"]}
    assert rows["referred"]["value"] == "7" and rows["referred"]["definition"].startswith("Referrals received")
    assert rows["returned"]["value"] == "0"
    assert len(rows) == 13
    pdf = await client.get(f"/outcomes.pdf?{query}")
    assert pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    for words in ("Outcomes report", "Youth referred", "Re-referred within 12 months", "Median days from referral"):
        assert words in text


async def test_only_coordinators_read_it(client, demo):
    await sign_in(client, "juror")
    assert (await client.get(f"/outcomes?program={demo.id}")).status_code == 404
    assert (await client.get(f"/outcomes.csv?program={demo.id}")).status_code == 404


async def test_a_closed_quarters_report_waits_on_the_to_do_list_until_it_is_downloaded(client, demo, fixed_clock):
    quarter = last_closed_quarter(clock.today(demo.time_zone))
    fixed_clock.set(datetime.combine(quarter.end + timedelta(days=10), time(15), tzinfo=UTC))
    await sign_in(client, "coordinator")
    todo = Page((await client.get("/me")).text)
    assert "Quarterly outcomes report ready to download" in todo.text
    assert f"/outcomes?program={demo.id}&from={quarter.start}&to={quarter.end}" in todo.links
    await client.get(f"/outcomes.pdf?program={demo.id}&from={quarter.start}&to={quarter.end}")
    assert "Quarterly outcomes report ready" not in Page((await client.get("/me")).text).text


async def test_a_quarter_long_closed_is_not_on_the_to_do_list(client, demo, fixed_clock):
    quarter = last_closed_quarter(clock.today(demo.time_zone))
    fixed_clock.set(datetime.combine(quarter.end + timedelta(days=60), time(15), tzinfo=UTC))
    await sign_in(client, "coordinator")
    page = Page((await client.get("/me")).text).text
    assert "To do" in page and "Quarterly outcomes report ready" not in page


async def test_the_fairness_table_gives_each_age_band_its_own_measures_and_labels_small_groups(client, demo):
    for band, count in (("13–14", 6), ("15–16", 2)):
        for _ in range(count):
            await Case.create(program=demo, respondent=None, state=CaseState.COMPLETED, agency="police",
                              referral_date=date(2031, 1, 5), offence_category="theft", age_band=band,
                              closed_on=date(2031, 2, 5))
    await sign_in(client, "coordinator")
    page = Page((await client.get(f"/outcomes?program={demo.id}&from=2031-01-01&to=2031-03-31")).text)
    assert "13–14 (small numbers: read with care) 6 0 100%" in page.text
    assert "15–16 (small numbers: read with care) fewer than 5 0" in page.text


async def test_the_fairness_table_groups_by_the_consented_demographics_where_the_program_records_them(client, demo):
    from jurycourt.models import CaseDemographics

    for gender, count in (("female", 6), ("male", 2)):
        for _ in range(count):
            case = await Case.create(program=demo, respondent=None, state=CaseState.COMPLETED, agency="police",
                                     referral_date=date(2031, 1, 5), offence_category="theft", age_band="15–16",
                                     closed_on=date(2031, 2, 5))
            await CaseDemographics.create(case=case, gender=gender, race="white", ethnicity="hispanic",
                                          consent_given_on=date(2031, 1, 5), consent_source="youth")
    await sign_in(client, "coordinator")
    query = f"/outcomes?program={demo.id}&from=2031-01-01&to=2031-03-31"
    page = Page((await client.get(f"{query}&group=gender")).text)
    assert "Female (small numbers: read with care) 6 0 100%" in page.text
    assert "Male (small numbers: read with care) fewer than 5 0" in page.text
    assert "By gender" in page.text
    demo.rules = {**demo.rules, "record_demographics": False}
    await demo.save()
    off = Page((await client.get(f"{query}&group=gender")).text).text
    assert "By age band" in off and "Female" not in off and "Group by" not in off


async def test_the_csv_and_the_pdf_carry_the_fairness_table_with_the_same_suppression(client, demo):
    for band, count in (("13–14", 6), ("15–16", 2)):
        for _ in range(count):
            await Case.create(program=demo, respondent=None, state=CaseState.COMPLETED, agency="police",
                              referral_date=date(2031, 1, 5), offence_category="theft", age_band=band,
                              closed_on=date(2031, 2, 5))
    await sign_in(client, "coordinator")
    query = f"program={demo.id}&from=2031-01-01&to=2031-03-31"
    rows = list(csv.DictReader(io.StringIO((await client.get(f"/outcomes.csv?{query}")).text)))
    fair = {(row["group"], row["measure"]): row for row in rows if row["group_by"] == "age_band"}
    assert fair[("13–14", "completed")]["value"] == "6" and fair[("13–14", "completed")]["small_numbers"] == "yes"
    assert fair[("13–14", "completion_rate")]["numerator"] == "6"
    small = fair[("15–16", "completed")]
    assert small["value"] == "" and small["numerator"] == "" and small["shown"] == "fewer than 5"
    assert "2" not in (small["value"], small["numerator"], small["denominator"], small["based_on"])
    text = pdf_text((await client.get(f"/outcomes.pdf?{query}")).content)
    assert "By age band" in text and "13–14" in text and "15–16" in text
    assert "Group by" not in text
