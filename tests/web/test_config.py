"""Configuration from the environment (DESIGN §2)."""

from __future__ import annotations

import pytest

from web.config import ConfigError, load_config


def test_load_config_production_without_secret_refuses_to_start(tmp_path):
    with pytest.raises(ConfigError):
        load_config(str(tmp_path), {"EVEIL_ENV": "production"})


def test_load_config_production_cookies_are_secure(tmp_path):
    config = load_config(str(tmp_path), {"EVEIL_ENV": "production", "SECRET_KEY": "s" * 32})
    assert config["SESSION_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"]


def test_load_config_development_defaults_to_sqlite_in_instance(tmp_path):
    config = load_config(str(tmp_path), {})
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'eveil.sqlite3'}"


def test_load_config_redis_url_shares_rate_limits(tmp_path):
    config = load_config(str(tmp_path), {"REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_load_config_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigError):
        load_config(str(tmp_path), {"EVEIL_ENV": "staging"})
