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


def test_load_config_development_links_follow_the_served_host_and_port(tmp_path):
    environ = {"EVEIL_ENV": "development", "PORT": "8001", "PUBLIC_BASE_URL": "http://x:5000"}
    assert load_config(str(tmp_path), environ)["PUBLIC_BASE_URL"] == "http://127.0.0.1:8001"
    environ = {"EVEIL_ENV": "development", "HOST": "0.0.0.0", "PORT": "8002"}  # noqa: S104
    assert load_config(str(tmp_path), environ)["PUBLIC_BASE_URL"] == "http://127.0.0.1:8002"
    environ = {"EVEIL_ENV": "development", "HOST": "eveil.local"}
    assert load_config(str(tmp_path), environ)["PUBLIC_BASE_URL"] == "http://eveil.local:5000"


def test_load_config_production_links_use_public_base_url(tmp_path):
    environ = {
        "EVEIL_ENV": "production",
        "SECRET_KEY": "s" * 32,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "PORT": "8000",
        "PUBLIC_BASE_URL": "https://eveil-ia.example/",
    }
    assert load_config(str(tmp_path), environ)["PUBLIC_BASE_URL"] == "https://eveil-ia.example"


def test_load_config_job_queue_is_redis_when_set_else_a_sqlite_file(tmp_path):
    development = {"EVEIL_ENV": "development"}
    expected = str(tmp_path / "jobs.sqlite3")
    assert load_config(str(tmp_path), development)["JOBS_SQLITE_PATH"] == expected
    redis = load_config(str(tmp_path), {**development, "REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert redis["JOBS_REDIS_URL"] == "redis://127.0.0.1:6379/0"


def test_load_config_proxy_hops_default_to_none_trusted(tmp_path):
    assert load_config(str(tmp_path), {"EVEIL_ENV": "development"})["PROXY_HOPS"] == 0


@pytest.mark.parametrize("hops", ["-1", "one", "1.5"])
def test_load_config_proxy_hops_not_a_count_is_refused(tmp_path, hops):
    with pytest.raises(ConfigError):
        load_config(str(tmp_path), {"EVEIL_ENV": "development", "PROXY_HOPS": hops})
