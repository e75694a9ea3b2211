"""The selection library (numpy, cvxpy, HiGHS) loads only in the draw worker, never in the web server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_web_app_and_the_worker_module_do_not_load_the_selection_library():
    code = ("import sys, jurycourt.app, jurycourt.web.routes, jurycourt.sortition.worker, jurycourt.demo; "
            "print('sortition_algorithms' in sys.modules, 'cvxpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_only_the_draw_module_imports_the_selection_library():
    importers = {p.relative_to(ROOT).as_posix() for p in (ROOT / "jurycourt").rglob("*.py")
                 if "import sortition_algorithms" in p.read_text() or "from sortition_algorithms" in p.read_text()}
    assert importers == {"jurycourt/sortition/draw.py"}
