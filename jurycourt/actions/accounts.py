"""Accounts: invitation and reset links, signing in, changing a password."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from jurycourt.actions.audit import record
from jurycourt.actions.two_factor import SecondFactorRequired
from jurycourt.auth import throttle
from jurycourt.auth.passwords import hash_password, verify_password
from jurycourt.auth.policy import may_manage_people, require
from jurycourt.auth.sessions import end_all_sessions, start_session
from jurycourt.auth.tokens import digest, new_token
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.accounts import login_problem, normalize_login, password_problem
from jurycourt.domain.errors import Refused
from jurycourt.domain.links import LinkKind, LinkUnusable, check_usable
from jurycourt.domain.pseudonyms import keyed_hash
from jurycourt.models import AccessLink, Account, Person
from jurycourt.settings import Settings


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class IssuedLink:
    link: AccessLink
    token: str  # shown once, never stored


async def issue_link(actor: Viewer, person: Person, kind: LinkKind, settings: Settings) -> IssuedLink:
    """A single-use link with which ``person`` sets a password (invite) or a new one (reset).

    Issuing a link cancels the person's earlier unused links of the same kind.
    """
    require(may_manage_people(actor), hide=False)
    has_account = await Account.filter(person_id=person.id).exists()
    if kind == LinkKind.INVITE and has_account:
        raise Refused("This person already has an account: issue a password reset link instead.")
    if kind == LinkKind.RESET and not has_account:
        raise Refused("This person has no account yet: issue an invitation instead.")
    token = new_token()
    now = utcnow()
    async with in_transaction():
        await AccessLink.filter(person_id=person.id, kind=kind, used_at=None).update(expires_at=now)
        link = await AccessLink.create(
            token_hash=digest(token), kind=kind, person=person, created_by_id=actor.person_id,
            expires_at=now + timedelta(hours=settings.link_valid_hours),
        )
        await record(f"link.{kind}.issued", actor_id=actor.person_id, subject=("person", person.id))
    return IssuedLink(link, token)


async def usable_link(token: str, kind: LinkKind) -> AccessLink:
    """The link behind ``token`` if it can still be used; LinkUnusable otherwise."""
    link = await AccessLink.get_or_none(token_hash=digest(token), kind=kind)
    if link is None:
        raise LinkUnusable("This link is not valid. Ask your coordinator for a new one.")
    check_usable(link.expires_at, link.used_at, utcnow())
    return link


async def redeem_link(
    token: str, kind: LinkKind, login: str, password: str, confirm: str, hasher: PasswordHasher
) -> Account:
    """Use an invitation (choose a login and password) or a reset link (a new password).

    The link works once. A reset ends every session the person had.
    """
    link = await usable_link(token, kind)
    if kind == LinkKind.INVITE:
        problem = login_problem(login)
        if problem:
            raise Refused(problem, "login")
    problem = password_problem(password, confirm)
    if problem:
        raise Refused(problem, "password")
    password_hash = await hash_password(hasher, password)
    now = utcnow()
    try:
        async with in_transaction():
            claimed = await AccessLink.filter(id=link.id, used_at=None, expires_at__gt=now).update(used_at=now)
            if not claimed:
                raise LinkUnusable("This link has been used already. Ask your coordinator for a new one.")
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
            await record(f"link.{kind}.used", actor_id=link.person_id, subject=("person", link.person_id))
    except IntegrityError:
        raise Refused("That login name is taken. Choose another.", "login") from None
    return account


class SignInRefused(Refused):
    """Wrong login or password, or too many attempts (``wait`` seconds)."""

    def __init__(self, message: str, wait: int = 0) -> None:
        super().__init__(message)
        self.wait = wait


async def sign_in(
    login: str, password: str, address: str, hasher: PasswordHasher, dummy_hash: str,
    settings: Settings,
) -> str:
    """Check the credentials and open a session; returns the session token for the cookie.

    Unknown logins cost the same hashing work as known ones, and say the same thing. An account
    with two-step sign-in raises SecondFactorRequired instead: no session until the code.
    """
    login = normalize_login(login)[:64]
    now = utcnow()
    wait = await throttle.wait_seconds(login, address, now)
    if wait:
        raise SignInRefused(f"Too many attempts. Try again in {wait} seconds.", wait)
    account = await Account.get_or_none(login=login, is_active=True)
    ok = await verify_password(hasher, account.password_hash if account else dummy_hash, password)
    if account is None or not ok:
        await throttle.record_failure(login, address, now)
        if account is None:  # a keyed hash: which unknown name was tried again, never the name itself
            await record("signin.failed", actor_id=None, login_known=False,
                         login_hash=keyed_hash(settings.pseudonym_key, "login", login)[:16])
        else:
            await record("signin.failed", actor_id=account.person_id, subject=("account", account.id),
                         login_known=True, step="password")
        raise SignInRefused("That login and password don't match. Check them and try again.")
    if hasher.check_needs_rehash(account.password_hash):
        account.password_hash = await hash_password(hasher, password)
        await account.save(update_fields=["password_hash"])
    if account.totp_enabled_at:
        await record("signin.password_ok", actor_id=account.person_id, subject=("account", account.id))
        raise SecondFactorRequired(account.id)
    await throttle.record_success(login)
    await record("signin", actor_id=account.person_id, subject=("account", account.id))
    return await start_session(account, settings)


async def change_password(
    viewer: Viewer, current: str, new: str, confirm: str, hasher: PasswordHasher, settings: Settings
) -> str:
    """Change the viewer's password; every session ends and a fresh one is returned."""
    account = await Account.get(id=viewer.account_id)
    if not await verify_password(hasher, account.password_hash, current):
        raise Refused("That is not your current password.", "current")
    problem = password_problem(new, confirm)
    if problem:
        raise Refused(problem, "password")
    account.password_hash = await hash_password(hasher, new)
    account.password_changed_at = utcnow()
    async with in_transaction():
        await account.save(update_fields=["password_hash", "password_changed_at"])
        await end_all_sessions(account.id)
        await record("password.changed", actor_id=account.person_id)
    return await start_session(account, settings)
