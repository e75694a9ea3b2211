"""Settings: every JURYCOURT_* variable is read, unsafe values are refused."""

from __future__ import annotations

import stat
from dataclasses import fields

import pytest

from jurycourt import settings as settings_module
from jurycourt.settings import Settings, SettingsError, describe, finalize, from_env

KEY = "k" * 40

BASE = "https://jury.example.org"

#: A value different from the default for every setting (a new setting needs a line here).
SAMPLES = {
    "environment": "production",
    "database_url": "postgres://jc@db.example.org:5432/jurycourt",
    "db_pool_size": "3",
    "secret_key": KEY,
    "pseudonym_key": "p" * 8 + KEY,
    "time_zone": "Europe/Paris",
    "base_url": "https://jury.example.org",
    "source_url": "https://git.example.org/jurycourt.git",
    "trusted_proxies": "127.0.0.1,10.0.0.0/8",
    "host": "0.0.0.0",  # noqa: S104
    "port": "9000",
    "workers": "4",
    "session_idle_minutes": "5",
    "session_max_hours": "2",
    "link_valid_hours": "1",
    "coordinator_seniority_days": "3",
    "max_body_bytes": "2048",
    "max_upload_bytes": "4096",
    "max_field_bytes": "512",
    "max_fields": "7",
    "password_hashing": "cheapest",
    "chromium": "/opt/chromium/chrome",
    "outbox_interval": "30",
    "summary_max_age": "120",
    "shutdown_grace": "20",
    "body_timeout": "45",
    "housekeeping_interval": "600",
    "metrics_allow": "127.0.0.1/32,10.0.0.0/8",
    "smtp_host": "smtp.example.org",
    "smtp_port": "2525",
    "smtp_user": "jurycourt",
    "smtp_password": "smtp-secret",
    "smtp_from": "court@example.org",
    "smtp_starttls": "0",
    "sms_provider": "twilio",
    "twilio_account_sid": "AC" + "1" * 32,
    "twilio_auth_token": "twilio-token-sample",
    "twilio_from": "+12025550100",
    "twilio_messaging_service": "MG" + "2" * 32,
    "twilio_api_url": "https://api.twilio.example",
    "query_count_header": "1",
    "coordinator_totp": "0",
    "test_clock_file": "/tmp/clock",
}
#: Settings refused in production: read in a second, development, go.
DEVELOPMENT_ONLY = {"password_hashing", "query_count_header", "test_clock_file"}


def test_every_setting_has_a_sample_value_here():
    assert set(SAMPLES) == {f.name for f in fields(Settings)}


def test_from_env_reads_every_jurycourt_variable():
    production = {f"JURYCOURT_{k.upper()}": v for k, v in SAMPLES.items() if k not in DEVELOPMENT_ONLY}
    first = from_env(production)
    second = from_env({**{f"JURYCOURT_{k.upper()}": SAMPLES[k] for k in DEVELOPMENT_ONLY},
                       "JURYCOURT_SECRET_KEY": KEY, "JURYCOURT_DATABASE_URL": "sqlite:///tmp/x.sqlite3"})
    for f in fields(Settings):
        read = second if f.name in DEVELOPMENT_ONLY else first
        assert str(getattr(read, f.name)) == SAMPLES[f.name], f.name
        assert getattr(read, f.name) != f.default, f.name


def test_whole_number_settings_are_read_as_numbers():
    read = from_env({"JURYCOURT_PORT": "9000", "JURYCOURT_SECRET_KEY": KEY,
                     "JURYCOURT_DATABASE_URL": "sqlite:///tmp/x.sqlite3"})
    assert read.port == 9000


def test_variables_that_are_not_settings_are_ignored():
    read = from_env({"JURYCOURT_NONSENSE": "1", "JURYCOURT_SECRET_KEY": KEY,
                     "JURYCOURT_DATABASE_URL": "sqlite:///tmp/x.sqlite3"})
    assert read == from_env({"JURYCOURT_SECRET_KEY": KEY, "JURYCOURT_DATABASE_URL": "sqlite:///tmp/x.sqlite3"})


def test_production_without_a_secret_key_is_refused():
    with pytest.raises(SettingsError, match="JURYCOURT_SECRET_KEY is required in production"):
        from_env({"JURYCOURT_ENVIRONMENT": "production", "JURYCOURT_DATABASE_URL": "postgres://db/x"})


def test_a_short_secret_key_is_refused():
    with pytest.raises(SettingsError, match="at least 32 characters"):
        finalize(Settings(secret_key="short", database_url="sqlite:///tmp/x.sqlite3"))


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(SettingsError, match="unknown time zone 'Mars/Olympus_Mons'"):
        from_env({"JURYCOURT_TIME_ZONE": "Mars/Olympus_Mons", "JURYCOURT_SECRET_KEY": KEY})


def test_a_word_where_a_number_belongs_is_refused_clearly():
    with pytest.raises(SettingsError, match="JURYCOURT_PORT must be a whole number"):
        from_env({"JURYCOURT_PORT": "eighty", "JURYCOURT_SECRET_KEY": KEY})


def test_an_unknown_environment_is_refused():
    with pytest.raises(SettingsError, match="development or production"):
        from_env({"JURYCOURT_ENVIRONMENT": "staging", "JURYCOURT_SECRET_KEY": KEY})


def test_the_cheapest_password_hashing_is_refused_in_production():
    with pytest.raises(SettingsError, match="tests only"):
        from_env({"JURYCOURT_ENVIRONMENT": "production", "JURYCOURT_SECRET_KEY": KEY,
                  "JURYCOURT_PASSWORD_HASHING": "cheapest"})


