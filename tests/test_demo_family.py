"""The demo's Spanish-speaking family: a guardian and her son, referred and through intake, in Spanish."""

from __future__ import annotations

from jurycourt.domain.cases import CaseState
from jurycourt.models import Account, Case, CaseGuardian
from tests.web.helpers import Page, sign_in


async def test_the_demo_has_a_spanish_speaking_family_with_a_case_through_intake(demo):
    lucia = await Account.get(login="guardian_es").prefetch_related("person")
    mateo = await Account.get(login="juror_es").prefetch_related("person")
    assert (lucia.person.language, mateo.person.language) == ("es-US", "es-US")
    case = await Case.get(respondent_id=mateo.person_id)
    assert case.state == CaseState.INTAKE
    assert await CaseGuardian.exists(case_id=case.id, person_id=lucia.person_id)


async def test_the_family_sees_their_pages_in_spanish_whatever_the_browser_asks(client, demo):
    for login in ("guardian_es", "juror_es"):
        await sign_in(client, login)
        page = await client.get("/me", headers={"Accept-Language": "en-US"})
        assert page.text.split('<html lang="', 1)[1].startswith("es-US")
        assert "Cerrar sesión" in Page(page.text).text
        client.cookies.clear()
