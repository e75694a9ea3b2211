"""Community service sites: the supervisor's link (own placement only, expiring, never counted twice),
capacity, the deadline's choices, the certificate and who may open which page."""

from __future__ import annotations

import io
from datetime import timedelta
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from jurycourt import clock
from jurycourt.actions.service_sites import place
from jurycourt.demo import DEMO_ACCOUNTS
from jurycourt.domain.cases import CaseState
from jurycourt.domain.errors import Refused
from jurycourt.domain.sanctions import SanctionKind, SanctionStatus
from jurycourt.domain.service_sites import PlacementState, link_token
from jurycourt.i18n import gettext, use_language
from jurycourt.i18n.formatting import local_date
from jurycourt.models import (
    AuditEvent,
    Case,
    Person,
    Sanction,
    ServiceExtension,
    ServiceHours,
    ServicePlacement,
    ServiceSite,
)
from tests.pdfs import pdf_text
from tests.web.cases_helpers import coordinator
from tests.web.helpers import Page, client_for, post_form, sign_in


async def _placement(site_name: str) -> ServicePlacement:
    return await ServicePlacement.get(site__name=site_name, state=PlacementState.ACTIVE)


def _url(app, placement: ServicePlacement) -> str:
    return "/hours/" + link_token(app.state.settings.secret_key, placement.id, placement.link_expires_at,
                                  placement.link_nonce)


async def _confirm(client, url: str, key: str, hours: str = "2") -> object:
    return await post_form(client, url, {"served_on": clock.today().isoformat(), "hours": hours, "minutes": "0",
                                         "key": key})


async def _served(sanction_id: int) -> int:
    return sum(await ServiceHours.filter(sanction_id=sanction_id).values_list("minutes", flat=True))


async def test_a_supervisors_link_confirms_only_its_own_placement_and_never_counts_twice(app, client, demo):
    pantry, park = await _placement("Riverside Community Food Pantry"), await _placement("Anacostia Park Clean-up")
    before_pantry, before_park = await _served(pantry.sanction_id), await _served(park.sanction_id)
    page = Page((await client.get(_url(app, pantry))).text)
    assert "Tanya has served 5 h of 12 h here; 7 h to go." in page.text
    assert "Reyes" not in page.text  # the supervisor learns the first name only

    key = page.ids["key"]["value"] if "key" in page.ids else "k" * 24
    first = await _confirm(client, _url(app, pantry), key)
    again = await _confirm(client, _url(app, pantry), key)  # a double submit, or the request replayed
    assert first.status_code == again.status_code == 303
    assert "counted=again" in again.headers["location"]
    assert await _served(pantry.sanction_id) == before_pantry + 120
    assert await AuditEvent.filter(action="service.hours_confirmed", subject_type="sanction",
                                   subject_id=str(pantry.sanction_id)).count() == 1

    # The pantry's token with the park's placement number is no token at all.
    forged = _url(app, pantry).replace(f"/hours/{pantry.id}-", f"/hours/{park.id}-")
    assert (await _confirm(client, forged, "f" * 24)).status_code == 410
    assert await _served(park.sanction_id) == before_park


async def test_a_supervisors_link_expires_and_a_new_link_ends_the_old_one(app, client, demo, fixed_clock):
    pantry = await _placement("Riverside Community Food Pantry")
    url = _url(app, pantry)
    assert (await client.get(url)).status_code == 200
    fixed_clock.set(pantry.link_expires_at + timedelta(seconds=1))
    expired = await client.get(url)
    assert expired.status_code == 410 and "This link has expired" in Page(expired.text).text
    assert (await _confirm(client, url, "e" * 24)).status_code == 410

    fixed_clock.set(pantry.link_expires_at - timedelta(days=1))
    await sign_in(client, "coordinator")
    sanction = await Sanction.get(id=pantry.sanction_id)
    renewed = await post_form(client, f"/cases/{sanction.case_id}/sanctions/{sanction.id}/service-link")
    assert renewed.status_code == 303
    assert (await client.get(url)).status_code == 410
    assert (await client.get(_url(app, await ServicePlacement.get(id=pantry.id)))).status_code == 200


