"""Start and stop the servers under test: one uvicorn process each, all on the same settings."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

HOST = "127.0.0.1"

#: What every server under test runs with (`jurycourt serve` in development, minus the
#: access log, which would otherwise be most of what is measured).
UVICORN_ARGS = [
    "--workers", "1",
    "--no-access-log",
    "--no-proxy-headers",
    "--no-server-header",
    "--log-level", "info",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        # utime and stime are fields 14 and 15 of stat(5); fields[0] here is field 3.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def settle(self, busy: float = 0.3, timeout: float = 180.0) -> float:
        """Wait until the server uses less than ``busy`` of a core: requests the load generator gave up
        on (a page slower than the counted window) must not eat into the next page's time. Returns
        the seconds waited."""
        began = time.monotonic()
        while time.monotonic() - began < timeout:
            before = self.cpu_seconds()
            time.sleep(0.25)
            if not (self.cpu_seconds() - before) / 0.25 >= busy:  # NaN (the process is gone) counts as idle
                break
        return time.monotonic() - began

    def peak_memory_mib(self) -> float:
        """The largest resident set (VmHWM) of the server and any worker processes it started."""
        peaks = []
        for pid in [self.process.pid, *_children(self.process.pid)]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            peaks += [int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")]
        return max(peaks, default=float("nan"))

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the server (its own process group): SIGTERM, then SIGKILL if it lingers."""
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass


def _children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (a multi-worker server's workers), from /proc."""
    try:
        direct = [int(c) for task in Path(f"/proc/{pid}/task").iterdir()
                  for c in (task / "children").read_text().split()]
    except OSError:
        return []
    return [c for child in direct for c in (child, *_children(child))]


def start(name: str, app: str, *, env: dict[str, str], workdir: Path, ready_path: str,
          factory: bool = False) -> Server:
    """Start ``uvicorn app`` on a free loopback port and wait until ``ready_path`` answers 200."""
    port = free_port()
    args = [sys.executable, "-m", "uvicorn", app, "--host", HOST, "--port", str(port),
            *UVICORN_ARGS]
    if factory:
        args.append("--factory")
    return _start(name, args, port, env=env, workdir=workdir, ready_path=ready_path)


def start_serve(name: str, workers: int, *, env: dict[str, str], workdir: Path) -> Server:
    """Start ``jurycourt serve`` (production's command) with ``workers`` worker processes."""
    port = free_port()
    env = {**env, "JURYCOURT_WORKERS": str(workers), "JURYCOURT_HOST": HOST, "JURYCOURT_PORT": str(port)}
    return _start(name, [sys.executable, "-m", "jurycourt", "serve"], port, env=env, workdir=workdir,
                  ready_path="/healthz")


def _start(name: str, args: list[str], port: int, *, env: dict[str, str], workdir: Path,
           ready_path: str) -> Server:
    log = workdir / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            args, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so stop() reaches any child too
        )
    server = Server(name, process, port, log)
    try:
        _wait_ready(server, ready_path)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_ready(server: Server, path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}:\n"
                               f"{server.log_tail()}")
        try:
            if httpx.get(server.base_url + path, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{server.name} did not answer {path} within {timeout:.0f} s:\n"
                       f"{server.log_tail()}")
