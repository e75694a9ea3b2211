"""The browser harness: the real app served by uvicorn, and Debian's Chromium driven by Playwright.

The server is ``jurycourt serve`` in a subprocess, on a free port, with a fresh SQLite database
built by ``jurycourt migrate`` and filled by ``jurycourt seed-demo`` (run from a directory
outside the repository, as an operator would). Both the server and Chromium live for the whole
``tests/browser`` package. Playwright never downloads a browser here: it launches the Chromium
named by JURYCOURT_CHROMIUM, else ``chromium`` on PATH, and the tests fail when there is none.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Playwright,
    expect,
    sync_playwright,
)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: Generous waits: a slow or busy machine must not make a journey flaky.
WAIT_MS = 20_000
SERVER_START_SECONDS = 60
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

expect.set_options(timeout=WAIT_MS)


def chromium_executable() -> str:
    """Debian's Chromium (or JURYCOURT_CHROMIUM); a missing browser is a failure, not a skip."""
    configured = os.environ.get("JURYCOURT_CHROMIUM", "")
    path = shutil.which(configured) if configured else shutil.which("chromium")
    if not path:
        wanted = f"JURYCOURT_CHROMIUM={configured!r}" if configured else "`chromium` on PATH"
        pytest.fail(
            f"Browser tests need Chromium but found no {wanted}. Install Debian's package "
            "(`apt-get install chromium`) or set JURYCOURT_CHROMIUM to a Chromium executable. "
            "Playwright's own browser downloads are not used.",
            pytrace=False,
        )
    return path


# --- the server ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    url: str
    log: Path
    clock: Path  # JURYCOURT_TEST_CLOCK_FILE: the server's now while it holds an instant

    @contextlib.contextmanager
    def clock_at(self, at: datetime) -> Iterator[Callable[[float], datetime]]:
        """Stop the server's clock at ``at`` for the block; the block steps it with the function given
        (seconds forward, the new instant). Afterwards the server goes back to the real clock."""
        moment = [at]

        def step(seconds: float) -> datetime:
            moment[0] += timedelta(seconds=seconds)
            self.clock.write_text(moment[0].isoformat())
            return moment[0]

        self.clock.write_text(at.isoformat())
        try:
            yield step
        finally:
            self.clock.write_text("")


def _jurycourt_command() -> list[str]:
    script = Path(sys.executable).with_name("jurycourt")
    return [str(script)] if script.exists() else [sys.executable, "-m", "jurycourt"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(command: list[str], env: dict[str, str], cwd: Path) -> None:
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=300,
                          check=False)
    if done.returncode != 0:
        pytest.fail(f"`{' '.join(command)}` failed ({done.returncode}):\n{done.stdout}{done.stderr}",
                    pytrace=False)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=5) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the package's journeys: each journey works on its own rows of the shared demo."""
    yield from serve_demo(tmp_path_factory)


def serve_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Migrate and seed a new demo database, serve it until the caller is done, then stop."""
    work = tmp_path_factory.mktemp("browser-server")
    env = {
        **os.environ,
        "JURYCOURT_ENVIRONMENT": "development",
        "JURYCOURT_DATABASE_URL": f"sqlite://{work / 'jurycourt.sqlite3'}",
        "JURYCOURT_SECRET_KEY": "browser-test-secret-" + "x" * 32,
        "JURYCOURT_PSEUDONYM_KEY": "p" * 40,
        "JURYCOURT_PASSWORD_HASHING": "cheapest",
        "JURYCOURT_WORKERS": "1",
        "JURYCOURT_TEST_CLOCK_FILE": str(work / "clock"),  # empty until a test fixes the time
    }
    jurycourt = _jurycourt_command()
    _run([*jurycourt, "migrate"], env, work)
    _run([*jurycourt, "seed-demo"], env, work)
    log = work / "server.log"
    process, url = None, ""
    for _attempt in range(3):  # another process may take the free port before the server does
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with log.open("ab") as out:
            process = subprocess.Popen(
                [*jurycourt, "serve", "--host", "127.0.0.1", "--port", str(port)],
                env=env, cwd=work, stdout=out, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + SERVER_START_SECONDS
        while process.poll() is None and time.monotonic() < deadline and not _healthy(url):
            time.sleep(0.1)  # polling a port: there is nothing to await
        if process.poll() is None and _healthy(url):
            break
        _stop(process)
    else:
        pytest.fail(f"`jurycourt serve` did not become healthy:\n{log.read_text()}", pytrace=False)
    try:
        yield Server(url=url, log=log, clock=work / "clock")
    finally:
        _stop(process)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    """Show the server's log under a failed browser test: a 500 is explained there."""
    report = yield
    server = getattr(item, "funcargs", {}).get("server")
    if report.failed and isinstance(server, Server) and server.log.exists():
        tail = server.log.read_text(errors="replace").splitlines()[-80:]
        report.sections.append(("jurycourt serve log (last lines)", "\n".join(tail)))
    return report


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


