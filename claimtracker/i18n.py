"""Which language a page is shown in, decided from plain values (no Flask, no request).

The web layer (web.locale) and the WSGI fast path (web.fastpath) both call
:func:`choose_locale`, so a page rendered by the app and a page answered from the render
cache are always in the same language: the cache key and the ETag carry its result.

Order: an explicit ``?lang=`` choice, then the ``lang`` cookie that remembers it (no
account needed), then the browser's ``Accept-Language``, then the site's ``LANGUAGE``.

It also holds :class:`Message`, how pure code (the fetcher, the URL checks, the feed and
ClaimReview readers, the search parser) says why without knowing Babel: an English string
that carries its catalog id and values, which the service, view or command that shows it
translates (``services.messages``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

#: The cookie that remembers a reader's ``?lang=`` choice.
COOKIE = "lang"
#: Kept a year: a language is a lasting preference, not a session.
COOKIE_MAX_AGE = 365 * 24 * 3600
#: Languages written right to left (their primary subtag).
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"}
)
#: Where the catalogs live: translations/<locale>/LC_MESSAGES/messages.{po,mo}.
TRANSLATIONS = Path(__file__).resolve().parent / "translations"

_TAG = re.compile(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")


def N_(text: str) -> str:
    """Marks a message for the catalog (pybabel's ``N_``); whoever shows it translates it."""
    return text


class Message(str):
    """A reason or note for a person: its English text, carrying its catalog id and values
    so whoever shows it can put it in the reader's language (pure code knows no Babel).

    A value may itself be a Message (a refusal's reason inside "refused to fetch …"); an
    integer is written with its thousands grouped, as the translated text writes it in
    each language (``5,242,880`` in English)."""

    msgid: str
    params: dict[str, object]

    def __new__(cls, msgid: str, **params: object) -> Message:
        shown = {key: _english(value) for key, value in params.items()}
        made = super().__new__(cls, msgid % shown if params else msgid)
        made.msgid, made.params = msgid, params
        return made


def _english(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return format(value, ",")
    return value


def normalise(tag: str | None) -> str | None:
    """A language tag as Babel names locales (``pt-br`` -> ``pt_BR``), or None if malformed."""
    if not tag:
        return None
    tag = tag.strip()
    if len(tag) > 35 or not _TAG.fullmatch(tag):
        return None
    parts = re.split(r"[_-]", tag)
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part)
    return "_".join(out)


def match(tag: str | None, supported: Sequence[str]) -> str | None:
    """The supported locale a tag asks for: exact first, then by its language alone
    (``fr_CA`` -> ``fr``; ``pt`` -> ``pt_BR`` when that is the only Portuguese)."""
    wanted = normalise(tag)
    if wanted is None:
        return None
    by_lower = {s.lower(): s for s in supported}
    if wanted.lower() in by_lower:
        return by_lower[wanted.lower()]
    language = wanted.split("_")[0]
    if language in by_lower:
        return by_lower[language]
    for locale in supported:
        if locale.split("_")[0].lower() == language:
            return locale
    return None


def parse_accept_language(header: str | None) -> list[str]:
    """The tags of an ``Accept-Language`` header, most wanted first (q=0 dropped)."""
    ranked: list[tuple[float, int, str]] = []
    for index, item in enumerate((header or "").split(",")[:32]):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, index, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]


def choose_locale(
    *,
    asked: str | None,
    cookie: str | None,
    accept_language: str | None,
    default: str,
    supported: Sequence[str],
) -> str:
    """The locale to render in: ``?lang=``, the cookie, Accept-Language, then the default."""
    for tag in (asked, cookie):
        found = match(tag, supported)
        if found:
            return found
    for tag in parse_accept_language(accept_language):
        found = match(tag, supported)
        if found:
            return found
    return match(default, supported) or (supported[0] if supported else "en")


def is_rtl(locale: str) -> bool:
    """Whether the locale's script runs right to left."""
    return locale.replace("-", "_").split("_")[0].lower() in RTL_LANGUAGES


def html_lang(locale: str) -> str:
    """The BCP 47 tag for ``<html lang>`` (``pt_BR`` -> ``pt-BR``)."""
    return locale.replace("_", "-")


@cache
def catalog_locales(folder: Path = TRANSLATIONS) -> tuple[str, ...]:
    """The locales that ship a catalog (a folder with ``LC_MESSAGES/messages.po``). Read
    once per process: catalogs change only with a deploy, and every page (the WSGI fast
    path's 304 too) asks which languages it may answer in."""
    if not folder.is_dir():
        return ()
    return tuple(sorted(p.parent.parent.name for p in folder.glob("*/LC_MESSAGES/messages.po")))


def supported_locales(default: str, configured: Iterable[str] | None) -> list[str]:
    """What readers may choose: the ``LANGUAGES`` setting, or English plus every shipped
    catalog; the site language is always among them (first)."""
    base = list(configured) if configured else ["en", *catalog_locales()]
    out: list[str] = []
    for tag in [default, *base]:
        name = normalise(tag)
        if name and name not in out:
            out.append(name)
    return out
