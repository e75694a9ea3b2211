"""The seal button: a coordinator previews what will be erased, then confirms."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jurycourt import clock
from jurycourt.domain.cases import CaseState
from jurycourt.models import Case, CaseGuardian, Person
from tests.web.helpers import Page, post_form, sign_in


async def _due(demo) -> Case:
    case = await Case.filter(program=demo, state=CaseState.COMPLETED, sealed_at=None).order_by("id").first()
    await Case.filter(id=case.id).update(closed_on=clock.today() - timedelta(days=400))
    return case


async def test_the_preview_names_what_will_be_erased_and_sealing_needs_confirmation(client, demo):
    case = await _due(demo)
    respondent = await Person.get(id=case.respondent_id)
    guardian = await Person.get(id=(await CaseGuardian.get(case_id=case.id)).person_id)
    await sign_in(client, "coordinator")
    assert f"/cases/{case.id}/seal" in Page((await client.get(f"/cases/{case.id}")).text).links
    preview = Page((await client.get(f"/cases/{case.id}/seal")).text)
    assert respondent.display_name in preview.text and guardian.display_name in preview.text
    assert "can't be undone" in preview.text

    unconfirmed = await post_form(client, f"/cases/{case.id}/seal", {"confirm": ""})
    assert unconfirmed.status_code == 400
    assert "sealing can't be undone" in Page(unconfirmed.text).text
    assert (await Case.get(id=case.id)).sealed_at is None

    sealed = await post_form(client, f"/cases/{case.id}/seal", {"confirm": "yes"})
    assert sealed.status_code == 303
    page = Page((await client.get(f"/cases/{case.id}")).text)
    assert "Sealed on" in page.text and respondent.family_name not in page.text
    assert (await Person.get(id=respondent.id)).given_name == "Sealed"


async def test_a_case_not_yet_due_offers_no_seal_and_refuses_one(client, demo):
    case = await Case.filter(program=demo, state=CaseState.COMPLETED, sealed_at=None).order_by("id").first()
    await sign_in(client, "coordinator")
    assert f"/cases/{case.id}/seal" not in Page((await client.get(f"/cases/{case.id}")).text).links
    response = await post_form(client, f"/cases/{case.id}/seal", {"confirm": "yes"})
    assert response.status_code == 400 and "can't be sealed yet" in Page(response.text).text
    assert (await Case.get(id=case.id)).sealed_at is None


@pytest.mark.parametrize("login", ["juror", "respondent"])
async def test_only_coordinators_reach_the_seal_page(client, demo, login):
    case = await _due(demo)
    await sign_in(client, login)
    assert (await client.get(f"/cases/{case.id}/seal")).status_code == 404
    assert (await post_form(client, f"/cases/{case.id}/seal", {"confirm": "yes"})).status_code == 404
    assert (await Case.get(id=case.id)).sealed_at is None


async def test_a_seal_whose_disk_cleaning_cannot_finish_is_still_a_seal_and_says_so_in_the_log(
        client, demo, monkeypatch, caplog):
    from jurycourt.actions import sealing
    from jurycourt.db_scrub import ScrubError

    async def busy(*_args, **_kwargs):
        raise ScrubError("the database's write-ahead log stayed busy")

    monkeypatch.setattr(sealing, "scrub", busy)
    case = await _due(demo)
    await sign_in(client, "coordinator")

    sealed = await post_form(client, f"/cases/{case.id}/seal", {"confirm": "yes"})

    assert sealed.status_code == 303  # never a 500: the rows are erased, only the files wait
    assert (await Case.get(id=case.id)).sealed_at is not None
    assert "jurycourt seal --compact" in caplog.text
