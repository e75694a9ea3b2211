"""Every setting of jurycourt, declared once with its default and a line of help.

Settings are read from ``JURYCOURT_<NAME>`` environment variables. Tests build their own
``Settings`` and hand them to ``create_app``.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"


def _setting(default: Any, help: str) -> Any:
    """Declare a setting: its default and one line of help."""
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    environment: str = _setting("development", "development or production")
    database_url: str = _setting(
        "",
        "database URL: sqlite:///abs/path.sqlite3 or postgres://user@host:5432/db "
        "(default: the SQLite file var/jurycourt.sqlite3)",
    )
    db_pool_size: int = _setting(10, "PostgreSQL connections per worker process")
    secret_key: str = _setting(
        "",
        "key for CSRF tokens; required in production, generated into var/secret_key "
        "in development",
    )
    pseudonym_key: str = _setting(
        "",
        "key for the keyed hashes that stand in for names and addresses (sealed names, follow-ups, "
        "household keys); kept apart from the secret key so rotating that one breaks nothing; "
        "generated into var/pseudonym_key in development",
    )
    time_zone: str = _setting("America/New_York", "time zone for new programs and display")
    source_url: str = _setting(
        "", "where anyone can clone this site's jurycourt source (named in every citizens' panel draw record)")
    base_url: str = _setting(
        "", "the site's public address (https://jury.example.org), from which links in messages and feed "
        "ids are built, never from a request's Host header; required in production (default in "
        "development: http://HOST:PORT)")
    trusted_proxies: str = _setting(
        "", "addresses or networks (comma-separated, e.g. 127.0.0.1,10.0.0.0/8) of the reverse proxies in "
        "front of jurycourt: X-Forwarded-For is believed only from them (empty: from nobody)")
    host: str = _setting("127.0.0.1", "address `jurycourt serve` listens on")
    port: int = _setting(8000, "port `jurycourt serve` listens on")
    workers: int = _setting(1, "server worker processes (more than one needs PostgreSQL)")
    shutdown_grace: int = _setting(
        30, "seconds requests in flight get to finish after SIGTERM before the server exits anyway")
    body_timeout: int = _setting(
        60, "seconds a client may take to send a request body; a slower one is answered 408 and let go")
    housekeeping_interval: int = _setting(
        3600, "seconds between the server's clean-ups (ended sessions, spent links, old throttle rows); 0: off")
    metrics_allow: str = _setting(
        "127.0.0.1/32,::1/128", "addresses allowed to read /metrics (comma-separated, CIDR); empty: nobody")
    session_idle_minutes: int = _setting(30, "a session ends after this long without a request")
    session_max_hours: int = _setting(12, "a session ends this long after sign-in, whatever")
    link_valid_hours: int = _setting(72, "how long an invitation or reset link stays usable")
    coordinator_seniority_days: int = _setting(
        14, "days a coordinator must have held the role before they can be the second coordinator of a step "
            "(approving, confirming, or acting for another coordinator)")
    max_body_bytes: int = _setting(1_048_576, "largest request body accepted (bytes)")
    max_upload_bytes: int = _setting(10_485_760, "largest multipart (upload) body (bytes)")
    max_field_bytes: int = _setting(65_536, "largest single form field accepted (bytes)")
    max_fields: int = _setting(200, "most form fields accepted in one request")
    password_hashing: str = _setting(
        "default", "argon2id profile: default (RFC 9106 low-memory) or cheapest (tests only)"
    )
    chromium: str = _setting("", "Chromium for browser tests (default: chromium on PATH)")
    outbox_interval: int = _setting(
        60, "seconds between the server's outbox rounds (reminders, then sending); 0 turns them off"
    )
    smtp_host: str = _setting("", "SMTP server for outbox email (empty: no email; messages wait in /outbox)")
    smtp_port: int = _setting(587, "SMTP server port")
    smtp_user: str = _setting("", "SMTP login (empty: no login)")
    smtp_password: str = _setting("", "SMTP password")
    smtp_from: str = _setting("", "From address of outbox email (required with JURYCOURT_SMTP_HOST)")
    smtp_starttls: int = _setting(1, "1: upgrade the SMTP connection with STARTTLS; 0: plain (a local relay)")
    sms_provider: str = _setting(
        "", "text messages: twilio (needs the account, token and a sending number or messaging service), console "
        "(printed, development only), or empty: no texts")
    twilio_account_sid: str = _setting("", "Twilio account SID (AC…)")
    twilio_auth_token: str = _setting("", "Twilio auth token: signs requests to Twilio and verifies its webhooks")
    twilio_from: str = _setting("", "the number texts are sent from, in E.164 form (+12025550100)")
    twilio_messaging_service: str = _setting("", "a Twilio messaging service SID (MG…), used instead of a number")
    twilio_api_url: str = _setting("https://api.twilio.com", "Twilio's API address (tests point it at a local server)")
    query_count_header: int = _setting(
        0, "1: answer every request with X-Query-Count, its number of database queries (benchmarks; not in production)")
    summary_max_age: int = _setting(
        300, "seconds a program-wide aggregate (the impact figures, hours given per month) may be reused "
        "before it is recomputed in the background; 0 recomputes on every request")
    test_clock_file: str = _setting(
        "", "tests only: a file holding an ISO instant the server takes as its now, re-read at every "
        "reading so a test can fix or step the time (empty or missing file: the real clock)")
    coordinator_totp: str = _setting(
        "", "1: coordinators must sign in with a one-time code (TOTP); 0: optional "
        "(empty: 1 in production, 0 in development)"
    )

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def coordinators_need_totp(self) -> bool:
        return self.coordinator_totp == "1"

    @property
    def session_cookie(self) -> str:
        # The __Host- prefix makes browsers refuse the cookie unless Secure, path=/, no Domain.
        return "__Host-jc_session" if self.production else "jc_session"

    @property
    def csrf_cookie(self) -> str:
        return "__Host-jc_csrf" if self.production else "jc_csrf"

    @property
    def language_cookie(self) -> str:
        """A visitor's choice of language (people with accounts keep theirs on their record)."""
        return "__Host-jc_lang" if self.production else "jc_lang"

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


