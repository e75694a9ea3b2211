"""Fixtures shared by the web tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def started(monkeypatch) -> list[int]:
    """Draws the pages queued; the test runs the worker in-process instead of a separate process."""
    queued: list[int] = []
    monkeypatch.setattr("jurycourt.web.views.citizens_draws.start_worker",
                        lambda request, draw_id: queued.append(draw_id))
    return queued
