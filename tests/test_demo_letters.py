"""The demo's citizens' panel recruiting by letter: addresses, letters sent, registrations and rates."""

from __future__ import annotations

from jurycourt.demo.assembly_letters import REGISTRATIONS, SEED
from jurycourt.domain import assembly_letters as letters
from jurycourt.domain.citizens_panels import VolunteerStatus
from jurycourt.models import LetterRegistration, Mailing, Panel, Volunteer
from tests.web.helpers import Page, post_form, sign_in


async def test_the_demo_has_a_panel_with_an_address_file_letters_sent_and_registrations(client, demo):
    panel = await Panel.get(title="Riverside late transport panel")
    mailing = await Mailing.get(panel_id=panel.id)
    assert (mailing.addresses, mailing.sample_size, mailing.variants) == (160, 80, 2) and mailing.sent_on
    pool = await Volunteer.filter(panel_id=panel.id, status=VolunteerStatus.POOL).count()
    phone = sum(1 for r in REGISTRATIONS if r[2] == "phone")
    assert pool == len(REGISTRATIONS) == await LetterRegistration.filter(letter__mailing_id=mailing.id).count()
    await sign_in(client, "coordinator")
    page = Page((await client.get(f"/panels/citizens/{panel.id}/letters")).text)
    assert f"{len(REGISTRATIONS)} registrations from 80 letters" in page.text and f"{phone} by phone" in page.text
    assert {"rates-variant", "rates-stratum-1", "rates-language", "support"} <= set(page.ids)
    client.cookies.clear()  # an unused letter's code still registers a household
    unused = letters.format_code(letters.registration_codes(SEED, 80)[2])
    step = await post_form(client, "/join", {"step": "code", "code": unused})
    assert step.status_code == 200 and "Riverside late transport panel" in Page(step.text).text
