"""A member's proposed service is made once per form: the form's idempotency key says so."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from jurycourt.actions.service_credits import propose_service
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.roles import Role
from jurycourt.models import AuditEvent, ServiceClaim
from tests.duties import court
from tests.web.members import new_member

KEY = "form-key-0123456789abcdef"
SERVED = date(2024, 5, 2)


async def _member():
    program = await court()
    person = await new_member(program, Role.JUROR, "Imani")
    return program, Viewer(person_id=person.id, account_id=1, name="Imani", roles={program.id: frozenset({Role.JUROR})})


async def test_the_same_key_with_the_same_details_returns_the_first_claim_and_makes_nothing(app):
    program, member = await _member()
    first = await propose_service(member, program.id, 90, "Tutoring at the library", SERVED, key=KEY)
    again = await propose_service(member, program.id, 90, "  Tutoring  at the library ", SERVED, key=KEY)
    assert again.id == first.id and again.replayed and not first.replayed
    assert await ServiceClaim.filter(person_id=member.person_id).count() == 1
    assert await AuditEvent.filter(action="service.proposed").count() == 1


@pytest.mark.parametrize("change", [{"minutes": 120}, {"note": "Coaching"}, {"served_on": date(2024, 5, 3)}])
async def test_the_same_key_with_different_details_is_refused(app, change):
    program, member = await _member()
    details = {"minutes": 90, "note": "Tutoring at the library", "served_on": SERVED}
    await propose_service(member, program.id, key=KEY, **details)
    with pytest.raises(Refused, match="already sent with different details") as refused:
        await propose_service(member, program.id, key=KEY, **{**details, **change})
    assert refused.value.field == "key"
    assert await ServiceClaim.filter(person_id=member.person_id).count() == 1


async def test_someone_else_reusing_a_key_gets_a_refusal_not_the_other_persons_claim(app):
    program, member = await _member()
    other = await new_member(program, Role.JUROR, "Dev")
    await propose_service(member, program.id, 90, "Tutoring", SERVED, key=KEY)
    with pytest.raises(Refused, match="different details"):
        await propose_service(Viewer(person_id=other.id, account_id=2, name="Dev"), program.id, 90, "Tutoring",
                              SERVED, key=KEY)
    assert await ServiceClaim.filter(person_id=other.id).count() == 0


@pytest.mark.parametrize("key", ["", "short", "has spaces in it, too many", "x" * 65, "<script>alert(1)</script>"])
async def test_a_missing_or_malformed_key_is_refused_and_nothing_is_made(app, key):
    program, member = await _member()
    with pytest.raises(Refused, match="This form has expired") as refused:
        await propose_service(member, program.id, 90, "Tutoring", SERVED, key=key)
    assert refused.value.field == "key"
    assert await ServiceClaim.all().count() == 0


async def test_the_same_form_sent_twice_at_once_makes_one_claim(app):
    program, member = await _member()
    results = await asyncio.gather(*(propose_service(member, program.id, 90, "Tutoring", SERVED, key=KEY)
                                     for _ in range(6)))
    assert len({claim.id for claim in results}) == 1
    assert sum(not claim.replayed for claim in results) == 1
    assert await ServiceClaim.filter(person_id=member.person_id).count() == 1
    assert await AuditEvent.filter(action="service.proposed").count() == 1


async def test_different_forms_make_different_claims(app):
    program, member = await _member()
    await propose_service(member, program.id, 90, "Tutoring", SERVED, key=KEY)
    await propose_service(member, program.id, 90, "Tutoring", SERVED, key=KEY[::-1])
    assert await ServiceClaim.filter(person_id=member.person_id).count() == 2
