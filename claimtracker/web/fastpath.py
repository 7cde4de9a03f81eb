"""A WSGI fast path for anonymous GETs of claim pages: the viral case.

Before Flask builds a request, a session, a login manager and a response, this answers
what it can from one indexed read (the same freshness statement and ETag the view uses):
a 304 when the reader already has the page, or the rendered page from the shared render
cache (web.page_cache). Everything else — a signed-in reader, a query string, a wrong
slug, an unknown claim, a cache miss — goes on to the app unchanged, and the view then
renders and fills the cache. Any failure here also falls through, so the fast path can
make a page faster but never different or broken.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from datetime import UTC
from typing import Any

from flask import Flask
from werkzeug.http import http_date, parse_date, parse_etags

from claimtracker.ids import MAX_ID
from claimtracker.services import reading
from claimtracker.web import caching, headers, locale, page_cache

log = logging.getLogger(__name__)

CLAIM_PAGE = re.compile(r"/claims/([1-9][0-9]{0,9})/([A-Za-z0-9-]+)")
WSGIApp = Callable[[dict[str, Any], Callable], Iterable[bytes]]


class ReaderFastPath:
    """WSGI middleware in front of ``app.wsgi_app`` (inside ProxyFix, so the scheme and
    host it sees are the ones the app sees)."""

    def __init__(self, app: Flask, wsgi_app: WSGIApp) -> None:
        self.app, self.wsgi_app = app, wsgi_app
        self._reader: Any = None

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "GET" and not environ.get("QUERY_STRING"):
            match = CLAIM_PAGE.fullmatch(environ.get("PATH_INFO", ""))
            if match and page_cache.cacheable(environ, self.app.config):
                try:
                    answer = self._answer(int(match[1]), match[2], environ)
                except Exception:  # never worse than the app itself: let it answer
                    log.exception("reader fast path failed; the app answers instead")
                    answer = None
                if answer is not None:
                    status, response_headers, body = answer
                    start_response(status, response_headers)
                    return [body]
        return self.wsgi_app(environ, start_response)

    def _setup(self) -> None:
        from claimtracker.extensions import db

        with self.app.app_context():
            self._reader = FreshnessReader(db.engine)

    def _answer(
        self, claim_id: int, slug: str, environ: dict[str, Any]
    ) -> tuple[str, list[tuple[str, str]], bytes] | None:
        if claim_id > MAX_ID:
            return None
        if self._reader is None:
            self._setup()
        row = self._reader.read(claim_id)
        fresh = reading.claim_freshness_from_row(claim_id, row)
        if not fresh.exists or slug != caching_slug(fresh.title):
            return None
        # The same language the app would choose, in the ETag and the key, as the view has.
        language = locale.locale_from_environ(environ, self.app.config)
        etag = caching.etag_for(self.app.config, environ["PATH_INFO"], fresh.tag, (language,))
        modified = fresh.changed_at
        if modified is not None and modified.tzinfo is None:
            modified = modified.replace(tzinfo=UTC)
        modified = modified.replace(microsecond=0) if modified else None
        out = [("ETag", f'"{etag}"')]
        if modified is not None:
            out.append(("Last-Modified", http_date(modified)))
        out += [
            ("Cache-Control", f"public, max-age={caching.PUBLIC_MAX_AGE}"),
            ("Vary", "Cookie, Accept-Language"),
            *headers.security_headers(environ.get("wsgi.url_scheme") == "https"),
        ]
        if _matches(environ, etag, modified):
            return "304 NOT MODIFIED", out, b""
        body = store(self.app).get(page_cache.key_for(etag, environ, language))
        if body is None:
            return None
        out += [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
        return "200 OK", out, body


class FreshnessReader:
    """reading.claim_freshness_statement compiled once and run on the bare driver:
    SQLAlchemy's per-execution work costs more than SQLite's indexed read itself. The
    connection still comes from (and goes back to) the engine's pool, so any worker class
    (threads, gevent) is served."""

    def __init__(self, engine: Any) -> None:
        compiled = reading.claim_freshness_statement().compile(dialect=engine.dialect)
        self.engine, self.sql = engine, str(compiled)
        self.defaults = compiled.construct_params({"claim_id": 0})
        self.order = compiled.positiontup if compiled.positional else None

    def read(self, claim_id: int) -> tuple | None:
        params = {**self.defaults, "claim_id": claim_id}
        args: Any = [params[name] for name in self.order] if self.order else params
        conn = self.engine.raw_connection()
        try:
            cursor = conn.cursor()
            cursor.execute(self.sql, args)
            row = cursor.fetchone()
            cursor.close()
        finally:
            conn.close()  # back to the pool, which ends the read's transaction
        return tuple(row) if row is not None else None


def caching_slug(title: str) -> str:
    from claimtracker.publishing.links import claim_slug

    return claim_slug(title)


def _matches(environ: dict[str, Any], etag: str, modified: Any) -> bool:
    """The same rule as caching.not_modified: If-None-Match wins over If-Modified-Since."""
    if environ.get("HTTP_IF_NONE_MATCH"):
        return parse_etags(environ["HTTP_IF_NONE_MATCH"]).contains(etag)
    since = parse_date(environ.get("HTTP_IF_MODIFIED_SINCE"))
    return bool(since and modified and modified <= since)


def store(app: Flask) -> page_cache.Store:
    """The app's render-cache store (one per app, made on first use)."""
    found = app.extensions.get("page_cache")
    if found is None:
        found = app.extensions["page_cache"] = page_cache.store_for(
            app.config.get("PAGE_CACHE", "file"), app.instance_path
        )
    return found


def install(app: Flask) -> None:
    """Put the fast path in front of the app (before ProxyFix wraps it)."""
    app.wsgi_app = ReaderFastPath(app, app.wsgi_app)  # type: ignore[method-assign]
