"""Putting the pure core's reasons into the reader's language.

The fetcher, the URL checks, the feed and ClaimReview readers and the search parser hand
back :class:`claimtracker.i18n.Message` values (English text carrying its catalog id and
values) because they may not know Babel. Whoever shows one translates it here: in a
request, into the page's or the API client's language; outside one (a command, the
worker), into the site's ``LANGUAGE`` (web.locale's selector answers that).
"""

from __future__ import annotations

from flask_babel import LazyString, format_decimal, gettext

from claimtracker.i18n import Message


def _said(reason: object) -> object:
    """The Message an exception of the core carries (its ``reason`` or first argument)."""
    if isinstance(reason, BaseException):
        carried = getattr(reason, "reason", None)
        if isinstance(carried, str):
            return carried
        return reason.args[0] if len(reason.args) == 1 else str(reason)
    return reason


def _values(params: dict[str, object]) -> dict[str, object]:
    return {
        key: translated(value)
        if isinstance(value, Message)
        else format_decimal(value)
        if isinstance(value, int) and not isinstance(value, bool)
        else value
        for key, value in params.items()
    }


def translated(reason: object) -> str:
    """``reason`` (a Message, an exception of the core, or plain text) in the current
    language, now. A plain ``str``, never a LazyString: Jinja takes a LazyString for safe
    HTML (its ``__html__`` is not escaped), and reasons quote URLs and what people typed."""
    said = _said(reason)
    if isinstance(said, Message):
        return gettext(said.msgid, **_values(said.params))
    return str(said)


def lazy_reason(reason: object) -> str | LazyString:
    """``reason`` translated when it is shown: for a value inside a service error's
    ``lazy_gettext`` message (ServiceError.message turns the whole into a plain string)."""
    said = _said(reason)
    if isinstance(said, Message):
        return LazyString(translated, said)
    return str(said)
