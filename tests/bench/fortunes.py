"""The yardstick: TechEmpower's "fortunes" and "plaintext" on bare Starlette + Jinja2 + Tortoise.

jurycourt's pages are reported as a fraction of this app's throughput, measured in the same run
on the same server settings, so the figures say what jurycourt's own code costs on top of the
stack it is built on, whatever the machine.

Served as ``uvicorn tests.bench.fortunes:create_app --factory``; the SQLite file comes from
``BENCH_FORTUNES_DB``. ``python -m tests.bench.fortunes seed PATH`` creates it with 12 rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route
from tortoise import Tortoise, fields
from tortoise.contrib.starlette import RegisterTortoise
from tortoise.models import Model

DB_ENV = "BENCH_FORTUNES_DB"

#: TechEmpower's twelve fortunes (escaping and Unicode cases included).
FORTUNES = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    "フレームワークのベンチマーク",
]
EXTRA = "Additional fortune added at request time."

TEMPLATE = """<!DOCTYPE html>
<html><head><title>Fortunes</title></head><body>
<table>
<tr><th>id</th><th>message</th></tr>
{% for fortune in fortunes %}
<tr><td>{{ fortune.id }}</td><td>{{ fortune.message }}</td></tr>
{% endfor %}
</table>
</body></html>
"""


class Fortune(Model):
    id = fields.IntField(primary_key=True)
    message = fields.CharField(max_length=2048)

    class Meta:
        table = "fortune"


def tortoise_config(path: str) -> dict[str, Any]:
    # The same SQLite pragmas jurycourt asserts at start-up (WAL, foreign keys).
    return {
        "connections": {
            "default": {
                "engine": "tortoise.backends.sqlite",
                "credentials": {"file_path": path, "journal_mode": "WAL", "foreign_keys": "ON"},
            }
        },
        "apps": {"fortunes": {"models": [__name__], "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


class _Row:
    __slots__ = ("id", "message")

    def __init__(self, id: int, message: str) -> None:
        self.id = id
        self.message = message


def create_app() -> Starlette:
    path = os.environ[DB_ENV]
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(TEMPLATE)

    async def fortunes(request: Request) -> HTMLResponse:
        rows: list[Any] = await Fortune.all()
        rows.append(_Row(0, EXTRA))
        rows.sort(key=lambda f: f.message)
        return HTMLResponse(template.render(fortunes=rows))

    async def plaintext(request: Request) -> PlainTextResponse:
        return PlainTextResponse("Hello, World!")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with RegisterTortoise(app, config=tortoise_config(path)):
            yield

    return Starlette(
        routes=[Route("/fortunes", fortunes), Route("/plaintext", plaintext)],
        lifespan=lifespan,
    )


async def seed(path: str) -> None:
    """Create the fortune table in a new SQLite file and fill it with the twelve rows."""
    await Tortoise.init(config=tortoise_config(path))
    try:
        await Tortoise.generate_schemas()
        await Fortune.bulk_create(
            [Fortune(id=i, message=m) for i, m in enumerate(FORTUNES, start=1)]
        )
    finally:
        await Tortoise.close_connections()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "seed":
        raise SystemExit("usage: python -m tests.bench.fortunes seed PATH")
    asyncio.run(seed(sys.argv[2]))
