"""claimtracker: a fact-checking claim tracker."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from claimtracker import config as config_module
from claimtracker.extensions import babel, csrf, db, limiter, login_manager, migrate
from claimtracker.ids import IdConverter
from claimtracker.version import __version__

__all__ = ["__version__", "create_app"]

PACKAGE_DIR = Path(__file__).resolve().parent


def _template_folder() -> str:
    # A wheel carries the templates inside the package; a checkout keeps them at the top.
    packaged = PACKAGE_DIR / "templates"
    return str(packaged if packaged.is_dir() else PACKAGE_DIR.parent / "templates")


def _default_instance_path() -> str:
    explicit = os.environ.get(f"{config_module.ENV_PREFIX}_INSTANCE_PATH")
    if explicit:
        return explicit
    checkout = PACKAGE_DIR.parent / "instance"
    in_checkout = (PACKAGE_DIR.parent / "pyproject.toml").exists()
    return str(checkout if in_checkout else Path.cwd() / "instance")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then CLAIMTRACKER_* env, then ``config``.

    Raises config.ConfigError for a malformed setting (e.g. the database URL).
    """
    app = Flask(
        __name__,
        instance_path=(config or {}).get("INSTANCE_PATH") or _default_instance_path(),
        template_folder=_template_folder(),
        static_folder=str(PACKAGE_DIR / "static"),
    )
    app.config.from_object(config_module.DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(config_module.ENV_PREFIX)
    if config:
        app.config.update(config)
    config_module.finalise(app.config, Path(app.instance_path))
    # Before any blueprint adds a rule: every <int:id> is bounded to what the database holds.
    app.url_map.converters["int"] = IdConverter

    from claimtracker.web import fastpath

    # Innermost, so ProxyFix (below) has fixed the scheme and host before it looks.
    fastpath.install(app)
    if app.config["TRUSTED_PROXIES"]:
        # Behind a reverse proxy, trust its X-Forwarded-* headers so https requests get
        # Secure cookies and correct external URLs. Never trust them without a proxy.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(PACKAGE_DIR / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from claimtracker.web import locale

    locale.init_app(app, babel)  # the reader's language: ?lang=, cookie, Accept-Language

    from claimtracker.services import search_index

    search_index.install()  # every flush keeps search_document (and the FTS index) in sync
    from claimtracker.services import site_version

    site_version.install()  # a rating scale change moves every page's ETag and cache key
    from claimtracker.services import claim_vectors

    claim_vectors.install()  # claim-matching vectors follow the same writes as search
    from claimtracker.services import claim_vector_jobs

    claim_vector_jobs.install()  # bulk writers' vectors: queued for the worker

    from claimtracker.jobs import broker

    broker.install(app)  # the job queue's doorbell (SQLite file, or Redis with REDIS_URL)

    from claimtracker.api import register as register_api
    from claimtracker.web import register

    register(app)
    register_api(app)  # after the pages: its error handlers wrap theirs for /api paths

    from claimtracker.cli import register_commands

    register_commands(app)
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL, foreign keys and a busy timeout on every SQLite connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
