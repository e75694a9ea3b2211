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


async def _flood(url: str) -> list[int]:
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        token = re.search(r'name="csrf_token" value="([^"]+)"', (await http.get("/login")).text).group(1)
        warm = await http.post("/login", data={"csrf_token": token, "login": "juror", "password": DEMO_PASSWORD})
        assert warm.status_code == 303, warm.status_code
        await http.post("/logout", data={"csrf_token": token})
        token = re.search(r'name="csrf_token" value="([^"]+)"', (await http.get("/login")).text).group(1)
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


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        database = ServedDatabase.create(Path(work), postgres=False)
        server = Served(database, {"JURYCOURT_PASSWORD_HASHING": "default"}).start()
        try:
            print(measure(server))
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
