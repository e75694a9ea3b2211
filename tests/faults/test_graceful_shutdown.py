"""Graceful shutdown: SIGTERM lets a request that is already in flight finish, then the server exits.

The request is made in flight on purpose: its headers and half its body are sent, the server is
told to stop (SIGTERM, as a service manager does), and only then the rest of the body follows.
The client must still get a complete answer, and the server must then exit cleanly.
"""

from __future__ import annotations

import signal
import socket
import time
from urllib.parse import urlsplit

from tests.serving import Served, ServedDatabase


def _read_response(sock: socket.socket) -> bytes:
    sock.settimeout(20)
    received = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return received
        received += chunk


def test_sigterm_finishes_the_request_in_flight(served_database: ServedDatabase) -> None:
    server = Served(served_database).start()
    parts = urlsplit(server.url)
    body = b"login=someone&password=" + b"x" * 2000
    head = (f"POST /login HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as sock:
        sock.sendall(head + body[:100])
        time.sleep(0.5)  # the request is now being read by the server
        server.process.terminate()
        deadline = time.monotonic() + 60
        while "Shutting down" not in server.log.read_text(errors="replace") and time.monotonic() < deadline:
            time.sleep(0.05)  # polling another process's log: there is nothing to await
        sock.sendall(body[100:])
        answer = _read_response(sock)
    status_line = answer.split(b"\r\n", 1)[0]
    # No CSRF token was sent, so the answer is a refusal: what matters is that it is a whole answer.
    assert status_line.startswith(b"HTTP/1.1 4"), answer[:300]
    assert b"</html>" in answer
    # uvicorn re-raises SIGTERM once it has shut down cleanly, so the status is 0 or -SIGTERM.
    assert server.process.wait(timeout=30) in (0, -signal.SIGTERM), server.log_tail()
    log = server.log.read_text(errors="replace")
    assert "Shutting down" in log and "Finished server process" in log
