"""Server-side sessions: random id in an HttpOnly cookie, idle timeout and absolute lifetime."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jurycourt.auth.tokens import digest, new_token
from jurycourt.auth.viewer import ANONYMOUS, Viewer
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.models import Account, Membership, WebSession
from jurycourt.settings import Settings

#: Don't write last_seen_at on every request: once a minute is precise enough for idling.
TOUCH_EVERY = timedelta(seconds=60)


def utcnow() -> datetime:
    return datetime.now(UTC)


async def start_session(account: Account, settings: Settings) -> str:
    """Open a session for this account and return the token for its cookie."""
    token = new_token()
    now = utcnow()
    await WebSession.create(
        id=digest(token),
        account=account,
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(hours=settings.session_max_hours),
    )
    return token


async def end_session(token: str) -> None:
    await WebSession.filter(id=digest(token)).delete()


async def end_all_sessions(account_id: int) -> None:
    """Sign the account out everywhere (password change, reset, deactivation)."""
    await WebSession.filter(account_id=account_id).delete()


async def viewer_for(token: str | None, settings: Settings) -> Viewer:
    """The signed-in viewer for a session cookie, or ANONYMOUS when it is missing or stale."""
    if not token:
        return ANONYMOUS
    session = (
        await WebSession.filter(id=digest(token))
        .select_related("account__person")
        .first()
    )
    if session is None:
        return ANONYMOUS
    now = utcnow()
    idle = timedelta(minutes=settings.session_idle_minutes)
    account = session.account
    if now >= session.expires_at or now - session.last_seen_at >= idle or not account.is_active:
        await session.delete()
        return ANONYMOUS
    if now - session.last_seen_at >= TOUCH_EVERY:
        await WebSession.filter(id=session.id).update(last_seen_at=now)
    person = account.person
    roles = await roles_of(person.id)
    return Viewer(
        person_id=person.id,
        account_id=account.id,
        session_id=session.id,
        name=person.preferred_name or person.given_name,
        roles=roles,
        needs_totp=settings.coordinators_need_totp and account.totp_enabled_at is None
        and any(Role.COORDINATOR in r for r in roles.values()),
    )


async def roles_of(person_id: int) -> dict[int, frozenset[Role]]:
    rows = await Membership.filter(
        person_id=person_id, status=MembershipStatus.ACTIVE
    ).values_list("program_id", "role")
    roles: dict[int, set[Role]] = {}
    for program_id, role in rows:
        roles.setdefault(program_id, set()).add(Role(role))
    return {p: frozenset(r) for p, r in roles.items()}
