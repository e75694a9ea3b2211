"""`python -m jurycourt.sortition.verifier FILE`: anyone re-runs a published draw and learns whether it matches.

The draw here is made the way the worker makes it (its own process, PYTHONHASHSEED=0), from a small pool.
"""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from jurycourt.cli import main as jurycourt_main
from jurycourt.domain import citizens_panels as rules
from jurycourt.sortition.software import library_versions

ROOT = Path(__file__).resolve().parents[1]
CATS = rules.parse_categories("Age band: 16-29, 30-44, 45+\nGender: Woman, Man")
QUOTAS = [rules.Quota("Age band", v, 1, 3) for v in CATS[0].values] + \
         [rules.Quota("Gender", v, 2, 4) for v in CATS[1].values]
DRAW = """
import json, sys
from jurycourt.domain.draw_record import public_record
from jurycourt.sortition.draw import run_draw
d = json.load(open(sys.argv[1]))
result = run_draw(d["inputs"], int(d["seed"]), lambda p, m: None)
json.dump(public_record(d["inputs"], d["commitment"], d["announced"], d["seed"], result), open(sys.argv[2], "w"))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}


@pytest.fixture(scope="module")
def record_file(tmp_path_factory) -> Path:
    """A draw of 6 (and 2 reserves) from 30 volunteers, made in a worker-like process, as its record."""
    rng = random.Random(8)
    pool = [rules.PoolMember(f"V-{rng.getrandbits(48):012x}", {"Age band": rng.choice(CATS[0].values),
                                                                "Gender": rng.choice(CATS[1].values)},
                             f"home{n // 2 if n < 8 else n}") for n in range(30)]
    inputs = rules.draw_inputs(6, 2, "maximin", CATS, QUOTAS, pool, library_versions())
    commitment = rules.commitment_hash(inputs)
    seed = str(rules.derive_seed(commitment, "8 1 30"))
    work = tmp_path_factory.mktemp("verify")
    (work / "draw.json").write_text(json.dumps({"inputs": inputs, "commitment": commitment,
                                                "announced": "8 1 30", "seed": seed}))
    subprocess.run([sys.executable, "-c", DRAW, str(work / "draw.json"), str(work / "record.json")],
                   env=_env(), cwd=ROOT, check=True, timeout=300, capture_output=True)
    return work / "record.json"


def _verify(path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in _env().items() if k != "PYTHONHASHSEED"}  # the command sets it itself
    return subprocess.run([sys.executable, "-m", "jurycourt.sortition.verifier", str(path)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def _tampered(record_file: Path, change) -> Path:
    record = json.loads(record_file.read_text())
    changed = copy.deepcopy(record)
    change(changed)
    path = record_file.with_name(f"tampered-{change.__name__}.json")
    path.write_text(json.dumps(changed))
    return path


def test_the_command_re_runs_a_true_record_and_reports_a_match(record_file):
    done = _verify(record_file)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("MATCH")
    assert any("SHA-256 of the inputs is the commitment" in line for line in lines)
    assert any("the same panel (6), the same 2 reserves" in line for line in lines)
    assert "HiGHS" not in done.stdout  # the library's own chatter does not bury the verdict


def test_a_record_whose_result_was_changed_is_reported_as_a_mismatch_after_the_re_run(record_file):
    def swap_a_member(record):
        outsider = next(r for r, _, _ in record["inputs"]["pool"]
                        if r not in record["result"]["selected"] + record["result"]["reserves"])
        record["result"]["selected"][0] = outsider

    done = _verify(_tampered(record_file, swap_a_member))
    assert done.returncode == 1
    assert "MISMATCH: re-run from the inputs and seed: the panel differ" in done.stdout
    assert done.stdout.splitlines()[-1] == "MISMATCH"


def test_a_record_whose_pool_was_changed_no_longer_matches_the_published_commitment(record_file):
    def drop_a_volunteer(record):
        record["inputs"]["pool"].pop()

    path = _tampered(record_file, drop_a_volunteer)
    assert jurycourt_main(["verify-draw", str(path)]) == 1  # `jurycourt verify-draw` is the same command
    done = _verify(path)
    assert done.returncode == 1
    assert "do not match the published commitment" in done.stdout and "was not re-run" in done.stdout


def test_a_file_that_is_not_a_record_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"hello": 1}')
    done = _verify(path)
    assert done.returncode == 1 and "not a jurycourt draw record" in done.stdout
    path.write_text("not json")
    assert _verify(path).returncode == 2
