"""Names and free text are stored without NUL, direction controls or other invisible characters; where
removing them changes what the person would see, the form comes back (cleaned, input kept) saying so."""

from __future__ import annotations

from jurycourt.models import Panel, Person, Volunteer
from tests.web.helpers import Page, post_form, sign_in
from tests.web.test_people import new_person


async def test_a_name_with_a_right_to_left_override_comes_back_cleaned_with_a_message(client, demo):
    await sign_in(client, "coordinator")

    refused = await post_form(client, "/people/new", new_person(demo, family_name="Cast\u202eollI"))

    assert refused.status_code == 400
    assert "change the direction it reads in" in Page(refused.text).text
    assert 'value="CastollI"' in refused.text and "\u202e" not in refused.text
    assert not await Person.filter(family_name__contains="\u202e").exists()
    saved = await post_form(client, "/people/new", new_person(demo, family_name="CastollI"))
    assert saved.status_code == 303


async def test_a_name_with_nul_is_refused(client, demo):
    await sign_in(client, "coordinator")

    refused = await post_form(client, "/people/new", new_person(demo, given_name="Ima\x00ni"))

    assert refused.status_code == 400 and "NUL" in Page(refused.text).text
    assert not await Person.filter(family_name="Castillo").exists()


async def test_invisible_zero_width_characters_are_dropped_quietly(client, demo):
    await sign_in(client, "coordinator")

    form = new_person(demo, given_name="Ima\u200bni\u00ad", family_name="\ufeffCastillo")
    saved = await post_form(client, "/people/new", form)

    assert saved.status_code == 303
    person = await Person.get(family_name="Castillo")
    assert person.given_name == "Imani"


async def test_the_public_volunteer_form_refuses_direction_controls_too(client, demo):
    panel = await Panel.filter(kind="citizens").order_by("id").first()
    await Panel.filter(id=panel.id).update(status="recruiting")
    form = {"name": "Vera \u2067Volunteer\u2069", "contact": "vera@example.org", "address": "3 Oak Lane",
            "c0": "45-64", "c1": "Woman", "c2": "Riverside", "consent": "yes"}

    refused = await post_form(client, f"/panels/citizens/{panel.id}/volunteer", form)

    assert refused.status_code == 400 and "change the direction" in Page(refused.text).text
    assert 'value="Vera Volunteer"' in refused.text
    assert not await Volunteer.filter(name__contains="Vera").exists()
