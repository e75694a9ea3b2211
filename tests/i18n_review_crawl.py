"""A reviewer's tool, not part of the suite: which catalogue messages each rendered output uses.

    I18N_CRAWL_OUT=/path/out.json .venv/bin/pytest -q -p no:randomly tests/i18n_review_crawl.py

Every demo person reads jurycourt in Spanish (their stored language set to es-US, anonymous visitors
asking for it): the crawl follows the links of each one's pages from /me (and the public site from
/), submits each form it meets once empty (so refusals and field errors render), asks for pages that
do not exist or are not theirs, and renders every outbox message (email and text) in Spanish. The
catalogue's lookups are recorded per output, so a second reviewer reads each translation beside the
page it appears on (``pages`` holds each output's text). The file is named without ``test_`` so the
suite never collects it: run it by its path.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from jurycourt import i18n
from jurycourt.demo import DEMO_ACCOUNTS, OTHER_LOGINS
from tests.web.helpers import Page, csrf_token, sign_in

SKIP = re.compile(r"/(logout|sign-?out|static|backups?)\b|\.(css|js|png|svg|ico|zip|csv|ics|xml|json)$|/feed")
PAGES_PER_PERSON = int(os.environ.get("I18N_CRAWL_PAGES", "160"))
FORMS_PER_PERSON = int(os.environ.get("I18N_CRAWL_FORMS", "80"))
PER_SHAPE = int(os.environ.get("I18N_CRAWL_PER_SHAPE", "4"))
FORM = re.compile(r'<form[^>]*method="post"[^>]*action="([^"]+)"', re.IGNORECASE)
HX = {"HX-Request": "true", "HX-Request-Type": "partial"}


class Recorder:
    """Wraps the Spanish catalogue's lookups: each key looked up while ``output`` is set is noted."""

    def __init__(self) -> None:
        self.output = ""
        self.seen: dict[str, set[str]] = defaultdict(set)

    def note(self, key: str) -> None:
        if self.output:
            self.seen[key].add(self.output)

    def install(self) -> None:
        catalogue = i18n.translations("es-US")
        gettext, ngettext = catalogue.gettext, catalogue.ngettext
        pgettext, npgettext = catalogue.pgettext, catalogue.npgettext

        def g(message):
            self.note(message)
            return gettext(message)

        def n(singular, plural, count):
            self.note(singular)
            return ngettext(singular, plural, count)

        def p(context, message):
            self.note(f"{context}\x04{message}")
            return pgettext(context, message)

        def np(context, singular, plural, count):
            self.note(f"{context}\x04{singular}")
            return npgettext(context, singular, plural, count)

        catalogue.gettext, catalogue.ngettext, catalogue.pgettext, catalogue.npgettext = g, n, p, np


def _local(base: str, href: str) -> str | None:
    href = urldefrag(href)[0]
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.netloc and parts.netloc != "testserver":
        return None
    path = parts.path if parts.path.startswith("/") else None
    if path is None or SKIP.search(path):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


async def _crawl(client, recorder: Recorder, who: str, starts: list[str], texts: dict[str, str],
                 headers: dict[str, str] | None = None) -> list[str]:
    queue, seen, forms = list(starts), set(), []
    shapes: dict[str, int] = defaultdict(int)
    while queue and len(seen) < PAGES_PER_PERSON:
        url = queue.pop(0)
        shape = re.sub(r"\d+", "N", url)
        if url in seen or shapes[shape] >= PER_SHAPE:  # the same page of another row says the same words
            continue
        shapes[shape] += 1
        seen.add(url)
        recorder.output = f"{who} GET {url}"
        try:
            response = await client.get(url, headers=headers or {})
        except Exception as error:  # noqa: BLE001 - a reviewer's crawl notes and goes on
            texts[recorder.output] = f"[error {error!r}]"
            continue
        kind = response.headers.get("content-type", "")
        if "html" not in kind:
            texts[recorder.output] = f"[{response.status_code} {kind}]"
            continue
        page = Page(response.text)
        texts[recorder.output] = f"[{response.status_code}] " + " ".join(page.text.split())[:6000]
        for href in page.links:
            if (local := _local(url, href)) and local not in seen:
                queue.append(local)
        forms += [a for a in FORM.findall(response.text) if not SKIP.search(a)]
    recorder.output = ""
    return list(dict.fromkeys(forms))


