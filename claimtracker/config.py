"""Settings: defaults here, then ``instance/config.py``, then ``CLAIMTRACKER_*`` env vars."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ENV_PREFIX = "CLAIMTRACKER"

#: The default rating scale (docs/architecture.md). ``value`` None means "no number" (Unproven).
DEFAULT_RATINGS: list[dict[str, Any]] = [
    {
        "label": "True",
        "value": 5,
        "colour": "#1a7f37",
        "description": "The claim is accurate and nothing significant is missing.",
    },
    {
        "label": "Mostly true",
        "value": 4,
        "colour": "#4d7c0f",
        "description": "The claim is accurate but needs clarification or extra detail.",
    },
    {
        "label": "Misleading",
        "value": 3,
        "colour": "#9a6700",
        "description": "The claim has an element of truth but leaves a false impression.",
    },
    {
        "label": "Mostly false",
        "value": 2,
        "colour": "#bc4c00",
        "description": "The claim contains an element of truth but ignores critical facts.",
    },
    {
        "label": "False",
        "value": 1,
        "colour": "#cf222e",
        "description": "The claim is not accurate.",
    },
    {
        "label": "Unproven",
        "value": None,
        "colour": "#57606a",
        "description": "The evidence available does not settle the claim either way.",
    },
]


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message says which and why."""


