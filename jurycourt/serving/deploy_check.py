"""`jurycourt check --deploy`: the settings that make a production deployment unsafe.

Reads the JURYCOURT_* variables as they are (without refusing anything, unlike
``settings.from_env``) and says, one finding each, what is unsafe and what to change.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from jurycourt.settings import VAR, Settings, SettingsError, base_url_problem, finalize

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
MIN_SECRET = 32


@dataclass(frozen=True)
class Finding:
    setting: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.setting}: {self.problem} {self.fix}"


def raw_settings(env: dict[str, str]) -> dict[str, str]:
    """The JURYCOURT_* variables that name a setting, by setting name (empty ones left out)."""
    names = {f.name for f in fields(Settings)}
    return {k[len("JURYCOURT_"):].lower(): v for k, v in env.items()
            if k.startswith("JURYCOURT_") and k[len("JURYCOURT_"):].lower() in names and v != ""}


def _development_secret(key: str) -> str:
    path = VAR / key
    return path.read_text().strip() if path.exists() else ""


def _secret_findings(key: str, secret: str) -> list[Finding]:
    """The findings about one of the random keys (``secret_key``, ``pseudonym_key``)."""
    name = f"JURYCOURT_{key.upper()}"
    if not secret:
        return [Finding(name, f"is not set (development generates one into var/{key}).",
                        "Set it to a random value of at least 48 characters, e.g. "
                        "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`.")]
    if len(secret) < MIN_SECRET or len(set(secret)) < 10:
        return [Finding(name, f"is too short or too plain ({len(secret)} characters).",
                        "Set it to a random value of at least 48 characters.")]
    if secret == _development_secret(key):
        return [Finding(name, f"is the development key from var/{key}.",
                        "Generate a new random key for production and keep it out of the repository.")]
    return []


def _base_url_findings(base: str) -> list[Finding]:
    if not base:
        return [Finding("JURYCOURT_BASE_URL", "is not set: invitation and reset links and feed ids need the "
                        "site's address, and it is never taken from a request's Host header.",
                        "Set it to the site's https:// address, e.g. https://jury.example.org.")]
    problem = base_url_problem(base.rstrip("/"))
    if problem or not base.startswith("https://"):
        return [Finding("JURYCOURT_BASE_URL", f"is {base!r}: it {problem or 'must be an https:// address'}.",
                        "Set it to the site's https:// address, e.g. https://jury.example.org.")]
    return []


def _int(raw: dict[str, str], name: str, default: int) -> int:
    try:
        return int(raw.get(name, default))
    except ValueError:
        return default


def findings(env: dict[str, str]) -> list[Finding]:
    """Every unsafe production setting in ``env`` (empty: the configuration is safe to deploy)."""
    raw = raw_settings(env)
    found: list[Finding] = []
    environment = raw.get("environment", "development")
    if environment != "production":
        found.append(Finding("JURYCOURT_ENVIRONMENT", f"is {environment!r}: tracebacks are logged in full "
                             "and the development conveniences are on.", "Set JURYCOURT_ENVIRONMENT=production."))
        found.append(Finding("cookies", "are sent without Secure and the __Host- prefix, and no HSTS header "
                             "asks browsers to stay on HTTPS.",
                             "Set JURYCOURT_ENVIRONMENT=production and serve the site only over HTTPS."))
    for key in ("secret_key", "pseudonym_key"):
        found += _secret_findings(key, raw.get(key, ""))
    if raw.get("host", "127.0.0.1") not in LOOPBACK:
        found.append(Finding("JURYCOURT_HOST", f"is {raw['host']!r}: `jurycourt serve` speaks plain HTTP "
                             "to that network.", "Listen on 127.0.0.1 behind a reverse proxy that terminates TLS."))
    found += _base_url_findings(raw.get("base_url", ""))
    url = raw.get("database_url", "")
    workers = _int(raw, "workers", 1)
    if not url:
        found.append(Finding("JURYCOURT_DATABASE_URL", "is not set: data goes to the SQLite file under var/ "
                             "in the code's folder.", "Set it to a postgres:// URL (or a SQLite file you back up)."))
    if (not url or url.startswith("sqlite")) and workers > 1:
        found.append(Finding("JURYCOURT_WORKERS", f"is {workers} with SQLite, which serves one worker.",
                             "Use PostgreSQL for several workers, or set JURYCOURT_WORKERS=1."))
    if raw.get("coordinator_totp") == "0" or (environment != "production" and raw.get("coordinator_totp") != "1"):
        found.append(Finding("JURYCOURT_COORDINATOR_TOTP", "lets coordinators sign in without a one-time code.",
                             "Leave it unset in production (or set it to 1)."))
    if raw.get("password_hashing", "default") != "default":
        found.append(Finding("JURYCOURT_PASSWORD_HASHING", "uses the cheapest argon2 profile (for tests).",
                             "Unset it (the default profile)."))
    if raw.get("smtp_host") and raw.get("smtp_starttls") == "0" and raw["smtp_host"] not in LOOPBACK:
        found.append(Finding("JURYCOURT_SMTP_STARTTLS", "is 0 for a mail server on another machine: passwords "
                             "and messages cross the network in clear.", "Set JURYCOURT_SMTP_STARTTLS=1."))
    try:
        finalize(Settings(**{**_typed(raw), "environment": "production", "password_hashing": "default"}))
    except (SettingsError, TypeError) as problem:
        if not any(f.setting in str(problem) for f in found):
            found.append(Finding("settings", f"are refused in production: {problem}.", "Fix that setting."))
    return found


def _typed(raw: dict[str, str]) -> dict[str, object]:
    kinds = {f.name: f.type for f in fields(Settings)}
    typed: dict[str, object] = {}
    for name, value in raw.items():
        if kinds[name] in (int, "int"):
            try:
                typed[name] = int(value)
            except ValueError:
                raise SettingsError(f"JURYCOURT_{name.upper()} must be a whole number") from None
        else:
            typed[name] = value
    return typed