async def _submit_empty(client, recorder: Recorder, who: str, forms: list[str], texts: dict[str, str]) -> None:
    by_shape: dict[str, int] = defaultdict(int)
    for action in forms:
        shape = re.sub(r"\d+", "N", action)
        by_shape[shape] += 1
        if by_shape[shape] > 1 or sum(1 for n in by_shape.values() if n) > FORMS_PER_PERSON:
            continue
        if re.search(r"sign|login|password|two-factor|delete|erase|seal|revoke|withdraw", action):
            continue
        for headers in ({}, HX):
            recorder.output = f"{who} POST(empty{', htmx' if headers else ''}) {action}"
            try:
                token = await csrf_token(client)
                response = await client.post(action, data={"csrf_token": token}, headers=headers)
                shown = " ".join(Page(response.text).text.split())
                texts[recorder.output] = f"[{response.status_code}] {shown[:3000]}"
            except Exception as error:  # noqa: BLE001
                texts[recorder.output] = f"[error {error!r}]"
    recorder.output = ""


@pytest.mark.skipif(not os.environ.get("I18N_CRAWL_OUT"), reason="a reviewer's tool: set I18N_CRAWL_OUT")
async def test_crawl_every_output_in_spanish(client, demo):
    from jurycourt.actions.outbox import text_for, words_for
    from jurycourt.models import OutboxMessage, Person

    recorder = Recorder()
    recorder.install()
    texts: dict[str, str] = {}
    await Person.all().update(language="es-US")
    anonymous = {"Accept-Language": "es-US,es;q=0.9"}
    await _crawl(client, recorder, "anonymous", ["/", "/login", "/no-such-page", "/cases/999999"], texts, anonymous)
    for login in [*DEMO_ACCOUNTS, *OTHER_LOGINS]:
        client.cookies.clear()
        try:
            await sign_in(client, login)
        except AssertionError:
            continue
        forms = await _crawl(client, recorder, login, ["/me", "/", "/cases/999999", "/hearings/999999",
                                                       "/screen/demo-hearing-screen"], texts)
        await _submit_empty(client, recorder, login, forms, texts)
    await _states_no_link_reaches(client, recorder, texts)
    for message in await OutboxMessage.all():
        recorder.output = f"outbox {message.kind} #{message.id}"
        with i18n.use_language("es-US"):
            subject, body = words_for(message, "es-US")
            texts[recorder.output] = f"{subject}\n{body}\n--- text: {text_for(message, 'es-US')}"
    _compose_every_kind(recorder, texts)
    await _refusals(client, recorder, texts)
    recorder.output = ""
    _write(Path(os.environ["I18N_CRAWL_OUT"]), {"seen": {k: sorted(v) for k, v in recorder.seen.items()},
                                                "pages": texts})


def _write(out: Path, data: dict) -> None:
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")


def _compose_every_kind(recorder: Recorder, texts: dict[str, str]) -> None:
    """Every kind of message written at send time, for every kind of session, as it would be sent
    (the demo's outbox holds only some of them)."""
    from jurycourt.domain.duties import COMPOSERS
    from jurycourt.domain.seating import SeatRole, SessionKind

    start, end = "2026-12-05T23:00:00+00:00", "2026-12-06T01:00:00+00:00"
    for kind in SessionKind:
        for name in COMPOSERS:
            for where in ("Courtroom 3, Superior Court", ""):
                params = {"kind": kind.value, "role": SeatRole.JUROR.value, "starts_at": start, "ends_at": end,
                          "zone": "America/New_York", "where": where, "seat": 12, "publication_id": 4,
                          # an access link: an invitation with a place, a password reset without one
                          "link": "invite" if where else "reset", "url": "https://jurycourt.example/l/x",
                          "expires_at": end}
                recorder.output = f"outbox {name} ({kind.value}{', no place' if not where else ''})"
                with i18n.use_language("es-US"):
                    words = COMPOSERS[name](params)
                    texts[recorder.output] = f"{words.subject}\n{words.body}\n--- text: {words.short}"


