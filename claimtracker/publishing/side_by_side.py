"""What an outlet wrote beside what its cited source wrote: the data both the desk and the
public claim page show (issue 11).

Reads a loaded appearance (its article, and its cited article when one is linked: the
caller loads them) and issues no query. The differing words come from
``alignment.compare``: runs the templates mark with ``<ins>`` (the outlet's words) and
``<del>`` (the source's), never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimtracker.alignment import Flip, NumberChange, compare
from claimtracker.ingest.urls import host_of
from claimtracker.publishing.links import reader_quote_link

if TYPE_CHECKING:
    from claimtracker.models import Appearance


@dataclass(frozen=True)
class SideBySide:
    """The two passages, each with its link (a text fragment to the passage) and archived
    copy; ``source_runs`` is None when the source holds no trace of the passage."""

    outlet: str
    article_runs: list[tuple[str, str]]
    article_link: str
    article_archive: str | None
    source: str
    attributed_to: str | None
    source_runs: list[tuple[str, str]] | None
    source_link: str
    source_archive: str | None
    numbers: list[NumberChange]
    flips: list[Flip]


def _host(url: str) -> str:
    return host_of(url) or url


def side_by_side(appearance: Appearance) -> SideBySide | None:
    """The side-by-side view of an appearance and its cited source, or None when no cited
    source is linked."""
    cited = appearance.cited_article if appearance.cited_article_id is not None else None
    source_url = cited.url if cited is not None else appearance.cited_url
    if source_url is None:
        return None
    article = appearance.article
    outlet = article.outlet.name if article.outlet else _host(article.url)
    if cited is not None and cited.outlet is not None:
        source = cited.outlet.name
    else:
        source = _host(source_url)
    exact, cited_exact = appearance.exact or "", appearance.cited_exact
    if cited_exact:
        found = compare(cited_exact, exact)
        article_runs, source_runs = found.article_runs, found.source_runs
        numbers, flips = found.numbers, found.flips
        source_link = reader_quote_link(
            source_url,
            cited_exact,
            appearance.cited_prefix or "",
            appearance.cited_suffix or "",
            ambiguous=False,
        )
    else:
        article_runs, source_runs, numbers, flips = [("=", exact)], None, [], []
        source_link = source_url
    article_link = (
        reader_quote_link(article.url, exact, appearance.prefix, appearance.suffix, ambiguous=False)
        if exact
        else article.url
    )
    return SideBySide(
        outlet=outlet,
        article_runs=article_runs,
        article_link=article_link,
        article_archive=article.archive_url,
        source=source,
        attributed_to=appearance.attributed_to,
        source_runs=source_runs,
        source_link=source_link,
        source_archive=(cited.archive_url if cited is not None else None)
        or appearance.cited_archive_url,
        numbers=numbers,
        flips=flips,
    )