async def test_more_hours_than_are_left_or_a_day_in_the_future_are_refused_with_the_input_kept(app, client, demo):
    pantry = await _placement("Riverside Community Food Pantry")
    too_many = await _confirm(client, _url(app, pantry), "m" * 24, hours="8")
    assert too_many.status_code == 400
    page = Page(too_many.text)
    assert "That is more than the 7 hours still to serve." in page.text
    assert page.ids["f-hours"]["value"] == "8"
    future = await post_form(client, _url(app, pantry), {"served_on": (clock.today() + timedelta(days=2)).isoformat(),
                                                         "hours": "1", "minutes": "0", "key": "n" * 24})
    assert future.status_code == 400
    assert await ServiceHours.filter(sanction_id=pantry.sanction_id).count() == 2


async def test_a_full_site_takes_no_more_placements(demo):
    actor = await coordinator(demo)
    park = await ServiceSite.get(name="Anacostia Park Clean-up")
    await ServiceSite.filter(id=park.id).update(capacity=1)  # the overdue teen holds its one place
    completed = await Case.filter(program=demo, state=CaseState.MONITORING).order_by("id").first()
    sanction = await Sanction.create(case_id=completed.id, kind=SanctionKind.COMMUNITY_SERVICE, quantity=4)
    try:
        await place(actor, completed, sanction, park.id)
        raise AssertionError("placed at a full site")
    except Refused as refusal:
        assert "This site is full" in refusal.message
    assert not await ServicePlacement.exists(sanction_id=sanction.id)
    library = await ServiceSite.get(name="Eastside Branch Library")
    placement = await place(actor, completed, sanction, library.id)
    assert placement.site_id == library.id
    assert (await Sanction.get(id=sanction.id)).due_on is not None  # the deadline clock started


async def _overdue() -> tuple[Sanction, str]:
    placement = await _placement("Anacostia Park Clean-up")
    sanction = await Sanction.get(id=placement.sanction_id)
    return sanction, f"/cases/{sanction.case_id}/sanctions/{sanction.id}/service-deadline"


async def test_a_passed_deadline_is_on_the_coordinators_list_and_can_be_extended(client, demo):
    await sign_in(client, "coordinator")
    me = Page((await client.get("/me")).text).text
    assert "Community service past its deadline without the hours (extend, new site or return) 1" in me
    sites = Page((await client.get("/service-sites")).text)
    assert "16 h to go at Anacostia Park Clean-up" in sites.text
    sanction, url = await _overdue()
    no_reason = await post_form(client, url, {"choice": "extend", "due_on": str(clock.today() + timedelta(days=30))})
    assert no_reason.status_code == 400 and "Say why the deadline moves." in Page(no_reason.text).text
    new_due = clock.today() + timedelta(days=30)
    done = await post_form(client, url, {"choice": "extend", "due_on": str(new_due), "reason": "Park closed two weeks"})
    assert done.status_code == 303
    assert (await Sanction.get(id=sanction.id)).due_on == new_due
    assert await ServiceExtension.filter(sanction_id=sanction.id, reason="Park closed two weeks").exists()
    me = Page((await client.get("/me")).text).text
    assert "Community service past its deadline" not in me


async def test_a_passed_deadline_can_move_the_teen_to_a_new_site_keeping_the_hours(client, demo):
    await sign_in(client, "coordinator")
    sanction, url = await _overdue()
    library = await ServiceSite.get(name="Eastside Branch Library")
    moved = await post_form(client, url, {"choice": "move", "site": str(library.id), "reason": "Closer to home",
                                          "due_on": str(clock.today() + timedelta(days=21))})
    assert moved.status_code == 303
    states = dict(await ServicePlacement.filter(sanction_id=sanction.id).values_list("site__name", "state"))
    assert states == {"Anacostia Park Clean-up": PlacementState.MOVED, "Eastside Branch Library": PlacementState.ACTIVE}
    assert await _served(sanction.id) == 240  # the hours served at the park still count


async def test_a_passed_deadline_can_return_the_case_to_the_referrer(client, demo):
    await sign_in(client, "coordinator")
    sanction, url = await _overdue()
    back = await post_form(client, url, {"choice": "return", "reason": "Stopped going to the site"})
    assert back.status_code == 303
    assert (await Sanction.get(id=sanction.id)).status == SanctionStatus.FAILED
    assert (await Case.get(id=sanction.case_id)).state == CaseState.FAILED
    assert not await ServicePlacement.exists(sanction_id=sanction.id, state=PlacementState.ACTIVE)


