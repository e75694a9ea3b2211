"""A Spanish-speaking juror, coordinator or visitor reads these pages without the English words
their templates were written in: every marked sentence of the account, people, time-credit,
calendar, availability, outbox, impact, open-data and home pages comes out translated."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from jurycourt import i18n
from jurycourt.models import Account, Person
from tests.i18n_scan import ROOT
from tests.test_translations import BABEL_CFG, KEYWORDS, read_dir
from tests.web.helpers import Page, sign_in

FOLDERS = ("account", "people", "credits", "calendar", "availability", "outbox", "impact", "open_data", "outcomes",
           "public", "_macros", "errors")


@pytest.fixture(scope="module")
def english_sentences() -> set[str]:
    """The plain messages (no placeholder, no markup, two words or more) of these pages' templates
    whose Spanish differs from the English: none may show on a page rendered in Spanish."""
    with BABEL_CFG.open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(BABEL_CFG))
    method_map = [(pattern, method) for pattern, method in method_map if pattern.startswith("templates")]
    spanish = i18n.translations("es-US")
    found = set()
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=read_dir):
        folder = filename.split("/")[1] if filename.count("/") > 1 else ""
        text = message if isinstance(message, str) else message[0]
        if folder in FOLDERS and " " in text and "%(" not in text and "<" not in text \
                and spanish.gettext(text) != text:
            found.add(text)
    return found


async def read_in_spanish(client, paths: list[str], english: set[str]) -> dict[str, list[str]]:
    """The English sentences each page still shows, by path (every page must answer 200 in es-US)."""
    left = {}
    for path in paths:
        response = await client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="es-US">' in response.text, path
        page = Page(response.text)
        text = f"{page.title} {page.text}"
        shown = sorted(sentence for sentence in english if sentence in text)
        if shown:
            left[path] = shown
    return left


async def speaks_spanish(login: str) -> int:
    account = await Account.get(login=login)
    await Person.filter(id=account.person_id).update(language="es-US")
    return account.person_id


def test_the_check_knows_the_english_it_looks_for(english_sentences):
    assert "Nothing is waiting for you." in english_sentences
    assert "Our impact in numbers" in english_sentences
    assert "Search by name, email or phone" in english_sentences


async def test_a_spanish_speaking_juror_reads_their_own_pages_in_spanish(client, demo, english_sentences):
    await speaks_spanish("juror")
    await sign_in(client, "juror")
    paths = ["/me", "/me/credits", "/me/availability", "/me/password", "/me/two-factor"]
    assert await read_in_spanish(client, paths, english_sentences) == {}
    me = Page((await client.get("/me")).text).text
    assert "Mis roles" in me and "Próximos turnos" in me


async def test_a_spanish_speaking_coordinator_manages_people_credits_and_hearings_in_spanish(
        client, demo, english_sentences):
    await speaks_spanish("coordinator")
    juror = (await Account.get(login="juror")).person_id
    await sign_in(client, "coordinator")
    paths = ["/me", "/people", "/people?q=a", "/people/new", f"/people/{juror}", f"/people/{juror}/edit",
             f"/people/{juror}/credits?program={demo.id}", f"/people/{juror}/availability",
             f"/credits?program={demo.id}", "/calendar", "/calendar?view=month", "/calendar?view=list", "/outbox",
             f"/outcomes?program={demo.id}"]
    assert await read_in_spanish(client, paths, english_sentences) == {}
    people = Page((await client.get("/people")).text).text
    assert "Buscar por nombre, correo electrónico o teléfono" in people
    # Single words too: the outbox's "To" is its recipient, not the end of a time range; a hearing's
    # status is a word of the reader's language.
    assert "Para Mensaje En cola Estado" in Page((await client.get("/outbox")).text).text
    month = Page((await client.get("/calendar?view=month")).text).text
    assert "confirmada" in month and "confirmed" not in month


async def test_a_visitor_whose_browser_asks_for_spanish_reads_the_public_pages_in_spanish(client, demo,
                                                                                          english_sentences):
    client.headers["Accept-Language"] = "es-US,es;q=0.9"
    paths = ["/", "/impact", "/open-data", "/login"]
    assert await read_in_spanish(client, paths, english_sentences) == {}
    assert "Nuestro impacto en números" in Page((await client.get("/impact")).text).text
