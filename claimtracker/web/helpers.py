"""What the signed-in blueprints (desk, admin, import, jobs) share: the role check, service
errors shown on a form, and a route table that lets a view module stay free of the
blueprint that serves it. Saving goes through ``services.transaction.unit_of_work``, which
the API uses too.

Views are adapters: form in, one service call, commit, redirect. Service errors become
form errors (field-specific when the service names a field) and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, abort, g
from flask_login import current_user
from flask_wtf import FlaskForm

from claimtracker.extensions import db
from claimtracker.models import Role
from claimtracker.services.errors import Conflict, Forbidden, NotFound, ServiceError

try:  # WTForms 3.3 deprecates (value, label) tuples in favour of SelectChoice
    from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # 3.3

    def choices(pairs: Iterable[tuple[Any, str]]) -> list[Any]:
        """Select options from (value, label) pairs, in the form WTForms prefers."""
        return [SelectChoice(value, label) for value, label in pairs]
except ImportError:  # pragma: no cover - older WTForms

    def choices(pairs: Iterable[tuple[Any, str]]) -> list[Any]:
        """Select options from (value, label) pairs, in the form WTForms prefers."""
        return list(pairs)


T = TypeVar("T")
View = TypeVar("View", bound=Callable[..., Any])


def require_role(role: Role) -> None:
    """Refuse (403) the request unless the signed-in account holds ``role`` or above.

    The one role check of the signed-in pages: the desk, admin, import and jobs call it."""
    user_role = getattr(current_user, "role", None)
    if not current_user.is_authenticated or user_role is None or user_role < role:
        abort(403)


def role_required(role: Role) -> Callable[[View], View]:
    """A view decorator: :func:`require_role` before the view runs."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require_role(role)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def form_error(form: FlaskForm, err: ServiceError, default: str) -> None:
    """Roll back and show ``err`` on its field (or on ``default``); the page then answers
    with :func:`refused_status`."""
    db.session.rollback()
    name = err.field if err.field and hasattr(form, err.field) else default
    getattr(form, name).errors = [*getattr(form, name).errors, str(err)]
    g.refused = err


def refused_status() -> int:
    """The status of a form page sent back with errors, as the API would answer: 409 when
    a service error shown on it was a conflict (a stale version, a race), 403 when it was a
    refusal of who asked (``policies``), 400 otherwise."""
    refused = g.get("refused")
    return refused.status if isinstance(refused, Conflict | Forbidden) else 400


def get_or_404(getter: Callable[[int], T], ident: int) -> T:
    """``getter(ident)``, or a 404 page when the service says there is no such row."""
    try:
        return getter(ident)
    except NotFound:
        abort(404)


class Routes:
    """URL rules collected beside their views, attached to a blueprint by its package.

    A view module says ``routes = Routes()`` and decorates views with ``@routes.get(...)``
    as it would with a blueprint; the package that owns the blueprint imports the module
    and calls ``routes.register(bp)``. The view modules never import their blueprint
    back, so no two modules import each other while they load."""

    def __init__(self) -> None:
        self.rules: list[tuple[str, Callable[..., Any], dict[str, Any]]] = []

    def route(self, rule: str, **options: Any) -> Callable[[View], View]:
        """Record ``rule`` for the decorated view (``Blueprint.route``'s options)."""

        def decorator(view: View) -> View:
            self.rules.append((rule, view, options))
            return view

        return decorator

    def get(self, rule: str, **options: Any) -> Callable[[View], View]:
        """A GET rule."""
        return self.route(rule, methods=["GET"], **options)

    def post(self, rule: str, **options: Any) -> Callable[[View], View]:
        """A POST rule."""
        return self.route(rule, methods=["POST"], **options)

    def register(self, bp: Blueprint) -> None:
        """Add every recorded rule to ``bp`` (endpoint: the view's name unless given)."""
        for rule, view, options in self.rules:
            options = dict(options)
            endpoint = options.pop("endpoint", None) or view.__name__
            bp.add_url_rule(rule, endpoint, view, **options)