async def test_the_teen_and_guardian_see_hours_served_to_go_and_the_days_left(client, demo):
    for login in ("respondent", "guardian"):
        await sign_in(client, login)
        text = Page((await client.get("/me")).text).text
        assert "5 h of 12 h served, 7 h to go." in text, login
        assert "days left: finish by" in text, login


async def _certificate_url(completed: bool = True) -> str:
    if completed:
        hours = await ServiceHours.filter(sanction__case__state=CaseState.COMPLETED).first()
    else:
        hours = await ServiceHours.filter(placement__site__name="Riverside Community Food Pantry").first()
    sanction = await Sanction.get(id=hours.sanction_id)
    return f"/cases/{sanction.case_id}/sanctions/{sanction.id}/certificate.pdf"


async def test_the_certificate_comes_only_once_the_hours_are_done_and_in_the_teens_language(client, demo):
    await sign_in(client, "coordinator")
    assert (await client.get(await _certificate_url(completed=False))).status_code == 404
    url = await _certificate_url()
    english = await client.get(url)
    assert english.status_code == 200
    assert "Certificate of completion" in pdf_text(english.content)
    case = await Case.get(id=int(url.split("/")[2]))
    await Person.filter(id=case.respondent_id).update(language="es-US")
    spanish = await client.get(url, headers={"Accept-Language": "en-US"})
    text = pdf_text(spanish.content)
    last_day = max(await ServiceHours.filter(sanction_id=int(url.split("/")[4])).values_list("served_on", flat=True))
    with use_language("es-US"):
        title, served = gettext("Certificate of completion"), local_date(last_day, "date", ZoneInfo("UTC"))
    assert title in text and served in text  # the teen's words and dates, whoever downloads it
    assert served not in pdf_text(english.content)
    root = PdfReader(io.BytesIO(spanish.content)).trailer["/Root"]
    assert root["/Lang"] == "es-US" and "/StructTreeRoot" in root  # tagged (PDF/UA), in Spanish


async def test_each_role_opens_only_the_service_pages_it_may(app, demo):
    site = await ServiceSite.get(name="Eastside Branch Library")
    supervisor = _url(app, await _placement("Riverside Community Food Pantry"))
    certificate = await _certificate_url()
    paths = ["/service-sites", f"/service-sites/{site.id}", certificate, supervisor]
    coordinators = {"coordinator", "coordinator2"}

    def expected(login: str | None, path: str) -> int:
        if path == supervisor:
            return 200  # the signed link is the key: no account needed
        if login is None:
            return 404 if path == certificate else 303
        return 200 if login in coordinators else 404

    got, want = {}, {}
    for login in [*DEMO_ACCOUNTS, None]:
        async with client_for(app) as browser:
            if login:
                await sign_in(browser, login)
            got[login] = {path: (await browser.get(path)).status_code for path in paths}
            want[login] = {path: expected(login, path) for path in paths}
    assert got == want


async def test_sealing_a_case_erases_where_and_when_its_hours_were_served(demo, fixed_clock):
    from jurycourt.actions.sealing import seal_case

    hours = await ServiceHours.filter(sanction__case__state=CaseState.COMPLETED).first()
    sanction = await Sanction.get(id=hours.sanction_id)
    case = await Case.get(id=sanction.case_id)
    fixed_clock.set(fixed_clock.now() + timedelta(days=800))
    await seal_case(await coordinator(demo), case)
    assert not await ServicePlacement.exists(sanction_id=sanction.id)
    assert not await ServiceHours.exists(sanction_id=sanction.id)
    assert (await Sanction.get(id=sanction.id)).quantity == 5  # the figures keep the size


async def test_the_supervisors_page_and_the_site_forms_are_valid_html_with_and_without_errors(app, client, demo):
    from tests import nu_validator

    pantry = await _placement("Riverside Community Food Pantry")
    pages = {"hours": (await client.get(_url(app, pantry))).text,
             "hours refused": (await _confirm(client, _url(app, pantry), "v" * 24, hours="30")).text}
    await sign_in(client, "coordinator")
    site = await ServiceSite.get(name="Eastside Branch Library")
    refused = await post_form(client, "/service-sites", {"program": str(demo.id), "name": "", "capacity": "x"})
    assert refused.status_code == 400
    pages |= {"sites refused": refused.text, "edit": (await client.get(f"/service-sites/{site.id}")).text}
    found = nu_validator.messages(pages)
    assert found == [], nu_validator.describe(found)
