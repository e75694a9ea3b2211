"""A small HTTP/1.1 load generator: N keep-alive connections on raw asyncio streams.

Each connection sends one request, reads the whole response, and sends the next (closed loop), so
the server never sees more than N requests at once. A target with a ``body`` is POSTed: the body is
a form (or a path) whose ``{n}`` is replaced by a number new to every request (a fresh idempotency
key; a query string no cache has seen).
Requests that start during the warm-up are not counted; the run stops at the deadline or after
``max_requests``, whichever comes first.
Raw streams (and uvloop when installed) keep the client's own cost per request low, which
matters when client and server share a two-core machine.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: Numbers the POSTed forms of this process (their ``{n}``): never the same twice.
_numbers = itertools.count(int(time.time() * 1000) * 1000)

#: A run may overrun its deadline by this much (a stalled server) before it is abandoned.
STALL_TIMEOUT = 30.0


@dataclass
class Target:
    host: str
    port: int
    path: str
    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""  # a urlencoded form to POST, "{n}" in it numbering each request; GET when empty
    #: The statuses that answer the request as it should be; 2xx and 304 when empty.
    ok: tuple[int, ...] = ()

    def succeeded(self, status: int) -> bool:
        return status in self.ok if self.ok else (200 <= status < 300 or status == 304)

    @property
    def numbered(self) -> bool:
        """Whether each request is new (a numbered form or path), or the same bytes every time."""
        return "{n}" in self.body or "{n}" in self.path

    def request_bytes(self, n: int = 0) -> bytes:
        body = self.body.replace("{n}", str(n)).encode("latin-1")
        lines = [
            f"{'POST' if self.body else 'GET'} {self.path.replace('{n}', str(n))} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "User-Agent: jurycourt-bench",
            "Accept: text/html,*/*",
            "Connection: keep-alive",
        ]
        lines += [f"{k}: {v}" for k, v in self.headers.items()]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if self.body:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@dataclass
class Result:
    """What one timed run measured: latencies in seconds, in completion order."""

    duration: float
    latencies: list[float]
    errors: int
    statuses: dict[int, int]
    stalled: bool = False
    #: What ``probe`` returned when counting started and when the run ended.
    probes: tuple[object, object] | None = None

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.requests / self.duration if self.duration else 0.0


class ProtocolError(Exception):
    pass


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; return (status, server keeps the connection open)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise ProtocolError(f"bad status line {lines[0]!r}")
    status = int(parts[1])
    length = None
    chunked = False
    keep_alive = parts[0] == "HTTP/1.1"
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "connection":
            keep_alive = value.strip().lower() != "close" if keep_alive else (
                value.strip().lower() == "keep-alive"
            )
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length is not None:
        await reader.readexactly(length)
    elif status not in (204, 304) and status >= 200:
        raise ProtocolError("response without a length on a keep-alive benchmark")
    return status, keep_alive


async def _connection(
    target: Target,
    request: bytes,
    count_from: float,
    deadline: float,
    budget: list[int],
    result: Result,
) -> None:
    reader = writer = None
    try:
        while budget[0] > 0:
            now = time.perf_counter()
            if now >= deadline:
                return
            if writer is None:
                reader, writer = await asyncio.open_connection(target.host, target.port)
            budget[0] -= 1
            started = time.perf_counter()
            writer.write(target.request_bytes(next(_numbers)) if target.numbered else request)
            try:
                status, keep_alive = await _read_response(reader)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ProtocolError):
                if started >= count_from:
                    result.errors += 1
                writer.close()
                reader = writer = None
                continue
            finished = time.perf_counter()
            if started >= count_from and finished <= deadline:
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if target.succeeded(status):  # a 304 answers a revalidation, a 303 a form
                    result.latencies.append(finished - started)
                else:
                    result.errors += 1
            if not keep_alive:
                writer.close()
                reader = writer = None
    finally:
        if writer is not None:
            writer.close()


async def run_load(
    target: Target,
    *,
    connections: int,
    duration: float,
    warmup: float,
    max_requests: int = 2_000_000,
    probe: Callable[[], object] | None = None,
) -> Result:
    """Load ``target`` from ``connections`` keep-alive connections for warmup + duration seconds."""
    request = target.request_bytes()
    start = time.perf_counter()
    count_from = start + warmup
    deadline = count_from + duration
    result = Result(duration=duration, latencies=[], errors=0, statuses={})
    budget = [max_requests]
    first_probe: list[object] = []
    if probe is not None:
        asyncio.get_running_loop().call_later(warmup, lambda: first_probe.append(probe()))
    try:
        async with asyncio.timeout(warmup + duration + STALL_TIMEOUT):
            await asyncio.gather(*(
                _connection(target, request, count_from, deadline, budget, result)
                for _ in range(connections)
            ))
    except TimeoutError:
        result.stalled = True
    if probe is not None and first_probe:
        result.probes = (first_probe[0], probe())
    # Stopped early by max_requests: rate over the time actually measured.
    result.duration = max(min(time.perf_counter(), deadline) - count_from, 1e-9)
    return result


def new_event_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def load(target: Target, **kwargs) -> Result:
    """Run :func:`run_load` on a fresh (uvloop when available) event loop."""
    with asyncio.Runner(loop_factory=new_event_loop) as runner:
        return runner.run(run_load(target, **kwargs))


def percentile(sorted_values: list[float], p: float) -> float:
    """The nearest-rank percentile ``p`` (0-100) of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]
