"""Check a citizens' panel draw from the record its public page offers:
``python -m jurycourt.sortition.verifier FILE --commitment HASH`` (or ``jurycourt verify-draw FILE --commitment HASH``),
with HASH copied from the panel's public page: a record is only as good as the commitment it is checked against.

1. The record must have been drawn from that commitment, and the SHA-256 of its inputs (as canonical JSON)
   must be it.
2. The seed must follow from the commitment and the value announced in public.
3. The draw is run again from those inputs and that seed with the selection library, exactly as the draw
   worker ran it, and must give the same panel, the same reserves in the same order and the same
   probabilities.
4. Every replacement of a member who dropped out is replayed by its rule (the first reserve who keeps every
   quota, else the lottery among those who do) and must name the same person.

Prints each check and ends with MATCH (exit status 0) or MISMATCH (1); 2 when the file cannot be read.
Needs no database and no settings. The library's result depends on set order, so the re-run happens under
``PYTHONHASHSEED=0`` like the worker's (this command restarts itself with it when needed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jurycourt.domain.citizens_assembly import replay_problems
from jurycourt.domain.draw_record import differences, record_problems
from jurycourt.sortition.software import library_versions


@dataclass
class Verification:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append(f"MISMATCH: {line}")


def verify(record: dict, progress=None, *, commitment: str | None = None) -> Verification:
    """Check a draw record against the ``commitment`` published on the panel's page: its commitment and seed,
    then a re-run of the draw compared with its result, then its replacements replayed.

    The caller runs under ``PYTHONHASHSEED=0`` (as ``main`` makes sure), like the worker that drew.
    """
    report = Verification()
    problems = record_problems(record, commitment)
    for problem in problems:
        report.fail(problem)
    if problems:
        report.lines.append("The draw was not re-run: its inputs or seed are not the published ones.")
        return report
    if commitment is None:
        report.lines.append("warning: no commitment given; checked only against the one inside the record")
    report.lines.append(f"ok: the SHA-256 of the inputs is the commitment {record['commitment']}")
    report.lines.append(f"ok: the seed {record['seed']} follows from it and the announced value "
                        f"“{record['announced']}”")
    declared, installed = record["inputs"].get("software", {}), library_versions()
    if declared != installed:
        report.lines.append("warning: the draw declared other software versions than those installed here, so a "
                            "difference below may come from the versions: "
                            + ", ".join(f"{name} {declared.get(name)} (here {installed.get(name)})"
                                        for name in sorted(set(declared) | set(installed))
                                        if declared.get(name) != installed.get(name)))
    from jurycourt.sortition import draw as sortition_draw  # the heavy library loads only to re-run

    try:
        again = sortition_draw.run_draw(record["inputs"], int(record["seed"]), progress or (lambda p, m: None))
    except sortition_draw.Infeasible as infeasible:
        report.fail("the re-run found no panel: " + " ".join(infeasible.lines))
        return report
    found = differences(record["result"], again)
    for difference in found:
        report.fail(f"re-run from the inputs and seed: {difference} from the record")
    if not found:
        report.lines.append(f"ok: the re-run drew the same panel ({len(again['selected'])}), the same "
                            f"{len(again['reserves'])} reserves in the same order and the same probabilities")
    replayed, wrong = replay_problems(record)
    report.lines.extend(f"ok: {line}" for line in replayed)
    for problem in wrong:
        report.fail(problem)
    return report


@contextmanager
def _library_output_hidden() -> Iterator[None]:
    """The library and HiGHS (from C) print their working to standard output: keep it for our verdict."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
        try:
            yield
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jurycourt.sortition.verifier",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="the draw record downloaded from the panel's public page")
    parser.add_argument("--commitment", required=True,
                        help="the commitment copied from the panel's public page (not from the record)")
    args = parser.parse_args(argv)
    if os.environ.get("PYTHONHASHSEED") != "0":  # only settable before the interpreter starts
        command = [sys.executable, "-m", "jurycourt.sortition.verifier", args.file, "--commitment", args.commitment]
        return subprocess.run(command, env={**os.environ, "PYTHONHASHSEED": "0"}, check=False).returncode  # noqa: S603
    try:
        record = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as problem:
        print(f"verify-draw: cannot read {args.file}: {problem}", file=sys.stderr)
        return 2
    if not isinstance(record, dict):
        print(f"verify-draw: {args.file} is not a draw record.", file=sys.stderr)
        return 2
    print(f"Checking {args.file} (re-running the draw may take a while for a large pool)", flush=True)
    with _library_output_hidden():
        report = verify(record, commitment=args.commitment)
    for line in report.lines:
        print(line)
    print("MATCH: this is the draw that was committed to" if report.ok else "MISMATCH")
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
