"""Each person sees jurycourt in their own language: chosen by them, by a coordinator for them,
by a visitor's switcher, or by the browser."""

from __future__ import annotations

from jurycourt.models import Account, Person
from tests.web.helpers import Page, post_form, sign_in

SPANISH_BROWSER = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}


def html_lang(html: str) -> str:
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


async def test_a_visitor_whose_browser_asks_for_spanish_gets_the_public_site_in_spanish(client):
    response = await client.get("/findings", headers=SPANISH_BROWSER)
    assert response.status_code == 200
    assert html_lang(response.text) == "es-US"
    assert "Iniciar sesión" in Page(response.text).text
    assert "Accept-Language" in response.headers.get("vary", "")


async def test_the_switcher_works_without_javascript_and_outlasts_the_browsers_wish(client):
    response = await post_form(client, "/language", {"language": "es-US", "next": "/findings?q=x"})
    assert response.status_code == 303
    assert response.headers["location"] == "/findings?q=x"
    english_browser = {"Accept-Language": "en-US"}
    page = await client.get("/findings", headers=english_browser)
    assert html_lang(page.text) == "es-US"
    await post_form(client, "/language", {"language": "en-US", "next": "/"})
    assert html_lang((await client.get("/findings", headers=SPANISH_BROWSER)).text) == "en-US"


async def test_the_switcher_never_sends_anyone_to_another_site(client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = await post_form(client, "/language", {"language": "es-US", "next": target})
        assert response.status_code == 303
        assert response.headers["location"] == "/"


async def test_an_unknown_language_changes_nothing(client):
    await post_form(client, "/language", {"language": "xx-YY", "next": "/"})
    assert html_lang((await client.get("/findings")).text) == "en-US"


async def test_a_signed_in_person_sees_their_own_language_whatever_the_browser_asks(client, demo):
    juror = await Account.get(login="juror")
    await Person.filter(id=juror.person_id).update(language="es-US")
    await sign_in(client, "juror")
    page = await client.get("/me", headers={"Accept-Language": "en-US"})
    assert html_lang(page.text) == "es-US"
    assert "Cerrar sesión" in Page(page.text).text


async def test_a_person_who_switches_keeps_the_language_on_their_record(client, demo):
    await sign_in(client, "juror")
    await post_form(client, "/language", {"language": "es-US", "next": "/me"})
    juror = await Account.get(login="juror").prefetch_related("person")
    assert juror.person.language == "es-US"


async def test_a_coordinator_sets_the_language_of_someone_without_an_account(client, demo):
    await sign_in(client, "coordinator")
    form = {"given_name": "Lucía", "family_name": "Ortega", "program": str(demo.id), "role": "guardian",
            "language": "es-US"}
    response = await post_form(client, "/people/new", form)
    assert response.status_code == 303, Page(response.text).text[:500]
    assert (await Person.get(given_name="Lucía", family_name="Ortega")).language == "es-US"

    refused = await post_form(client, "/people/new", {**form, "given_name": "Ana", "language": "klingon"})
    assert refused.status_code == 400
    assert "Choose one of the languages offered." in Page(refused.text).text
    assert 'value="Ana"' in refused.text


async def test_a_person_sets_their_language_on_their_account_page(client, demo):
    await sign_in(client, "juror")
    page = Page((await client.get("/me")).text)
    assert "own-language" in page.ids, "the account page offers the choice"
    response = await post_form(client, "/language", {"language": "es-US", "next": "/me"})
    assert response.headers["location"] == "/me"
    juror = await Account.get(login="juror").prefetch_related("person")
    assert juror.person.language == "es-US"
    me = await client.get("/me", headers={"Accept-Language": "en-US"})
    assert html_lang(me.text) == "es-US"
    assert "Guardar idioma" in Page(me.text).text


async def test_a_calendar_feed_is_written_in_its_owners_language_whatever_the_app_asks(app, client, demo):
    from datetime import UTC, datetime, timedelta

    import httpx
    from icalendar import Calendar

    from tests.duties import hearing_at, seat_for

    hearing = await hearing_at(demo, datetime.now(UTC).replace(microsecond=0) + timedelta(days=3))
    seat = await seat_for("juror", hearing)
    await sign_in(client, "juror")
    url = Page((await post_form(client, "/me/calendar-feed")).text).ids["feed-url"]["value"]
    juror = await Account.get(login="juror")
    await Person.filter(id=juror.person_id).update(language="es-US")
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50001))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as calendar_app:
        answer = await calendar_app.get(url, headers={"Accept-Language": "en-US"})
    events = {str(e["UID"]): str(e["SUMMARY"]) for e in Calendar.from_ical(answer.text).walk("VEVENT")}
    assert events[f"seat-{seat.id}@jurycourt"] == "Audiencia con jurado (Miembro del jurado)"
    assert not any("hearing" in summary or "Juror" in summary for summary in events.values())


