"""Serve the app with gunicorn exactly as ``make run`` does, on a test database."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest
from flask import Flask

from tests.api.helpers import token_for

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


class Servers:
    """Start gunicorn on the test database (``servers(workers=2) -> base URL``), kill one."""

    def __init__(self, start: Callable[..., str], by_base: dict[str, subprocess.Popen[bytes]]):
        self._start = start
        self._by_base = by_base

    def __call__(self, workers: int = 2, **settings: str) -> str:
        return self._start(workers, **settings)

    def kill(self, base: str) -> None:
        """SIGKILL the master and its workers at once, as a crash or the OOM killer would."""
        proc = self._by_base[base]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture
def gunicorn(database_url: str, tmp_path: Path) -> Iterator[Servers]:
    """Factory: start gunicorn on the test database, return its base URL; stopped after."""
    started: list[subprocess.Popen[bytes]] = []
    by_base: dict[str, subprocess.Popen[bytes]] = {}
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
        proc = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        started.append(proc)
        base = f"http://127.0.0.1:{port}"
        by_base[base] = proc
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

    yield Servers(start, by_base)
    for proc in started:
        if proc.poll() is None:
            proc.terminate()
    for proc in started:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for log in logs:
        log.close()


@dataclass(frozen=True)
class Writer:
    """A reviewer's API token on a running gunicorn: ``post`` sends JSON, returns the status."""

    base: str
    token: str

    def post(self, path: str, body: dict[str, Any], start: threading.Barrier | None = None) -> int:
        """POST ``body`` to ``path``, after ``start`` lets every racing thread go (if given)."""
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        if start is not None:
            start.wait(30)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return int(response.status)
        except urllib.error.HTTPError as err:
            return err.code


@pytest.fixture
def writer(app: Flask, make_user: Callable[..., Any], gunicorn: Servers) -> Writer:
    """A reviewer with an API token, and gunicorn started with 4 workers to write through."""
    token = token_for(app, make_user("reviewer").email)
    return Writer(gunicorn(workers=4), token)