# --- the browser --------------------------------------------------------------------------


class Chromium:
    """Debian's Chromium under Playwright, launched on first use.

    The launch happens inside the first test that opens a page, so a missing or broken
    Chromium makes every browser test FAIL with the reason (a fixture error would only say
    ERROR, and a skip would hide it).
    """

    def __init__(self) -> None:
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._problem = ""

    def get(self) -> Browser:
        if self._problem:
            pytest.fail(self._problem, pytrace=False)
        if self._browser is None:
            executable = chromium_executable()
            self._playwright = sync_playwright().start()
            try:
                self._browser = self._playwright.chromium.launch(
                    executable_path=executable, args=CHROMIUM_ARGS, timeout=60_000)
            except Error as problem:
                self._problem = f"Chromium at {executable} did not start: {problem}"
                pytest.fail(self._problem, pytrace=False)
        return self._browser

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()


@pytest.fixture(scope="package")
def chromium() -> Iterator[Chromium]:
    launcher = Chromium()
    yield launcher
    launcher.close()


@dataclass
class BrowserLog:
    """Console errors (CSP violations among them) and uncaught exceptions seen by a test's pages."""

    problems: list[str] = field(default_factory=list)
    _tolerated: list[re.Pattern[str]] = field(default_factory=list)

    @contextlib.contextmanager
    def tolerating(self, pattern: str) -> Iterator[None]:
        """Accept console errors matching ``pattern`` while inside the block (a deliberate 410)."""
        self._tolerated.append(re.compile(pattern))
        try:
            yield
        finally:
            self._tolerated.pop()

    def watch(self, context: BrowserContext) -> None:
        context.on("console", self._console)
        context.on("weberror", lambda error: self.problems.append(
            f"uncaught exception on {error.page.url if error.page else '?'}: {error.error}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not any(p.search(message.text) for p in self._tolerated):
            where = message.page.url if message.page else "?"
            self.problems.append(f"console error on {where}: {message.text}")

    def assert_clean(self) -> None:
        assert not self.problems, "the browser reported errors:\n" + "\n".join(self.problems)


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def new_context(chromium: Chromium, server: Server,
                browser_log: BrowserLog) -> Iterator[Callable[..., BrowserContext]]:
    """Open a fresh browser profile (no cookies) on the server: ``new_context(phone=True)``. The site's
    service worker is blocked unless a test asks for it (``service_workers=True``): Playwright's
    ``page.route`` does not see the requests a service worker handles."""
    contexts: list[BrowserContext] = []

    def open_context(*, phone: bool = False, javascript: bool = True,
                     service_workers: bool = False) -> BrowserContext:
        context = chromium.get().new_context(base_url=server.url, java_script_enabled=javascript,
                                             service_workers="allow" if service_workers else "block",
                                             **(PHONE if phone else DESKTOP))
        context.set_default_timeout(WAIT_MS)
        context.set_default_navigation_timeout(WAIT_MS)
        browser_log.watch(context)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    # Every page any browser test visits is checked: a console error or a CSP violation on any of
    # them fails its test, whether or not the test asserted it itself (the issue: "they fail on any").
    browser_log.assert_clean()