def test_without_a_database_url_a_sqlite_file_under_var_is_used(monkeypatch, tmp_path):
    monkeypatch.setattr(settings_module, "VAR", tmp_path)
    read = finalize(Settings(secret_key=KEY))
    assert read.is_sqlite
    assert read.database_url == f"sqlite://{tmp_path / 'jurycourt.sqlite3'}"


def test_development_generates_a_secret_once_and_reuses_it(monkeypatch, tmp_path):
    monkeypatch.setattr(settings_module, "VAR", tmp_path / "var")
    first = finalize(Settings(database_url="sqlite:///tmp/x.sqlite3"))
    second = finalize(Settings(database_url="sqlite:///tmp/x.sqlite3"))
    assert len(first.secret_key) >= 32
    assert first.secret_key == second.secret_key
    key_file = tmp_path / "var" / "secret_key"
    assert key_file.read_text() == first.secret_key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_given_secret_key_is_kept_and_nothing_is_written(monkeypatch, tmp_path):
    monkeypatch.setattr(settings_module, "VAR", tmp_path / "var")
    read = finalize(Settings(secret_key=KEY, pseudonym_key=KEY[::-1], database_url="sqlite:///tmp/x.sqlite3"))
    assert read.secret_key == KEY and read.pseudonym_key == KEY[::-1]
    assert not (tmp_path / "var").exists()


def test_production_without_a_pseudonym_key_is_refused_and_development_generates_one(monkeypatch, tmp_path):
    monkeypatch.setattr(settings_module, "VAR", tmp_path / "var")
    with pytest.raises(SettingsError, match="JURYCOURT_PSEUDONYM_KEY"):
        finalize(Settings(environment="production", secret_key=KEY, database_url="postgres://db/x", base_url=BASE))
    development = finalize(Settings(secret_key=KEY, database_url="sqlite:///tmp/x.sqlite3"))
    assert len(development.pseudonym_key) >= 32 and development.pseudonym_key != KEY
    assert (tmp_path / "var" / "pseudonym_key").read_text() == development.pseudonym_key


def test_production_names_its_cookies_with_the_host_prefix():
    read = finalize(Settings(environment="production", secret_key=KEY, pseudonym_key=KEY, database_url="postgres://db/x",
                               base_url=BASE))
    assert read.session_cookie.startswith("__Host-") and read.csrf_cookie.startswith("__Host-")


def test_every_setting_is_described_with_its_variable_and_help():
    described = {name: help_text for name, _default, help_text in describe()}
    assert set(described) == {f"JURYCOURT_{f.name.upper()}" for f in fields(Settings)}
    assert all(help_text.strip() for help_text in described.values())


def test_a_mail_server_without_a_from_address_is_refused():
    with pytest.raises(SettingsError, match="JURYCOURT_SMTP_FROM"):
        from_env({"JURYCOURT_SMTP_HOST": "smtp.example.org", "JURYCOURT_SECRET_KEY": KEY,
                  "JURYCOURT_DATABASE_URL": "sqlite:///tmp/x.sqlite3"})


def test_a_negative_outbox_interval_is_refused():
    with pytest.raises(SettingsError, match="JURYCOURT_OUTBOX_INTERVAL"):
        from_env({"JURYCOURT_OUTBOX_INTERVAL": "-5", "JURYCOURT_SECRET_KEY": KEY,
                  "JURYCOURT_DATABASE_URL": "sqlite:///tmp/x.sqlite3"})


def test_coordinators_need_totp_by_default_in_production_only():
    production = finalize(Settings(environment="production", secret_key=KEY, pseudonym_key=KEY, database_url="postgres://db/x",
                               base_url=BASE))
    development = finalize(Settings(secret_key=KEY, database_url="sqlite:///tmp/x.sqlite3"))
    assert production.coordinators_need_totp and not development.coordinators_need_totp
    assert finalize(Settings(secret_key=KEY, database_url="sqlite:///tmp/x.sqlite3",
                             coordinator_totp="1")).coordinators_need_totp


def test_a_coordinator_totp_value_other_than_0_or_1_is_refused():
    with pytest.raises(SettingsError, match="JURYCOURT_COORDINATOR_TOTP"):
        from_env({"JURYCOURT_COORDINATOR_TOTP": "yes", "JURYCOURT_SECRET_KEY": KEY,
                  "JURYCOURT_DATABASE_URL": "sqlite:///tmp/x.sqlite3"})


def test_production_without_a_base_url_is_refused():
    with pytest.raises(SettingsError, match="JURYCOURT_BASE_URL is required in production"):
        finalize(Settings(environment="production", secret_key=KEY, pseudonym_key=KEY, database_url="postgres://db/x"))


@pytest.mark.parametrize("url", ["http://jury.example.org", "jury.example.org", "https://jury.example.org/?x=1",
                                 "https://someone@jury.example.org", "javascript:alert(1)"])
def test_a_production_base_url_must_be_a_plain_https_address(url):
    with pytest.raises(SettingsError, match="JURYCOURT_BASE_URL"):
        finalize(Settings(environment="production", secret_key=KEY, pseudonym_key=KEY, database_url="postgres://db/x",
                          base_url=url))


def test_the_base_url_loses_its_trailing_slash_and_development_defaults_to_the_server_address():
    assert finalize(Settings(secret_key=KEY, base_url="https://jury.example.org/court/")).base_url == (
        "https://jury.example.org/court")
    assert finalize(Settings(secret_key=KEY, port=9001)).base_url == "http://127.0.0.1:9001"


def test_trusted_proxies_that_are_not_addresses_are_refused():
    with pytest.raises(SettingsError, match="JURYCOURT_TRUSTED_PROXIES: 'caddy' is not an address"):
        finalize(Settings(secret_key=KEY, trusted_proxies="127.0.0.1, caddy"))