class SettingsError(ValueError):
    """A setting has a value jurycourt cannot run with."""


def _coerce(name: str, kind: Any, raw: str) -> Any:
    if kind in (int, "int"):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"JURYCOURT_{name.upper()} must be a whole number") from None
    return raw


def from_env(env: dict[str, str] | None = None) -> Settings:
    """Read every declared setting from ``JURYCOURT_*`` variables, then validate."""
    env = dict(os.environ if env is None else env)
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = env.get(f"JURYCOURT_{f.name.upper()}")
        if raw not in (None, ""):
            values[f.name] = _coerce(f.name, f.type, raw)
    if values.get("database_url"):
        values["database_url"] = checked_database_url(values["database_url"])
    return finalize(Settings(**values))


_URL_FORMS = "sqlite:///absolute/path.sqlite3 or postgres://user@host:5432/database"


def checked_database_url(url: str) -> str:
    """An operator's database URL, refused in one line when it is not one jurycourt can use.

    A SQLite path must be absolute (three slashes), or say it is relative with ``./``: ``sqlite://x``
    would quietly create a new, empty database wherever the command happened to run.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise SettingsError(f"JURYCOURT_DATABASE_URL must look like {_URL_FORMS}")
    if scheme == "sqlite":
        path, query_sep, query = rest.partition("?")
        if path.startswith(("./", "../")):
            return f"sqlite://{Path(path).resolve()}{query_sep}{query}"
        if not path.startswith("/") and path != ":memory:":
            raise SettingsError(
                f"JURYCOURT_DATABASE_URL: {url!r} is a relative path; write sqlite:///absolute/path.sqlite3 "
                f"(three slashes), or sqlite://./{path} for one in the current folder")
        return url
    if scheme in ("postgres", "postgresql", "asyncpg"):
        from urllib.parse import urlsplit

        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - reading it checks it
        except ValueError as problem:
            raise SettingsError(f"JURYCOURT_DATABASE_URL is not a valid PostgreSQL URL ({problem})") from None
        if not parts.hostname or parts.path.strip("/") == "":
            raise SettingsError(f"JURYCOURT_DATABASE_URL needs a host and a database name: {_URL_FORMS}")
        return url
    raise SettingsError(f"JURYCOURT_DATABASE_URL: unknown database {scheme!r}; use {_URL_FORMS}")


def finalize(settings: Settings) -> Settings:
    """Fill derived defaults (database file, development secret) and refuse unsafe values."""
    if settings.environment not in ("development", "production"):
        raise SettingsError("JURYCOURT_ENVIRONMENT must be development or production")
    try:
        ZoneInfo(settings.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"unknown time zone {settings.time_zone!r}") from None
    if settings.password_hashing not in ("default", "cheapest"):
        raise SettingsError("JURYCOURT_PASSWORD_HASHING must be default or cheapest")
    if settings.production and settings.query_count_header:
        raise SettingsError("JURYCOURT_QUERY_COUNT_HEADER is for benchmarks and tests, not production")
    if settings.production and settings.test_clock_file:
        raise SettingsError("JURYCOURT_TEST_CLOCK_FILE is for tests only, not production")
    if settings.production and settings.password_hashing != "default":  # noqa: S105 - a profile name, not a password
        raise SettingsError("the cheapest password hashing profile is for tests only")
    if settings.outbox_interval < 0:
        raise SettingsError("JURYCOURT_OUTBOX_INTERVAL must be 0 (off) or a number of seconds")
    for name in ("shutdown_grace", "body_timeout", "housekeeping_interval"):
        if getattr(settings, name) < 0:
            raise SettingsError(f"JURYCOURT_{name.upper()} must be 0 or a number of seconds")
    if settings.body_timeout == 0:
        raise SettingsError("JURYCOURT_BODY_TIMEOUT must be a number of seconds")
    metrics_networks(settings.metrics_allow)
    if settings.summary_max_age < 0:
        raise SettingsError("JURYCOURT_SUMMARY_MAX_AGE must be 0 (always recompute) or a number of seconds")
    if settings.smtp_host and "@" not in settings.smtp_from:
        raise SettingsError("JURYCOURT_SMTP_FROM (an email address) is required with JURYCOURT_SMTP_HOST")
    if settings.smtp_starttls not in (0, 1):
        raise SettingsError("JURYCOURT_SMTP_STARTTLS must be 1 or 0")
    if settings.sms_provider not in ("", "twilio", "console"):
        raise SettingsError("JURYCOURT_SMS_PROVIDER must be twilio, console or empty")
    if settings.sms_provider == "console" and settings.production:
        raise SettingsError("JURYCOURT_SMS_PROVIDER=console prints texts: it is for development only")
    if settings.sms_provider == "twilio":
        if not (settings.twilio_account_sid and settings.twilio_auth_token):
            raise SettingsError("JURYCOURT_SMS_PROVIDER=twilio needs JURYCOURT_TWILIO_ACCOUNT_SID and "
                                "JURYCOURT_TWILIO_AUTH_TOKEN")
        if not (settings.twilio_from or settings.twilio_messaging_service):
            raise SettingsError("JURYCOURT_SMS_PROVIDER=twilio needs JURYCOURT_TWILIO_FROM or "
                                "JURYCOURT_TWILIO_MESSAGING_SERVICE")
    totp = settings.coordinator_totp or ("1" if settings.production else "0")
    if totp not in ("0", "1"):
        raise SettingsError("JURYCOURT_COORDINATOR_TOTP must be 1 or 0")
    trusted_networks(settings.trusted_proxies)
    url = settings.database_url or f"sqlite://{VAR / 'jurycourt.sqlite3'}"
    secret = settings.secret_key
    if not secret:
        if settings.production:
            raise SettingsError("JURYCOURT_SECRET_KEY is required in production")
        secret = _development_secret()
    if len(secret) < 32:
        raise SettingsError("JURYCOURT_SECRET_KEY must be at least 32 characters")
    pseudonym_key = settings.pseudonym_key
    if not pseudonym_key:
        if settings.production:
            raise SettingsError("JURYCOURT_PSEUDONYM_KEY is required in production")
        pseudonym_key = _development_secret("pseudonym_key")
    if len(pseudonym_key) < 32:
        raise SettingsError("JURYCOURT_PSEUDONYM_KEY must be at least 32 characters")
    return replace(settings, database_url=url, secret_key=secret, coordinator_totp=totp,
                   pseudonym_key=pseudonym_key, base_url=_base_url(settings))


def trusted_networks(value: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The networks of JURYCOURT_TRUSTED_PROXIES (addresses and CIDR ranges, comma-separated)."""
    networks = []
    for part in filter(None, (part.strip() for part in value.split(","))):
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise SettingsError(f"JURYCOURT_TRUSTED_PROXIES: {part!r} is not an address or network "
                                "(write e.g. 127.0.0.1 or 10.0.0.0/8)") from None
    return tuple(networks)


