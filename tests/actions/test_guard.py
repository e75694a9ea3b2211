"""The guard keeps refusing sealed people, and withholds a published text that names someone who
became protected after it went out, alerting the coordinators."""

from __future__ import annotations

from datetime import UTC, date, datetime

from jurycourt import clock
from jurycourt.actions import guard
from jurycourt.actions.referrals import Referral, refer_case
from jurycourt.actions.sealing import seal_due_cases
from jurycourt.domain import redaction
from jurycourt.domain.publication import PublicationKind, PublicationState
from jurycourt.domain.roles import Role
from jurycourt.models import AuditEvent, Membership, OutboxMessage, Person, Publication, SealedIdentifier
from tests.actions.test_sealing import _closed_case
from tests.canary.crawler import pdf_text
from tests.web.cases_helpers import coordinator
from tests.web.helpers import post_form, sign_in


async def test_a_sealed_name_is_still_refused_though_it_is_erased(demo):
    await _closed_case(demo)
    await seal_due_cases()
    assert not await Person.filter(given_name="Zephyrinka").exists()
    assert await SealedIdentifier.filter(program_id=demo.id).exists()
    text = "We thank Z e p h y r i n k a Quilliamsby of 17 Tamarind Way, born March 2011."
    findings = redaction.check({"body": text}, await guard.identifiers(demo.id))
    assert {f.reason for f in findings} >= {"a protected person's family name", "a protected person's street",
                                            "a protected person's month and year of birth"}


async def test_a_publication_naming_someone_who_becomes_protected_is_withheld_and_coordinators_alerted(
        client, demo):
    published = await Publication.create(
        program_id=demo.id, kind=PublicationKind.OUTCOMES_REPORT, slug="thanks-to-quorvandel",
        title="Thanks to the volunteers", summary="", body_markdown="We thank **Quorvandel** Pikestaff.",
        body_html="<p>We thank <strong>Quorvandel</strong> Pikestaff.</p>", state=PublicationState.PUBLISHED,
        published_at=datetime.now(UTC))
    assert (await client.get("/findings/thanks-to-quorvandel")).status_code == 200

    await refer_case(await coordinator(demo), demo.id, Referral("police", "", clock.today(), "shoplifting", ""),
                     respondent={"given_name": "Quorvandel", "family_name": "Pikestaff",
                                 "date_of_birth": "2012-01-02"})

    withheld = await Publication.get(id=published.id)
    assert withheld.withheld_at is not None and withheld.withdrawal_notice
    assert await AuditEvent.exists(action="publication.withheld", subject_id=str(published.id))
    alerts = await OutboxMessage.filter(kind="publication_withheld")
    assert alerts and all("Quorvandel" not in m.body for m in alerts)
    page = await client.get("/findings/thanks-to-quorvandel")
    assert "Quorvandel" not in page.text and "withheld while the program reviews it" in page.text
    for url in ("/findings", "/findings/feed.atom", "/open-data/findings.json", "/open-data/findings.csv"):
        assert "quorvandel" not in (await client.get(url)).text.lower(), url


async def test_the_demos_publications_all_pass_the_guard_but_the_one_it_withheld(demo):
    withheld = await Publication.filter(state=PublicationState.PUBLISHED, withheld_at__isnull=False)
    assert [p.slug for p in withheld] == ["thanks-to-our-volunteers"]
    assert await guard.publication_findings(withheld[0])  # it names the demo's respondent
    assert await OutboxMessage.filter(kind="publication_withheld").count() == 2  # both coordinators
    published = await Publication.filter(state=PublicationState.PUBLISHED, withheld_at__isnull=True)
    assert published
    for publication in published:
        findings = await guard.publication_findings(publication)
        assert findings == [], (publication.slug, [(f.field, f.text, f.reason) for f in findings])


PUBLIC_OUTPUTS = ["/findings/with-thanks", "/findings/with-thanks.pdf", "/findings", "/findings?topic=volunteers",
                  "/findings/feed.atom", "/findings/topics/volunteers/feed.atom", "/findings?q=Ysoldine",
                  "/open-data/findings.json", "/open-data/findings.csv"]


def _marker(url: str) -> str:
    """What shows the text is there: its name, or on the search page (which echoes the visitor's
    own words) the link to it."""
    return "/findings/with-thanks" if "?q=" in url else "ysoldine"


async def _text_of(client, url: str) -> str:
    response = await client.get(url)
    assert response.status_code == 200, url
    return (pdf_text(response.content) if url.endswith(".pdf") else response.text).lower()


async def test_every_public_output_built_from_a_text_that_no_longer_passes_leaves_it_out(client, demo):
    """The guard runs again as each public output is built (actions.guard.may_show): someone made
    protected behind the actions' back (no recheck ran, nothing was withheld) is still never shown."""
    await Publication.create(
        program_id=demo.id, kind=PublicationKind.OUTCOMES_REPORT, slug="with-thanks", title="Thanks to Ysoldine",
        summary="Ysoldine helped.", topics=",volunteers,", body_markdown="Thanks to Ysoldine Brackwater.",
        body_html="<p>Thanks to Ysoldine Brackwater.</p>", state=PublicationState.PUBLISHED,
        published_at=datetime.now(UTC))
    await sign_in(client, "coordinator")  # signed in, nothing is kept for the anonymous visitor below
    for url in PUBLIC_OUTPUTS:
        assert _marker(url) in await _text_of(client, url), url  # it passes: every output shows it
    person = await Person.create(given_name="Ysoldine", family_name="Brackwater", date_of_birth=date(2012, 2, 2))
    await Membership.create(person=person, program_id=demo.id, role=Role.RESPONDENT)  # no action: no recheck ran

    client.cookies.clear()
    for url in PUBLIC_OUTPUTS:
        assert _marker(url) not in await _text_of(client, url), url
    assert "withheld while the program reviews it" in await _text_of(client, "/findings/with-thanks")
    assert (await Publication.get(slug="with-thanks")).withheld_at is None  # a read never writes


async def test_a_withdrawn_text_whose_title_names_someone_now_protected_leaves_the_open_data(client, demo):
    await Publication.create(
        program_id=demo.id, kind=PublicationKind.OUTCOMES_REPORT, slug="with-thanks", title="Thanks to Ysoldine",
        summary="", body_markdown="Thanks.", body_html="<p>Thanks.</p>", state=PublicationState.WITHDRAWN,
        withdrawal_notice="Withdrawn at the family's request.", published_at=datetime.now(UTC),
        withdrawn_at=datetime.now(UTC))
    assert "ysoldine" in await _text_of(client, "/open-data/findings.json")
    await refer_case(await coordinator(demo), demo.id, Referral("police", "", date.today(), "shoplifting", ""),
                     respondent={"given_name": "Ysoldine", "family_name": "Brackwater", "date_of_birth": "2012-01-02"})
    for url in ("/open-data/findings.json", "/open-data/findings.csv", "/findings/with-thanks"):
        assert "ysoldine" not in await _text_of(client, url), url


async def test_coordinators_see_a_withheld_text_and_confirm_its_withdrawal(client, demo):
    withheld = await Publication.get(slug="thanks-to-our-volunteers")  # the demo's
    await sign_in(client, "coordinator")
    page = await client.get(f"/publications/{withheld.id}")
    assert "Withheld from the public site" in page.text and "withheld while the program reviews it" in page.text
    confirmed = await post_form(client, f"/publications/{withheld.id}/withdraw/confirm")
    assert confirmed.status_code == 303
    assert (await Publication.get(id=withheld.id)).state == PublicationState.WITHDRAWN
