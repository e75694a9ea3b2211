"""Coordinators write, submit, approve and publish, withdraw and correct publications."""

from __future__ import annotations

import re

import asyncpg
import pytest
from tortoise.exceptions import IntegrityError, OperationalError

from jurycourt.db import fetch_rows
from jurycourt.models import AuditEvent, Erratum, Person, Publication
from tests.web.helpers import Page, post_form, sign_in

#: What a refusing trigger raises: Tortoise's errors on SQLite, asyncpg's RaiseError on PostgreSQL.
DB_ERRORS = (OperationalError, IntegrityError, asyncpg.PostgresError)

BODY = "# Findings\n\nThe drug agency funds no **treatment** for teenagers.\n\n## Recommendations\n\n- Peer counsellors"


async def _draft(client, title="Treatment for teenagers", body=BODY, **extra) -> Publication:
    response = await post_form(client, "/publications/new", {
        "title": title, "summary": "What the inquiry found.", "kind": "inquiry_report",
        "topics": "Youth, substance use", "body": body, **extra})
    assert response.status_code == 303, response.text
    return await Publication.get(id=int(response.headers["location"].rsplit("/", 1)[1]))


async def test_a_draft_is_submitted_by_one_coordinator_and_published_by_another(client, second, demo):
    await sign_in(client, "coordinator")
    draft = await _draft(client)
    assert draft.topics == ",youth,substance-use,"
    assert (await post_form(client, f"/publications/{draft.id}/submit")).status_code == 303

    refused = await post_form(client, f"/publications/{draft.id}/publish")
    assert refused.status_code == 400
    assert "Another coordinator must" in Page(refused.text).text
    assert (await Publication.get(id=draft.id)).state == "in_review"

    published = await post_form(second, f"/publications/{draft.id}/publish")
    assert published.status_code == 303
    publication = await Publication.get(id=draft.id)
    assert publication.state == "published" and publication.published_at is not None
    assert publication.approved_by_id != publication.submitted_by_id
    assert '<h2 id="s-findings">Findings</h2>' in publication.body_html
    assert await AuditEvent.filter(action="publication.publish", subject_id=str(draft.id)).exists()

    page = await client.get(f"/findings/{publication.slug}")
    assert page.status_code == 200
    assert "The drug agency funds no treatment for teenagers." in Page(page.text).text
    assert 'href="#s-recommendations"' in page.text


async def test_publishing_is_refused_with_each_offending_passage_marked(client, second, demo):
    await sign_in(client, "coordinator")
    minor = await Person.get(given_name="Tanya", family_name="Reyes")
    draft = await _draft(client, body=f"# Case\n\n{minor.given_name} told us. Call 202-555-0199 today.")
    warned = Page((await client.get(f"/publications/{draft.id}")).text)  # a warning while drafting
    assert re.search(r"The redaction check found \d+ passages", warned.text)

    refused = await post_form(client, f"/publications/{draft.id}/submit")

    assert refused.status_code == 400
    page = Page(refused.text)
    assert re.search(r"The redaction check found \d+ passages", page.text)
    assert re.search(r'<mark class="redact" title="a protected person(&#39;|.)s first name">Tanya</mark>', refused.text)
    assert re.search(r'<mark class="redact" title="[^"]*phone number">202-555-0199</mark>', refused.text)
    assert (await Publication.get(id=draft.id)).state == "draft"
    assert (await client.get("/findings/treatment-for-teenagers")).status_code == 404


async def test_a_second_coordinator_may_release_an_ordinary_word_and_the_release_is_audited(client, second, demo):
    await sign_in(client, "coordinator")
    await Person.create(given_name="Will", family_name="Quillfeather", date_of_birth=None)
    minor = await Person.get(given_name="Tanya", family_name="Reyes")
    minor.preferred_name = "Will"
    await minor.save()
    draft = await _draft(client, body="Next year We Will ask the city to act.")
    await post_form(client, f"/publications/{draft.id}/submit")
    page = await second.get(f"/publications/{draft.id}")
    assert "Release “Will” as an ordinary word" in Page(page.text).text

    reason = {"word": "wiii", "reason": "Title case in a slogan, the verb"}
    assert (await post_form(client, f"/publications/{draft.id}/release", reason)).status_code == 400
    assert (await post_form(second, f"/publications/{draft.id}/release", {"word": "wiii"})).status_code == 400
    assert (await post_form(second, f"/publications/{draft.id}/release", reason)).status_code == 303
    assert (await post_form(second, f"/publications/{draft.id}/publish")).status_code == 303
    release = await AuditEvent.get(action="publication.word_released", subject_id=str(draft.id))
    assert "will" not in str(release.detail).lower().replace(reason["reason"].lower(), "")
    assert release.detail["reason"] == reason["reason"]


async def test_a_failed_draft_keeps_what_was_typed(client, demo):
    await sign_in(client, "coordinator")
    response = await post_form(client, "/publications/new", {"title": "", "kind": "inquiry_report", "body": "Kept"})
    assert response.status_code == 400
    assert Page(response.text).ids["f-title"].get("aria-invalid") == "true"
    assert ">Kept</textarea>" in response.text


async def test_people_who_are_not_coordinators_get_404(client, demo):
    await sign_in(client, "juror")
    assert (await client.get("/publications")).status_code == 404
    draft = await Publication.get(slug="spring-agreements")
    assert (await client.get(f"/publications/{draft.id}")).status_code == 404
    assert (await post_form(client, f"/publications/{draft.id}/publish")).status_code == 404


async def test_a_withdrawal_proposed_by_one_coordinator_is_confirmed_by_another(client, second, demo):
    await sign_in(client, "coordinator")
    report = await Publication.get(slug="speaking-truth-to-power")
    proposed = await post_form(client, f"/publications/{report.id}/withdraw", {"notice": "Superseded."})
    assert proposed.status_code == 303
    refused = await post_form(client, f"/publications/{report.id}/withdraw/confirm")
    assert refused.status_code == 400
    assert (await Publication.get(id=report.id)).state == "published"

    assert (await post_form(second, f"/publications/{report.id}/withdraw/confirm")).status_code == 303

    page = await client.get("/findings/speaking-truth-to-power")
    assert "Superseded." in Page(page.text).text
    assert "Certified teen peer counsellors" not in page.text
    assert "speaking-truth-to-power" not in (await client.get("/findings")).text


async def test_an_erratum_is_dated_and_shown_below_the_unchanged_report(client, demo):
    await sign_in(client, "coordinator")
    report = await Publication.get(slug="speaking-truth-to-power")
    before = report.body_html
    response = await post_form(client, f"/publications/{report.id}/errata",
                               {"text": "The inquiry lasted six months, not seven."})
    assert response.status_code == 303
    assert (await Publication.get(id=report.id)).body_html == before
    assert await Erratum.filter(publication_id=report.id).count() == 1
    page = Page((await client.get("/findings/speaking-truth-to-power")).text)
    assert "Errata" in page.text and "The inquiry lasted six months, not seven." in page.text
    assert "Certified teen peer counsellors" in page.text


async def test_a_published_body_or_title_can_not_be_changed_even_in_the_database(demo):
    report = await Publication.get(slug="speaking-truth-to-power")
    report.title = "Something else"
    with pytest.raises(DB_ERRORS, match="publication is fixed"):
        await report.save()
    with pytest.raises(DB_ERRORS, match="publication is fixed"):
        await Publication.filter(id=report.id).update(body_markdown="changed")
    with pytest.raises(DB_ERRORS, match="publication is fixed"):
        await fetch_rows(lambda p: f"DELETE FROM publication WHERE id = {p(report.id)}")  # noqa: S608
    unchanged = await Publication.get(id=report.id)
    assert unchanged.title == "Speaking truth to power"
    await Publication.filter(id=report.id).update(withdrawal_notice="allowed")  # the allowed columns still change


async def test_a_draft_can_still_be_edited(client, demo):
    await sign_in(client, "coordinator")
    draft = await _draft(client)
    response = await post_form(client, f"/publications/{draft.id}/edit", {
        "title": "A new title", "summary": "", "kind": "outcomes_report", "topics": "", "body": "New body"})
    assert response.status_code == 303
    assert (await Publication.get(id=draft.id)).title == "A new title"


async def test_the_list_shows_every_publication_of_the_program_with_its_state(client, demo):
    await sign_in(client, "coordinator")
    response = await client.get("/publications")
    page = Page(response.text)
    assert response.status_code == 200
    assert page.ids["publications"]["tag"] == "table"
    assert "Community justice panel: spring agreements" in page.text and "In review" in page.text
    assert "Speaking truth to power" in page.text and "Published" in page.text
    assert (await client.get("/publications/new")).status_code == 200


async def test_a_refused_publish_in_an_htmx_swap_answers_422(client, second, demo):
    draft = await Publication.get(slug="spring-agreements")  # submitted by the second coordinator
    await sign_in(client, "coordinator")
    await Publication.filter(id=draft.id).update(body_markdown="Call 312-555-0142.")
    response = await post_form(client, f"/publications/{draft.id}/publish", headers={"HX-Request-Type": "partial"})
    assert response.status_code == 422
    assert "312-555-0142" in Page(response.text).text
