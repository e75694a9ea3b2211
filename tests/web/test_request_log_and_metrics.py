"""Seeing what the server does: one JSON line per request (an id, the route, status and time, and
nothing about who asked or what they typed), and Prometheus metrics for allowed addresses only."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from jurycourt.serving.logs import JsonLines
from tests.web.helpers import client_for, sign_in
from tests.web.test_outage_client_errors import CLIENT_ERRORS, break_queries

PERSONAL = "Tanya Reyes"


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(JsonLines().format(record))  # as the server writes it


@pytest.fixture
def request_lines() -> AsyncIterator[list[str]]:
    handler = Lines()
    logger = logging.getLogger("jurycourt.requests")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def from_address(app, address: str) -> httpx.AsyncClient:
    return client_for(app, address=(address, 50123), raise_app_exceptions=False)


def samples(text: str) -> dict[tuple[str, tuple], float]:
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


async def test_each_request_is_one_json_line_without_personal_data(client, demo, request_lines):
    await sign_in(client, "coordinator")
    request_lines.clear()

    response = await client.get("/people", params={"q": PERSONAL}, headers={"X-Request-ID": "proxy-id-12345678"})

    assert response.headers["x-request-id"] == "proxy-id-12345678"
    assert len(request_lines) == 1
    line = json.loads(request_lines[0])
    assert line["request_id"] == "proxy-id-12345678"
    assert line["status"] == response.status_code and line["method"] == "GET"
    assert line["route"] == "/people" and line["ms"] >= 0
    for personal in (PERSONAL, "127.0.0.1", "coordinator"):
        assert personal not in request_lines[0]


async def test_a_request_without_a_usable_id_gets_a_new_one(client, demo, request_lines):
    response = await client.get("/findings", headers={"X-Request-ID": "<script>"})

    line = json.loads(request_lines[-1])
    assert line["request_id"] == response.headers["x-request-id"] != "<script>"
    assert len(line["request_id"]) == 32


async def test_metrics_count_requests_by_route_and_status_and_the_backlogs(app, client, demo):
    await client.get("/findings")
    await client.get("/no/such/page")

    response = await client.get("/metrics")

    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    found = samples(response.text)
    assert found[("jurycourt_requests_total", (("method", "GET"), ("route", "/findings"), ("status", "200")))] >= 1
    assert found[("jurycourt_requests_total", (("method", "GET"), ("route", "unmatched"), ("status", "404")))] >= 1
    assert ("jurycourt_request_seconds_count", (("route", "/findings"),)) in found
    assert found[("jurycourt_outbox_waiting", ())] >= 0
    assert found[("jurycourt_draws_waiting", ())] >= 0


async def test_database_errors_are_counted(app, client, demo, monkeypatch):
    before = samples((await client.get("/metrics")).text).get(("jurycourt_database_errors_total", ()), 0)
    async with from_address(app, "127.0.0.1") as browser:
        with monkeypatch.context() as patch:
            break_queries(patch, CLIENT_ERRORS["connection closed"])
            assert (await browser.get("/findings")).status_code == 503
    after = samples((await client.get("/metrics")).text)[("jurycourt_database_errors_total", ())]
    assert after == before + 1


@pytest.mark.parametrize(("address", "forwarded_for"), [
    ("203.0.113.9", None), ("10.1.2.3", None),
    ("127.0.0.1", "203.0.113.9"),  # through a proxy on this machine, from outside
    ("127.0.0.1", "127.0.0.1, 203.0.113.9"),  # a forged first hop does not help
])
async def test_metrics_are_hidden_from_addresses_the_operator_did_not_allow(app, demo, address, forwarded_for):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    async with from_address(app, address) as outsider:
        response = await outsider.get("/metrics", headers=headers)

    assert response.status_code == 404
    assert "jurycourt_requests" not in response.text
