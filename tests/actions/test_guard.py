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


async def test_the_demos_publications_all_pass_the_guard(demo):
    published = await Publication.filter(state=PublicationState.PUBLISHED)
    assert published
    for publication in published:
        findings = await guard.publication_findings(publication)
        assert findings == [], (publication.slug, [(f.field, f.text, f.reason) for f in findings])


async def test_a_public_output_built_from_a_text_that_no_longer_passes_withholds_it(client, demo):
    await Publication.create(
        program_id=demo.id, kind=PublicationKind.OUTCOMES_REPORT, slug="with-thanks", title="With thanks",
        summary="", body_markdown="Thanks to Ysoldine Brackwater.", body_html="<p>Thanks to Ysoldine Brackwater.</p>",
        state=PublicationState.PUBLISHED, published_at=datetime.now(UTC))
    person = await Person.create(given_name="Ysoldine", family_name="Brackwater", date_of_birth=date(2012, 2, 2))
    await Membership.create(person=person, program_id=demo.id, role=Role.RESPONDENT)  # no action: no recheck ran

    page = await client.get("/findings/with-thanks")  # the page checks the text again as it is built
    assert "Ysoldine" not in page.text and "withheld while the program reviews it" in page.text
    assert "Ysoldine" not in pdf_text((await client.get("/findings/with-thanks.pdf")).content)
