"""Tortoise's asyncpg client, keeping hold of its pool so an outage can renew every connection in it."""

from __future__ import annotations

from typing import Any

import asyncpg
from tortoise.backends.asyncpg.client import AsyncpgDBClient


class RenewablePoolClient(AsyncpgDBClient):
    renewable_pool: asyncpg.Pool | None = None

    async def create_pool(self, **kwargs: Any) -> asyncpg.Pool:
        self.renewable_pool = await super().create_pool(**kwargs)
        return self.renewable_pool

    async def discard_connections(self) -> None:
        """Close each pooled connection when it is next released or handed out (asyncpg's expiry)."""
        if self.renewable_pool is not None:
            await self.renewable_pool.expire_connections()


client_class = RenewablePoolClient
