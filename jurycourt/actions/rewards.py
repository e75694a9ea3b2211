"""Rewards for time credits: the catalogue, a member's request, a coordinator's decision.

An approved request moves its price from the person's account to the program's rewards account
and takes one from the stock, in one transaction: the stock never goes below zero and the
person never below their floor.
"""

from __future__ import annotations

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions import ledger
from jurycourt.actions.audit import record
from jurycourt.actions.separation import require_for_beneficiary
from jurycourt.auth.policy import NotFound, coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.ledger import AccountKind, Decision, Entry, PostingKind
from jurycourt.domain.roles import MembershipStatus
from jurycourt.i18n import _
from jurycourt.models import Membership, Reward, RewardRequest
from jurycourt.settings import Settings

MAX_PRICE = 1000 * 60


async def add_reward(actor: Viewer, program_id: int, name: str, price_minutes: int, stock: int | None,
                     description: str = "") -> Reward:
    """Put a reward in the program's catalogue at a price in minutes (``stock`` None: unlimited)."""
    require(coordinates(actor, program_id), hide=False)
    name = " ".join(name.split())
    if not name or len(name) > 120:
        raise Refused(_("Name the reward in at most 120 characters."), "name")
    if isinstance(price_minutes, bool) or not isinstance(price_minutes, int) or price_minutes <= 0:
        raise Refused(_("Enter a price above zero."), "price")
    if price_minutes > MAX_PRICE:
        raise Refused(_("A reward can cost at most 1000 hours."), "price")
    if stock is not None and stock < 0:
        raise Refused(_("Stock can't be negative."), "stock")
    if await Reward.exists(program_id=program_id, name=name):
        raise Refused(_("The catalogue already has a reward of this name."), "name")
    async with in_transaction():
        reward = await Reward.create(program_id=program_id, name=name, price_minutes=price_minutes, stock=stock,
                                     description=" ".join(description.split())[:500])
        await record("reward.added", actor_id=actor.person_id, program_id=program_id, subject=("reward", reward.id))
    return reward


async def request_reward(actor: Viewer, reward_id: int) -> RewardRequest:
    """A member asks for a reward of their program; it waits for a coordinator. Refused when it
    is out of stock or they do not have the credit for it now."""
    reward = await Reward.get_or_none(id=reward_id, active=True)
    if reward is None or not await Membership.exists(person_id=actor.person_id, program_id=reward.program_id,
                                                     status=MembershipStatus.ACTIVE):
        raise NotFound()
    if reward.stock is not None and reward.stock <= 0:
        raise Refused(_("This reward is out of stock just now."), "reward")
    async with in_transaction():  # a refusal leaves nothing behind, not even a newly opened account
        account = await ledger.personal_account(reward.program_id, actor.person_id)
        floor = (await ledger.floors(reward.program_id, [account]))[account.id]
        if await ledger.account_balance(account.id) - reward.price_minutes < floor:
            raise Refused(_("You don't have enough time credit for this yet."), "reward")
        request = await RewardRequest.create(reward=reward, program_id=reward.program_id, person_id=actor.person_id,
                                             price_minutes=reward.price_minutes)
        await record("reward.requested", actor_id=actor.person_id, program_id=reward.program_id,
                     subject=("reward_request", request.id))
    return request


async def withdraw_request(actor: Viewer, request_id: int) -> None:
    """The person takes back their own request while it waits."""
    request = await RewardRequest.get_or_none(id=request_id, person_id=actor.person_id)
    if request is None:
        raise NotFound()
    async with in_transaction():
        if not await RewardRequest.filter(id=request.id, status=Decision.PENDING).update(
                status=Decision.WITHDRAWN, decided_at=clock.now()):
            raise Refused(_("This request has already been decided."))
        await record("reward.withdrawn", actor_id=actor.person_id, program_id=request.program_id,
                     subject=("reward_request", request.id))


async def decide_request(actor: Viewer, request_id: int, approve: bool, reason: str = "", *,
                         alone_reason: str = "", settings: Settings | None = None) -> RewardRequest:
    """Approve a waiting request (the credit is spent and one taken from stock) or decline it
    with a reason the person will read. A coordinator's own request (or another coordinator's) is
    approved by a second, independent coordinator."""
    request = await RewardRequest.get_or_none(id=request_id).select_related("reward")
    if request is None or not coordinates(actor, request.program_id):
        raise NotFound()
    reason = " ".join(reason.split())[:300]
    if not approve and not reason:
        raise Refused(_("Tell them why, so they know what to do next."), "reason")
    now = clock.now()
    async with in_transaction():
        if approve:
            await require_for_beneficiary(actor, request.program_id, request.person_id, "rewards.decide_request",
                                          alone_reason=alone_reason, settings=settings,
                                          subject=("reward_request", request.id))
        status = Decision.APPROVED if approve else Decision.DECLINED
        if not await RewardRequest.filter(id=request.id, status=Decision.PENDING).update(
                status=status, decided_at=now, decided_by_id=actor.person_id, reason=reason):
            raise Refused(_("This request has already been decided or withdrawn."))
        if approve:
            request.posting_id = await _redeem(actor, request)
            await RewardRequest.filter(id=request.id).update(posting_id=request.posting_id)
        await record(f"reward.{status}", actor_id=actor.person_id, program_id=request.program_id,
                     subject=("reward_request", request.id))
    request.status, request.decided_at, request.reason = status, now, reason
    return request


async def _redeem(actor: Viewer, request: RewardRequest) -> int:
    reward = request.reward
    if reward.stock is not None and not await Reward.filter(id=reward.id, stock__gte=1).update(stock=F("stock") - 1):
        raise Refused(_("This reward is out of stock: decline the request or add stock first."))
    account = await ledger.personal_account(request.program_id, request.person_id)
    rewards = await ledger.program_account(request.program_id, AccountKind.REWARDS)
    try:
        posting = await ledger.post(
            request.program_id, PostingKind.REWARD_REDEMPTION, f"reward_request:{request.id}",
            f"reward_request:{request.id}",
            [Entry(account.id, -request.price_minutes), Entry(rewards.id, request.price_minutes)],
            recorded_by=actor.person_id, memo=reward.name)
    except Refused as refusal:
        raise Refused(_("They no longer have enough time credit for this reward."), refusal.field) from None
    return posting.id
