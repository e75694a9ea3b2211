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


def _commitment_of(path: Path) -> str:
    """The commitment as the panel's public page shows it (the true record's, whatever the file says)."""
    try:
        return json.loads(path.with_name("record.json").read_text())["commitment"]
    except (OSError, ValueError):
        return "0" * 64


def _verify(path: Path, commitment: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in _env().items() if k != "PYTHONHASHSEED"}  # the command sets it itself
    given = commitment or _commitment_of(path)
    return subprocess.run([sys.executable, "-m", "jurycourt.sortition.verifier", str(path), "--commitment", given],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)


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
    # `jurycourt verify-draw` is the same command
    assert jurycourt_main(["verify-draw", str(path), "--commitment", _commitment_of(path)]) == 1
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


def test_the_verifier_refuses_a_record_drawn_from_another_commitment_than_the_one_given(record_file):
    record = json.loads(record_file.read_text())
    other = "ab" * 32  # e.g. a commitment the public page lists as superseded, or another panel's

    done = _verify(record_file, other)

    assert done.returncode == 1 and done.stdout.splitlines()[-1] == "MISMATCH"
    assert f"drawn from the commitment {record['commitment']}, not from the one you gave, {other}" in done.stdout
    assert "was not re-run" in done.stdout


def test_the_verifier_needs_the_commitment_from_the_public_page_on_its_command_line(record_file):
    env = {k: v for k, v in _env().items() if k != "PYTHONHASHSEED"}
    done = subprocess.run([sys.executable, "-m", "jurycourt.sortition.verifier", str(record_file)], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--commitment" in done.stderr


def test_the_record_says_how_to_run_the_verifier_from_a_clone_of_the_source(record_file):
    steps = " ".join(json.loads(record_file.read_text())["how_to_verify"])
    assert "git clone" in steps and "pip install -e ." in steps
    assert "python -m jurycourt.sortition.verifier THIS_FILE --commitment" in steps
