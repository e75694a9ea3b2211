"""Read a served database directly (as an operator would after a crash), bypassing the app."""

from __future__ import annotations

import asyncio
import sqlite3
from urllib.parse import urlsplit

import asyncpg

from tests.serving import ServedDatabase


def rows(database: ServedDatabase, sql: str) -> list[tuple]:
    """All rows of one read-only statement (no parameters: tests pass literal, trusted SQL)."""
    if database.pg_name:
        return asyncio.run(_pg_rows(database.url, sql))
    path = urlsplit(database.url.replace("sqlite://", "file://")).path
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchall()


async def _pg_rows(url: str, sql: str) -> list[tuple]:
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        return [tuple(record) for record in await conn.fetch(sql)]
    finally:
        await conn.close()
