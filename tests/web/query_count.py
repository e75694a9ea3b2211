"""Counting the SQL queries one request costs (Tortoise logs each on its db_client logger)."""

from __future__ import annotations

import logging

import httpx


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


async def queries(http: httpx.AsyncClient, url: str, headers: dict | None = None) -> tuple[int, httpx.Response]:
    """(queries run, response) for one GET of ``url``."""
    logger = logging.getLogger("tortoise.db_client")
    counter, level = _Counter(), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        response = await http.get(url, headers=headers or {})
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
    return counter.count, response


class counted:
    """``with counted() as c: ...`` counts the queries run inside the block in ``c.count``."""

    def __enter__(self) -> _Counter:
        self._logger = logging.getLogger("tortoise.db_client")
        self._counter, self._level = _Counter(), self._logger.level
        self._logger.addHandler(self._counter)
        self._logger.setLevel(logging.DEBUG)
        return self._counter

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self._counter)
        self._logger.setLevel(self._level)
