"""URL text fragments (``#:~:text=``), the WICG "Text Fragments" syntax (pure).

A link to an exact quote is the article URL plus ``#:~:text=`` and the percent-encoded
quote. The export writes appearances this way, so the import can read the quote back.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

DIRECTIVE = ":~:text="

# The spec requires "-", "&" and "," to be percent-encoded inside a text directive
# because they are its own syntax; quote() leaves "-" alone, so it is added by hand.
_SAFE = ""


def encode_part(text: str) -> str:
    """Percent-encode one part of a text directive (every reserved character)."""
    return quote(text, safe=_SAFE).replace("-", "%2D")


def text_fragment_link(url: str, exact: str) -> str:
    """``url`` with a text fragment pointing at ``exact``; ``url`` alone when ``exact``
    is empty. An existing fragment on ``url`` is replaced."""
    base = url.split("#", 1)[0]
    exact = (exact or "").strip()
    if not exact:
        return base
    return f"{base}#{DIRECTIVE}{encode_part(exact)}"


def split_text_fragment(url: str) -> tuple[str, str]:
    """``(url without fragment, exact quote)`` from a text-fragment link.

    Only ``text=textStart`` and ``prefix-,textStart,-suffix`` forms give a quote; a range
    (``start,end``) gives only its start. A URL with no text directive gives ``""``.
    """
    base, _, fragment = (url or "").partition("#")
    if DIRECTIVE not in fragment:
        return base, ""
    directive = fragment.split(DIRECTIVE, 1)[1].split("&", 1)[0]
    parts = directive.split(",")
    if parts and parts[0].endswith("-"):
        parts = parts[1:]  # prefix
    if parts and parts[-1].startswith("-"):
        parts = parts[:-1]  # suffix
    return base, unquote(parts[0]) if parts else ""
