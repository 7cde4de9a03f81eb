"""Measurements made inside one process: cold search latency, import rate, profiles."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
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


def import_rate(n: int) -> dict[str, object]:
    """Import a synthetic feed of ``n`` reviews into an empty SQLite database, then again."""
    from flask_migrate import upgrade

    from bench.feed import feed
    from claimtracker.services import claimreview_import, ratings

    content = feed(n)
    with tempfile.TemporaryDirectory() as tmp:
        app = app_for(f"sqlite:///{tmp}/import.sqlite", Path(tmp))
        out: dict[str, object] = {}
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            ratings.ensure_scale(app.config["RATINGS"])
            db.session.commit()
            for run in ("empty", "again"):
                started, cpu = time.perf_counter(), time.process_time()
                reports = claimreview_import.import_content(content)
                seconds = time.perf_counter() - started
                out[run] = n / seconds
                # On a shared machine the wall clock includes waiting for a core.
                out[f"{run}_cpu"] = n / max(time.process_time() - cpu, 1e-9)
                out[f"{run}_statuses"] = dict(Counter(r.status for r in reports))
            db.engine.dispose()
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


def import_profile(n: int = 1000) -> str:
    """A profile of importing ``n`` reviews into an empty database."""
    from flask_migrate import upgrade

    from bench.feed import feed
    from claimtracker.services import claimreview_import, ratings

    content = feed(n)
    with tempfile.TemporaryDirectory() as tmp:
        app = app_for(f"sqlite:///{tmp}/import.sqlite", Path(tmp))
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            ratings.ensure_scale(app.config["RATINGS"])
            db.session.commit()
            done = []

            def work() -> None:
                if not done:
                    claimreview_import.import_content(content)
                    done.append(1)

            text = profile(f"import of {n} reviews into an empty database", work, 0.0)
            db.engine.dispose()
    return text
