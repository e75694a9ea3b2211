"""The one path through which the product rewrites its append-only records (audit log, errata).

Database triggers refuse every UPDATE and DELETE of ``audit_event`` and ``erratum`` (see
migrations/0032_duties_and_append_only.py) except these two, and only inside
``permitted_rewrite``:

- ``Rewrite.ERASE``: clearing an erased person's column (the actor of an audit event, the author
  of an erratum), which a person's deletion does through ``ON DELETE SET NULL``;
- ``Rewrite.SEAL``: a seal coarsening a record's date to the first moment of its month (the
  person's column may be cleared in the same step).

Nothing else changes, not even through this path: the triggers compare every other column.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from enum import StrEnum

from tortoise.transactions import in_transaction


class Rewrite(StrEnum):
    ERASE = "erase"
    SEAL = "seal"


@asynccontextmanager
async def permitted_rewrite(reason: Rewrite) -> AsyncIterator[None]:
    """Within this block (one transaction, nested in the caller's when there is one) the triggers
    let ``reason``'s rewrite through. The permission ends with the block: on SQLite its row is
    removed before the transaction commits, on PostgreSQL it is the transaction's own setting."""
    reason = Rewrite(reason)
    async with in_transaction() as connection:
        if connection.capabilities.dialect == "postgres":
            await connection.execute_query("SELECT set_config('jurycourt.append_only_permit', $1, true)",
                                           [str(reason)])
            yield
            await connection.execute_query("SELECT set_config('jurycourt.append_only_permit', '', true)")
        else:
            await connection.execute_query("INSERT INTO append_only_permit (reason) VALUES (?)", [str(reason)])
            yield
            await connection.execute_query("DELETE FROM append_only_permit")