async def test_a_letter_pdf_is_in_the_language_asked_for_and_says_so(client, demo):
    import io

    from pypdf import PdfReader

    from jurycourt.domain.cases import CaseState
    from jurycourt.models import Case
    from tests.pdfs import pdf_text

    case = await Case.filter(program=demo, state=CaseState.COMPLETED, sealed_at=None).order_by("id").first()
    await sign_in(client, "coordinator")
    english = await client.get(f"/cases/{case.id}/letter.pdf")
    spanish = await client.get(f"/cases/{case.id}/letter.pdf?language=es-US")
    assert english.status_code == spanish.status_code == 200
    assert PdfReader(io.BytesIO(english.content)).trailer["/Root"]["/Lang"] == "en-US"
    assert PdfReader(io.BytesIO(spanish.content)).trailer["/Root"]["/Lang"] == "es-US"
    agencies = ("Policía", "Escuela", "Servicios del tribunal")
    assert any(word in pdf_text(spanish.content) for word in agencies)
    assert not any(word in pdf_text(english.content) for word in agencies)


async def test_an_outbox_message_is_queued_in_its_recipients_language(app, demo):
    from jurycourt.actions.outbox import enqueue
    from jurycourt.models import OutboxMessage

    lucia = await Person.create(given_name="Lucía", family_name="Ortega", language="es-US")
    await enqueue(lucia.id, "invitation", "invitation:test-es", params={"kind": "jury_hearing", "role": "juror"})
    message = await OutboxMessage.get(dedupe_key="invitation:test-es")
    assert message.subject == "Te invitamos a participar"
    assert "miembro del jurado" in message.body.lower()


async def test_the_public_feed_is_kept_and_validated_per_language(client):
    english = await client.get("/findings/feed.atom", headers={"Accept-Language": "en-US"})
    spanish = await client.get("/findings/feed.atom", headers=SPANISH_BROWSER)
    assert english.status_code == spanish.status_code == 200
    assert "Accept-Language" in english.headers["vary"] and "Accept-Language" in spanish.headers["vary"]
    assert english.headers["etag"] != spanish.headers["etag"], "a cache never serves one language for the other"
    assert 'xml:lang="en-US"' in english.text and 'xml:lang="es-US"' in spanish.text
    assert "<title>jurycourt findings</title>" in english.text
    assert "jurycourt findings" not in spanish.text
    again = await client.get("/findings/feed.atom",
                             headers={**SPANISH_BROWSER, "If-None-Match": spanish.headers["etag"]})
    assert again.status_code == 304


async def test_search_reads_a_spanish_publication_with_spanish_rules(client, demo):
    from datetime import UTC, datetime

    from jurycourt.domain.publication import PublicationKind, PublicationState
    from jurycourt.models import Publication
    from tests.databases import on_postgres

    await Publication.create(program_id=demo.id, kind=PublicationKind.OUTCOMES_REPORT, slug="audiencias-es",
                             title="Las audiencias de los jóvenes", language="es-US",
                             body_markdown="Los jóvenes participaron en las audiencias del programa.",
                             body_html="<p>x</p>", state=PublicationState.PUBLISHED, published_at=datetime.now(UTC))

    async def found(q: str) -> bool:
        return "/findings/audiencias-es" in Page((await client.get(f"/findings?q={q}")).text).links

    assert await found("jovenes"), "accents are folded on both databases (no English-only stemming on SQLite)"
    assert await found("jóvenes audiencias")
    if on_postgres():  # PostgreSQL's spanish configuration: Spanish stems, Spanish stop words
        assert await found("participar"), "participar and participaron share their Spanish stem"
        assert not await found("los"), "a Spanish stop word alone matches nothing"


async def test_form_errors_written_in_the_views_speak_the_visitors_language(client, demo):
    """A view's own field errors (``form.error`` in web/) are translated like the domain's refusals:
    the i18n scan once took ``form.error(…)`` for a logger's call and let them through in English."""
    spanish = {"Accept-Language": "es-US"}
    await client.get("/login", headers=spanish)
    response = await post_form(client, "/login", {"login": "juror", "password": ""}, headers=spanish)
    assert response.status_code == 400
    page = Page(response.text)
    assert "Escribe tu contraseña." in page.text and "Enter your password." not in page.text
