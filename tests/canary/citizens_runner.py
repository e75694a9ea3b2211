"""The canary runner of a citizens' panel chosen by lot, from its charter to its end.

Every volunteer has a canary name, contact and address: four register on the public form (over HTTP,
one of them then withdraws with their secret link) and the rest come in a CSV import. The quotas are
set, the library checks them, the commitment is published and the draw runs in the draw worker's own
function, in-process (a pool of 32). Two members are people with accounts: they deliberate over HTTP
naming canaries; the evidence filed with the sessions names canaries too. Recommendations are drafted
and voted (one naming a canary is voted down, one is never voted), the adopted ones become a draft
publication that two coordinators publish, and the panel ends (volunteers not selected are erased).
The runner registers the panel's addresses for the crawl (``ctx.public_urls``): the panel page with
its commitment and the volunteer form, and the draw, session, evidence document and deliberation
pages an anonymous visitor must be turned away from.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from jurycourt.actions import citizens_draws, citizens_panels, citizens_recommendations, citizens_sessions, publications
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.citizens_panels import CitizensPanelStatus, DrawStatus, VolunteerStatus
from jurycourt.domain.publication import PublicationState
from jurycourt.models import CitizensPanelSession, Draw, Panel, Publication, Volunteer
from jurycourt.sortition.worker import work
from tests.databases import TEST_PSEUDONYM_KEY
from tests.web.helpers import Page, post_form, sign_in

if TYPE_CHECKING:
    from tests.canary.proceedings import CanaryContext

TITLE = "Evening buses panel"
SLUG = "recommendations-of-the-evening-buses-panel"
CATEGORIES = "Age band: 16-29, 30-44, 45+\nGender: Woman, Man"
AGES, GENDERS = ("16-29", "30-44", "45+"), ("Woman", "Man")
#: Made-up syllables: every name built from them is a word no published text contains.
STARTS = ("Quor", "Zeb", "Fenn", "Hask", "Ombr", "Trev", "Vask", "Yldr")
ENDS = ("imond", "eline", "ustra", "oric")
FAMILY = ("Marrowquill", "Thistlebrack", "Wrenhallow", "Gorsewick", "Corvellan", "Plumtreave", "Brackenholt",
          "Sallowmere")
FORM_COUNT, IMPORT_COUNT = 4, 28  # a pool of 32: the draw stays quick


def _volunteers() -> list[dict[str, str]]:
    """Canary volunteers: a unique made-up name, an email or a phone, a made-up street, and answers."""
    names = itertools.product(STARTS, ENDS)
    made = []
    for n, (start, end) in enumerate(itertools.islice(names, FORM_COUNT + IMPORT_COUNT)):
        given, family = start + end, FAMILY[n % len(FAMILY)]
        contact = f"202-555-76{n:02d}" if n % 3 == 0 else f"{given.lower()}.{family.lower()}@canary.example"
        made.append({"name": f"{given} {family}", "contact": contact,
                     "address": f"{n + 3} {FAMILY[(n + 3) % len(FAMILY)]} Wynd",
                     "age": AGES[n % 3], "gender": GENDERS[(n // 3) % 2]})
    return made


def _canaries(volunteer: dict[str, str]) -> list[str]:
    given, family = volunteer["name"].split(" ")
    contact = volunteer["contact"]
    digits = [re.sub(r"\D", "", contact)] if contact.startswith("202") else []
    return [volunteer["name"], given, family, contact, *digits, volunteer["address"]]


async def _register_on_the_form(ctx: CanaryContext, panel_id: int, people: list[dict[str, str]]) -> str:
    """Anonymous visitors fill in the public volunteer form; returns the last one's withdrawal link."""
    ctx.client.cookies.clear()
    link = ""
    for person in people:
        response = await post_form(ctx.client, f"/panels/citizens/{panel_id}/volunteer", {
            "name": person["name"], "contact": person["contact"], "address": person["address"],
            "c0": person["age"], "c1": person["gender"], "consent": "yes"})
        assert response.status_code == 200, response.text[:2000]
        link = re.search(r"/panels/citizens/withdraw/[\w-]+", response.text).group(0)
    return link


