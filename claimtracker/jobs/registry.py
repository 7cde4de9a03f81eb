"""Job kinds and their handlers, registered by decorator (pure: no Flask, no database)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: Modules whose import registers handlers; the web app and every worker import them all.
HANDLER_MODULES: tuple[str, ...] = (
    "claimtracker.services.article_jobs",
    "claimtracker.services.watchdog_jobs",
    "claimtracker.services.monitor_jobs",
    "claimtracker.services.claim_vector_jobs",
)


class Retry(Exception):
    """A passing failure: try again later (with backoff) until the attempts are spent."""

    def __init__(self, reason: str, after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        #: Seconds to wait instead of the usual backoff.
        self.after = after


class Fail(Exception):
    """A failure that retrying will not cure: the job is failed at once with ``reason``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Defer(Exception):
    """Not now: run again at ``until`` without spending an attempt."""

    def __init__(self, until: datetime, reason: str = ""):
        super().__init__(reason or f"deferred until {until.isoformat()}")
        self.until = until
        self.reason = reason


@dataclass
class JobContext:
    """What a handler gets: the job's payload and a way to report progress."""

    job_id: int
    kind: str
    payload: dict[str, Any]
    attempt: int
    actor_id: int | None = None
    report: Callable[[int, int | None], None] = field(default=lambda done, total: None)

    def progress(self, done: int, total: int | None = None) -> None:
        """Record progress (committed at once, so the desk sees it) and extend the lease."""
        self.report(done, total)


@dataclass(frozen=True)
class Handler:
    kind: str
    run: Callable[[JobContext], dict | None]
    max_attempts: int = 5


_handlers: dict[str, Handler] = {}
_periodic: list[Callable[[], object]] = []


def handler(kind: str, *, max_attempts: int = 5) -> Callable:
    """Register ``fn(ctx) -> dict | None`` as the handler of jobs of ``kind``."""

    def register(fn: Callable[[JobContext], dict | None]) -> Callable[[JobContext], dict | None]:
        _handlers[kind] = Handler(kind, fn, max_attempts)
        return fn

    return register


def periodic(fn: Callable[[], object]) -> Callable[[], object]:
    """Register ``fn()`` to run in an app context on every sweep (about once a minute)."""
    if fn not in _periodic:
        _periodic.append(fn)
    return fn


def load_handlers() -> None:
    """Import every module in HANDLER_MODULES (idempotent)."""
    for name in HANDLER_MODULES:
        importlib.import_module(name)


def get(kind: str) -> Handler | None:
    return _handlers.get(kind)


def periodic_functions() -> list[Callable[[], object]]:
    return list(_periodic)


def kinds() -> list[str]:
    return sorted(_handlers)
