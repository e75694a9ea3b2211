"""Restarts that drop nothing: SIGTERM answers every request in flight, a stalled body cannot hold the
exit past the grace period, and killing the parent of several workers leaves none serving.

Requests are put in flight with raw sockets so the test knows they were sent before the signal.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from tests.databases import on_postgres
from tests.serving import Served, ServedDatabase

IN_FLIGHT = 24


@pytest.fixture(scope="module")
def served_database(tmp_path_factory) -> Iterator[ServedDatabase]:
    """One database for the module (building one costs more than all its tests): they only read it."""
    database = ServedDatabase.create(tmp_path_factory.mktemp("restarts"), postgres=on_postgres())
    try:
        yield database
    finally:
        database.drop()


def _read_all(sock: socket.socket) -> bytes:
    sock.settimeout(60)
    received = b""
    with contextlib.suppress(ConnectionError):  # a dropped request: what came so far is the answer
        while chunk := sock.recv(65536):
            received += chunk
    return received


def _complete(answer: bytes) -> bool:
    """A whole HTTP answer: a status line, and as many body bytes as its Content-Length says."""
    head, _, body = answer.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 "):
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) == int(value)
    return head.split(b"\r\n")[-1].lower() == b"transfer-encoding: chunked" and body.endswith(b"0\r\n\r\n")


def _connect(server: Served) -> socket.socket:
    parts = urlsplit(server.url)
    return socket.create_connection((parts.hostname, parts.port), timeout=20)


def test_sigterm_answers_every_one_of_24_requests_in_flight(served_database: ServedDatabase) -> None:
    server = Served(served_database).start()
    host = urlsplit(server.url).netloc
    body = b"login=someone&password=" + b"x" * 200
    posts, gets = [], []
    try:
        # Half are sign-ins whose body is still arriving; half are whole requests for a page that reads
        # the database, sent at once so most wait behind each other (and in the kernel's backlog).
        for _ in range(IN_FLIGHT // 2):
            sock = _connect(server)
            sock.sendall((f"POST /login HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded"
                          f"\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body[:50])
            posts.append(sock)
        for _ in range(IN_FLIGHT // 2):
            sock = _connect(server)
            sock.sendall(f"GET /findings HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            gets.append(sock)
        server.process.terminate()
        for sock in posts:
            with contextlib.suppress(ConnectionError):  # dropped already: its answer shows it
                sock.sendall(body[50:])
        answers = [_read_all(sock) for sock in posts + gets]
    finally:
        for sock in posts + gets:
            sock.close()
    answered = sum(_complete(answer) for answer in answers)
    assert answered == IN_FLIGHT, (f"{answered} of {IN_FLIGHT} answered", [a[:60] for a in answers],
                                   server.log_tail())
    assert all(answer.startswith(b"HTTP/1.1 200") for answer in answers[IN_FLIGHT // 2:])
    assert server.process.wait(timeout=60) in (0, -signal.SIGTERM), server.log_tail()


def test_an_unfinished_body_does_not_hold_the_exit_past_the_grace_period(served_database: ServedDatabase) -> None:
    server = Served(served_database, {"JURYCOURT_SHUTDOWN_GRACE": "2"}).start()
    host = urlsplit(server.url).netloc
    with _connect(server) as sock:
        sock.sendall((f"POST /login HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                      "Content-Length: 1000\r\n\r\nlogin=").encode())
        time.sleep(0.5)  # the request is being read
        server.process.terminate()
        # The client never sends the rest; the server must exit anyway, long before the body timeout.
        try:
            status = server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            pytest.fail("the server was still waiting for the body 30 s after SIGTERM")
    assert status in (0, -signal.SIGTERM), server.log_tail()
    assert "grace period over" in server.log.read_text()


def test_a_body_that_stops_arriving_is_answered_408(served_database: ServedDatabase) -> None:
    server = Served(served_database, {"JURYCOURT_BODY_TIMEOUT": "1"}).start()
    host = urlsplit(server.url).netloc
    try:
        with _connect(server) as sock:
            sock.sendall((f"POST /login HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded"
                          "\r\nContent-Length: 1000\r\n\r\nlogin=").encode())
            sock.settimeout(30)
            answer = sock.recv(65536)
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    finally:
        server.stop()


def _serving(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not on_postgres(), reason="several workers need PostgreSQL: the PostgreSQL run has this test")
def test_killing_the_parent_of_several_workers_leaves_none_serving(served_database: ServedDatabase) -> None:
    parent = Served(served_database, args=("--workers", "2")).start()
    port = urlsplit(parent.url).port
    workers = [int(pid) for pid in subprocess.run(["pgrep", "-P", str(parent.process.pid)], capture_output=True,
                                                  text=True, check=False).stdout.split()]
    assert len(workers) >= 2, parent.log_tail()
    # The workers count into one place: whichever answers the scrape reports every worker's requests.
    for _ in range(4):
        assert httpx.get(parent.url + "/findings", timeout=30).status_code == 200
    scrapes = [httpx.get(parent.url + "/metrics", timeout=30).text for _ in range(3)]
    assert all('jurycourt_requests_total{method="GET",route="/findings",status="200"} 4.0' in text
               for text in scrapes), scrapes[0]
    parent.kill()
    deadline = time.monotonic() + 30
    while (_serving(port) or any(map(_is_running, workers))) and time.monotonic() < deadline:
        time.sleep(0.2)  # waiting for processes to go: there is nothing to await
    assert not _serving(port), "a worker is still serving after its parent was killed"
    assert not any(map(_is_running, workers)), "orphaned workers are still running"
    again = Served(served_database, port=port).start()  # the next start takes the port
    again.stop()


def _is_running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False
