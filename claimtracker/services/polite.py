"""Polite fetching for the watchdog: one request per host every few seconds across all
workers, robots.txt honoured, conditional GET, and a User-Agent naming the organisation.

Politeness lives in the ``host_slot`` table so that every worker, on every machine, shares
it. A request that may not go out yet raises :class:`claimtracker.jobs.Defer`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import CursorResult, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from claimtracker import jobs
from claimtracker.extensions import db
from claimtracker.i18n import N_, Message
from claimtracker.ingest import fetch, robots
from claimtracker.jobs.store import aware
from claimtracker.models import HostSlot, utcnow
from claimtracker.services.articles import fetch_settings
from claimtracker.version import __version__


class Blocked(fetch.FetchError):
    """robots.txt does not allow the page to be fetched."""


def user_agent() -> str:
    """The User-Agent of watchdog requests: the software and the organisation running it
    (with its address when ORGANISATION_URL is set: a worker has no request to take it from)."""
    config = current_app.config
    if config.get("FETCH_USER_AGENT"):
        return str(config["FETCH_USER_AGENT"])
    contact = config["ORGANISATION_NAME"]
    if config["ORGANISATION_URL"]:
        contact += f"; +{config['ORGANISATION_URL']}"
    return f"claimtracker/{__version__} ({contact})"


def host_key(url: str) -> str:
    """Politeness is per host (and port, so test servers on one address stay apart)."""
    parts = urlsplit(url)
    return (parts.netloc or "").lower()[:253]


def take_slot(host: str, now: datetime | None = None) -> datetime | None:
    """Reserve the host's next request slot and commit. Returns None when the request may
    go now, or the time the host is free again."""
    now = now or utcnow()
    spacing = timedelta(seconds=float(current_app.config["FETCH_HOST_SPACING_SECONDS"]))
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert(HostSlot)
        .values(host=host, next_request_at=now)
        .on_conflict_do_nothing(index_elements=["host"])
    )
    taken = cast(
        CursorResult[Any],
        db.session.execute(
            update(HostSlot)
            .where(HostSlot.host == host, HostSlot.next_request_at <= now)
            .values(next_request_at=now + spacing)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    free_at = db.session.scalar(select(HostSlot.next_request_at).where(HostSlot.host == host))
    db.session.commit()
    return None if taken == 1 else aware(free_at)


def _spaced_from_now(host: str) -> datetime:
    """Count the spacing from the end of the request just made as well (a slow answer does
    not let the next request follow it closely), and commit. Returns when the host is free."""
    free_at = utcnow() + timedelta(seconds=float(current_app.config["FETCH_HOST_SPACING_SECONDS"]))
    db.session.execute(
        update(HostSlot)
        .where(HostSlot.host == host, HostSlot.next_request_at < free_at)
        .values(next_request_at=free_at)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return free_at


def _read_robots(slot: HostSlot, url: str, headers: dict[str, str]) -> None:
    parts = urlsplit(url)
    address = f"{parts.scheme}://{parts.netloc}/robots.txt"
    try:
        page = fetch.fetch(address, headers=headers, **fetch_settings())
        slot.robots_mode, slot.robots_txt = robots.PARSED, page.text[:500_000]
    except fetch.BadStatus as err:
        # RFC 9309: 4xx means no rules; 5xx means assume everything is disallowed.
        slot.robots_mode = robots.ALLOW_ALL if err.status < 500 else robots.DISALLOW_ALL
        slot.robots_txt = None
    except fetch.UnsupportedContentType:
        slot.robots_mode, slot.robots_txt = robots.ALLOW_ALL, None
    except (fetch.FetchTimeout, fetch.ConnectionFailed):
        slot.robots_mode, slot.robots_txt = robots.DISALLOW_ALL, None
    slot.robots_fetched_at = utcnow()


def polite_fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str | None = None,
    accepted_types: frozenset[str] | None = None,
    max_bytes: int | None = None,
) -> fetch.FetchResult:
    """Fetch ``url`` politely. Raises Defer when the host's slot is taken (or was just used
    for its robots.txt), Blocked when robots.txt forbids the page, FetchError otherwise.
    ``accept``, ``accepted_types`` and ``max_bytes`` are for what is not an article page
    (a feed: its Accept header, its media types, its own size limit)."""
    host = host_key(url)
    free_at = take_slot(host)
    if free_at is not None:
        raise jobs.Defer(free_at, f"waiting for {host}'s next request slot")
    headers = {"User-Agent": user_agent()}
    slot = db.session.get(HostSlot, host)
    assert slot is not None  # take_slot made it
    cache = timedelta(hours=float(current_app.config["ROBOTS_CACHE_HOURS"]))
    fetched_at = aware(slot.robots_fetched_at)
    if fetched_at is None or fetched_at + cache < utcnow():
        try:
            _read_robots(slot, url, headers)
        finally:
            free_at = _spaced_from_now(host)
        # That was this slot's request; the page waits for the next one.
        raise jobs.Defer(free_at, f"read {host}'s robots.txt first")
    if not robots.allowed(slot.robots_mode, slot.robots_txt, headers["User-Agent"], url):
        reason = (
            Message(N_("robots.txt could not be read (the server failed), so nothing is fetched"))
            if slot.robots_mode == robots.DISALLOW_ALL
            else Message(N_("robots.txt does not allow this page to be fetched"))
        )
        raise Blocked(reason, url)
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    if accept:
        headers["Accept"] = accept
    settings = fetch_settings()
    if max_bytes is not None:
        settings["max_bytes"] = max_bytes
    try:
        return fetch.fetch(
            url,
            headers=headers,
            accepted_types=accepted_types or fetch.ACCEPTED_TYPES,
            **settings,
        )
    finally:
        _spaced_from_now(host)
