"""Job tests: both queue backends (Huey on SQLite, Huey on the Redis at 127.0.0.1:6379 under
a key prefix of our own, removed afterwards) and real ``claimtracker worker`` processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REDIS_URL = os.environ.get("CLAIMTRACKER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _drop_redis_keys(name: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"huey.*.{name}*"):
        client.delete(key)
    client.close()


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def job_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    yield request.param


@pytest.fixture
def app_config(app_config: dict, job_backend: str) -> Iterator[dict]:
    app_config["FETCH_ALLOWED_HOSTS"] = ["127.0.0.1"]
    app_config["FETCH_TIMEOUT"] = 5.0
    app_config["FETCH_HOST_SPACING_SECONDS"] = 0.0
    app_config["JOB_RETRY_SECONDS"] = 0.2
    app_config["WORKER_POLL_SECONDS"] = 0.2
    name = "ct_test_" + uuid.uuid4().hex[:12]
    app_config["JOBS_QUEUE_NAME"] = name
    if job_backend == "redis-queue":
        app_config["REDIS_URL"] = REDIS_URL
    yield app_config
    if job_backend == "redis-queue":
        _drop_redis_keys(name)


def worker_env(config: dict) -> dict[str, str]:
    """The test app's settings as CLAIMTRACKER_* variables for a worker process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACKER_")}
    for key, value in config.items():
        env[f"CLAIMTRACKER_{key}"] = value if isinstance(value, str) else json.dumps(value)
    return env


@pytest.fixture
def start_worker(app_config: dict) -> Iterator[Callable[..., subprocess.Popen]]:
    """``start_worker(**overrides)`` runs ``claimtracker worker`` against the test database
    and queue; every worker still running is stopped at the end."""
    started: list[subprocess.Popen] = []

    def start(**overrides: object) -> subprocess.Popen:
        config = {**app_config, **overrides}
        log = Path(config["INSTANCE_PATH"]) / f"worker-{len(started)}.log"
        with log.open("w") as out:
            proc = subprocess.Popen(
                [str(Path(sys.executable).parent / "claimtracker"), "worker", "--threads", "2"],
                env=worker_env(config),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: a kill takes all its threads
            )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def wait_for(predicate: Callable[[], object], timeout: float = 20.0, every: float = 0.1) -> object:
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"still waiting after {timeout} s")
