"""`jurycourt check --deploy`: one finding per unsafe production setting, a clean bill otherwise."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from jurycourt.serving import deploy_check
from jurycourt.serving.deploy_check import findings
from tests.test_cli import db, jurycourt, migrated  # noqa: F401 - db and migrated are fixtures

SAFE = {
    "JURYCOURT_ENVIRONMENT": "production",
    "JURYCOURT_SECRET_KEY": "Zq8-rT2mVx9LpW4kN7bH3cJ6fD1sG5aE0yU_oI8eR2tQ",
    "JURYCOURT_PSEUDONYM_KEY": "Hb4-uY7nCx2QwE9rT5kM8jL3pZ6vA1sD0fG_hI7oP4yR",
    "JURYCOURT_DATABASE_URL": "postgres://jurycourt@127.0.0.1:5432/jurycourt",
    "JURYCOURT_WORKERS": "4",
    "JURYCOURT_BASE_URL": "https://jury.example.org",
}


@pytest.fixture(autouse=True)
def no_development_key(monkeypatch, tmp_path):
    monkeypatch.setattr(deploy_check, "VAR", tmp_path)


def settings_named(env: dict[str, str]) -> list[str]:
    return [f.setting for f in findings(env)]


def test_a_production_configuration_has_no_findings():
    assert findings(SAFE) == []


@pytest.mark.parametrize(("change", "setting"), [
    ({"JURYCOURT_ENVIRONMENT": "development"}, "JURYCOURT_ENVIRONMENT"),
    ({"JURYCOURT_ENVIRONMENT": "development"}, "cookies"),
    ({"JURYCOURT_SECRET_KEY": ""}, "JURYCOURT_SECRET_KEY"),
    ({"JURYCOURT_SECRET_KEY": "short-key"}, "JURYCOURT_SECRET_KEY"),
    ({"JURYCOURT_SECRET_KEY": "a" * 64}, "JURYCOURT_SECRET_KEY"),
    ({"JURYCOURT_HOST": "0.0.0.0"}, "JURYCOURT_HOST"),  # noqa: S104
    ({"JURYCOURT_DATABASE_URL": ""}, "JURYCOURT_DATABASE_URL"),
    ({"JURYCOURT_DATABASE_URL": "sqlite:////srv/jc.sqlite3"}, "JURYCOURT_WORKERS"),
    ({"JURYCOURT_COORDINATOR_TOTP": "0"}, "JURYCOURT_COORDINATOR_TOTP"),
    ({"JURYCOURT_PASSWORD_HASHING": "cheapest"}, "JURYCOURT_PASSWORD_HASHING"),
    ({"JURYCOURT_SMTP_HOST": "smtp.example.org", "JURYCOURT_SMTP_FROM": "c@example.org",
      "JURYCOURT_SMTP_STARTTLS": "0"}, "JURYCOURT_SMTP_STARTTLS"),
    ({"JURYCOURT_TIME_ZONE": "Mars/Olympus"}, "settings"),
])
def test_each_unsafe_setting_is_one_finding(change, setting):
    named = settings_named({**SAFE, **change})
    assert setting in named
    assert named.count(setting) == 1


def test_the_development_key_from_var_is_reported(tmp_path):
    (tmp_path / "secret_key").write_text(SAFE["JURYCOURT_SECRET_KEY"])
    assert settings_named(SAFE) == ["JURYCOURT_SECRET_KEY"]


def test_sqlite_with_one_worker_is_fine():
    assert findings({**SAFE, "JURYCOURT_DATABASE_URL": "sqlite:////srv/jc.sqlite3", "JURYCOURT_WORKERS": "1"}) == []


def test_every_finding_says_what_to_change():
    for finding in findings({"JURYCOURT_WORKERS": "3", "JURYCOURT_HOST": "0.0.0.0"}):  # noqa: S104
        assert finding.fix and finding.problem, finding


def run_check(env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JURYCOURT_")}
    return subprocess.run([sys.executable, "-m", "jurycourt", "check", "--deploy"], env={**clean, **env},
                          cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)  # a hang guard


def test_the_command_exits_non_zero_with_one_line_per_finding(tmp_path):
    result = run_check({**SAFE, "JURYCOURT_SECRET_KEY": "", "JURYCOURT_DATABASE_URL": "", "JURYCOURT_WORKERS": "2"},
                       tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("  UNSAFE ")]
    assert [line.split()[1].rstrip(":") for line in lines] == [
        "JURYCOURT_SECRET_KEY", "JURYCOURT_DATABASE_URL", "JURYCOURT_WORKERS"]


def test_the_command_exits_zero_for_a_safe_configuration(tmp_path):
    result = run_check(SAFE, tmp_path)
    assert result.returncode == 0, result.stdout
    assert "no unsafe production settings" in result.stdout


def test_the_command_lists_the_steps_coordinators_took_alone_with_their_reasons(db, tmp_path):  # noqa: F811
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO audit_event (at, action, subject_type, subject_id, detail) VALUES"
                     " ('2026-03-02 10:00:00+00:00', 'duties.acted_alone', 'person', '4',"
                     " '{\"step\": \"corrections.adjust\", \"reason\": \"Our second coordinator left in May.\"}')")

    result = jurycourt("check", "--deploy", db=db, cwd=tmp_path)

    assert "1 step taken alone by a coordinator" in result.stdout
    assert "  ALONE 2026-03-02 10:00 UTC" in result.stdout
    assert "corrections.adjust: Our second coordinator left in May." in result.stdout


@pytest.mark.parametrize("base", ["", "http://jury.example.org", "https://jury.example.org/?next=x"])
def test_a_missing_or_plain_http_base_url_is_a_finding(base):
    env = {k: v for k, v in SAFE.items() if k != "JURYCOURT_BASE_URL"}
    if base:
        env["JURYCOURT_BASE_URL"] = base
    assert settings_named(env) == ["JURYCOURT_BASE_URL"]