def base_url_problem(value: str) -> str:
    """What is wrong with a base URL ("" when nothing)."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http:// or https:// address, e.g. https://jury.example.org"
    if parts.query or parts.fragment or "@" in parts.netloc:
        return "must be a plain address, without a login, query or fragment"
    return ""


def _base_url(settings: Settings) -> str:
    """The configured base URL without its trailing slash, or the development server's address."""
    value = settings.base_url.strip().rstrip("/")
    if not value:
        if settings.production:
            raise SettingsError("JURYCOURT_BASE_URL is required in production (the site's https:// address)")
        host = f"[{settings.host}]" if ":" in settings.host else settings.host
        return f"http://{host}:{settings.port}"
    problem = base_url_problem(value)
    if problem:
        raise SettingsError(f"JURYCOURT_BASE_URL {problem}")
    if settings.production and not value.startswith("https://"):
        raise SettingsError("JURYCOURT_BASE_URL must be an https:// address in production")
    return value


def _development_secret(name: str = "secret_key") -> str:
    """A random key kept in var/ so development sessions (and keyed hashes) survive restarts.

    Written whole to a private temporary file and linked into place, so processes starting at once
    agree on one key and none reads a half-written file."""
    path = VAR / name
    if path.exists():
        return path.read_text().strip()
    VAR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    draft = VAR / f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
    draft.write_text(key)
    draft.chmod(0o600)
    try:
        os.link(draft, path)
    except FileExistsError:
        key = path.read_text().strip()
    finally:
        draft.unlink()
    return key


def describe() -> list[tuple[str, str, str]]:
    """(variable, default, help) for every setting, for the README and `jurycourt settings`."""
    return [(f"JURYCOURT_{f.name.upper()}", str(f.default), f.metadata["help"]) for f in fields(Settings)]


def metrics_networks(allowed: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The networks of ``JURYCOURT_METRICS_ALLOW`` (refused when one is not an address or network)."""
    try:
        return tuple(ipaddress.ip_network(part.strip()) for part in allowed.split(",") if part.strip())
    except ValueError:
        raise SettingsError(f"JURYCOURT_METRICS_ALLOW: {allowed!r} is not a list of addresses or networks") from None
