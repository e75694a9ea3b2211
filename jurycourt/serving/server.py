"""How `jurycourt serve` runs uvicorn: restarts that drop nothing, workers that never outlive their parent.

On SIGTERM uvicorn's own shutdown closes every connection whose request it has not started yet:
requests a busy server had accepted but not yet read were dropped. Here the server first takes
in the connections waiting to be accepted, stops listening, lets the requests already sent
start, and only then asks each connection to close after its answer; requests in flight get
``JURYCOURT_SHUTDOWN_GRACE`` seconds, then they are cut and the process exits.

Several workers run under a small supervisor of ours (uvicorn's own builds plain servers): each
worker asks Linux to stop it when its parent dies (prctl PR_SET_PDEATHSIG; a watching thread
elsewhere), so killing the parent leaves no worker holding the port.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import itertools
import logging
import multiprocessing
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable

import uvicorn

from jurycourt.serving.metrics import MULTIPROCESS_DIR
from jurycourt.settings import Settings

log = logging.getLogger("uvicorn.error")

#: How long a connection that has just been accepted may take to start its request at shutdown.
START_WINDOW = 1.0
#: A worker that dies this soon after starting is broken the same way every time: stop, don't loop.
EARLY_DEATH_SECONDS = 10.0
PR_SET_PDEATHSIG = 1


class GracefulServer(uvicorn.Server):
    """uvicorn's server with a shutdown that answers every request it has taken in."""

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        log.info("Shutting down")
        listening = [socket.socket(fileno=os.dup(sock.fileno()))
                     for server in self.servers for sock in (server.sockets or ())]
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        # Connections the kernel completed but the loop had not yet accepted would be reset when the
        # socket closes: take them in first (our duplicates keep the socket open meanwhile).
        taken = await self._accept_waiting(listening)
        await self._let_requests_start()
        log.info("Stopped accepting (%d waiting connection(s) taken in); finishing %d request(s)",
                 taken, len(self.server_state.tasks))
        for connection in list(self.server_state.connections):
            connection.shutdown()  # closes idle ones; the rest close after their answer
        state = self.server_state
        if not await _within(self.config.timeout_graceful_shutdown,
                             lambda: not (state.connections or state.tasks) or self.force_exit):
            log.error("Shutdown grace period over: cutting %d request(s) still running",
                      len(self.server_state.tasks))
            for task in self.server_state.tasks:
                task.cancel()
        if not self.force_exit:
            await self.lifespan.shutdown()

    async def _accept_waiting(self, listening: list[socket.socket]) -> int:
        loop = asyncio.get_running_loop()
        protocol = functools.partial(self.config.http_protocol_class, config=self.config,
                                     server_state=self.server_state, app_state=self.lifespan.state)
        taken = 0
        for sock in listening:
            sock.setblocking(False)
            with sock:
                while True:
                    try:
                        connection, _ = sock.accept()
                    except (BlockingIOError, InterruptedError):
                        break
                    connection.setblocking(False)
                    await loop.connect_accepted_socket(protocol, connection, ssl=self.config.ssl)
                    taken += 1
        return taken

    async def _let_requests_start(self) -> None:
        """Wait (briefly) until every connection accepted so far has had its request read."""
        await _within(START_WINDOW, lambda: all(
            getattr(connection, "cycle", True) is not None for connection in self.server_state.connections))


async def _within(seconds: float | None, done: Callable[[], bool]) -> bool:
    """Whether ``done()`` holds within ``seconds`` (polled: uvicorn's state offers nothing to await)."""
    deadline = time.monotonic() + (seconds if seconds is not None else float("inf"))
    for _ in itertools.count():
        if done():
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.02)
    return False


def uvicorn_config(settings: Settings, host: str, port: int, workers: int) -> uvicorn.Config:
    return uvicorn.Config(
        # Forwarded headers are believed only from JURYCOURT_TRUSTED_PROXIES (web/client.py), not by uvicorn.
        "jurycourt.asgi:app", host=host, port=port, workers=workers, proxy_headers=False,
        server_header=False, log_level="info", access_log=False,  # web/request_log.py logs each request
        timeout_graceful_shutdown=settings.shutdown_grace,
    )


def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Serve until SIGTERM or SIGINT: in this process, or in ``workers`` processes sharing one socket."""
    config = uvicorn_config(settings, host, port, workers)
    if workers <= 1:
        GracefulServer(config).run()
        return
    Supervisor(config, workers).run()


def die_with_parent(parent: int) -> None:
    """Have this process receive SIGTERM (a graceful shutdown) when ``parent`` is gone."""
    asked = False
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            asked = libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
    if not asked:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watch").start()
    if os.getppid() != parent:  # it died before we asked
        os.kill(os.getpid(), signal.SIGTERM)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGTERM)


def _worker(config: uvicorn.Config, sock: socket.socket, parent: int) -> None:
    die_with_parent(parent)
    config.configure_logging()
    GracefulServer(config).run(sockets=[sock])


class Supervisor:
    """Keeps ``workers`` server processes on one socket; SIGTERM/SIGINT stop them gracefully."""

    def __init__(self, config: uvicorn.Config, workers: int) -> None:
        self.config = config
        self.workers = workers
        self.stop = threading.Event()
        self.context = multiprocessing.get_context("spawn")

    def _start(self, sock: socket.socket) -> tuple[multiprocessing.process.BaseProcess, float]:
        process = self.context.Process(target=_worker, args=(self.config, sock, os.getpid()), daemon=False)
        process.start()
        return process, time.monotonic()

    def run(self) -> None:
        sock = self.config.bind_socket()
        metrics_dir = None
        if not os.environ.get(MULTIPROCESS_DIR):  # workers count into one directory (jurycourt/serving/metrics.py)
            metrics_dir = os.environ[MULTIPROCESS_DIR] = tempfile.mkdtemp(prefix="jurycourt-metrics-")
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stop.set())
        log.info("Started parent process [%d]", os.getpid())
        processes = [self._start(sock) for _ in range(self.workers)]
        failed = False
        while not self.stop.wait(0.5):
            for index, (process, started) in enumerate(processes):
                if process.is_alive():
                    continue
                if time.monotonic() - started < EARLY_DEATH_SECONDS:
                    log.error("Worker [%s] failed to start (exit %s): stopping", process.pid, process.exitcode)
                    failed = True
                    self.stop.set()
                    break
                log.warning("Worker [%s] died (exit %s): starting another", process.pid, process.exitcode)
                processes[index] = self._start(sock)
        for process, _ in processes:
            if process.is_alive():
                process.terminate()
        for process, _ in processes:
            process.join()
        sock.close()
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
        log.info("Stopping parent process [%d]", os.getpid())
        if failed:
            raise SystemExit(3)
