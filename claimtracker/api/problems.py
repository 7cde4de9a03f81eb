"""RFC 9457 problem details for every error under /api."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from flask import Flask, Response, current_app, json, request
from flask.typing import ResponseReturnValue
from flask_babel import LazyString, gettext
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from claimtracker.services.errors import ServiceError

MEDIA_TYPE = "application/problem+json"


def title_for(status: int) -> str:
    """The status's reason phrase: with ``type`` "about:blank", RFC 9457 asks for it."""
    return HTTP_STATUS_CODES.get(status, "Error")


class APIError(Exception):
    """Raised inside API views to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str | LazyString,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ):
        # Raised inside the request it answers: its language is the one to answer in.
        super().__init__(str(detail))
        self.status = status
        self.detail = str(detail)
        self.errors = errors
        self.headers = headers or {}


def problem(
    status: int,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A ``application/problem+json`` response."""
    # "about:blank": the HTTP status says what kind of problem it is; ``detail`` and the
    # ``errors`` extension member say what exactly went wrong.
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title_for(status),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    response = current_app.response_class(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def from_service_error(err: ServiceError) -> Response:
    errors = [{"field": err.field, "detail": err.message}] if err.field else None
    status = err.status if err.status in HTTP_STATUS_CODES else 400
    return problem(status, err.message, errors=errors)


def from_http(err: HTTPException) -> Response:
    status = err.code or 500
    detail = {
        404: gettext("There is nothing at this address."),
        405: gettext("%(method)s is not allowed here.", method=request.method),
        413: gettext("The request body is too large."),
    }.get(status, err.description or title_for(status))
    headers = {}
    allowed = getattr(err, "valid_methods", None)  # set on a MethodNotAllowed only
    if status == 405 and allowed:
        headers["Allow"] = ", ".join(allowed)
    if status == 429:
        headers.update(dict(err.get_headers() if hasattr(err, "get_headers") else []))
        headers.pop("Content-Type", None)
    return problem(status, detail, headers=headers)


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def install(app: Flask) -> None:
    """Answer HTTP errors under /api with problem details, and everything else as the
    pages already registered (the web layer's HTML error pages) would."""
    for code in (400, 401, 403, 404, 405, 413, 429, 500):
        fallback = dict(app.error_handler_spec.get(None, {}).get(code, {}))
        app.register_error_handler(code, _handler(fallback))
    pages = cast(
        "Callable[[ServiceError], ResponseReturnValue] | None",
        app.error_handler_spec.get(None, {}).get(None, {}).get(ServiceError),
    )

    def refused(err: ServiceError) -> ResponseReturnValue:
        # A service's refusal no view answered: problem details under /api, the web
        # layer's page elsewhere.
        if is_api_request() or pages is None:
            return from_service_error(err)
        return pages(err)

    app.register_error_handler(ServiceError, refused)
    app.register_error_handler(
        APIError,
        lambda err: problem(err.status, err.detail, errors=err.errors, headers=err.headers),
    )


def _handler(fallback: dict[type, Any]) -> Callable[[HTTPException], ResponseReturnValue]:
    def handle(err: HTTPException) -> ResponseReturnValue:
        if is_api_request():
            if not isinstance(err, HTTPException):  # an unhandled exception, as a 500
                return problem(500, gettext("The server could not answer this request."))
            return from_http(err)
        for cls in type(err).__mro__:
            if cls in fallback:
                return fallback[cls](err)
        return err

    return handle