async def _refusals(client, recorder: Recorder, texts: dict[str, str]) -> None:
    """Each message of the Python code that no output above used, raised as a refusal through the
    app's own handler (the page a refused action shows), in Spanish, as a signed-in coordinator sees
    it; its placeholders stay as they are."""
    from starlette.routing import Route

    from jurycourt.domain.errors import Refused
    from jurycourt.i18n.translate import _key, load

    catalogue = {_key(e): e for e in load("es-US") if e.id}
    unseen = [key for key, entry in catalogue.items() if key not in recorder.seen
              and all(path.endswith(".py") for path, _line in entry.locations)]

    async def refuse(request):
        key = unseen[int(request.query_params["n"])]
        context, _, message = key.rpartition("\x04")
        raise Refused(i18n.pgettext(context, message) if context else i18n.gettext(message))

    client.app.router.routes.insert(0, Route("/__review-refusal", refuse))
    client.cookies.clear()
    await sign_in(client, "coordinator")
    for n, key in enumerate(unseen):
        recorder.output = f"refusal page for {key!r}"
        response = await client.get(f"/__review-refusal?n={n}")
        texts[recorder.output] = f"[{response.status_code}] " + " ".join(Page(response.text).text.split())[:1500]


async def _states_no_link_reaches(client, recorder: Recorder, texts: dict[str, str]) -> None:
    """Pages the link crawl meets only for some rows (one of each shape): every case's sealing
    preview, every matter, every citizens' panel's volunteer form, attendance corrections at held
    hearings, and the pages a form leads to (two-step sign-in set-up, an access link)."""
    from jurycourt.models import Case, CitizensPanel, Hearing, JusticeMatter, Person, Seat

    client.cookies.clear()
    await sign_in(client, "coordinator")
    urls = [f"/cases/{i}/seal" for i in await Case.all().values_list("id", flat=True)]
    urls += [f"/cases/{i}/decision-letter" for i in await Case.all().values_list("id", flat=True)]
    urls += [f"/panels/justice/{i}" for i in await JusticeMatter.all().values_list("id", flat=True)]
    panels = await CitizensPanel.all().values_list("id", flat=True)
    urls += [f"/panels/citizens/{i}" for i in panels] + ["/panels/citizens/new"]
    for hearing_id in await Hearing.filter(status="held").values_list("id", flat=True):
        urls += [f"/hearings/{hearing_id}/attendance/{seat}/correct"
                 for seat in (await Seat.filter(hearing_id=hearing_id).values_list("id", flat=True))[:2]]
    await _visit(client, recorder, "coordinator", urls, texts)
    for person_id in (await Person.filter(account=None).values_list("id", flat=True))[:1]:
        await _post(client, recorder, "coordinator", f"/people/{person_id}/links", {"kind": "invitation"}, texts)
    client.cookies.clear()
    await _visit(client, recorder, "anonymous", [f"/panels/citizens/{i}/volunteer" for i in panels], texts,
                 {"Accept-Language": "es-US"})
    await sign_in(client, "juror")
    await _post(client, recorder, "juror", "/me/two-factor/start", {}, texts)
    await _visit(client, recorder, "juror", ["/me/two-factor"], texts)


async def _visit(client, recorder: Recorder, who: str, urls: list[str], texts: dict[str, str],
                 headers: dict[str, str] | None = None) -> None:
    for url in urls:
        recorder.output = f"{who} GET {url}"
        response = await client.get(url, headers=headers or {})
        texts[recorder.output] = f"[{response.status_code}] " + " ".join(Page(response.text).text.split())[:6000]
    recorder.output = ""


async def _post(client, recorder: Recorder, who: str, url: str, data: dict[str, str], texts: dict[str, str]) -> None:
    recorder.output = f"{who} POST {url}"
    response = await client.post(url, data={"csrf_token": await csrf_token(client), **data}, follow_redirects=True)
    texts[recorder.output] = f"[{response.status_code}] " + " ".join(Page(response.text).text.split())[:6000]
    recorder.output = ""
