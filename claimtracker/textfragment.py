"""URL text fragments (``#:~:text=``) built from quote anchors, and parsed back (pure).

The one text-fragment module: the reader's quote links, the API's ``link``, the CSV and
ClaimReview exports (appearance URLs) and the ClaimReview importer (reading quotes back
from appearance URLs) all use it.

Follows the WICG Text Fragments spec: a directive is
``text=[prefix-,]textStart[,textEnd][,-suffix]`` and every part is percent-encoded, with
``-``, ``&`` and ``,`` encoded too because they are the directive's own syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

#: Quotes longer than this are linked as ``start,end`` (a few words each) to keep URLs short.
LONG_QUOTE_CHARS = 300
RANGE_WORDS = 5
CONTEXT_WORDS = 3
#: Anchors store this many characters of prefix and suffix (ingest.anchors.CONTEXT_CHARS).
CONTEXT_CHARS = 32


@dataclass(frozen=True)
class TextDirective:
    """The parts of one ``text=`` directive, decoded."""

    start: str
    end: str = ""
    prefix: str = ""
    suffix: str = ""


def encode_part(text: str) -> str:
    """Percent-encode one directive part: UTF-8, everything but unreserved characters,
    and ``-`` as well (unreserved in URLs, but syntax inside a text directive)."""
    return quote(text, safe="").replace("-", "%2D")


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _words_at_end(text: str, count: int) -> str:
    words = text.split()
    # A full-width context (anchors keep CONTEXT_CHARS) was probably cut mid-word, and a
    # stub never matches on a word boundary: drop it.
    if words and len(text) >= CONTEXT_CHARS and text[:1].strip():
        words = words[1:]
    return " ".join(words[-count:])


def _words_at_start(text: str, count: int) -> str:
    words = text.split()
    if words and len(text) >= CONTEXT_CHARS and text[-1:].strip():
        words = words[:-1]
    return " ".join(words[:count])


def is_ambiguous(exact: str, document: str | None) -> bool:
    """Whether ``exact`` occurs more than once in ``document`` (case-insensitively, as a
    browser matches), so context is needed to land on the right occurrence."""
    if not document or not exact:
        return False
    needle = _collapse(exact).casefold()
    return _collapse(document).casefold().count(needle) > 1


def build_directive(
    exact: str | None,
    prefix: str = "",
    suffix: str = "",
    document: str | None = None,
    ambiguous: bool | None = None,
    *,
    whole: bool = False,
) -> TextDirective | None:
    """Choose the directive for a quote: the whole quote, or ``start,end`` for a long one,
    with ``prefix-,``/``,-suffix`` context only when the quote occurs more than once
    (``ambiguous``, or else counted in ``document``).

    ``whole=True`` is for links that carry the quote to another system (API, exports):
    the quote is kept verbatim (only stripped) and never shortened to a range, so
    :func:`split_text_fragment` gives back exactly what was stored.
    """
    exact = (exact or "").strip() if whole else _collapse(exact or "")
    if not exact:
        return None
    start, end = exact, ""
    words = exact.split()
    if not whole and len(exact) > LONG_QUOTE_CHARS and len(words) > 2 * RANGE_WORDS:
        start = " ".join(words[:RANGE_WORDS])
        end = " ".join(words[-RANGE_WORDS:])
    before = after = ""
    if ambiguous is None:
        ambiguous = is_ambiguous(exact, document)
    if ambiguous:
        before = _words_at_end(prefix, CONTEXT_WORDS)
        after = _words_at_start(suffix, CONTEXT_WORDS)
    return TextDirective(start=start, end=end, prefix=before, suffix=after)


def directive_fragment(directive: TextDirective) -> str:
    """The fragment (without ``#``) for one directive: ``:~:text=...``."""
    parts = []
    if directive.prefix:
        parts.append(encode_part(directive.prefix) + "-")
    parts.append(encode_part(directive.start))
    if directive.end:
        parts.append(encode_part(directive.end))
    if directive.suffix:
        parts.append("-" + encode_part(directive.suffix))
    return ":~:text=" + ",".join(parts)


def link_to_quote(
    url: str,
    exact: str | None,
    prefix: str = "",
    suffix: str = "",
    document: str | None = None,
    ambiguous: bool | None = None,
    *,
    whole: bool = False,
) -> str:
    """``url`` with a text fragment that scrolls to and highlights ``exact``.

    Any fragment already on ``url`` is replaced. Returns ``url`` without its fragment for
    an empty quote. ``whole``: see :func:`build_directive`.
    """
    directive = build_directive(exact, prefix, suffix, document, ambiguous, whole=whole)
    base = url.split("#", 1)[0]
    if directive is None:
        return base
    return f"{base}#{directive_fragment(directive)}"


_DIRECTIVE = re.compile(r"(?:^|&)text=([^&]*)")


def parse_text_directives(url_or_fragment: str) -> list[TextDirective]:
    """Decode every ``text=`` directive in a URL or fragment (the inverse of the builder)."""
    fragment = url_or_fragment.split("#", 1)[1] if "#" in url_or_fragment else url_or_fragment
    if ":~:" not in fragment:
        return []
    directives = fragment.split(":~:", 1)[1]
    found = []
    for match in _DIRECTIVE.finditer(directives):
        parts = match.group(1).split(",")
        prefix = suffix = ""
        if parts and parts[0].endswith("-"):
            prefix = unquote(parts.pop(0)[:-1])
        if parts and parts[-1].startswith("-"):
            suffix = unquote(parts.pop()[1:])
        if not parts or len(parts) > 2:
            continue
        start = unquote(parts[0])
        end = unquote(parts[1]) if len(parts) == 2 else ""
        found.append(TextDirective(start=start, end=end, prefix=prefix, suffix=suffix))
    return found


def split_text_fragment(url: str) -> tuple[str, str]:
    """``(url without fragment, quote)`` from a text-fragment link, for the importer.

    The quote is the first directive's ``textStart``: the whole quote for links made with
    ``whole=True``, only the start of a ``start,end`` range. Context (``prefix-,``,
    ``,-suffix``) is dropped. A URL with no text directive gives ``(url, "")``.
    """
    base = (url or "").split("#", 1)[0]
    directives = parse_text_directives(url or "")
    return base, directives[0].start if directives else ""
