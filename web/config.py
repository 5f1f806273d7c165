"""Configuration from environment variables (DESIGN §2)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ENVIRONMENTS = ("development", "production", "test")
_DEVELOPMENT_SECRET = "dev-only-secret-not-for-production"  # noqa: S105 - refused in production
MIN_SECRET_LENGTH = 32  # `python -c "import secrets; print(secrets.token_urlsafe())"` gives 43


class ConfigError(RuntimeError):
    pass


def load_config(instance_path: str, environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    # Unset means production: a forgotten variable must never start the app with the
    # development secret, which anyone can read here and sign an admin's cookie with.
    env = environ.get("EVEIL_ENV", "production")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"EVEIL_ENV must be one of {', '.join(ENVIRONMENTS)}")
    secret = environ.get("SECRET_KEY")
    redis_url = environ.get("REDIS_URL")
    if env == "production":
        _check_production(secret, redis_url)
    return {
        "EVEIL_ENV": env,
        "SECRET_KEY": secret or _DEVELOPMENT_SECRET,
        "PROXY_HOPS": _proxy_hops(environ.get("PROXY_HOPS", "0")),
        "DATABASE_URL": environ.get("DATABASE_URL") or _default_database(instance_path),
        "PUBLIC_BASE_URL": _public_base_url(env, environ),
        "SMTP_URL": environ.get("SMTP_URL"),
        "MAIL_FROM": environ.get("MAIL_FROM", "Éveil IA <bonjour@eveil-ia.example>"),
        # Shown on every page (footer, help page) as the way to reach the team.
        "CONTACT_EMAIL": environ.get("CONTACT_EMAIL", "bonjour@eveil-ia.example"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "PERMANENT_SESSION_LIFETIME": 30 * 24 * 3600,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": env == "production",
        # A form left open for hours must still post; the token is bound to the session anyway.
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 256 * 1024,
        "RATELIMIT_ENABLED": env != "test",
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # The task queue: Redis when REDIS_URL is set, else a SQLite file beside the database.
        "JOBS_REDIS_URL": redis_url,
        "JOBS_SQLITE_PATH": environ.get("JOBS_SQLITE_PATH")
        or str(Path(instance_path) / "jobs.sqlite3"),
        # Redis down: each worker counts in memory for a while rather than failing every login.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": "America/Toronto",
    }


def _public_base_url(env: str, environ: Mapping[str, str]) -> str:
    """Links in email and badges. In development they follow HOST and PORT, the address that
    `make run` serves, so that they never point at another port."""
    if env == "development":
        host = environ.get("HOST") or "127.0.0.1"
        browsable = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 - a comparison
        return f"http://{browsable}:{environ.get('PORT') or '5000'}"
    return environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/")


def _check_production(secret: str | None, redis_url: str | None) -> None:
    if not secret or secret == _DEVELOPMENT_SECRET:
        raise ConfigError(
            "SECRET_KEY is required in production (EVEIL_ENV unset means production; "
            "set EVEIL_ENV=development on a development machine)"
        )
    if len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(f"SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters")
    if not redis_url:
        # Memory counters are per worker: 4 workers would allow 4 times every limit.
        raise ConfigError("REDIS_URL is required in production (rate limits shared by workers)")


def _proxy_hops(value: str) -> int:
    """How many proxies in front of the app set X-Forwarded-For/-Proto (werkzeug's ProxyFix)."""
    if not value.isdigit():
        raise ConfigError("PROXY_HOPS must be a whole number (0 when no proxy)")
    return int(value)


def _default_database(instance_path: str) -> str:
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(instance_path) / 'eveil.sqlite3'}"
