"""Measurements made inside one process: cold search latency, import rate, profiles."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from claimtracker import create_app
from claimtracker.extensions import db

CONFIG = {"RATELIMIT_ENABLED": False, "API_RATE_LIMIT": "100000000 per minute"}


def app_for(database_url: str, instance: Path):  # type: ignore[no-untyped-def]
    return create_app({**CONFIG, "DATABASE_URL": database_url, "INSTANCE_PATH": str(instance)})


def forget_caches() -> None:
    """Drop every in-process cache of search results, so each query is cold."""
    from claimtracker.services import search

    for name in ("_summaries",):
        cache = getattr(search, name, None)
        if cache is not None:
            cache.clear()
    for name in ("forget", "clear_caches"):
        hook = getattr(search, name, None)
        if callable(hook):
            hook()


def search_cold(database_url: str, instance: Path, paths: list[str]) -> dict[str, float]:
    """Each search of the mix once, with no cache warmed by an earlier identical request;
    p50/p95/max in ms over the whole page (parse, queries, render)."""
    app = app_for(database_url, instance)
    client = app.test_client(use_cookies=False)
    times, cpu = [], []
    slowest: list[tuple[float, str]] = []
    client.get(paths[0])  # the process's first request pays for imports and templates
    for path in paths:
        forget_caches()
        started, cpu_started = time.perf_counter(), time.process_time()
        resp = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert resp.status_code == 200, (path, resp.status_code)
        times.append(elapsed)
        slowest.append((elapsed, path))
    times.sort()
    cpu.sort()
    with app.app_context():
        db.engine.dispose()
    slowest.sort(reverse=True)
    return {
        "p50": statistics.median(times),
        "p95": times[max(0, int(len(times) * 0.95) - 1)],
        "max": times[-1],
        # On a shared machine the wall clock includes waiting for a core; CPU time not.
        "p95_cpu": cpu[max(0, int(len(cpu) * 0.95) - 1)],
        "p50_cpu": statistics.median(cpu),
        "slowest": slowest[:5],  # type: ignore[dict-item]
    }


def _proc_cpu(pid: int) -> float:
    """Seconds of CPU (user + system) a local process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_cpu() -> float | None:
    """PostgreSQL: the CPU time of this database's server processes (on this machine)."""
    if db.engine.dialect.name != "postgresql":
        return None
    from sqlalchemy import text

    pids = db.session.scalars(
        text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
    ).all()
    db.session.rollback()
    total = 0.0
    for pid in pids:
        try:
            total += _proc_cpu(pid)
        except OSError:  # gone, or another machine's
            continue
    return total


@contextmanager
def empty_database(pg: bool = False) -> Iterator[object]:
    """An app on an empty, migrated database with the rating scale (SQLite in a temporary
    file, or PostgreSQL's ct_bench_import, dropped and made anew), in its app context."""
    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from bench.data import PG_ADMIN
    from claimtracker.services import ratings

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/import.sqlite"
        if pg:
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text('DROP DATABASE IF EXISTS "ct_bench_import" WITH (FORCE)'))
                conn.execute(text('CREATE DATABASE "ct_bench_import"'))
            admin.dispose()
            url = make_url(PG_ADMIN).set(database="ct_bench_import")
            url = url.render_as_string(hide_password=False)
        app = app_for(url, Path(tmp))
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            ratings.ensure_scale(app.config["RATINGS"])
            db.session.commit()
            yield app
            db.session.remove()
            db.engine.dispose()


def import_rate(n: int, pg: bool = False) -> dict[str, object]:
    """Import a synthetic feed of ``n`` reviews into an empty database (SQLite, or
    PostgreSQL with ``pg``), then again: reviews/s of wall and CPU time, the load average,
    the reports' statuses and (PostgreSQL) the server's CPU seconds."""
    from bench.feed import feed
    from claimtracker.services import claimreview_import

    content = feed(n)
    out: dict[str, object] = {}
    with empty_database(pg):
        for run in ("empty", "again"):
            server = _server_cpu()
            started, cpu = time.perf_counter(), time.process_time()
            reports = claimreview_import.import_content(content)
            seconds = time.perf_counter() - started
            out[run] = n / seconds
            # On a shared machine the wall clock includes waiting for a core.
            out[f"{run}_cpu"] = n / max(time.process_time() - cpu, 1e-9)
            out[f"{run}_load"] = os.getloadavg()[0]
            out[f"{run}_statuses"] = dict(Counter(r.status for r in reports))
            after = _server_cpu()
            if server is not None and after is not None:
                out[f"{run}_server_cpu"] = after - server
    return out


def profile(label: str, work: Callable[[], object], seconds: float = 3.0) -> str:
    """The top of a pyinstrument profile of ``work`` repeated for ``seconds``."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    deadline = time.perf_counter() + seconds
    count = 0
    while count == 0 or time.perf_counter() < deadline:
        work()
        count += 1
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False, short_mode=True)
    # Paths relative to the checkout: the report is committed and read elsewhere.
    text = text.replace(str(Path(__file__).resolve().parents[1]) + "/", "")
    lines = [ln.removeprefix(".") for ln in text.splitlines() if ln.strip(". ")][:45]
    return f"#### {label} ({count} runs)\n\n```\n" + "\n".join(lines) + "\n```\n"


def page_profiles(database_url: str, instance: Path, pages: dict[str, list[str]]) -> list[str]:
    """Profile each page kind in-process (cycling through its paths)."""
    app = app_for(database_url, instance)
    client = app.test_client(use_cookies=False)
    out = []
    for label, paths in pages.items():
        cycle = iter(paths * 1000)

        def work(cycle=cycle) -> None:  # type: ignore[no-untyped-def]
            line = next(cycle)
            path, _, etag = line.partition("\t")
            forget_caches()
            client.get(path, headers={"If-None-Match": etag} if etag else {})

        out.append(profile(label, work))
    with app.app_context():
        db.engine.dispose()
    return out


def import_profile(n: int = 1000, pg: bool = False) -> str:
    """A profile of importing ``n`` reviews into an empty database."""
    from bench.feed import feed
    from claimtracker.services import claimreview_import

    content = feed(n)
    with empty_database(pg):
        done = []

        def work() -> None:
            if not done:
                claimreview_import.import_content(content)
                done.append(1)

        return profile(f"import of {n} reviews into an empty database", work, 0.0)
