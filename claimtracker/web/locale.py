"""Languages on the web: Flask-Babel wired to claimtracker.i18n's choice.

The reader's language comes from ``?lang=`` (then remembered in the ``lang`` cookie, so no
account is needed), the cookie, ``Accept-Language``, and last the ``LANGUAGE`` setting.
Templates get ``_()``/``gettext``/``ngettext`` and the ``{% trans %}`` tag, plus
``page_lang``/``page_dir`` for ``<html>``, ``lang_url()`` for the language switcher and
locale-aware ``format_date``/``format_datetime``/``format_moment``/``format_number``
filters. Dates and times are shown in ``BABEL_DEFAULT_TIMEZONE`` (UTC by default).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, urlencode

from babel import Locale
from babel.numbers import format_decimal as babel_format_number
from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import Babel, get_locale, gettext, to_user_timezone
from flask_babel import format_date as babel_format_date
from flask_babel import format_datetime as babel_format_datetime
from flask_babel import format_decimal as babel_format_decimal
from flask_babel import format_time as babel_format_time
from markupsafe import Markup
from werkzeug.http import parse_cookie

from claimtracker import i18n


def N_(text: str) -> str:
    """Marks a string for the catalog without translating it here (pybabel's ``N_``)."""
    return text


#: The default rating scale's words (config.DEFAULT_RATINGS), translated for display when a
#: site keeps them; a scale the site wrote itself is shown as written.
DEFAULT_RATING_TEXT = frozenset(
    (
        N_("True"),
        N_("Mostly true"),
        N_("Misleading"),
        N_("Mostly false"),
        N_("False"),
        N_("Unproven"),
        N_("The claim is accurate and nothing significant is missing."),
        N_("The claim is accurate but needs clarification or extra detail."),
        N_("The claim has an element of truth but leaves a false impression."),
        N_("The claim contains an element of truth but ignores critical facts."),
        N_("The claim is not accurate."),
        N_("The evidence available does not settle the claim either way."),
        # Role names (models.Role.label), shown in the header and the accounts pages.
        N_("reviewer"),
        N_("editor"),
        N_("admin"),
        # Workflow words the desk shows: claim, verdict, quote and job states, reasons.
        N_("draft"),
        N_("researching"),
        N_("awaiting sign-off"),
        N_("published"),
        N_("proposed"),
        N_("withdrawn"),
        N_("initial"),
        N_("correction"),
        N_("update"),
        N_("verbatim"),
        N_("altered"),
        N_("missing"),
        N_("unchecked"),
        N_("pending"),
        N_("running"),
        N_("done"),
        N_("failed"),
        N_("imported"),
        N_("updated"),
        N_("skipped"),
        # Readers' messages in the desk inbox.
        N_("new"),
        N_("triaged"),
        N_("answered"),
        N_("closed"),
    )
)


def rating_text(text: str | None) -> str:
    """A default rating label or description, a role or a workflow word in the page's
    language; any other text (a scale the site wrote itself, data) as is."""
    if not text:
        return ""
    return str(gettext(text)) if text in DEFAULT_RATING_TEXT else text


def rating_label(rating: Any) -> str:
    """A rating's label for display (translated when it is one of the defaults)."""
    return rating_text(getattr(rating, "label", None))


def text_lang(language: Any) -> Markup:
    """`` lang="es" dir="auto"`` for text written in another language than the page (a
    Spanish claim on an English page), so screen readers, hyphenation and direction follow
    the text; else nothing."""
    if not language or not isinstance(language, str):
        return Markup("")
    tag = i18n.normalise(language)
    if tag is None or tag.split("_")[0] == current().split("_")[0]:
        return Markup("")
    # dir="auto": an English claim on an Arabic page reads left to right, and back.
    return Markup(' lang="{}" dir="auto"').format(i18n.html_lang(tag))


def supported(app: Flask | None = None) -> list[str]:
    """The locales readers may choose (the site language first)."""
    config = (app or current_app).config
    return i18n.supported_locales(config["LANGUAGE"], config.get("LANGUAGES"))


def locale_from_environ(environ: dict[str, Any], config: Any) -> str:
    """The locale for a WSGI request: used by the fast path, before Flask has a request."""
    # Parsed only when present: the fast path's requests have no query string and, being
    # anonymous, usually no cookie.
    query, cookies = environ.get("QUERY_STRING"), environ.get("HTTP_COOKIE")
    asked = (parse_qs(query).get("lang") or [None])[0] if query else None
    cookie = parse_cookie(cookies).get(i18n.COOKIE) if cookies else None
    return i18n.choose_locale(
        asked=asked,
        cookie=cookie,
        accept_language=environ.get("HTTP_ACCEPT_LANGUAGE"),
        default=config["LANGUAGE"],
        supported=i18n.supported_locales(config["LANGUAGE"], config.get("LANGUAGES")),
    )


def select_locale() -> str:
    """Flask-Babel's locale selector (one decision per request, kept on ``g``). Outside a
    request (a command, the worker) it is the site's language: a service's message raised
    there is shown in it."""
    if not has_request_context():
        return str(current_app.config["LANGUAGE"])
    found = g.get("page_locale")
    if found is None:
        found = g.page_locale = i18n.choose_locale(
            asked=request.args.get("lang"),
            cookie=request.cookies.get(i18n.COOKIE),
            accept_language=request.headers.get("Accept-Language"),
            default=current_app.config["LANGUAGE"],
            supported=supported(),
        )
    return str(found)


def current() -> str:
    """The page's locale name (``es``, ``pt_BR``)."""
    return select_locale()


def lang_url(locale: str) -> str:
    """This page's address with ``?lang=`` set: the language switcher's links.

    The claim page keeps no other query parameter, so its cached rendering is the same
    whatever a visitor's address carried (web.page_cache keys it without the query)."""
    args = {} if request.endpoint == "public.claim" else request.args.to_dict()
    args["lang"] = locale
    return f"{request.path}?{urlencode(args)}"


def language_name(locale: str) -> str:
    """A language's name in itself (``español``, ``français``), for the switcher."""
    try:
        name = Locale.parse(locale).get_display_name(locale) or locale
    except (ValueError, TypeError):
        return locale
    return name[:1].upper() + name[1:]


def remember_choice(response: Response) -> Response:
    """``?lang=xx`` for an offered language sets the cookie that remembers it; such a
    response is the reader's own, so no shared cache keeps it."""
    asked = request.args.get("lang")
    if not asked:
        return response
    chosen = i18n.match(asked, supported())
    if chosen and request.cookies.get(i18n.COOKIE) != chosen:
        response.set_cookie(
            i18n.COOKIE,
            chosen,
            max_age=i18n.COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure,
            httponly=True,
        )
        response.headers["Cache-Control"] = "private, no-store"
    return response


def vary(response: Response) -> Response:
    """Every page may differ by cookie (the language one too) and by Accept-Language."""
    if response.mimetype == "text/html":
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
    return response


def format_date(value: date | datetime | None, fmt: str = "long") -> str:
    """A date in the page's language (``3 June 2019``, ``3 de junio de 2019``)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_day(value)
    if fmt == "long" and current() == "en":
        # Plain "en" keeps the day-month order the site always used (and most English-
        # language fact checkers outside the US write); "en_US" gives "June 3, 2019".
        fmt = "d MMMM y"
    # A list page shows twenty dates; Babel takes ~40 µs for each, and a day's name in a
    # language never changes (the zone was applied above: ``value`` is a day now).
    return _format_day(str(get_locale()), value, fmt)


@lru_cache(maxsize=8192)
def _format_day(_locale: str, value: date, fmt: str) -> str:
    return str(babel_format_date(value, fmt))


def format_datetime(value: datetime | None, fmt: str = "medium") -> str:
    """A date and time in the page's language (UTC unless BABEL_DEFAULT_TIMEZONE says)."""
    return "" if value is None else str(babel_format_datetime(value, fmt))


def format_moment(value: datetime | None) -> str:
    """A date with its time and time zone, for when the date alone would be ambiguous
    (``3 June 2019, 14:05 UTC``, ``3 de junio de 2019, 14:05 UTC``, ``3 juin 2019, 14:05 TU``):
    the locale's own order of date and time, its short time, the zone's short name."""
    if value is None:
        return ""
    day = format_date(value)
    time = f"{babel_format_time(value, 'short')} {babel_format_time(value, 'z')}"
    # CLDR's glue for a date and a time ("{1}, {0}"; "{1} 'at' {0}" in some locales).
    glue = str(get_locale().datetime_formats["medium"]).replace("'", "")
    return glue.replace("{1}", day).replace("{0}", time)


def local_day(value: date | datetime) -> date:
    """The day a moment falls on where the site shows times (BABEL_DEFAULT_TIMEZONE)."""
    return to_user_timezone(value).date() if isinstance(value, datetime) else value


def shared_days(values: Iterable[datetime | None]) -> set[date]:
    """The days on which two or more different moments of ``values`` fall: there a date
    alone cannot tell which came first, so the page shows their times."""
    days = Counter(local_day(v) for v in set(values) if v is not None)
    return {day for day, count in days.items() if count > 1}


def format_number(value: float | int | None) -> str:
    """A number with the page language's separators (``12,345``, ``12.345``, ``12 345``)."""
    if value is None:
        return ""
    if type(value) is int:
        # A search page formats some sixty counts; Babel takes ~10 µs for each.
        return _format_int(str(get_locale()), value)
    return str(babel_format_decimal(value))


@lru_cache(maxsize=4096)
def _format_int(locale: str, value: int) -> str:
    return str(babel_format_number(value, locale=locale))


def format_decimal(value: float | None, pattern: str | None = None) -> str:
    """A number with a fixed pattern (``0.00``) in the page language's notation (``0,85``)."""
    return "" if value is None else str(babel_format_decimal(value, pattern))


def init_app(app: Flask, babel: Babel) -> None:
    """Attach Flask-Babel, the selector, the cookie, the filters and template globals."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(i18n.TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(remember_choice)
    app.after_request(vary)
    app.jinja_env.filters["format_date"] = format_date
    app.jinja_env.filters["format_datetime"] = format_datetime
    app.jinja_env.filters["format_moment"] = format_moment
    app.jinja_env.filters["local_day"] = local_day
    app.jinja_env.filters["format_number"] = format_number
    app.jinja_env.filters["format_decimal"] = format_decimal
    app.jinja_env.globals.update(
        lang_url=lang_url,
        language_name=language_name,
        languages=lambda: supported(app),
        page_locale=current,
        page_lang=lambda: i18n.html_lang(current()),
        page_dir=lambda: "rtl" if i18n.is_rtl(current()) else "ltr",
        rating_label=rating_label,
        shared_days=shared_days,
        text_lang=text_lang,
        rating_text=rating_text,
    )
    app.jinja_env.filters["rating_text"] = rating_text
    # Whitespace inside {% trans %} blocks is collapsed, so msgids stay one tidy line.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    # get_locale is re-exported for templates that need the Babel Locale itself.
    app.jinja_env.globals["get_locale"] = get_locale
