"""Server-side sessions: random id in an HttpOnly cookie, idle timeout and absolute lifetime."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from jurycourt import clock
from jurycourt.auth.policy import needs_second_step
from jurycourt.auth.tokens import digest, new_token
from jurycourt.auth.viewer import ANONYMOUS, Viewer
from jurycourt.db import Params, as_utc, fetch_rows
from jurycourt.domain.roles import MembershipStatus, Role
from jurycourt.models import Account, Membership, WebSession
from jurycourt.settings import Settings

#: Don't write last_seen_at on every request: once a minute is precise enough for idling.
TOUCH_EVERY = timedelta(seconds=60)


async def start_session(account: Account, settings: Settings) -> str:
    """Open a session for this account and return the token for its cookie."""
    token = new_token()
    now = clock.now()
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


#: The session, its account and person, and the person's active memberships, in one read: one
#: row per membership (or one row with no program when the person has none).
def _viewer_sql(p: Params, session_id: str) -> str:
    return (
        "SELECT s.last_seen_at, s.expires_at, a.id, a.is_active, a.totp_enabled_at,"  # noqa: S608 - only placeholders are interpolated
        " p.id, p.preferred_name, p.given_name, p.language, m.program_id, m.role"
        " FROM web_session s JOIN account a ON a.id = s.account_id JOIN person p ON p.id = a.person_id"
        f" LEFT JOIN membership m ON m.person_id = p.id AND m.status = {p(str(MembershipStatus.ACTIVE))}"
        f" WHERE s.id = {p(session_id)}"
    )


async def viewer_for(token: str | None, settings: Settings) -> Viewer:
    """The signed-in viewer for a session cookie, or ANONYMOUS when it is missing or stale.

    One query on every signed-in request. The session ends (and its row goes) once it has been idle
    for ``session_idle_minutes`` since its last recorded request, or ``session_max_hours`` after
    sign-in, or when the account is deactivated. A request is recorded (one write) only when the
    last record is at least ``TOUCH_EVERY`` old, so a busy session writes once a minute, not on
    every request.
    """
    if not token:
        return ANONYMOUS
    session_id = digest(token)
    rows = await fetch_rows(lambda p: _viewer_sql(p, session_id))
    if not rows:
        return ANONYMOUS
    last_seen, expires, account_id, active, totp_enabled, person_id, preferred, given, language, _, _ = rows[0]
    last_seen, expires = as_utc(last_seen), as_utc(expires)
    now = clock.now()
    idle = timedelta(minutes=settings.session_idle_minutes)
    if now >= expires or now - last_seen >= idle or not active:
        await WebSession.filter(id=session_id).delete()
        return ANONYMOUS
    if now - last_seen >= TOUCH_EVERY:
        await WebSession.filter(id=session_id).update(last_seen_at=now)
    roles = _roles((program_id, role) for *_, program_id, role in rows if program_id is not None)
    return Viewer(
        person_id=person_id,
        account_id=account_id,
        session_id=session_id,
        name=preferred or given,
        roles=roles,
        language=language,
        needs_totp=totp_enabled is None and needs_second_step(roles, settings.coordinators_need_totp),
    )


def _roles(pairs: Iterable[tuple[int, str]]) -> dict[int, frozenset[Role]]:
    roles: dict[int, set[Role]] = {}
    for program_id, role in pairs:
        roles.setdefault(program_id, set()).add(Role(role))
    return {p: frozenset(r) for p, r in roles.items()}


async def roles_of(person_id: int) -> dict[int, frozenset[Role]]:
    """The roles a person holds in each program (active memberships only)."""
    return _roles(await Membership.filter(
        person_id=person_id, status=MembershipStatus.ACTIVE
    ).values_list("program_id", "role"))
