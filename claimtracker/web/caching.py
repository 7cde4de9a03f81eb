"""HTTP caching for reader pages: ETag + Last-Modified with early 304s, Cache-Control.

The validators come from a cheap freshness read made *before* the page is loaded
(docs/architecture.md, "Readers first": a 304 is only cheap that way). Signed-in users
see personalised chrome, so their responses are ``private, no-store`` and never validated.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Response, current_app, g, request
from flask_login import current_user

from claimtracker.services.reading import Freshness
from claimtracker.version import __version__
from claimtracker.web import locale

#: Anonymous pages may be reused this long without asking (seconds).
PUBLIC_MAX_AGE = 60


#: Settings that show on reader pages: a change to one changes every ETag and cache key.
PAGE_SETTINGS = ("ORGANISATION_NAME", "ORGANISATION_URL", "SHOW_REVIEWER_NAMES")
_salts: dict[tuple, str] = {}


def _code_fingerprint() -> str:
    """What this deploy serves: the version plus every template's and module's size and
    modification time (read once per process), so a deploy changes every page's key."""
    package = Path(__file__).resolve().parents[1]  # claimtracker/, not the app factory's
    folders = [package, package.parent / "templates"]
    parts = [__version__]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".py", ".html", ".xml", ".txt", ".svg"}:
                stat = path.stat()
                parts.append(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


DEPLOY = _code_fingerprint()


def salt(config: Mapping[str, Any]) -> str:
    """The part of every reader page's ETag that is not data: the deploy and the settings
    pages show. (The rating scale lives in the database; the site version covers it.)"""
    values = (config.get("DEPLOY_ID") or DEPLOY, *(config.get(k) for k in PAGE_SETTINGS))
    found = _salts.get(values)
    if found is None:
        raw = json.dumps(values, sort_keys=True, default=str)
        found = _salts[values] = hashlib.sha256(raw.encode()).hexdigest()[:16]
    return found


def etag_for(config: Mapping[str, Any], path: str, tag: tuple, parts: tuple = ()) -> str:
    """A reader page's ETag (the view and the WSGI fast path compute the same one)."""
    key = repr((salt(config), path, tag, parts))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _seconds(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.replace(microsecond=0)


def not_modified(freshness: Freshness, *parts: object) -> Response | None:
    """Remember the page's validators; return a 304 when the request already has them.

    ``parts`` are whatever else the page depends on (query string, page number).
    """
    if current_user.is_authenticated:
        return None
    # The language is part of the page: a reader who switches never gets a 304 for the
    # other language's copy (the fast path adds the same part).
    parts = (*parts, locale.current())
    etag = etag_for(current_app.config, request.path, freshness.tag, parts)
    last_modified = _seconds(freshness.changed_at)
    g.reader_etag, g.reader_last_modified = etag, last_modified
    if request.if_none_match:
        matched = request.if_none_match.contains(etag)
    else:
        since = request.if_modified_since
        matched = bool(since and last_modified and last_modified <= since)
    if not matched:
        return None
    # Headers are added by apply(), which runs after every public view.
    return current_app.response_class(status=304)


def apply(response: Response) -> Response:
    """Cache headers for a reader response (used as the public blueprint's after_request)."""
    if current_user.is_authenticated:
        response.headers["Cache-Control"] = "private, no-store"
        response.headers.pop("ETag", None)
        response.headers.pop("Last-Modified", None)
        return response
    if response.status_code in (200, 304):
        etag = g.get("reader_etag")
        if etag:
            response.set_etag(etag)
        if g.get("reader_last_modified"):
            response.last_modified = g.reader_last_modified
        if "Cache-Control" not in response.headers:
            response.cache_control.public = True
            response.cache_control.max_age = PUBLIC_MAX_AGE
    response.vary.add("Cookie")
    response.vary.add("Accept-Language")
    return response
