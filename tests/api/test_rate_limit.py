"""API rate limits: problem+json 429, and limits shared between processes through Redis."""

from __future__ import annotations

import uuid

import pytest

REDIS_URL = "redis://127.0.0.1:6379/0"


LIMITED = {"RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "3 per minute"}


def test_limit_answers_429_problem(make_app):
    client = make_app(**LIMITED).test_client()
    statuses = [client.get("/api/v1/ratings").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    r = client.get("/api/v1/ratings")
    assert r.mimetype == "application/problem+json" and r.json["status"] == 429
    # RFC 6585: a 429 says how long to wait; the X-RateLimit-* headers say the budget.
    assert 0 < int(r.headers["Retry-After"]) <= 60
    assert r.headers["X-RateLimit-Limit"] == "3" and r.headers["X-RateLimit-Remaining"] == "0"


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=0.5).ping())
    except Exception:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_two_processes_share_the_limit_through_redis(make_app):
    shared = {
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"ct-test-{uuid.uuid4().hex}",
    }
    one, two = make_app(**LIMITED, **shared), make_app(**LIMITED, **shared)
    clients = [one.test_client(), two.test_client()]
    statuses = [clients[i % 2].get("/api/v1/ratings").status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    import redis

    # The count lives in Redis, not in either process.
    store = redis.Redis.from_url(REDIS_URL)
    keys = store.keys("*" + shared["RATELIMIT_KEY_PREFIX"] + "*")
    assert keys
    store.delete(*keys)
