"""The program clock is the one place that reads the time; tests and a test server can fix and step it."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from jurycourt import clock
from jurycourt.settings import SettingsError, from_env

PACKAGE = Path(clock.__file__).resolve().parent
#: Reading these is reading the wall clock (``time.monotonic`` measures a duration and is allowed).
WALL_CLOCK = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
              ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"),
              ("time", "ctime"), ("time", "strftime")}


def wall_clock_reads(source: str) -> list[int]:
    """Lines of ``source`` that read the wall clock, whatever the imports call the modules."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}  # local name -> "datetime", "date" or "time"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for name in node.names:
                if name.name in ("datetime", "time"):
                    aliases[name.asname or name.name] = name.name
        elif isinstance(node, ast.ImportFrom) and node.module == "datetime":
            for name in node.names:
                if name.name in ("datetime", "date"):
                    aliases[name.asname or name.name] = name.name
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            for name in node.names:
                if ("time", name.name) in WALL_CLOCK:
                    aliases[name.asname or name.name] = f"time.{name.name}"
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and aliases.get(func.id, "").startswith("time."):
            lines.append(node.lineno)
        elif isinstance(func, ast.Attribute):
            owner = func.value
            if isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name) \
                    and aliases.get(owner.value.id) == "datetime":
                kind = owner.attr  # datetime.datetime.now() / datetime.date.today()
            elif isinstance(owner, ast.Name):
                kind = aliases.get(owner.id, "")
            else:
                continue
            if (kind, func.attr) in WALL_CLOCK:
                lines.append(node.lineno)
    return lines


def test_nothing_but_the_clock_module_reads_the_wall_clock():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "clock.py":
            continue
        found += [f"{path.relative_to(PACKAGE.parent)}:{line}" for line in wall_clock_reads(path.read_text())]
    assert not found, "read the time through jurycourt.clock (now(), today(zone)):\n" + "\n".join(found)


@pytest.mark.parametrize("source", [
    "from datetime import UTC, datetime\nx = datetime.now(UTC)\n",
    "from datetime import date\nx = date.today()\n",
    "import datetime\nx = datetime.datetime.utcnow()\n",
    "import datetime as dt\nx = dt.date.today()\n",
    "from datetime import datetime as moment\nx = moment.now()\n",
    "import time\nx = time.time()\n",
    "from time import time as wall\nx = wall()\n",
])
def test_the_check_finds_every_way_of_reading_the_wall_clock(source):
    assert wall_clock_reads(source) == [2]


def test_the_check_lets_durations_and_given_instants_pass():
    assert wall_clock_reads("import time\nfrom datetime import UTC, datetime\n"
                            "x = time.monotonic()\ny = datetime.fromtimestamp(0, UTC)\nz = clock.now()\n") == []


def test_a_fixed_clock_stands_still_until_moved():
    at = datetime(2026, 3, 2, 3, 30, tzinfo=UTC)
    with clock.use(clock.FixedClock(at)) as fixed:
        assert clock.now() == clock.now() == at
        fixed.advance(60)
        assert clock.now() == datetime(2026, 3, 2, 3, 31, tzinfo=UTC)
    assert clock.now() != fixed.now()


def test_the_programs_today_is_the_date_in_its_time_zone():
    with clock.use(clock.FixedClock(datetime(2026, 3, 2, 3, 30, tzinfo=UTC))):  # 22:30 the day before in New York
        assert clock.today("UTC") == date(2026, 3, 2)
        assert clock.today("America/New_York") == date(2026, 3, 1)
        assert clock.today() == date(2026, 3, 1)  # the site's zone (JURYCOURT_TIME_ZONE's default)


def test_a_clock_file_fixes_and_steps_a_servers_time(tmp_path):
    path = tmp_path / "clock"
    file_clock = clock.FileClock(path)
    assert abs((file_clock.now() - datetime.now(UTC)).total_seconds()) < 3600  # no file: the real clock
    path.write_text("2026-03-02T10:00:00+00:00")
    assert file_clock.now() == datetime(2026, 3, 2, 10, tzinfo=UTC)
    path.write_text("2026-03-02T10:00:30Z\n")
    assert file_clock.now() == datetime(2026, 3, 2, 10, 0, 30, tzinfo=UTC)


def test_the_test_clock_is_refused_in_production():
    with pytest.raises(SettingsError, match="JURYCOURT_TEST_CLOCK_FILE"):
        from_env({"JURYCOURT_ENVIRONMENT": "production", "JURYCOURT_TEST_CLOCK_FILE": "/tmp/clock",
                  "JURYCOURT_SECRET_KEY": "k" * 40, "JURYCOURT_PSEUDONYM_KEY": "p" * 40,
                  "JURYCOURT_BASE_URL": "https://jury.example.org"})
