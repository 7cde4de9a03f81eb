"""JSON API (/api/v1) and the Google-compatible claims:search (/api/v1alpha1)."""

from __future__ import annotations

from flask import Flask, current_app

from claimtracker.extensions import csrf, limiter


def _rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


# Blueprints are module-level objects shared by every app built in this process (tests
# build many): attach the limit once, and it reads each app's own setting per request.
_limited: set[str] = set()


def register(app: Flask) -> None:
    """Attach the API blueprints: CSRF-exempt (token auth, no cookies), rate-limited, and
    answering every error under /api as problem+json."""
    from claimtracker.api import google, match, problems, v1, write  # noqa: F401 - routes

    for bp in (v1.bp, google.bp):
        csrf.exempt(bp)
        # Limits are counted in RATELIMIT_STORAGE_URI (Redis in production), so several
        # app processes share them.
        if bp.name not in _limited:
            limiter.limit(_rate_limit)(bp)
            _limited.add(bp.name)
        app.register_blueprint(bp)
    problems.install(app)
