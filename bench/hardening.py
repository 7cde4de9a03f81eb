"""Crash and load runs against the server `make run` starts (issue 13).

* **Kills**: writers create draft claims through the API while the whole server (gunicorn
  master and workers) is killed with SIGKILL and started again, ``kills`` times; afterwards
  every claim the API acknowledged (201) must be in the database with its text.
* **Load**: readers (claim pages, search, the API) and writers at once for a while; every
  answer's status is counted and no 5xx may appear.

The suite runs both in short forms (tests/serving/test_crash.py); `make bench` runs the long
forms on SQLite and PostgreSQL: ``python -m bench.hardening``.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import bindparam, create_engine, make_url, text
from sqlalchemy.engine import Engine

from bench import servers

#: Starts a server and returns (its base URL, a function that kills it with SIGKILL).
Start = Callable[[], tuple[str, Callable[[], None]]]


@dataclass
class Tally:
    """What the clients saw: claims the API acknowledged, statuses, failed connections."""

    acknowledged: dict[int, str] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    refused: int = 0  # requests that got no answer: the server was down or died mid-way
    errors: Counter[str] = field(default_factory=Counter)  # refused, by exception type
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, status: int) -> None:
        with self.lock:
            self.statuses[status] += 1


def _post_claim(base: str, token: str, statement: str) -> tuple[int, int | None]:
    request = urllib.request.Request(
        base + "/api/v1/claims",
        data=json.dumps({"text": statement}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, int(json.load(answer)["id"])
    except urllib.error.HTTPError as err:
        return err.code, None


def _get(base: str, path: str) -> int:
    try:
        with urllib.request.urlopen(base + path, timeout=10) as answer:
            answer.read()
            return int(answer.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def _writer(name: str, token: str, where: list[str], stop: threading.Event, tally: Tally) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        statement = f"Crash-run claim {name}-{n}: the council spent {n} pounds on lamps"
        try:
            status, claim_id = _post_claim(where[0], token, statement)
        except (OSError, http.client.HTTPException) as err:
            # The server was killed mid-request: nothing was acknowledged, so nothing is owed.
            with tally.lock:
                tally.refused += 1
                tally.errors[type(err).__name__] += 1
            time.sleep(0.05)
            continue
        tally.count(status)
        if status == 201 and claim_id is not None:
            with tally.lock:
                tally.acknowledged[claim_id] = statement


def write_through_kills(start: Start, token: str, *, kills: int, writers: int = 3) -> Tally:
    """Write claims with ``writers`` clients while the server is killed ``kills`` times.

    Each server lives until it has acknowledged a few writes (so every kill lands while
    writes are in flight, however slowly a loaded machine starts the workers), then dies.
    """
    base, kill = start()
    where = [base]
    stop = threading.Event()
    tally = Tally()
    threads = [
        threading.Thread(target=_writer, args=(f"w{i}", token, where, stop, tally), daemon=True)
        for i in range(writers)
    ]
    for thread in threads:
        thread.start()
    try:
        for life in range(kills + 1):
            _wait_for_acks(tally, 5 * (life + 1), timeout=60)
            if life == kills:
                break
            kill()
            where[0], kill = start()
    finally:
        stop.set()
        for thread in threads:
            thread.join(15)
    return tally


def _wait_for_acks(tally: Tally, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while len(tally.acknowledged) < count and time.monotonic() < deadline:
        time.sleep(0.02)


def missing(engine: Engine, acknowledged: dict[int, str]) -> list[int]:
    """The acknowledged claims that are not in the database with the text they were sent."""
    query = text("SELECT id, text FROM claim WHERE id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    found: dict[int, str] = {}
    ids = sorted(acknowledged)
    with engine.connect() as conn:
        for i in range(0, len(ids), 500):
            found.update(
                {row.id: row.text for row in conn.execute(query, {"ids": ids[i : i + 500]})}
            )
    return [i for i in ids if found.get(i) != acknowledged[i]]


def _reader(base: str, paths: list[str], stop: threading.Event, tally: Tally) -> None:
    pick = random.Random(hash(threading.current_thread().name))
    while not stop.is_set():
        try:
            tally.count(_get(base, pick.choice(paths)))
        except (OSError, http.client.HTTPException) as err:
            with tally.lock:
                tally.refused += 1
                tally.errors[type(err).__name__] += 1


def load(
    base: str, token: str, paths: list[str], *, readers: int, writers: int, seconds: float
) -> Tally:
    """``readers`` clients reading ``paths`` and ``writers`` creating claims, for ``seconds``."""
    stop = threading.Event()
    tally = Tally()
    threads = [
        threading.Thread(target=_reader, args=(base, paths, stop, tally), name=f"r{i}", daemon=True)
        for i in range(readers)
    ] + [
        threading.Thread(target=_writer, args=(f"l{i}", token, [base], stop, tally), daemon=True)
        for i in range(writers)
    ]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(15)
    return tally


# --- `make bench`: the long forms, on a fresh SQLite file and a fresh PostgreSQL database ---


def _cli(url: str, instance: Path, *args: str, stdin: str = "") -> str:
    env = {**os.environ, "CLAIMTRACKER_DATABASE_URL": url}
    env["CLAIMTRACKER_INSTANCE_PATH"] = str(instance)
    cli = str(Path(sys.executable).parent / "claimtracker")
    done = subprocess.run(
        [cli, *args], env=env, input=stdin, check=True, capture_output=True, text=True
    )
    return done.stdout


@contextmanager
def _database(kind: str, workdir: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'hardening.sqlite'}"
        return
    admin_url = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"ct_hardening_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _server_starter(url: str, instance: Path, stack: list[subprocess.Popen[bytes]]) -> Start:
    def start() -> tuple[str, Callable[[], None]]:
        port = servers.free_port()
        env = {
            **os.environ,
            "CLAIMTRACKER_DATABASE_URL": url,
            "CLAIMTRACKER_INSTANCE_PATH": str(instance),
            "CLAIMTRACKER_API_RATE_LIMIT": "100000000 per minute",
        }
        proc = subprocess.Popen(
            servers.make_run_command(port),
            cwd=servers.ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        stack.append(proc)
        base = f"http://127.0.0.1:{port}"
        servers._wait(base + "/healthz", 120)

        def kill() -> None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

        return base, kill

    return start


def run(kind: str, kills: int, seconds: float) -> dict[str, object]:
    """One database kind: the kill run, then the load run; returns the figures."""
    with tempfile.TemporaryDirectory() as tmp, _database(kind, Path(tmp)) as url:
        instance = Path(tmp)
        _cli(url, instance, "init")
        _cli(url, instance, "demo")
        writer = "bench-writer@example.org"
        password = "bench-writer-password\n"
        _cli(
            url,
            instance,
            "users",
            "create",
            writer,
            "--role",
            "reviewer",
            "--password-stdin",
            stdin=password,
        )
        token = _cli(url, instance, "tokens", "create", writer).split()[-1]
        procs: list[subprocess.Popen[bytes]] = []
        start = _server_starter(url, instance, procs)
        try:
            killed = write_through_kills(start, token, kills=kills, writers=5)
            engine = create_engine(url)
            lost = missing(engine, killed.acknowledged)
            with engine.connect() as conn:
                published = conn.scalars(
                    text("SELECT id FROM claim WHERE status = 'published' LIMIT 50")
                ).all()
            engine.dispose()
            # /claims/<id> answers 301 to the canonical page, which urllib follows.
            paths = [f"/claims/{i}" for i in published] + ["/", "/claims?q=prison"]
            paths.append("/api/v1/claims")
            base, kill = start()
            loaded = load(base, token, paths, readers=50, writers=5, seconds=seconds)
            kill()
        finally:
            for proc in procs:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
    return {
        "database": kind,
        "kills": kills,
        "acknowledged": len(killed.acknowledged),
        "lost": len(lost),
        "load seconds": seconds,
        "load requests": sum(loaded.statuses.values()),
        "load 5xx": sum(n for s, n in loaded.statuses.items() if s >= 500),
        "load statuses": dict(sorted(loaded.statuses.items())),
    }


def main() -> None:
    kills = int(os.environ.get("BENCH_KILLS", "20"))
    seconds = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
    kinds = ["sqlite"] + (["postgresql"] if os.environ.get("BENCH_PG_SIZES", "x") else [])
    print("| database | kills | acknowledged writes | lost | load requests | 5xx | statuses |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for kind in kinds:
        r = run(kind, kills, seconds)
        print(
            f"| {r['database']} | {r['kills']} | {r['acknowledged']} | {r['lost']} "
            f"| {r['load requests']} | {r['load 5xx']} | {r['load statuses']} |"
        )


if __name__ == "__main__":
    main()
