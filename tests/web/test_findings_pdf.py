"""Each public report as a PDF: the page's text, public revalidation, bytes kept per version, no fetches."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest

from jurycourt.domain.publication import PublicationKind, PublicationState
from jurycourt.formats import pdf
from jurycourt.formats.markdown import render_markdown
from jurycourt.models import Erratum, Person, Program, Publication
from tests.pdfs import pdf_text
from tests.web.helpers import Page, sign_in

REPORT = "/findings/peer-jury-outcomes-last-year"


async def test_the_report_page_links_to_its_pdf_which_holds_the_same_report(client, demo):
    page = Page((await client.get(REPORT)).text)
    assert f"{REPORT}.pdf" in page.links
    response = await client.get(f"{REPORT}.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="peer-jury-outcomes-last-year.pdf"'
    text = pdf_text(response.content)
    report = await Publication.get(slug="peer-jury-outcomes-last-year")
    for words in (report.title, report.summary, "Contents", *(heading for _, _, heading in report.toc),
                  "1,486 hours", "Errata", "The hours given back were 1,468, not 1,486", "outcomes", "time-credits"):
        assert words in text, words


async def test_every_page_of_the_pdf_says_which_program_published_it_and_where_it_lives(client, app, demo):
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO((await client.get(f"{REPORT}.pdf")).content))
    address = app.state.settings.base_url + REPORT
    assert reader.pages
    for page in reader.pages:
        text = "".join((page.extract_text() or "").split())  # (a long address may wrap)
        assert f"Publishedby{demo.name}·{address}".replace(" ", "") in text


async def test_the_pdf_names_no_respondent_or_guardian(client, demo):
    text = pdf_text((await client.get(f"{REPORT}.pdf")).content)
    for email in ("respondent@example.org", "guardian@example.org"):
        person = await Person.get(email=email)
        for secret in (person.given_name, person.family_name, person.email, person.phone,
                       person.date_of_birth and person.date_of_birth.isoformat()):
            assert not secret or secret not in text, secret


async def test_a_withdrawn_report_pdf_shows_only_the_withdrawal_notice(client, demo):
    report = await Publication.get(slug="speaking-truth-to-power")
    await Publication.filter(id=report.id).update(state=PublicationState.WITHDRAWN, withdrawn_at=datetime.now(UTC),
                                                  withdrawal_notice="Superseded by the spring review.")
    text = pdf_text((await client.get("/findings/speaking-truth-to-power.pdf")).content)
    assert "Withdrawn" in text and "Superseded by the spring review." in text
    assert "Certified teen peer counsellors" not in text


async def test_drafts_and_unknown_reports_have_no_pdf(client, demo):
    assert (await client.get("/findings/spring-agreements.pdf")).status_code == 404
    assert (await client.get("/findings/no-such-report.pdf")).status_code == 404


async def test_anonymous_visitors_revalidate_the_pdf_with_etag_and_get_304(client, demo):
    first = await client.get(f"{REPORT}.pdf")
    assert "no-store" not in first.headers["cache-control"] and first.headers["last-modified"]
    assert first.headers["etag"] != (await client.get(REPORT)).headers["etag"]
    again = await client.get(f"{REPORT}.pdf", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    since = await client.get(f"{REPORT}.pdf", headers={"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304


async def test_signed_in_readers_get_the_pdf_never_stored(client, demo):
    await sign_in(client, "juror")
    response = await client.get(f"{REPORT}.pdf", headers={"If-None-Match": "*"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response.headers["cache-control"] == "no-store"


async def test_the_pdf_is_laid_out_once_per_version_and_again_after_an_erratum(client, app, demo, monkeypatch):
    made: list[int] = []
    real = pdf.html_to_pdf_sync

    def counting(html: str) -> bytes:
        made.append(1)
        return real(html)

    monkeypatch.setattr(pdf, "html_to_pdf_sync", counting)
    first = await client.get(f"{REPORT}.pdf")
    second = await client.get(f"{REPORT}.pdf")
    assert len(made) == 1 and first.content == second.content
    report = await Publication.get(slug="peer-jury-outcomes-last-year")
    await Erratum.create(publication=report, published_at=datetime.now(UTC), text="A second correction, dated.")
    third = await client.get(f"{REPORT}.pdf")
    assert len(made) == 2 and "A second correction, dated." in pdf_text(third.content)


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    urls: list[str] = []
    refuse = pdf.refuse_every_url

    def record(url: str):
        urls.append(url)
        return refuse(url)

    def no_network(*args, **kwargs):
        raise AssertionError("the report PDF opened a connection")

    monkeypatch.setattr(pdf, "refuse_every_url", record)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    return urls


async def _publish(slug: str, body_markdown: str, body_html: str) -> None:
    program = await Program.first()
    await Publication.create(program=program, kind=PublicationKind.OUTCOMES_REPORT, slug=slug, title="Remote things",
                             body_markdown=body_markdown, body_html=body_html, state=PublicationState.PUBLISHED,
                             published_at=datetime.now(UTC))


async def test_a_markdown_image_in_a_report_stays_text_and_fetches_nothing(client, demo, asked):
    body = "Before the picture.\n\n![a chart](http://example.invalid/x.png)\n\nAfter the picture."
    await _publish("remote-image", body, render_markdown(body).html)
    response = await client.get("/findings/remote-image.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Before the picture." in text and "After the picture." in text
    assert asked == []


async def test_html_that_slipped_past_the_sanitiser_is_still_never_fetched(client, demo, asked):
    # Stored HTML is trusted to be clean: if it were not, the PDF maker is the second wall.
    await _publish("remote-html", "", '<p>Kept text.</p><img src="http://example.invalid/x.png" alt="">'
                   '<p style="background: url(http://example.invalid/y.png)">Styled.</p>'
                   '<style>@import url("http://example.invalid/z.css");</style>')
    response = await client.get("/findings/remote-html.pdf")
    assert response.status_code == 200
    assert "Kept text." in pdf_text(response.content)
    assert {"http://example.invalid/x.png", "http://example.invalid/y.png",
            "http://example.invalid/z.css"} <= set(asked)
