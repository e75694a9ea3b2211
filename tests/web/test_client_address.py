"""The client's address behind a reverse proxy: X-Forwarded-For believed only from JURYCOURT_TRUSTED_PROXIES,
so per-address throttles count each real client, and nobody can choose their address by writing one in."""

from __future__ import annotations

import asyncio

import pytest

from jurycourt.domain.throttle import SIGN_IN_ADDRESS
from jurycourt.settings import trusted_networks
from jurycourt.web.client import real_client
from tests.databases import settings_for
from tests.web.helpers import client_for, csrf_token

PROXY = "127.0.0.1"
TRUSTED = trusted_networks("127.0.0.1, 10.0.0.0/8, ::1")


@pytest.fixture
def settings(database_url):
    return settings_for(database_url, trusted_proxies="127.0.0.1,10.0.0.0/8")


@pytest.mark.parametrize(("peer", "forwarded", "client"), [
    ("127.0.0.1", ["203.0.113.7"], "203.0.113.7"),
    ("127.0.0.1", ["203.0.113.99, 203.0.113.7"], "203.0.113.7"),  # the client wrote the first one in
    ("127.0.0.1", ["198.51.100.1", "203.0.113.7, 10.1.2.3"], "203.0.113.7"),  # two proxies, two headers
    ("127.0.0.1", ["not-an-address, 10.1.2.3"], "10.1.2.3"),  # garbage stops the walk at our last proxy
    ("127.0.0.1", [" 2001:db8::5 "], "2001:db8::5"),
    ("::1", ["[2001:db8::5]"], "2001:db8::5"),
    ("::ffff:127.0.0.1", ["::ffff:203.0.113.7"], "203.0.113.7"),  # a dual-stack listener's IPv4 peers
    ("198.51.100.1", ["203.0.113.7"], "198.51.100.1"),  # not a proxy of ours: its header means nothing
    ("127.0.0.1", [], "127.0.0.1"),
])
def test_the_client_is_the_last_address_before_our_own_proxies(peer, forwarded, client):
    assert real_client(peer, forwarded, TRUSTED) == client


def test_nobody_is_believed_when_no_proxy_is_trusted():
    assert real_client("127.0.0.1", ["203.0.113.7"], ()) == "127.0.0.1"


async def wrong_sign_ins(app, peer: str, forwarded: list[str]) -> list[int]:
    """One wrong sign-in (each for its own login) per forwarded address, all at once, from ``peer``."""
    async with client_for(app, address=(peer, 40000)) as http:
        token = await csrf_token(http)
        answers = await asyncio.gather(*(
            http.post("/login", data={"csrf_token": token, "login": f"nobody{n}", "password": "wrong"},
                      headers={"X-Forwarded-For": address})
            for n, address in enumerate(forwarded)))
    return [answer.status_code for answer in answers]


async def test_behind_a_trusted_proxy_each_client_has_its_own_count(app, demo):
    blocked = await wrong_sign_ins(app, PROXY, ["203.0.113.7"] * (SIGN_IN_ADDRESS.free + 1))
    other = await wrong_sign_ins(app, PROXY, ["203.0.113.8"])

    assert blocked.count(429) == 1, "the forwarded client was not counted"
    assert other == [400], "another client behind the same proxy was blocked too"


async def test_a_client_cannot_escape_its_count_by_forging_the_header(app, demo):
    spoofed = [f"203.0.113.99, 198.51.100.{n}" for n in range(SIGN_IN_ADDRESS.free + 1)]

    through_proxy = await wrong_sign_ins(app, PROXY, [f"{s}, 203.0.113.7" for s in spoofed])
    direct = await wrong_sign_ins(app, "198.51.100.200", spoofed)

    assert through_proxy.count(429) == 1
    assert direct.count(429) == 1
