"""Accounts: invitation and reset links, signing in, changing a password.

A link for a coordinator (or someone waiting for the role) works only once a second coordinator,
independent of the one who issued it, confirms it: otherwise one coordinator could take over a
colleague's account with a reset link, or make and enter an account of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.actions.separation import note_provenance, require_second
from jurycourt.actions.two_factor import SecondFactorRequired
from jurycourt.auth import throttle
from jurycourt.auth.passwords import Hasher, HashingBusy, hash_password, verify_password
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.sessions import end_all_sessions, start_session
from jurycourt.auth.tokens import digest, new_token
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.accounts import login_problem, normalize_login, password_problem
from jurycourt.domain.errors import Refused
from jurycourt.domain.links import LinkKind, LinkUnusable, check_usable
from jurycourt.domain.pseudonyms import keyed_hash
from jurycourt.domain.separation import ProvenanceKind
from jurycourt.domain.throttle import SIGN_IN_ADDRESS, Rule, wait_message
from jurycourt.i18n import _
from jurycourt.models import AccessLink, Account, Membership, Person
from jurycourt.queries.separation import is_coordinator
from jurycourt.settings import Settings


@dataclass(frozen=True)
class IssuedLink:
    link: AccessLink
    token: str  # shown once, never stored


async def issue_link(actor: Viewer, person: Person, kind: LinkKind, settings: Settings) -> IssuedLink:
    """A single-use link with which ``person`` sets a password (invite) or a new one (reset).

    Issuing a link cancels the person's earlier unused links of the same kind. A link for a
    coordinator waits for a second coordinator's confirmation (``confirm_link``) before it works.
    """
    require(coordinates(actor), hide=False)
    has_account = await Account.filter(person_id=person.id).exists()
    if kind == LinkKind.INVITE and has_account:
        raise Refused(_("This person already has an account: issue a password reset link instead."))
    if kind == LinkKind.RESET and not has_account:
        raise Refused(_("This person has no account yet: issue an invitation instead."))
    token = new_token()
    now = clock.now()
    async with in_transaction():
        await AccessLink.filter(person_id=person.id, kind=kind, used_at=None).update(expires_at=now)
        link = await AccessLink.create(
            token_hash=digest(token), kind=kind, person=person, created_by_id=actor.person_id,
            expires_at=now + timedelta(hours=settings.link_valid_hours),
            awaiting_confirmation=await is_coordinator(person.id),
        )
        await record(f"link.{kind}.issued", actor_id=actor.person_id, subject=("person", person.id),
                     awaiting_confirmation=link.awaiting_confirmation)
    return IssuedLink(link, token)


async def confirm_link(actor: Viewer, person: Person, link_id: int, alone_reason: str = "", *,
                       settings: Settings | None = None) -> None:
    """A second coordinator, independent of the one who issued it, confirms a coordinator's link
    for ``person`` (or, where the program has none, the issuer gives a written reason to act alone)."""
    link = await AccessLink.get_or_none(id=link_id, person_id=person.id, awaiting_confirmation=True, used_at=None)
    programs = [p for p in await Membership.filter(person_id=person.id).values_list("program_id", flat=True)
                if coordinates(actor, p)]
    if link is None or not programs:
        raise Refused(_("There is no link waiting for confirmation here."))
    try:
        check_usable(link.expires_at, link.used_at, clock.now())
    except LinkUnusable as unusable:
        raise Refused(str(unusable)) from None
    async with in_transaction():
        await require_second(actor, min(programs), link.created_by_id, f"accounts.confirm_{link.kind}_link",
                             alone_reason=alone_reason, settings=settings, subject=("person", link.person_id))
        if not await AccessLink.filter(id=link.id, awaiting_confirmation=True).update(
                awaiting_confirmation=False, confirmed_by_id=actor.person_id):
            raise Refused(_("Someone else confirmed this link just now."))
        await record(f"link.{link.kind}.confirmed", actor_id=actor.person_id, subject=("person", link.person_id))


async def usable_link(token: str, kind: LinkKind) -> AccessLink:
    """The link behind ``token`` if it can still be used; LinkUnusable otherwise."""
    link = await AccessLink.get_or_none(token_hash=digest(token), kind=kind)
    if link is None:
        raise LinkUnusable(_("This link is not valid. Ask your coordinator for a new one."))
    check_usable(link.expires_at, link.used_at, clock.now())
    if link.awaiting_confirmation:
        raise LinkUnusable(_("This link waits for a second coordinator to confirm it. Try again once they have."))
    return link


async def redeem_link(
    token: str, kind: LinkKind, login: str, password: str, confirm: str, hasher: Hasher, address: str
) -> Account:
    """Use an invitation (choose a login and password) or a reset link (a new password).

    The link works once. A reset ends every session the person had. Attempts are counted per
    client address before the link is looked up (a used one is given back), like sign-ins.
    """
    counters = [(throttle.key("link-address", address), SIGN_IN_ADDRESS)]
    wait = await throttle.claim(counters, clock.now())
    if wait:
        raise too_many(wait)
    try:
        account = await _use_link(token, kind, login, password, confirm, hasher)
    except HashingBusy:
        await throttle.refund(counters)
        raise
    await throttle.refund(counters)
    return account


async def _use_link(token: str, kind: LinkKind, login: str, password: str, confirm: str, hasher: Hasher) -> Account:
    link = await usable_link(token, kind)
    if kind == LinkKind.INVITE:
        problem = login_problem(login)
        if problem:
            raise Refused(problem, "login")
    problem = password_problem(password, confirm)
    if problem:
        raise Refused(problem, "password")
    password_hash = await hash_password(hasher, password)
    now = clock.now()
    try:
        async with in_transaction():
            claimed = await AccessLink.filter(id=link.id, used_at=None, expires_at__gt=now,
                                              awaiting_confirmation=False).update(used_at=now)
            if not claimed:
                raise LinkUnusable(_("This link has been used already. Ask your coordinator for a new one."))
            if kind == LinkKind.INVITE:
                account = await Account.create(
                    person_id=link.person_id, login=normalize_login(login), password_hash=password_hash
                )
            else:
                account = await Account.get(person_id=link.person_id)
                account.password_hash = password_hash
                account.password_changed_at = now
                await account.save(update_fields=["password_hash", "password_changed_at"])
                await end_all_sessions(account.id)
            await note_provenance(link.person_id, ProvenanceKind.INVITED if kind == LinkKind.INVITE
                                  else ProvenanceKind.RESET, link.created_by_id)
            await record(f"link.{kind}.used", actor_id=link.person_id, subject=("person", link.person_id))
    except IntegrityError:
        raise Refused(_("That login name is taken. Choose another."), "login") from None
    return account


class SignInRefused(Refused):
    """Wrong login or password, or too many attempts (``wait`` seconds)."""

    def __init__(self, message: str, wait: int = 0) -> None:
        super().__init__(message)
        self.wait = wait


def too_many(wait: int) -> SignInRefused:
    return SignInRefused(wait_message(wait), wait)


async def checked_password(hasher: Hasher, stored_hash: str, password: str,
                           counters: list[tuple[str, Rule]]) -> bool:
    """The password check of a claimed attempt; when the process is too busy to hash, the attempt is
    given back and refused as busy (a 429), so a flood never locks a real user out."""
    try:
        return await verify_password(hasher, stored_hash, password)
    except HashingBusy:
        await throttle.refund(counters)
        raise SignInRefused(str(HashingBusy.message), HashingBusy.retry_after) from None


async def sign_in(
    login: str, password: str, address: str, hasher: Hasher, dummy_hash: str,
    settings: Settings,
) -> str:
    """Check the credentials and open a session; returns the session token for the cookie.

    The attempt is counted (per login and per address) before the password is checked, so racing
    attempts each count. Unknown logins cost the same hashing work as known ones, and say the same
    thing. An account with two-step sign-in raises SecondFactorRequired instead: no session until the
    code (the attempt stays counted against the login until then).
    """
    login = normalize_login(login)[:64]
    counters = throttle.sign_in_keys(login, address)
    wait = await throttle.claim(counters, clock.now())
    if wait:
        raise too_many(wait)
    account = await Account.get_or_none(login=login, is_active=True)
    ok = await checked_password(hasher, account.password_hash if account else dummy_hash, password, counters)
    if account is None or not ok:
        if account is None:  # a keyed hash: which unknown name was tried again, never the name itself
            await record("signin.failed", actor_id=None, login_known=False,
                         login_hash=keyed_hash(settings.pseudonym_key, "login", login)[:16])
        else:
            await record("signin.failed", actor_id=account.person_id, subject=("account", account.id),
                         login_known=True, step="password")
        raise SignInRefused(_("That login and password don't match. Check them and try again."))
    if hasher.check_needs_rehash(account.password_hash):
        account.password_hash = await hash_password(hasher, password)
        await account.save(update_fields=["password_hash"])
    await throttle.refund(counters[1:])  # the address's attempt went well
    if account.totp_enabled_at:
        await record("signin.password_ok", actor_id=account.person_id, subject=("account", account.id))
        raise SecondFactorRequired(account.id)
    await throttle.clear(counters[0][0])
    await record("signin", actor_id=account.person_id, subject=("account", account.id))
    return await start_session(account, settings)


async def change_password(
    viewer: Viewer, current: str, new: str, confirm: str, hasher: Hasher, settings: Settings
) -> str:
    """Change the viewer's password; every session ends and a fresh one is returned."""
    account = await Account.get(id=viewer.account_id)
    if not await verify_password(hasher, account.password_hash, current):
        raise Refused(_("That is not your current password."), "current")
    problem = password_problem(new, confirm)
    if problem:
        raise Refused(problem, "password")
    account.password_hash = await hash_password(hasher, new)
    account.password_changed_at = clock.now()
    async with in_transaction():
        await account.save(update_fields=["password_hash", "password_changed_at"])
        await end_all_sessions(account.id)
        await record("password.changed", actor_id=account.person_id)
    return await start_session(account, settings)