def _pool_csv(people: list[dict[str, str]]) -> bytes:
    rows = ["reference,name,contact,address,Age band,Gender"]
    rows += [f"C{n},{p['name']},{p['contact']},{p['address']},{p['age']},{p['gender']}" for n, p in enumerate(people)]
    return ("\n".join(rows) + "\n").encode()


async def _draw(ctx: CanaryContext, panel_id: int) -> Draw:
    """The library's check, the commitment, then the draw: each run by the worker's own function."""
    one = ctx.coordinator
    check = await citizens_draws.queue_check(one, panel_id)
    assert await work(check.id), (await Draw.get(id=check.id)).diagnosis
    await citizens_panels.publish_commitment(one, panel_id)
    draw = await citizens_draws.queue_draw(one, panel_id, "7 19 23 41")
    assert await work(draw.id), (await Draw.get(id=draw.id)).message
    draw = await Draw.get(id=draw.id)
    assert draw.status == DrawStatus.DONE and len(draw.result["selected"]) == 6
    return draw


async def _members_with_accounts(ctx: CanaryContext, panel_id: int) -> list[str]:
    """The first two members drawn get accounts to read the evidence and deliberate (linked the way the demo
    links its panelist: no page does it yet). Returns their logins."""
    logins = []
    selected = await Volunteer.filter(panel_id=panel_id, status=VolunteerStatus.SELECTED).order_by("id").limit(2)
    for n, volunteer in enumerate(selected, start=1):
        given, family = volunteer.name.split(" ")
        person = await ctx.person(given, family, email=f"cpm{n}.{family.lower()}@canary.example",
                                  login=f"canarymember{n}")
        await Volunteer.filter(id=volunteer.id).update(person_id=person.id)
        logins.append(f"canarymember{n}")
    return logins


async def _evidence(ctx: CanaryContext, panel_id: int, named: list[str]) -> str:
    """The coordinator files a document and a testimony summary with the first session, naming canaries.
    Returns the document's address."""
    session = await CitizensPanelSession.filter(panel_id=panel_id).order_by("id").first()
    document = await citizens_sessions.add_document(
        ctx.coordinator, panel_id, session.id, title="Riders counted at the ring road stops",
        note=f"Counted by {named[0]}.", filename="riders.csv",
        data=f"stop,riders,counted by\nRing road,41,{named[0]}\nDepot,17,{named[1]}\n".encode())
    witness = "Leofric Pendragon-Abernathy"
    ctx.canaries += [witness, "Leofric", "Pendragon-Abernathy"]
    await citizens_sessions.record_testimony(
        ctx.coordinator, panel_id, session.id, speaker=witness, speaker_role="Network manager, the bus company",
        summary=f"He told {named[0]} the last bus leaves at 9 pm because drivers are short.")
    return f"/panels/citizens/{panel_id}/sessions/{session.id}/documents/{document.document_id}"


async def _deliberate(ctx: CanaryContext, panel_id: int, logins: list[str], named: list[str]) -> None:
    """The members deliberate in their thread over HTTP, as they would, naming each other."""
    url = f"/panels/citizens/{panel_id}/deliberation/statements"
    for login, body in ((logins[0], f"{named[1]} waited an hour at the depot last winter."),
                        (logins[1], f"I agree with {named[0]}: the ring road needs shelters.")):
        ctx.client.cookies.clear()
        await sign_in(ctx.client, login)
        response = await post_form(ctx.client, url, {"body": body})
        assert response.status_code == 303, (url, response.status_code, response.text[:2000])
    ctx.client.cookies.clear()


