"""Fixtures shared by the web tests."""

from __future__ import annotations

import pytest

from tests.web.helpers import client_for, sign_in


@pytest.fixture
def started(monkeypatch) -> list[int]:
    """Draws the pages queued; the test runs the worker in-process instead of a separate process."""
    queued: list[int] = []
    monkeypatch.setattr("jurycourt.web.views.citizens_draws.start_worker",
                        lambda request, draw_id: queued.append(draw_id))
    return queued


@pytest.fixture
async def second(app, demo):
    """A second browser, signed in as the other coordinator of the program."""
    async with client_for(app, address=("127.0.0.1", 50001)) as http:
        await sign_in(http, "coordinator2")
        yield http
