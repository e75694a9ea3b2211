"""Who is on the other end: the client's address, believing forwarded headers only from our proxies.

Behind a reverse proxy every request comes from the proxy's address, so per-address throttles would
see one client. The proxy names the real one in ``X-Forwarded-For``, but anyone can send that header:
it is read only when the request comes from an address in ``JURYCOURT_TRUSTED_PROXIES``, and then
from the right, skipping our own proxies, so a client can't choose its address by writing one in.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from jurycourt.settings import trusted_networks

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip().removeprefix("[").removesuffix("]"))
    except ValueError:
        return None
    # A dual-stack listener sees IPv4 peers as ::ffff:a.b.c.d: they are the IPv4 address all the same.
    return getattr(address, "ipv4_mapped", None) or address


def real_client(peer: str, forwarded_for: Iterable[str], trusted: tuple[Network, ...]) -> str:
    """The client's address, given the connection's ``peer`` and the ``X-Forwarded-For`` headers."""
    current = _address(peer)
    if current is None:
        return peer
    hops = [hop for header in forwarded_for for hop in header.split(",")]
    while any(current in network for network in trusted) and hops:
        previous = _address(hops.pop())
        if previous is None:  # not written by a proxy of ours: stop at the last hop we can believe
            break
        current = previous
    return str(current)


class ClientAddress:
    """Puts the real client's address in the ASGI scope, where ``request.client`` reads it."""

    def __init__(self, app: ASGIApp, trusted_proxies: str) -> None:
        self.app = app
        self.trusted = trusted_networks(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.trusted and scope["type"] in ("http", "websocket") and scope.get("client"):
            forwarded = [value.decode("latin-1") for name, value in scope["headers"] if name == b"x-forwarded-for"]
            if forwarded:
                host, port = scope["client"]
                scope["client"] = (real_client(host, forwarded, self.trusted), port)
        await self.app(scope, receive, send)


def client_address(request: Request) -> str:
    """The client's address as throttles and logs know it."""
    return request.client.host if request.client else "unknown"