async def _recommend_and_publish(ctx: CanaryContext, panel_id: int, member: Viewer, named: list[str]) -> Publication:
    """Drafted by a member, voted by the coordinator; the adopted ones published by two coordinators."""
    one, two = ctx.coordinator, ctx.coordinator2
    texts = [("Run the evening buses until midnight on weekdays.", (5, 1, 0), ""),
             ("Put a lit shelter at every stop on the ring road.", (4, 2, 0),
              "Shelters matter less than buses that come."),
             (f"Ask {named[0]} to survey the riders every month.", (1, 5, 0), ""),
             (f"Thank {named[1]} for the rider counts.", None, "")]
    for text, votes, minority in texts:
        draft = await citizens_recommendations.draft_recommendation(member, panel_id, text)
        if votes:
            await citizens_recommendations.record_vote(
                one, panel_id, draft.id, votes_for=str(votes[0]), votes_against=str(votes[1]),
                abstentions=str(votes[2]), minority_statement=minority)
    publication = await citizens_recommendations.draft_publication(one, panel_id)
    assert publication.slug == SLUG
    await publications.submit(one, publication.id)
    return await publications.publish(two, publication.id)


async def citizens_panel(ctx: CanaryContext) -> None:
    """Charter → sessions → volunteers (form, withdrawal, CSV import) → quotas → library check →
    commitment → draw → members → evidence, deliberation → recommendations voted → published → ended."""
    one = ctx.coordinator
    volunteers = _volunteers()
    for volunteer in volunteers:
        ctx.canaries += _canaries(volunteer)
    panel = await citizens_panels.charter_panel(
        one, ctx.program.id, title=TITLE, question="How should the evening buses serve the estates?", size="6",
        reserves="2", algorithm="maximin", categories=CATEGORIES,
        privacy_notice="We keep your name and contact only for this panel's draw.")
    ctx.public_urls += [f"/panels/citizens/{panel.id}", f"/panels/citizens/{panel.id}/volunteer"]
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=7)
    for week in (0, 1):
        await citizens_panels.add_session(one, panel.id, starts + timedelta(weeks=week),
                                          starts + timedelta(weeks=week, hours=2), None)

    withdraw = await _register_on_the_form(ctx, panel.id, volunteers[:FORM_COUNT])
    assert (await post_form(ctx.client, withdraw)).status_code == 200  # the last one changes their mind
    ctx.public_urls.append(withdraw)  # used up: it must not show whose it was
    imported = await citizens_panels.import_pool(one, panel.id, _pool_csv(volunteers[FORM_COUNT:]), TEST_PSEUDONYM_KEY)
    assert imported.ok, imported.errors
    assert await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.POOL).count() == 31
    quotas = {("Gender", g): ("2", "4") for g in GENDERS} | {("Age band", a): ("1", "3") for a in AGES}
    await citizens_panels.set_quotas(one, panel.id, quotas)

    draw = await _draw(ctx, panel.id)
    sessions = await CitizensPanelSession.filter(panel_id=panel.id).order_by("id").values_list("id", flat=True)
    ctx.public_urls += [f"/panels/citizens/{panel.id}/draws/{draw.id}", f"/panels/citizens/{panel.id}/deliberation",
                        *(f"/panels/citizens/{panel.id}/sessions/{s}" for s in sessions)]
    logins = await _members_with_accounts(ctx, panel.id)
    members = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.SELECTED).order_by("id")
    named = [m.name for m in members[:2]]
    ctx.public_urls.append(await _evidence(ctx, panel.id, named))
    await _deliberate(ctx, panel.id, logins, named)
    member = ctx.viewer(await members[0].person)
    await _recommend_and_publish(ctx, panel.id, member, named)

    assert await citizens_panels.end_panel(one, panel.id) == FORM_COUNT + IMPORT_COUNT - 6  # the withdrawn too
    assert (await Panel.get(id=panel.id)).status == CitizensPanelStatus.ENDED
    assert not await Volunteer.filter(panel_id=panel.id).exclude(status=VolunteerStatus.SELECTED).exclude(name="")
    assert (await Publication.get(slug=SLUG)).state == PublicationState.PUBLISHED
    assert "Evening buses" in Page((await ctx.client.get(f"/panels/citizens/{panel.id}")).text).text
