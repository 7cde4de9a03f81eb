"""The one step from loaded models to the plain data outward formats are written from.

``claim_record`` reads a loaded claim (claimant, current verdict with rating, appearances
with article and outlet) into frozen dataclasses; ClaimReview, the DataFeed and CSV are
written from those alone, so they stay pure and testable without a database. It issues no
query of its own: the caller loads what it reads (``services.feeds.iter_published_claims``
or ``services.reading.full_claim_options``). Pure: models are only type hints here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimtracker.models import Appearance, Claim


@dataclass(frozen=True)
class Named:
    """A claimant or an outlet, as formats name it."""

    name: str


@dataclass(frozen=True)
class RatingRecord:
    label: str
    #: None for a rating without a number (Unproven).
    value: int | None


@dataclass(frozen=True)
class FidelityRecord:
    """The second axis: was it reported faithfully? (value of the FIDELITY scale, label)."""

    value: str
    label: str


@dataclass(frozen=True)
class VerdictRecord:
    rating: RatingRecord
    summary: str
    published_at: datetime | None
    #: The publisher's own wording, for imported claims.
    original_rating: str | None = None
    #: None when faithfulness was not assessed.
    fidelity: FidelityRecord | None = None


@dataclass(frozen=True)
class ArticleRecord:
    url: str
    headline: str | None
    published_on: date | None
    outlet: Named | None


@dataclass(frozen=True)
class QuoteCheckRecord:
    """The quote watchdog's last look at an appearance (see ``claim_json.quote_check``)."""

    status: str
    checked_at: datetime | None
    #: The article version checked (1 is the snapshot quoted).
    version: int | None
    #: The wording in the article now, when the quote was altered.
    now: str | None
    error: str | None


@dataclass(frozen=True)
class CitedRecord:
    """The source an appearance cites: where, what the article attributes it to, and the
    passage found in it (None when the source holds no trace of the appearance's passage)."""

    url: str
    attributed_to: str | None
    passage: str | None
    archive_url: str | None = None


@dataclass(frozen=True)
class AppearanceRecord:
    article: ArticleRecord
    exact: str
    check: QuoteCheckRecord | None = None
    cited: CitedRecord | None = None


@dataclass(frozen=True)
class ClaimRecord:
    """A published claim as the outward formats see it."""

    id: int
    text: str
    claimant: Named | None
    claimed_on: date | None
    language: str | None
    first_published_at: datetime | None
    current_verdict: VerdictRecord | None
    appearances: tuple[AppearanceRecord, ...]
    #: Set for a claim imported from another publisher's ClaimReview.
    origin_url: str | None = None
    origin_publisher: str | None = None
    origin_json: str | None = None


def claim_record(claim: Claim) -> ClaimRecord:
    """The record of a loaded claim (no query: see the module docstring)."""
    verdict = claim.current_verdict
    return ClaimRecord(
        id=claim.id,
        text=claim.text,
        claimant=Named(claim.claimant.name) if claim.claimant else None,
        claimed_on=claim.claimed_on,
        language=claim.language,
        first_published_at=claim.first_published_at,
        current_verdict=(
            VerdictRecord(
                rating=RatingRecord(verdict.rating.label, verdict.rating.value),
                summary=verdict.summary or "",
                published_at=verdict.published_at,
                original_rating=verdict.original_rating,
                fidelity=(
                    FidelityRecord(verdict.fidelity, verdict.fidelity_label or verdict.fidelity)
                    if verdict.fidelity
                    else None
                ),
            )
            if verdict is not None
            else None
        ),
        appearances=tuple(
            AppearanceRecord(
                article=ArticleRecord(
                    url=a.article.url,
                    headline=a.article.headline,
                    published_on=a.article.published_on,
                    outlet=Named(a.article.outlet.name) if a.article.outlet else None,
                ),
                exact=a.exact,
                check=QuoteCheckRecord(
                    status=a.quote_status,
                    checked_at=a.checked_at,
                    version=a.checked_version,
                    now=a.current_exact if a.quote_status == "altered" else None,
                    error=a.check_error,
                ),
                cited=_cited(a),
            )
            for a in claim.appearances
        ),
        origin_url=claim.origin_url,
        origin_publisher=claim.origin_publisher,
        origin_json=claim.origin_json,
    )


def _cited(appearance: Appearance) -> CitedRecord | None:
    article = appearance.cited_article if appearance.cited_article_id is not None else None
    url = article.url if article is not None else appearance.cited_url
    if url is None:
        return None
    return CitedRecord(
        url=url,
        attributed_to=appearance.attributed_to,
        passage=appearance.cited_exact,
        archive_url=(article.archive_url if article is not None else None)
        or appearance.cited_archive_url,
    )


def claim_records(claims: Iterable[Claim]) -> Iterable[ClaimRecord]:
    """``claim_record`` over many claims, lazily (a streamed feed stays streamed)."""
    return (claim_record(c) for c in claims)
