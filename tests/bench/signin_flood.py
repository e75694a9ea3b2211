"""Peak memory of one server process under a flood of sign-ins (issue 19).

Starts ``jurycourt serve`` (SQLite, the real argon2id profile), signs in once to warm it up, then
sends ``FLOOD`` sign-ins for unknown logins at once and reads the process's resident memory before
(VmRSS) and its high-water mark after (VmHWM) from /proc. Used by the flood test, which asserts the
bound, and runnable on its own: ``python -m tests.bench.signin_flood`` prints the figures.
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from jurycourt.auth.passwords import HASH_MEMORY_BUDGET, make_hasher
from jurycourt.demo import DEMO_PASSWORD
from tests.serving import Served, ServedDatabase

FLOOD = 40
MIB = 1024 * 1024


@dataclass(frozen=True)
class Flood:
    before: int  # bytes resident just before the flood
    peak: int  # the process's high-water mark of resident bytes after it
    statuses: list[int]

    @property
    def growth(self) -> int:
        return self.peak - self.before

    def __str__(self) -> str:
        counts = {status: self.statuses.count(status) for status in sorted(set(self.statuses))}
        return (f"{FLOOD} parallel sign-ins: resident {self.before / MIB:.0f} MiB before, peak "
                f"{self.peak / MIB:.0f} MiB (+{self.growth / MIB:.0f} MiB); answers {counts}")


def memory(pid: int, field: str) -> int:
    """VmRSS or VmHWM of a process, in bytes."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1)) * 1024


async def _token(http: httpx.AsyncClient, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', (await http.get(path)).text).group(1)


async def _flood(url: str) -> list[int]:
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        warm = await http.post("/login", data={"csrf_token": await _token(http, "/login"), "login": "juror",
                                               "password": DEMO_PASSWORD})
        assert warm.status_code == 303, warm.status_code
        out = await http.post("/logout", data={"csrf_token": await _token(http, "/me")})  # the token rotated
        assert out.status_code == 303, out.status_code
        token = await _token(http, "/login")
        answers = await asyncio.gather(*(
            http.post("/login", data={"csrf_token": token, "login": f"flood{n}", "password": "wrong"})
            for n in range(FLOOD)))
        return [answer.status_code for answer in answers]


def measure(server: Served) -> Flood:
    pid = server.process.pid
    before = [0]

    async def run() -> list[int]:
        async with httpx.AsyncClient(base_url=server.url, timeout=120) as http:
            await http.get("/healthz")
        before[0] = memory(pid, "VmRSS")
        return await _flood(server.url)

    statuses = asyncio.run(run())
    return Flood(before[0], memory(pid, "VmHWM"), statuses)


def run() -> Flood:
    with tempfile.TemporaryDirectory() as work:
        database = ServedDatabase.create(Path(work), postgres=False)
        server = Served(database, {"JURYCOURT_PASSWORD_HASHING": "default"}).start()
        try:
            return measure(server)
        finally:
            server.stop()


def markdown(flood: Flood) -> str:
    """The benchmark's section (tests/bench/run.py, computation "signin")."""
    hasher = make_hasher("default")
    bound = hasher.at_once * hasher.memory_cost * 1024
    counts = ", ".join(f"{flood.statuses.count(s)} × {s}" for s in sorted(set(flood.statuses)))
    return (
        "## Sign-in flood\n\n"
        f"{FLOOD} sign-ins for unknown logins sent at once to one `jurycourt serve` process (SQLite, the real "
        f"argon2id profile: {hasher.memory_cost // 1024} MiB per hash, at most {hasher.at_once} at once), its "
        "resident memory read from /proc before (VmRSS) and after (VmHWM, the peak). Before the hashing gate "
        "the same flood took a process from 73 MiB to 1,585 MiB.\n\n"
        "| measure | value | bound |\n|---|---|---|\n"
        f"| resident before | {flood.before / MIB:.0f} MiB | |\n"
        f"| peak | {flood.peak / MIB:.0f} MiB (+{flood.growth / MIB:.0f} MiB) | "
        f"+{bound / MIB:.0f} MiB of hashes (budget {HASH_MEMORY_BUDGET / MIB:.0f} MiB) |\n"
        f"| answers | {counts} | 400 heard, 429 turned away |\n"
    )


def main() -> int:
    print(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
