"""Typed service errors: views turn them into form errors, the API into problem details."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class. ``status`` is the HTTP status an adapter should answer with."""

    status = 400
    title = "Bad request"

    def __init__(self, message: str, *, field: str | None = None, detail: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.detail = detail or {}

    def __str__(self) -> str:
        return self.message


class Invalid(ServiceError):
    status = 422
    title = "Invalid input"


class NotFound(ServiceError):
    status = 404
    title = "Not found"


class Forbidden(ServiceError):
    status = 403
    title = "Forbidden"


class Conflict(ServiceError):
    status = 409
    title = "Conflict"
