"""A body's schema errors in the API client's language.

jsonschema words its errors in English only, with Python reprs of the values (``None``,
``True``). Each error is described here from its validator kind and values, in our
catalog, so a client sending ``Accept-Language: fr`` reads French. The machine-readable
part (the field path, the problem's type and status) is unchanged.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from flask_babel import gettext, ngettext

if TYPE_CHECKING:
    from jsonschema import ValidationError

#: How much of a value an error quotes (a long text is not echoed back whole).
QUOTED_CHARS = 60


def quoted(value: Any) -> str:
    """``value`` as JSON, shortened: a client's own value, as its own language writes it."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…"


def _names(values: Any) -> str:
    return ", ".join(repr(v) for v in (values if isinstance(values, list) else [values]))


def describe(error: ValidationError) -> str:
    """One schema error, in the current language."""
    kind = error.validator
    # jsonschema types these as possibly unset; an error from iter_errors always has them.
    expected: Any = error.validator_value
    value: Any = error.instance
    schema: Any = error.schema if isinstance(error.schema, dict) else {}
    shown = quoted(value)
    if kind == "anyOf":
        # nullable(X) is anyOf [X, null]: say what X wanted, not "none of the schemas".
        first = [e for e in error.context or [] if e.relative_schema_path[0] == 0]
        if len(first) == 1:
            return describe(first[0])
        return gettext("%(value)s is not valid under any of the given schemas", value=shown)
    if kind == "required":
        # One error per missing property; its English message is the only place that
        # says which one (jsonschema words it "'name' is a required property").
        missing = [p for p in expected if isinstance(value, dict) and p not in value]
        name = next((p for p in missing if error.message.startswith(repr(p))), "")
        return gettext("%(property)r is a required property", property=name)
    if kind == "type":
        return gettext("%(value)s is not of type %(types)s", value=shown, types=_names(expected))
    if kind == "maxLength":
        return ngettext(
            "%(value)s is longer than %(num)s character",
            "%(value)s is longer than %(num)s characters",
            expected,
            value=shown,
        )
    if kind == "minLength":
        if expected == 1:
            return gettext("the text is empty")
        return ngettext(
            "%(value)s is shorter than %(num)s character",
            "%(value)s is shorter than %(num)s characters",
            expected,
            value=shown,
        )
    if kind == "maxItems":
        return ngettext(
            "the list has more than %(num)s item", "the list has more than %(num)s items", expected
        )
    if kind == "minItems":
        return ngettext(
            "the list has fewer than %(num)s item",
            "the list has fewer than %(num)s items",
            expected,
        )
    if kind == "enum":
        return gettext(
            "%(value)s is not one of %(choices)s",
            value=shown,
            choices=", ".join(quoted(v) for v in expected),
        )
    if kind == "format":
        return gettext("%(value)s is not a valid %(format)s", value=shown, format=expected)
    if kind == "pattern":
        return gettext("%(value)s does not match %(pattern)r", value=shown, pattern=expected)
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {})), key=str)
        return ngettext(
            "an unexpected property: %(names)s",
            "unexpected properties: %(names)s",
            len(extra),
            names=_names(extra),
        )
    if kind == "minimum":
        return gettext(
            "%(value)s is less than the minimum of %(least)s", value=shown, least=expected
        )
    if kind == "maximum":
        return gettext(
            "%(value)s is greater than the maximum of %(most)s", value=shown, most=expected
        )
    if kind == "exclusiveMinimum":
        return gettext("%(value)s must be greater than %(least)s", value=shown, least=expected)
    if kind == "exclusiveMaximum":
        return gettext("%(value)s must be less than %(most)s", value=shown, most=expected)
    if kind == "uniqueItems":
        return gettext("the list has the same item more than once")
    # A kind our schemas do not use: name the rule, still in the client's language.
    return gettext("%(value)s breaks the schema's %(rule)s rule", value=shown, rule=kind)