class DefaultConfig:
    """Built-in defaults. Every key may be overridden by instance config or env."""

    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in from DATABASE_URL / instance path
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # False means "Secure whenever the request itself came over https" (see web.session).
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 3600 * 8
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    #: How many reverse proxies sit in front of the app (0: none; X-Forwarded-* ignored).
    TRUSTED_PROXIES = 0
    #: memory:// is per process; with several workers use redis://127.0.0.1:6379.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    #: Failed sign-ins allowed per account and per client address within the window
    #: (seconds); counted in the database, so every worker shares them.
    LOGIN_FAILURES_PER_ACCOUNT = 10
    LOGIN_FAILURES_PER_ADDRESS = 30
    LOGIN_THROTTLE_SECONDS = 900
    RATINGS = DEFAULT_RATINGS
    #: The second axis of a verdict: was the passage reported faithfully? A list of
    #: {value, label, description}; None is the default scale (Accurate, Altered, Out of
    #: context, Misattributed, Source reversed, Fabricated: services.fidelity). "Not
    #: assessed" is always offered besides these: it is the absence of a judgement.
    FIDELITY: list[dict[str, Any]] | None = None
    #: The site's language (a locale such as "en", "es", "fr", "pt_BR"): pages are shown in
    #: it unless a reader chose another (?lang=, remembered in a cookie) or their browser
    #: asks for one the site offers (Accept-Language).
    LANGUAGE = "en"
    #: The languages readers may choose; empty means English plus every shipped catalog
    #: (claimtracker/translations/). A language without a catalog shows English text with
    #: its own dates, numbers, ``lang`` and direction.
    LANGUAGES: list[str] = []
    #: The time zone pages show times in (an IANA name such as "Europe/Madrid"); dates are
    #: the days in it. Times appear where a date alone is ambiguous (two verdicts one day).
    BABEL_DEFAULT_TIMEZONE = "UTC"
    #: The publishing organisation named as ClaimReview author, and its address. An empty
    #: address follows the one the site is served on (each request's root URL, so a site
    #: reached as https://facts.example/ names itself so with no setting); set it when the
    #: organisation's home is elsewhere. ``claimtracker export`` and the watchdog's
    #: User-Agent have no request to follow: they use it when set.
    ORGANISATION_NAME = "claimtracker demo desk"
    ORGANISATION_URL = ""
    #: Claim pages name who researched a verdict and who signed it off (display names);
    #: false shows "the desk" instead, for newsrooms whose staff would be at risk.
    SHOW_REVIEWER_NAMES = True
    #: Readers' messages ("Report an error", "Suggest a claim"): how many one address may
    #: send within the window (counted in the database, so every worker shares the count),
    #: and the longest message.
    READER_MESSAGES_PER_ADDRESS = 5
    READER_MESSAGES_WINDOW_SECONDS = 3600
    READER_MESSAGE_MAX_CHARS = 5000
    #: An editor other than the verdict's author must sign off before publication.
    TWO_PERSON_RULE = True
    #: Hosts the safe fetcher may reach even on loopback/private addresses (tests only).
    FETCH_ALLOWED_HOSTS: list[str] = []
    FETCH_TIMEOUT = 10.0
    FETCH_MAX_BYTES = 5 * 1024 * 1024
    #: JSON API: requests per client address (Flask-Limiter syntax), the largest request
    #: body, and how long public API answers may be cached.
    API_RATE_LIMIT = "300 per minute"
    API_MAX_BODY_BYTES = 4 * 1024 * 1024
    API_CACHE_SECONDS = 60
    #: Claim matching: the least calibrated score (0..1) shown as a possible repeat — on
    #: the desk, and by POST /api/v1/match when the request names no threshold. Between 0.5
    #: and 0.7, about two matches in three were the same claim on held-aside benchmark pairs;
    #: at 0.5, one news sentence in a hundred that repeats nothing shows a match (README).
    MATCH_THRESHOLD = 0.5
    MATCH_API_THRESHOLD = 0.0
    #: ClaimReview import: extra publisher labels -> local labels, e.g. {"four pinocchios":
    #: "False"}; merged over claimreview.mapping.DEFAULT_LABEL_MAP.
    RATING_LABEL_MAP: dict[str, str] = {}
    #: The render cache for reader pages, shared by the workers: "file" (under the
    #: instance folder; or a folder path), a redis:// URL, or "off".
    PAGE_CACHE = "file"
    #: Background jobs (claimtracker.jobs). With REDIS_URL the queue is Redis (several
    #: machines); without, a SQLite file in the instance folder (one machine).
    REDIS_URL: str | None = None
    JOBS_QUEUE_NAME = "claimtracker"
    #: Threads per ``claimtracker worker``; how long an idle SQLite-queue worker sleeps at most.
    WORKER_THREADS = 2
    WORKER_POLL_SECONDS = 1.0
    #: A running job whose worker has not reported for this long is taken back and redone.
    JOB_LEASE_SECONDS = 120
    #: Backoff after a failed attempt: this, then 4x, 16x ... (capped at a day).
    JOB_RETRY_SECONDS = 30
    #: /desk/import uploads larger than this run as a background job with progress.
    IMPORT_JOB_BYTES = 256 * 1024
    #: The quote watchdog re-fetches every quoted article this often, and more often for
    #: claims first published in the last RECHECK_RECENT_DAYS days.
    RECHECK_HOURS = 24.0
    RECHECK_RECENT_HOURS = 6.0
    RECHECK_RECENT_DAYS = 7
    #: At most one watchdog request per host this often (all workers together).
    FETCH_HOST_SPACING_SECONDS = 5.0
    ROBOTS_CACHE_HOURS = 24.0
    #: Empty: "claimtracker/<version> (ORGANISATION_NAME; +ORGANISATION_URL)".
    FETCH_USER_AGENT = ""
    #: Monitoring (claimtracker follow): each followed feed is polled this often; a feed
    #: that could not be read is tried again after FEED_RETRY_MINUTES, then 4x, 16x ...
    #: (capped at a day); a feed larger than FEED_MAX_BYTES is refused; at most
    #: FEED_NEW_ITEMS new articles are fetched from one poll (the rest wait for the next).
    FEED_POLL_MINUTES = 30.0
    FEED_RETRY_MINUTES = 5.0
    FEED_MAX_BYTES = 2 * 1024 * 1024
    FEED_NEW_ITEMS = 50
    #: Ratings whose repeats are marked on the Repeats page and go out in the desk feed
    #: (labels); empty means every rating numbered at most the middle of the scale (with
    #: the default scale: Misleading, Mostly false and False).
    REPEAT_ALERT_RATINGS: list[str] = []
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536


def _load_secret_key(instance_path: Path) -> str:
    """Return the secret key kept in ``instance/secret_key``, creating it (0600) once."""
    path = instance_path / "secret_key"
    if path.exists():
        key = path.read_text().strip()
        if key:
            return key
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL so two workers starting together never write two different keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def validate_database_url(url: str) -> str:
    """Refuse a database URL that SQLAlchemy cannot parse or that names an unsupported backend."""
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise ConfigError(f"CLAIMTRACKER_DATABASE_URL is malformed: {url!r}") from err
    backend = parsed.get_backend_name()
    if backend not in {"sqlite", "postgresql"}:
        raise ConfigError(
            f"CLAIMTRACKER_DATABASE_URL names {backend!r}; use sqlite:/// or postgresql+psycopg://"
        )
    if backend == "postgresql" and parsed.get_driver_name() not in {"psycopg", "psycopg2"}:
        raise ConfigError("PostgreSQL URLs must use the psycopg driver: postgresql+psycopg://")
    return url


