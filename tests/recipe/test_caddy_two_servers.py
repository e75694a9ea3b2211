"""The production recipe, run here: Caddy (Debian's package) with TLS from its internal CA in front of
two `jurycourt serve` processes in production mode on PostgreSQL. A person signs in through the proxy;
one server is killed; they keep working, and /metrics is not reachable through the proxy.

The Caddyfile is the README's (### Running in production), with test ports and folders.
"""

from __future__ import annotations

import contextlib
import shutil
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from jurycourt.demo import DEMO_PASSWORD
from tests.databases import on_postgres
from tests.serving import Served, ServedDatabase, csrf_of, free_port

pytestmark = pytest.mark.skipif(not on_postgres(), reason="the recipe is PostgreSQL's: its run has this test")

PRODUCTION = {"JURYCOURT_ENVIRONMENT": "production", "JURYCOURT_PASSWORD_HASHING": "default",
              "JURYCOURT_HOUSEKEEPING_INTERVAL": "0"}

CADDYFILE = """\
{{
    admin off
    skip_install_trust
    storage file_system {storage}
    http_port {http_port}
    https_port {https_port}
}}

localhost:{https_port} {{
    tls internal
    # The metrics are for the operator's monitoring, on the servers' own addresses: never proxied.
    respond /metrics 404
    reverse_proxy {upstreams} {{
        lb_policy round_robin
        # A server that is down (restarting, or dead) is skipped and the request tried on another.
        lb_try_duration 10s
        fail_duration 30s
        health_uri /healthz
        health_interval 2s
    }}
}}
"""


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Iterator[ServedDatabase]:
    served = ServedDatabase.create(tmp_path_factory.mktemp("recipe"), postgres=True)
    try:
        yield served
    finally:
        served.drop()


def start_caddy(work: Path, upstreams: list[str], https_port: int) -> tuple[subprocess.Popen, str, ssl.SSLContext]:
    caddy = shutil.which("caddy")
    assert caddy, "Caddy is needed (Debian's package `caddy`; .ci/run installs it)"
    config = work / "Caddyfile"
    config.write_text(CADDYFILE.format(storage=work / "caddy", http_port=free_port(), https_port=https_port,
                                       upstreams=" ".join(u.removeprefix("http://") for u in upstreams)))
    log = (work / "caddy.log").open("wb")
    process = subprocess.Popen([caddy, "run", "--config", str(config), "--adapter", "caddyfile"],
                               stdout=log, stderr=subprocess.STDOUT, env={"HOME": str(work), "PATH": "/usr/bin:/bin"})
    root = work / "caddy" / "pki" / "authorities" / "local" / "root.crt"  # Caddy's internal CA
    url = f"https://localhost:{https_port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if root.exists():
                with contextlib.suppress(httpx.HTTPError):
                    trust = ssl.create_default_context(cafile=str(root))
                    if httpx.get(url + "/healthz", verify=trust, timeout=5).status_code == 200:
                        return process, url, trust
            time.sleep(0.2)  # polling a port: there is nothing to await
        pytest.fail("Caddy did not start:\n" + (work / "caddy.log").read_text())
    except BaseException:
        process.kill()  # never left running after the test
        process.wait(timeout=30)
        raise


def test_people_keep_working_through_caddy_when_one_server_dies(database: ServedDatabase) -> None:
    https_port = free_port()
    # Links come from the public address; forwarded headers are believed from Caddy only.
    behind_caddy = {**PRODUCTION, "JURYCOURT_BASE_URL": f"https://localhost:{https_port}",
                    "JURYCOURT_TRUSTED_PROXIES": "127.0.0.1,::1"}
    servers = [Served(database, behind_caddy).start() for _ in range(2)]
    caddy = None
    try:
        caddy, url, trust = start_caddy(database.work, [server.url for server in servers], https_port)
        with httpx.Client(base_url=url, verify=trust, timeout=30) as browser:
            form = browser.get("/login")
            assert form.status_code == 200 and form.url.scheme == "https"
            signed_in = browser.post("/login", data={"csrf_token": csrf_of(form.text), "login": "juror",
                                                     "password": DEMO_PASSWORD})
            assert signed_in.status_code == 303, signed_in.text[:500]
            session = next(c for c in browser.cookies.jar if c.name == "__Host-jc_session")
            assert session.secure
            assert browser.get("/me").status_code == 200

            servers[0].kill()  # SIGKILL: no goodbye

            pages = [browser.get("/me") for _ in range(6)]  # round robin: half would have gone to it
            assert [page.status_code for page in pages] == [200] * 6, caddy_log(database.work)
            assert all("Sign out" in page.text for page in pages)
            signed_out = browser.post("/logout", data={"csrf_token": csrf_of(pages[-1].text)})
            assert signed_out.status_code == 303
            assert browser.get("/me", follow_redirects=False).status_code == 303

            assert browser.get("/metrics").status_code == 404
        assert httpx.get(servers[1].url + "/metrics").status_code == 200  # the operator's own view
    finally:
        if caddy is not None:
            caddy.terminate()
            caddy.wait(timeout=30)
        for server in servers:
            server.stop()


def caddy_log(work: Path) -> str:
    return "\n".join((work / "caddy.log").read_text(errors="replace").splitlines()[-30:])
