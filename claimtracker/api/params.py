"""Query-string and body parsing for the API: malformed input is a 400/422, never a 500."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import current_app, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from claimtracker.api import schemas
from claimtracker.api.problems import APIError

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_QUERY_CHARS = 200


def _bad(name: str, detail: str) -> APIError:
    return APIError(
        400,
        _l("the query parameter %(name)r is malformed", name=name),
        errors=[{"field": name, "detail": detail}],
    )


def int_arg(name: str, default: int, *, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"[+-]?\d{1,9}", raw.strip()):
        raise _bad(name, gettext("must be an integer"))
    value = int(raw)
    if not low <= value <= high:
        raise _bad(name, gettext("must be between %(low)s and %(high)s", low=low, high=high))
    return value


def str_arg(name: str, *, max_chars: int = MAX_QUERY_CHARS) -> str | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if "\x00" in raw:
        raise _bad(name, gettext("must not contain NUL characters"))
    if len(raw) > max_chars:
        raise _bad(name, gettext("is longer than %(most)s characters", most=max_chars))
    return raw.strip() or None


def parse_date(value: str, name: str) -> date:
    if not _DATE_RE.match(value):
        raise _bad(name, gettext("must be a date, YYYY-MM-DD"))
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _bad(name, gettext("is not a real date")) from None


def date_arg(name: str) -> date | None:
    raw = str_arg(name, max_chars=10)
    return parse_date(raw, name) if raw else None


def json_body(schema_name: str) -> dict[str, Any]:
    """The request's JSON body, validated against ``components.schemas[schema_name]``.

    400 for a body that is not a JSON object, 413 for one over API_MAX_BODY_BYTES,
    422 with field errors for one that does not match the schema.
    """
    limit = current_app.config["API_MAX_BODY_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise APIError(413, _l("the body is over %(limit)s bytes", limit=limit))
    raw = request.get_data(cache=True)
    if len(raw) > limit:
        raise APIError(413, _l("the body is over %(limit)s bytes", limit=limit))
    if not raw.strip():
        body: Any = {}
    else:
        if request.mimetype not in {"application/json", ""} and not request.mimetype.endswith(
            "+json"
        ):
            raise APIError(400, _l("send the body as application/json"))
        try:
            body = request.get_json(force=True, silent=False)
        except Exception:  # werkzeug raises BadRequest subclasses for every decoding error
            raise APIError(400, _l("the body is not valid JSON")) from None
    if not isinstance(body, dict):
        raise APIError(400, _l("the body must be a JSON object"))
    errors = schemas.errors_for(schema_name, body) or _text_errors(body)
    if errors:
        raise APIError(
            422,
            _l("the body does not match the %(schema)s schema", schema=schema_name),
            errors=errors,
        )
    return body


def _text_errors(value: Any, path: str = "") -> list[dict[str, str]]:
    """Strings the database cannot store: NUL characters are valid JSON but PostgreSQL text
    cannot hold them, and JSON's ``\ud800`` escapes decode to lone surrogates that no
    UTF-8 encoder (hashing, SQLite, psycopg) accepts. Refuse both."""
    if isinstance(value, str):
        if "\x00" in value:
            return [
                {"field": path or "(body)", "detail": gettext("must not contain NUL characters")}
            ]
        if not _encodable(value):
            return [
                {
                    "field": path or "(body)",
                    "detail": gettext("must be valid Unicode (no lone surrogates)"),
                }
            ]
        return []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else []
    )
    errors: list[dict[str, str]] = []
    for key, item in items:
        errors += _text_errors(item, f"{path}.{key}" if path else str(key))
    return errors


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def body_date(body: dict[str, Any], name: str) -> date | None:
    value = body.get(name)
    if not value:
        return None
    try:
        return parse_date(value, name)
    except APIError as err:
        raise APIError(
            422, _l("%(name)s must be a date, YYYY-MM-DD", name=name), errors=err.errors
        ) from None
