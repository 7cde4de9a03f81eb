"""The CSV export: one row per published claim, pure over records."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from claimtracker.publishing.dates import iso
from claimtracker.publishing.links import exchange_quote_link
from claimtracker.publishing.records import ClaimRecord, QuoteCheckRecord

COLUMNS = [
    "id",
    "url",
    "text",
    "claimant",
    "claimed_on",
    "rating",
    "rating_value",
    "original_rating",
    "fidelity",
    "fidelity_value",
    "first_published_at",
    "summary",
    "appearances",
    "quote_checks",
]


def quote_check_line(check: QuoteCheckRecord | None) -> str:
    """One line per appearance, in the order of ``appearances``: the watchdog's last look."""
    if check is None:
        return ""
    line = f"{check.status}; checked {iso(check.checked_at) or 'never'}"
    if check.version:
        line += f"; version {check.version}"
    if check.now:
        line += f"; now reads: {' '.join(check.now.split())}"
    if check.error:
        line += f"; {check.error}"
    return line


def row(claim: ClaimRecord, url: str) -> dict[str, object]:
    """The CSV row of one claim."""
    verdict = claim.current_verdict
    return {
        "id": claim.id,
        "url": url,
        "text": claim.text,
        "claimant": claim.claimant.name if claim.claimant else "",
        "claimed_on": iso(claim.claimed_on) or "",
        "rating": verdict.rating.label if verdict else "",
        "rating_value": verdict.rating.value if verdict and verdict.rating.value else "",
        "original_rating": (verdict.original_rating if verdict else None) or "",
        # the second axis: was it reported faithfully? (empty: not assessed)
        "fidelity": verdict.fidelity.label if verdict and verdict.fidelity else "",
        "fidelity_value": verdict.fidelity.value if verdict and verdict.fidelity else "",
        "first_published_at": iso(claim.first_published_at) or "",
        "summary": verdict.summary if verdict else "",
        # One link per line: the article URL with a text fragment for the quote.
        "appearances": "\n".join(
            exchange_quote_link(a.article.url, a.exact) for a in claim.appearances
        ),
        "quote_checks": "\n".join(quote_check_line(a.check) for a in claim.appearances),
    }


def stream(claims: Iterable[ClaimRecord], *, url_of: Callable[[ClaimRecord], str]) -> Iterator[str]:
    """The CSV text, header first, a row at a time."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for claim in claims:
        writer.writerow(row(claim, url_of(claim)))
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()
