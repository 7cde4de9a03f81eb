"""Start the servers the bench compares: ours and hello under `make run`'s gunicorn
command, and Datasette on the same database file."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_run_command(port: int) -> list[str]:
    """The gunicorn command `make run` would start (read from `make -n run`, so a change to
    the Makefile, such as another worker class, is measured as it is served)."""
    out = subprocess.run(
        ["make", "-s", "-n", "run", "HOST=127.0.0.1", f"PORT={port}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace("\\\n", " ")
    line = next(ln for ln in out.splitlines() if "gunicorn" in ln and "--bind" in ln)
    argv = shlex.split(line)
    # `make run` may wrap gunicorn (a supervisor that also starts the job worker): the
    # gunicorn command is then one quoted argument of its own.
    inner = next((a for a in argv if "gunicorn" in a and "--bind" in a and " " in a), None)
    if inner is not None:
        argv = shlex.split(inner)
    argv[0] = str(ROOT / argv[0]) if not os.path.isabs(argv[0]) else argv[0]
    return argv


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def serve(argv: list[str], env: dict[str, str], probe: str):
    """Run ``argv`` until the block ends; yields the process."""
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait(probe)
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def ours(database_url: str, instance: Path):  # type: ignore[no-untyped-def]
    port = free_port()
    env = {
        "CLAIMTRACKER_DATABASE_URL": database_url,
        "CLAIMTRACKER_INSTANCE_PATH": str(instance),
        # wrk comes from one address: lift the API's per-client limit (the limiter still runs).
        "CLAIMTRACKER_API_RATE_LIMIT": "100000000 per minute",
    }
    return port, serve(make_run_command(port), env, f"http://127.0.0.1:{port}/healthz")


def hello():  # type: ignore[no-untyped-def]
    port = free_port()
    argv = [
        a if a != "claimtracker:create_app()" else "bench.hello:app" for a in make_run_command(port)
    ]
    return port, serve(argv, {}, f"http://127.0.0.1:{port}/")


def datasette(sqlite_file: Path):  # type: ignore[no-untyped-def]
    port = free_port()
    argv = [str(VENV_BIN / "datasette"), "serve", str(sqlite_file), "--port", str(port)]
    return port, serve(argv, {}, f"http://127.0.0.1:{port}/-/versions.json")


def worker_rss_mb(proc: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    sizes = []
    for pid in children.read_text().split():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes
