"""Limits of the password forms, behind the README's proxy (issue 9, DESIGN §8).

Limits are off in tests except here (memory storage; Redis in the last tests, which skip when
Redis does not answer locally and fail when CI is set). Addresses are the test client's
REMOTE_ADDR, or X-Forwarded-For through PROXY_HOPS.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import redis

from course.accounts.service import reset_token
from tests.conftest import app_on_test_connection, log_in
from tests.factories import PASSWORD, UserFactory
from web.extensions import limiter

pytestmark = pytest.mark.usefixtures("loaded_course")

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
RUN_PREFIX = f"eveil-test-{uuid.uuid4().hex[:12]}"  # this run's keys only; never FLUSHALL
WRONG = "pas le bon mot"
PROXY = "10.0.0.1"  # the README's TLS proxy, as the app sees it without PROXY_HOPS


def limited(app, storage: str = "memory://", **options) -> None:
    app.config.update(
        RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage, RATELIMIT_STORAGE_OPTIONS=options
    )
    limiter.init_app(app)  # a new storage: empty counters in memory, shared ones in Redis
    # The one Limiter outlives the apps; init_app keeps an earlier storage's "dead" flag, which
    # would leave this app on the in-memory fallback.
    limiter._storage_dead = False


@pytest.fixture
def app_behind_proxy(connection, database_url) -> Iterator:
    """The production shape: one proxy in front (PROXY_HOPS=1), limits on."""
    app = app_on_test_connection(connection, database_url, PROXY_HOPS=1)
    limited(app)
    yield app
    limiter.enabled = False


@pytest.fixture
def client(app_behind_proxy):
    return app_behind_proxy.test_client()


def login(client, email: str, password: str = WRONG, address: str = "203.0.113.7"):
    return client.post(
        "/en/login",
        data={"email": email, "password": password},
        headers={"X-Forwarded-For": address},
        environ_base={"REMOTE_ADDR": PROXY},
    )


def statuses(responses) -> list[int]:
    return [response.status_code for response in responses]


# Per (account, address)


def test_login_one_account_from_one_address_is_limited_after_10_failures(client):
    user = UserFactory()
    assert statuses(login(client, user.email) for _ in range(11)) == [422] * 10 + [429]


def test_login_limited_account_does_not_lock_the_address_for_others(client):
    user, other = UserFactory(), UserFactory()
    for _ in range(10):
        login(client, user.email)
    assert login(client, other.email, PASSWORD).status_code == 302


def test_login_limited_answer_says_when_to_retry(client):
    user = UserFactory()
    responses = [login(client, user.email) for _ in range(11)]
    assert responses[-1].headers["Retry-After"].isdigit()
    assert "Too many attempts" in responses[-1].get_data(as_text=True)


# Per address, read through the proxy


def test_login_one_address_many_accounts_is_limited_after_30_failures(client):
    results = [login(client, f"nobody{n}@example.org").status_code for n in range(31)]
    assert results == [422] * 30 + [429]


def test_login_behind_the_proxy_each_client_address_counts_apart(client):
    for n in range(30):
        login(client, f"nobody{n}@example.org", address="203.0.113.7")
    user = UserFactory()
    assert login(client, user.email, PASSWORD, address="198.51.100.9").status_code == 302


def test_login_successes_from_one_address_are_never_limited(client):
    """A class signing in together from one school address."""
    learners = [UserFactory() for _ in range(40)]
    assert statuses(login(client, user.email, PASSWORD) for user in learners) == [302] * 40


def test_login_spoofed_forwarded_for_does_not_escape_the_address_limit(client):
    """With one trusted hop, only the address the proxy appended counts."""
    for n in range(30):
        login(client, f"nobody{n}@example.org", address=f"192.0.2.{n}, 203.0.113.7")
    assert login(client, "x@example.org", address="192.0.2.200, 203.0.113.7").status_code == 429


def test_login_without_proxy_hops_forwarded_for_is_ignored(app, connection, database_url):
    app = app_on_test_connection(connection, database_url)  # PROXY_HOPS=0
    limited(app)
    try:
        client = app.test_client()
        for n in range(30):
            login(client, f"nobody{n}@example.org", address=f"192.0.2.{n}")
        assert login(client, "x@example.org", address="192.0.2.99").status_code == 429
    finally:
        limiter.enabled = False


# Per account, across addresses: slowed, never blocked


def fail_from_many_addresses(client, email: str, count: int = 10) -> None:
    for n in range(count):
        assert login(client, email, address=f"198.51.100.{n}").status_code == 422


def test_login_account_after_10_failures_everywhere_is_slowed_not_blocked(client):
    user = UserFactory()
    fail_from_many_addresses(client, user.email)
    assert login(client, user.email, PASSWORD, address="192.0.2.50").status_code == 302


def test_login_slowed_account_gets_one_try_per_10_seconds(client):
    user = UserFactory()
    fail_from_many_addresses(client, user.email)
    assert login(client, user.email, address="192.0.2.50").status_code == 422
    too_soon = login(client, user.email, PASSWORD, address="192.0.2.51")
    assert too_soon.status_code == 429
    assert 0 < int(too_soon.headers["Retry-After"]) <= 10


def test_login_slowed_account_does_not_slow_other_accounts(client):
    user, other = UserFactory(), UserFactory()
    fail_from_many_addresses(client, user.email)
    login(client, user.email, address="192.0.2.50")
    assert login(client, other.email, PASSWORD, address="192.0.2.51").status_code == 302


def test_login_slowed_account_can_still_reset_its_password(app_behind_proxy, client):
    user = UserFactory()
    fail_from_many_addresses(client, user.email)
    login(client, user.email, address="192.0.2.50")
    forgot = client.post("/en/password/forgot", data={"email": user.email})
    assert forgot.status_code == 200
    token = reset_token(app_behind_proxy.config["SECRET_KEY"], user)
    new_password = {"password": "une toute nouvelle phrase"}
    assert client.post(f"/en/password/reset/{token}", data=new_password).status_code == 302


# Forms that check the current password


def change_password(client, current: str = WRONG):
    data = {"password-current_password": current, "password-new_password": "une autre phrase"}
    return client.post("/en/account/password", data=data)


def delete_account(client, current: str = WRONG):
    data = {"delete-current_password": current, "delete-confirm": "y"}
    return client.post("/en/account/delete", data=data)


def test_password_change_wrong_current_password_is_limited_after_5(client):
    log_in(client, UserFactory())
    assert statuses(change_password(client) for _ in range(6)) == [422] * 5 + [429]


def test_password_change_and_deletion_share_one_budget(client):
    log_in(client, UserFactory())
    for _ in range(3):
        change_password(client)
    assert statuses(delete_account(client) for _ in range(3)) == [422, 422, 429]


def test_password_change_limit_is_per_account(client):
    log_in(client, UserFactory())
    for _ in range(5):
        change_password(client)
    other = client.application.test_client()
    log_in(other, UserFactory())
    assert change_password(other, PASSWORD).status_code == 302


# Shared counters in Redis (production)


def test_login_redis_down_still_limits_in_memory(connection, database_url):
    app = app_on_test_connection(connection, database_url, PROXY_HOPS=1)
    limited(app, "redis://127.0.0.1:1/0", socket_connect_timeout=1)  # nothing listens there
    try:
        client, user = app.test_client(), UserFactory()
        assert statuses(login(client, user.email) for _ in range(11)) == [422] * 10 + [429]
    finally:
        limiter.enabled = False


@pytest.fixture
def redis_client(app_behind_proxy):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI and does not answer: {error}")
        pytest.skip(f"Redis does not answer: {error}")
    limited(app_behind_proxy, REDIS_URL, key_prefix=RUN_PREFIX)
    yield app_behind_proxy.test_client()
    limiter.reset()  # deletes this run's keys (the storage's prefix), nobody else's


def test_login_limit_in_redis_is_shared_by_every_worker(redis_client, connection, database_url):
    """Another worker (an app with storage of its own) sees the first one's failures."""
    user = UserFactory()
    for _ in range(10):
        assert login(redis_client, user.email).status_code == 422
    worker = app_on_test_connection(connection, database_url, PROXY_HOPS=1)
    limited(worker, REDIS_URL, key_prefix=RUN_PREFIX)
    assert login(worker.test_client(), user.email).status_code == 429


def test_login_limit_in_redis_keeps_to_this_runs_prefix(redis_client):
    user = UserFactory()
    login(redis_client, user.email)
    keys = redis.Redis.from_url(REDIS_URL).keys(f"{RUN_PREFIX}*")
    assert keys
    assert not [key for key in keys if user.email.encode() in key]  # no address in the keys
