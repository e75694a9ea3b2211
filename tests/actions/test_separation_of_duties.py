"""No self-dealing on the ledger: a coordinator's own credit, adjustments, claims and rewards are a
second, independent coordinator's steps; where the program has none, one acts alone only with a
written reason, and that step is recorded for the audit page and the operator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jurycourt import clock
from jurycourt.actions import corrections, ledger, rewards, service_credits
from jurycourt.actions.separation import ACTED_ALONE, note_provenance
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.roles import Role
from jurycourt.domain.separation import ProvenanceKind
from jurycourt.models import AuditEvent, Membership, Person, Posting, Reward, RewardRequest, ServiceClaim
from tests.duties import court
from tests.web.members import person_id


async def coordinator(login: str, program_id: int) -> Viewer:
    return Viewer(person_id=await person_id(login), account_id=1, roles={program_id: frozenset({Role.COORDINATOR})})


async def test_a_coordinator_cannot_credit_themselves(demo):
    me = await coordinator("coordinator", demo.id)
    postings = await Posting.all().count()

    with pytest.raises(Refused, match="Another coordinator must"):
        await service_credits.log_service(me, demo.id, me.person_id, 600, "Filing", clock.today(), key="k" * 22)
    with pytest.raises(Refused, match="Another coordinator must"):
        await corrections.adjust(me, demo.id, me.person_id, 6000, "Bonus", "a" * 22)
    claim = await service_credits.propose_service(me, demo.id, 600, "Filing", clock.today())
    with pytest.raises(Refused, match="Another coordinator must"):
        await service_credits.decide_claim(me, claim.id, True)

    assert await Posting.all().count() == postings
    assert (await ServiceClaim.get(id=claim.id)).status == "pending"
    colleague = await coordinator("coordinator2", demo.id)
    await service_credits.decide_claim(colleague, claim.id, True)
    assert (await ServiceClaim.get(id=claim.id)).status == "approved"


async def test_a_coordinator_cannot_approve_their_own_reward_request(demo):
    me, colleague = await coordinator("coordinator", demo.id), await coordinator("coordinator2", demo.id)
    await corrections.adjust(colleague, demo.id, me.person_id, 6000, "Hours at the fair", "b" * 22)
    reward = await Reward.filter(program_id=demo.id, active=True).order_by("price_minutes").first()
    request = await rewards.request_reward(me, reward.id)

    with pytest.raises(Refused, match="Another coordinator must"):
        await rewards.decide_request(me, request.id, True)
    assert (await RewardRequest.get(id=request.id)).status == "pending"

    await rewards.decide_request(colleague, request.id, True)
    assert (await RewardRequest.get(id=request.id)).status == "approved"


async def test_crediting_another_coordinator_needs_one_independent_of_them(demo):
    me = await coordinator("coordinator", demo.id)
    mine = await Person.create(given_name="Made", family_name="Bytheme")
    await Membership.create(person=mine, program_id=demo.id, role=Role.COORDINATOR,
                            active_since=datetime.now(UTC) - timedelta(days=90))
    await note_provenance(mine.id, ProvenanceKind.CREATED, me.person_id)

    with pytest.raises(Refused, match="had a hand in each other"):
        await corrections.adjust(me, demo.id, mine.id, 600, "Bonus", "c" * 22)
    await corrections.adjust(await coordinator("coordinator2", demo.id), demo.id, mine.id, 600, "Fair", "d" * 22)


async def test_a_lone_coordinator_acts_alone_only_with_a_written_reason_and_it_is_recorded(app):
    program = await court()
    person = await Person.create(given_name="Only", family_name="One")
    await Membership.create(person=person, program=program, role=Role.COORDINATOR,
                            active_since=datetime.now(UTC) - timedelta(days=90))
    me = Viewer(person_id=person.id, account_id=1, roles={program.id: frozenset({Role.COORDINATOR})})

    with pytest.raises(Refused, match="write why") as refusal:
        await corrections.adjust(me, program.id, person.id, 60, "Hours at the fair", "e" * 22)
    assert refusal.value.field == "alone_reason"
    await corrections.adjust(me, program.id, person.id, 60, "Hours at the fair", "e" * 22,
                             alone_reason="The program has one coordinator until March.")

    event = await AuditEvent.get(action=ACTED_ALONE)
    assert (event.actor_id, event.program_id) == (person.id, program.id)
    assert event.detail == {"step": "corrections.adjust", "reason": "The program has one coordinator until March."}
    assert await ledger.account_balance((await ledger.personal_account(program.id, person.id)).id) == 60
