"""Which database errors mean "unreachable for now" (a 503) and which stay bugs (a 500)."""

from __future__ import annotations

import asyncpg
from tortoise.exceptions import DBConnectionError, IntegrityError, OperationalError

from jurycourt.db import is_outage


def _wrapped(cause: BaseException) -> OperationalError:
    try:
        raise OperationalError("query failed") from cause
    except OperationalError as error:
        return error


def test_connection_failures_are_outages() -> None:
    assert is_outage(DBConnectionError("no route"))
    assert is_outage(ConnectionRefusedError())
    assert is_outage(asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle"))
    assert is_outage(asyncpg.exceptions.CannotConnectNowError("the database system is starting up"))
    assert is_outage(asyncpg.exceptions.AdminShutdownError("terminating connection"))
    assert is_outage(_wrapped(asyncpg.exceptions.ObjectNotInPrerequisiteStateError(
        'database "x" is not currently accepting connections')))


def test_query_mistakes_are_not_outages() -> None:
    assert not is_outage(IntegrityError("duplicate key"))
    assert not is_outage(_wrapped(asyncpg.exceptions.UndefinedColumnError("column does not exist")))
    assert not is_outage(_wrapped(asyncpg.exceptions.ObjectNotInPrerequisiteStateError("cursor not open")))
    assert not is_outage(ValueError("bad"))
