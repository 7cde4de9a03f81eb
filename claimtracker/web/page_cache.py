"""The render cache for reader pages, shared by every worker process.

An entry is keyed by the page's ETag (itself made of the deploy, the organisation settings,
the path and the freshness read: see web.caching) plus the host, scheme and language the
page was rendered for (the locale chosen, never the raw Accept-Language: readers whose
browsers differ but who get the same language share one entry, and readers of two
languages never share one). A write anywhere the page shows moves the freshness read, so the
next request asks for a new key and a stale page is never served; old entries are simply
never asked for again (Redis expires them, the file store prunes them now and then).

Stores: files under ``instance/page-cache/`` (the default; workers on one host share it),
Redis when ``PAGE_CACHE`` is a ``redis://`` URL, nothing when it is ``off``. A failing
store is a miss, never an error page.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

#: Entries nobody asked for in this long are pruned (file store) or expire (Redis).
MAX_AGE_SECONDS = 24 * 3600
#: One write in this many also prunes the file store.
PRUNE_EVERY = 2000
REDIS_PREFIX = "claimtracker:page:"


class Store(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, body: bytes) -> None: ...


class NoStore:
    """``PAGE_CACHE = "off"``: every request renders."""

    def get(self, key: str) -> bytes | None:
        return None

    def put(self, key: str, body: bytes) -> None:
        return None


class FileStore:
    """One file per entry, written atomically (temporary file + rename)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, body: bytes) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(body)
            os.replace(tmp, path)
        except OSError as err:
            log.warning("page cache: could not write %s: %s", path, err)
            return
        if random.randrange(PRUNE_EVERY) == 0:
            self.prune()

    def prune(self, max_age: float = MAX_AGE_SECONDS) -> int:
        """Delete entries (and stray temporary files) older than ``max_age`` seconds."""
        cutoff = time.time() - max_age
        removed = 0
        for path in self.folder.glob("*/*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed


class RedisStore:
    """Entries in Redis under ``claimtracker:page:`` with an expiry."""

    def __init__(self, url: str, prefix: str = REDIS_PREFIX) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.prefix = prefix

    def get(self, key: str) -> bytes | None:
        try:
            value = self.client.get(self.prefix + key)
        except Exception as err:  # a cache outage is a miss, never an error page
            log.warning("page cache: redis get failed: %s", err)
            return None
        return value if isinstance(value, bytes) else None

    def put(self, key: str, body: bytes) -> None:
        try:
            self.client.set(self.prefix + key, body, ex=MAX_AGE_SECONDS)
        except Exception as err:
            log.warning("page cache: redis set failed: %s", err)


def store_for(setting: str, instance_path: str) -> Store:
    """The store the ``PAGE_CACHE`` setting names."""
    value = (setting or "").strip()
    if value.lower() in {"off", "none", "false", "0"}:
        return NoStore()
    if value.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(value)
    folder = Path(value) if value and value != "file" else Path(instance_path) / "page-cache"
    return FileStore(folder)


def key_for(etag: str, environ: dict[str, Any], locale: str) -> str:
    """The entry key: the ETag plus what else changes the bytes (host and scheme appear in
    canonical links; ``locale``, the language the page is rendered in, as chosen from
    ?lang=, the cookie, Accept-Language and the setting: web.locale.locale_from_environ)."""
    raw = "\x1f".join(
        (
            etag,
            environ.get("wsgi.url_scheme", "http"),
            environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
            locale,
        )
    )
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def cacheable(environ: dict[str, Any], config: Any) -> bool:
    """An anonymous request: no session or remember-me cookie (signed-in pages, flashed
    messages and forms with CSRF tokens are personal and never cached)."""
    cookies = environ.get("HTTP_COOKIE", "")
    if not cookies:
        return True
    names = (config["SESSION_COOKIE_NAME"], config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    return not any(f"{name}=" in cookies for name in names)