def validate_languages(config: dict[str, Any]) -> None:
    """Refuse a ``LANGUAGE``/``LANGUAGES`` that Babel does not know; normalise them."""
    from babel import Locale, UnknownLocaleError

    from claimtracker.i18n import normalise

    languages = config.get("LANGUAGES") or []
    if isinstance(languages, str):  # CLAIMTRACKER_LANGUAGES=en,es,fr
        languages = [part for part in re.split(r"[,\s]+", languages) if part]
    checked = []
    for name, tag in [("LANGUAGE", config.get("LANGUAGE") or "en")] + [
        ("LANGUAGES", tag) for tag in languages
    ]:
        locale = normalise(str(tag))
        try:
            if locale is None:
                raise ValueError(tag)
            Locale.parse(locale)
        except (ValueError, UnknownLocaleError) as err:
            raise ConfigError(
                f"CLAIMTRACKER_{name} names {tag!r}, which is no language we know "
                "(use a locale such as en, es, fr or pt_BR)"
            ) from err
        checked.append(locale)
    config["LANGUAGE"], config["LANGUAGES"] = checked[0], checked[1:]


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}
#: Settings that are text, whatever an env var's value looks like as JSON.
TEXT_SETTINGS = (
    "SECRET_KEY",
    "ORGANISATION_NAME",
    "ORGANISATION_URL",
    "API_RATE_LIMIT",
    "RATELIMIT_STORAGE_URI",
    "DATABASE_URL",
    "PAGE_CACHE",
    "REDIS_URL",
    "JOBS_QUEUE_NAME",
    "FETCH_USER_AGENT",
    "LANGUAGE",
    "BABEL_DEFAULT_TIMEZONE",
)


def validate_timezone(config: dict[str, Any]) -> None:
    """BABEL_DEFAULT_TIMEZONE must name a time zone: a typo would break every dated page."""
    name = str(config.get("BABEL_DEFAULT_TIMEZONE") or "UTC")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ConfigError(
            f"CLAIMTRACKER_BABEL_DEFAULT_TIMEZONE is not a time zone: {name!r} "
            "(use an IANA name such as UTC or Europe/Madrid)"
        ) from err
    config["BABEL_DEFAULT_TIMEZONE"] = name


def coerce_types(config: dict[str, Any]) -> None:
    """Give env-var settings the type of their default. Raises ConfigError.

    Flask's ``from_prefixed_env`` JSON-decodes values, so ``false`` is False but
    ``False``, ``no`` or ``off`` stay (truthy) strings, and ``CLAIMTRACKER_ORGANISATION_NAME=2024``
    becomes a number: both would silently do something other than what was typed.
    """
    for name in dir(DefaultConfig):
        default = getattr(DefaultConfig, name)
        value = config.get(name)
        if (
            isinstance(default, bool)
            and isinstance(value, str | int)
            and not isinstance(value, bool)
        ):
            word = str(value).strip().lower()
            if word not in _TRUE | _FALSE:
                raise ConfigError(f"CLAIMTRACKER_{name} must be true or false, not {value!r}")
            config[name] = word in _TRUE
    for name in TEXT_SETTINGS:
        value = config.get(name)
        if isinstance(value, bool):
            config[name] = "true" if value else "false"
        elif isinstance(value, int | float):
            config[name] = str(value)


def finalise(config: dict[str, Any], instance_path: Path) -> None:
    """Fill in derived settings once every source has been read. Raises ConfigError."""
    coerce_types(config)
    url = config.get("DATABASE_URL") or config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = f"sqlite:///{instance_path / 'claimtracker.sqlite'}"
    config["SQLALCHEMY_DATABASE_URI"] = validate_database_url(str(url))
    validate_languages(config)
    validate_timezone(config)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _load_secret_key(instance_path)
    engine_options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if make_url(config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() == "sqlite":
        # The driver then emits BEGIN IMMEDIATE before the first write of a transaction
        # only; reads stay outside transactions and never serialise (docs/architecture.md,
        # "SQLite writes").
        connect_args = dict(engine_options.get("connect_args") or {})
        connect_args.setdefault("isolation_level", "IMMEDIATE")
        connect_args.setdefault("timeout", 5.0)
        engine_options["connect_args"] = connect_args
    else:
        engine_options.setdefault("pool_pre_ping", True)
    config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options
