"""A flood of sign-ins can't take a server process's memory beyond the password-hashing budget.

Each argon2id hash holds 64 MiB while it runs; before the gate, 40 parallel sign-ins took one process
from about 70 MiB to 1.5 GiB. Now at most ``at_once`` hashes run at once, so the peak stays within
the budget (plus a little for the requests themselves). Measured from /proc (tests/bench/signin_flood.py).
"""

from __future__ import annotations

from jurycourt.auth.passwords import HASH_MEMORY_BUDGET, make_hasher
from tests.bench.signin_flood import FLOOD, MIB, measure
from tests.serving import Served, ServedDatabase

#: What 40 requests may add besides the hashes (parsing, responses, threads); measured at about 3 MiB.
OTHER_GROWTH = 32 * MIB


def test_the_hashing_budget_leaves_room_for_at_least_one_hash_and_stays_under_200_mib():
    hasher = make_hasher("default")
    assert hasher.at_once >= 1
    assert hasher.at_once * hasher.memory_cost * 1024 <= HASH_MEMORY_BUDGET == 200 * MIB


def test_forty_parallel_sign_ins_keep_the_process_within_the_hashing_budget(served_database: ServedDatabase):
    server = Served(served_database, {"JURYCOURT_PASSWORD_HASHING": "default"}).start()
    try:
        flood = measure(server)
    finally:
        server.stop()

    assert flood.growth < HASH_MEMORY_BUDGET + OTHER_GROWTH, str(flood)
    assert set(flood.statuses) <= {400, 429} and len(flood.statuses) == FLOOD, str(flood)
    assert flood.statuses.count(400) >= 1, f"no sign-in was heard at all: {flood}"
