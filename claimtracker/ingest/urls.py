"""URL checks and canonical forms (pure)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from claimtracker.i18n import N_, Message

# Query parameters that identify a campaign or a click, never the document.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_ga",
        "_gl",
        "ref_src",
        "ref_url",
        "cmpid",
        "ocid",
        "smid",
        "s_cid",
        "mbid",
        "share",
        "ncid",
        "sr_share",
        "ito",
        "at_medium",
        "at_campaign",
    }
)


#: Whitespace anywhere (``\s`` is exactly what ``str.isspace`` says is space, at C speed:
#: a per-character generator was a twentieth of a bulk import's CPU time).
_SPACE = re.compile(r"\s")


class InvalidURL(ValueError):
    """The text is not an absolute http(s) URL (its argument, a Message, says why)."""


_TOO_LONG = Message(N_("the URL is longer than 2048 characters"))


def require_http_url(url: str) -> str:
    """Return ``url`` stripped if it is an absolute http or https URL with a host.

    Raises InvalidURL with the reason otherwise.
    """
    url = (url or "").strip()
    if not url:
        raise InvalidURL(Message(N_("a URL is required")))
    if len(url) > 2048:
        raise InvalidURL(_TOO_LONG)
    if _SPACE.search(url):
        raise InvalidURL(Message(N_("a URL cannot contain spaces")))
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as err:
        raise InvalidURL(Message(N_("not a valid URL: %(error)s"), error=err)) from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise InvalidURL(Message(N_("only http:// and https:// URLs are accepted")))
    if not parts.hostname:
        raise InvalidURL(Message(N_("the URL has no host name")))
    return url


@lru_cache(maxsize=16384)  # pure, and a bulk import asks about each URL several times
def canonical_url(url: str) -> str:
    """The canonical form used to log an article once: scheme and host lowercased,
    default port, ``utm_*`` and other tracking parameters and the fragment removed.

    Raises InvalidURL for anything that is not an http(s) URL.
    """
    url = require_http_url(url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    netloc = (
        host
        if port is None or (scheme, port) in {("http", 80), ("https", 443)}
        else (f"{host}:{port}")
    )
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    ]
    path = parts.path or "/"
    canonical = urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))
    if len(canonical) > 2048:  # re-encoding the query can lengthen it ("é" -> "%C3%A9")
        raise InvalidURL(_TOO_LONG)
    return canonical


def host_of(url: str) -> str:
    """The host name of ``url`` without a leading ``www.``."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def wayback_url(url: str) -> str:
    """The Wayback Machine's listing of captures of ``url`` (a link; never fetched here)."""
    return f"https://web.archive.org/web/*/{require_http_url(url)}"
