"""Typed service errors: views turn them into form errors, the API into problem details.

A service raises its message marked for translation and not yet translated
(``lazy_gettext("no claim %(claim_id)s", claim_id=…)``): it becomes text in the language of
whoever it is shown to when it is shown (``str(err)``, ``err.message``), the site's
``LANGUAGE`` outside a request (commands, the worker)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


class ServiceError(Exception):
    """Base class. ``status`` is the HTTP status an adapter should answer with."""

    status = 400
    title = _l("Bad request")

    def __init__(
        self,
        message: str | LazyString,
        *,
        field: str | None = None,
        detail: dict | None = None,
    ):
        super().__init__(message)
        self._message = message
        self.field = field
        self.detail = detail or {}

    @property
    def message(self) -> str:
        """The message in the current language."""
        return str(self._message)

    def __str__(self) -> str:
        return self.message


class Invalid(ServiceError):
    status = 422
    title = _l("Invalid input")


class NotFound(ServiceError):
    status = 404
    title = _l("Not found")


class Forbidden(ServiceError):
    status = 403
    title = _l("Forbidden")


class Conflict(ServiceError):
    status = 409
    title = _l("Conflict")
