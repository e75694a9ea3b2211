"""SIGKILL in the middle of a stream of writes: after a restart every acknowledged write is there.

A coordinator posts ledger adjustments and drafts publications while a juror posts statements in
the jury room, all through the real server. The server is killed with SIGKILL (no clean-up at
all) while the writes stream in; it is started again on the same database. Every write that was
acknowledged (the server answered it) must be there, whole; writes in flight at the kill may be
there or not, but never in part; ``jurycourt ledger-check`` passes.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid

import httpx

from tests.faults.inspect import rows
from tests.serving import Served, ServedDatabase, csrf_of, signed_in_client

#: The server is killed once every stream has had this many writes acknowledged (writes keep coming).
KILL_AFTER_WRITES = 5
#: A generous deadline for that on a busy machine.
WRITES_DEADLINE_SECONDS = 120


def _open_room(database: ServedDatabase) -> int:
    """A case in its hearing window with seated jurors (the browser tests' setup), talking."""
    done = subprocess.run([sys.executable, "-m", "tests.browser.room_setup"], env=database.env(),
                          capture_output=True, text=True, timeout=120, check=True)
    return int(done.stdout.strip().splitlines()[-1])


def _writers(url: str, entry_id: int, person_id: int, acknowledged: dict[str, list[str]],
             stop: threading.Event) -> list[threading.Thread]:
    coordinator = signed_in_client(url, "coordinator")
    foreperson = signed_in_client(url, "foreperson")
    token = csrf_of(coordinator.get("/me").text)
    room_token = csrf_of(foreperson.get(f"/room/{entry_id}").text)
    for _ in range(2):  # preparing → questioning → deliberation: statements are allowed from here
        opened = foreperson.post(f"/room/{entry_id}/lead",
                                 data={"csrf_token": room_token, "step": "next", "confirmed": "yes"})
        assert opened.status_code in (200, 303), opened.text[:500]

    def adjustments() -> None:
        while not stop.is_set():
            key = uuid.uuid4().hex
            answer = coordinator.post(f"/people/{person_id}/credits/adjust", data={
                "csrf_token": token, "direction": "add", "adjust_hours": "0", "adjust_minutes": "15",
                "reason": "Fault drill", "key": key})
            if answer.status_code == 303:
                acknowledged["postings"].append(key)

    def publications() -> None:
        while not stop.is_set():
            title = f"Fault drill {uuid.uuid4().hex[:12]}"
            answer = coordinator.post("/publications/new", data={
                "csrf_token": token, "title": title, "summary": "A drill.", "kind": "outcomes_report",
                "topics": "drills", "body": "The whole body of the drill report.\n\nSecond paragraph."})
            if answer.status_code == 303:
                acknowledged["publications"].append(title)

    def statements() -> None:
        while not stop.is_set():
            body = f"Drill statement {uuid.uuid4().hex[:12]}"
            answer = foreperson.post(f"/room/{entry_id}/statements", data={"csrf_token": room_token, "body": body})
            if answer.status_code in (200, 303):
                acknowledged["statements"].append(body)

    def guarded(work) -> None:
        try:
            work()
        except httpx.TransportError:
            pass  # the server died under this request: it was never acknowledged

    return [threading.Thread(target=guarded, args=(work,)) for work in (adjustments, publications, statements)]


def test_every_acknowledged_write_survives_sigkill(tmp_path, served_database: ServedDatabase) -> None:
    entry_id = _open_room(served_database)
    person_id = rows(served_database, "SELECT person_id FROM account WHERE login = 'juror'")[0][0]
    server = Served(served_database).start()
    acknowledged: dict[str, list[str]] = {"postings": [], "publications": [], "statements": []}
    stop = threading.Event()
    threads = _writers(server.url, entry_id, person_id, acknowledged, stop)
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WRITES_DEADLINE_SECONDS
    while time.monotonic() < deadline and min(len(done) for done in acknowledged.values()) < KILL_AFTER_WRITES:
        time.sleep(0.05)  # polling other threads' progress: there is nothing to await
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    assert all(acknowledged.values()), f"every stream must have had writes acknowledged: {acknowledged}"
    restarted = Served(served_database).start()
    try:
        keys = {row[0] for row in rows(served_database, "SELECT idempotency_key FROM ledger_posting")}
        assert {f"adjustment:{key}" for key in acknowledged["postings"]} <= keys
        published = dict(rows(served_database, "SELECT title, body_markdown FROM publication"))
        for title in acknowledged["publications"]:
            assert published.get(title, "").endswith("Second paragraph."), title
        said = {row[0] for row in rows(served_database, "SELECT body FROM thread_statement")}
        assert set(acknowledged["statements"]) <= said
        check = served_database.run("ledger-check", check=False)
        assert check.returncode == 0, check.stdout + check.stderr
        assert httpx.get(restarted.url + "/findings").status_code == 200
    finally:
        restarted.stop()
