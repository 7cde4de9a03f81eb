"""Serve the app with gunicorn exactly as ``make run`` does, on a test database."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest

ROOT = Path(__file__).resolve().parents[2]


def make_run_worker_class() -> str:
    """The worker class ``make run`` passes to gunicorn (read from the Makefile)."""
    match = re.search(r"^WORKER_CLASS \?= (\S+)", (ROOT / "Makefile").read_text(), re.M)
    assert match, "the Makefile no longer sets WORKER_CLASS"
    return match.group(1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def gunicorn(database_url: str, tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Factory: start gunicorn on the test database, return its base URL; stopped after."""
    started: list[subprocess.Popen[bytes]] = []
    logs: list[IO[bytes]] = []

    def start(workers: int = 2, **settings: str) -> str:
        port = _free_port()
        env = {
            **os.environ,
            "CLAIMTRACKER_DATABASE_URL": database_url,
            "CLAIMTRACKER_INSTANCE_PATH": str(tmp_path),
            "CLAIMTRACKER_SECRET_KEY": "gunicorn-test-secret",
            "CLAIMTRACKER_ARGON2_TIME_COST": "1",
            "CLAIMTRACKER_ARGON2_MEMORY_COST": "8192",
            **{f"CLAIMTRACKER_{k}": v for k, v in settings.items()},
        }
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(workers), "--worker-class", make_run_worker_class()]
        command += ["claimtracker:create_app()"]
        log = open(tmp_path / f"gunicorn-{port}.log", "wb")  # noqa: SIM115 - closed at teardown
        logs.append(log)
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        started.append(proc)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90  # a loaded CI machine starts gevent slowly
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                return base
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.1)
        raise AssertionError((tmp_path / f"gunicorn-{port}.log").read_text())

    yield start
    for proc in started:
        proc.terminate()
    for proc in started:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for log in logs:
        log.close()
