"""Slugs of public pages, and links into the articles a claim was quoted in (pure; the
Flask half, canonical URLs built with url_for, is ``publishing.urls``).

Quote links come in two kinds on purpose, and they stay different:

- :func:`reader_quote_link` (the claim page) is for a browser: it scrolls to the quote and
  highlights it, and adds context words (prefix/suffix) only when the quote occurs more
  than once in the article, so the browser lands on the right occurrence.
- :func:`exchange_quote_link` (API JSON, ClaimReview, CSV) is data for another machine:
  the whole quote, verbatim, without context words, so an importer reads the quote back
  from the URL alone (``textfragment.split_text_fragment``), and the link is the same
  whatever the snapshot holds (the API and feeds never read the megabyte snapshot to count
  occurrences).
"""

from __future__ import annotations

from functools import lru_cache

from slugify import slugify

from claimtracker.textfragment import link_to_quote


@lru_cache(maxsize=8192)
def claim_slug(text: str) -> str:
    """The readable part of a canonical URL (claims, claimants, outlets). Memoised: slugify
    costs more than the fast path's whole database read."""
    return slugify(text or "", max_length=80, word_boundary=True) or "claim"


def reader_quote_link(
    url: str, exact: str, prefix: str = "", suffix: str = "", *, ambiguous: bool
) -> str:
    """The article URL that scrolls a browser to the quote (context words only when the
    quote is ``ambiguous``: it occurs more than once in the snapshot)."""
    return link_to_quote(url, exact, prefix, suffix, ambiguous=ambiguous)


def exchange_quote_link(url: str, exact: str | None) -> str:
    """The article URL carrying the whole quote, for machines (see the module docstring)."""
    return link_to_quote(url, exact, whole=True)
