"""Configuration from the environment (DESIGN §2)."""

from __future__ import annotations

import pytest

from web.config import _DEVELOPMENT_SECRET, ConfigError, load_config

PRODUCTION = {
    "EVEIL_ENV": "production",
    "SECRET_KEY": "s" * 32,
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_load_config_production_without_secret_refuses_to_start(tmp_path):
    with pytest.raises(ConfigError):
        load_config(str(tmp_path), {**PRODUCTION, "SECRET_KEY": ""})


def test_load_config_production_with_the_development_secret_refuses_to_start(tmp_path):
    with pytest.raises(ConfigError):
        load_config(str(tmp_path), {**PRODUCTION, "SECRET_KEY": _DEVELOPMENT_SECRET})


def test_load_config_production_with_a_short_secret_refuses_to_start(tmp_path):
    with pytest.raises(ConfigError):
        load_config(str(tmp_path), {**PRODUCTION, "SECRET_KEY": "s" * 31})


def test_load_config_production_without_redis_refuses_to_start(tmp_path):
    without_redis = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    with pytest.raises(ConfigError):
        load_config(str(tmp_path), without_redis)


def test_load_config_eveil_env_unset_is_production(tmp_path):
    unset = {k: v for k, v in PRODUCTION.items() if k != "EVEIL_ENV"}
    assert load_config(str(tmp_path), unset)["EVEIL_ENV"] == "production"


def test_load_config_eveil_env_unset_without_secret_refuses_to_start(tmp_path):
    with pytest.raises(ConfigError):
        load_config(str(tmp_path), {})


def test_load_config_production_cookies_are_secure(tmp_path):
    config = load_config(str(tmp_path), PRODUCTION)
    assert config["SESSION_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"]


def test_load_config_development_defaults_to_sqlite_in_instance(tmp_path):
    config = load_config(str(tmp_path), {"EVEIL_ENV": "development"})
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'eveil.sqlite3'}"


def test_load_config_redis_url_shares_rate_limits(tmp_path):
    config = load_config(str(tmp_path), PRODUCTION)
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_load_config_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigError):
        load_config(str(tmp_path), {"EVEIL_ENV": "staging"})


def test_load_config_proxy_hops_default_to_none_trusted(tmp_path):
    assert load_config(str(tmp_path), {"EVEIL_ENV": "development"})["PROXY_HOPS"] == 0


@pytest.mark.parametrize("hops", ["-1", "one", "1.5"])
def test_load_config_proxy_hops_not_a_count_is_refused(tmp_path, hops):
    with pytest.raises(ConfigError):
        load_config(str(tmp_path), {"EVEIL_ENV": "development", "PROXY_HOPS": hops})
