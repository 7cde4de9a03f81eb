"""Sorting a chunk of parsed reviews for the bulk import (services/claimreview_bulk):
which are new and simple enough to write in bulk, which were imported before and are
unchanged, and the reads that decide it (one query per kind of row)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from claimtracker.claimreview.mapping import MappedRating
from claimtracker.claimreview.parse import ParsedReview
from claimtracker.ingest.urls import InvalidURL, canonical_url
from claimtracker.models import (
    Appearance,
    Article,
    Claim,
    Claimant,
    Rating,
    Verdict,
)
from claimtracker.services.verdicts import MAX_SUMMARY_CHARS


@dataclass
class Item:
    """One parsed review waiting in a chunk."""

    index: int
    node: dict[str, Any]
    review: ParsedReview
    mapped: MappedRating
    #: Filled in when the review is written (or found unchanged) in bulk.
    claim_id: int | None = None
    created: bool = False
    articles: list[str] = field(default_factory=list)


def _column(model: Any) -> Any:
    return model.__table__


def _ids_by(conn: Connection, model: Any, column: str, values: set[str]) -> dict[str, int]:
    table = _column(model)
    found: dict[str, int] = {}
    values_list = sorted(values)
    for i in range(0, len(values_list), 500):
        part = values_list[i : i + 500]
        rows = conn.execute(select(table.c[column], table.c.id).where(table.c[column].in_(part)))
        found.update({value: ident for value, ident in rows})
    return found


def _name(value: str | None) -> str:
    return " ".join((value or "").split())[:200]


def _summary(item: Item) -> str:
    review, mapped = item.review, item.mapped
    return (
        review.summary
        or (
            f"{review.publisher_name or 'The publisher'} rated this claim "
            f"“{mapped.original or mapped.label}”. Read the review: {review.url}"
        )
    ).strip()


def simple_new(item: Item, ratings: dict[str, int], known_articles: dict[str, bool]) -> bool:
    """Whether a new review can be written in bulk with exactly what the one-by-one path
    would write (otherwise that path takes it, with its full checks and messages)."""
    review = item.review
    if not " ".join(review.claim_reviewed.split()) or item.mapped.label not in ratings:
        return False
    summary = _summary(item)
    if not summary or len(summary) > MAX_SUMMARY_CHARS:
        return False
    if review.claimant is not None and not _name(review.claimant):
        return False
    urls = []
    for ref in review.appearances:
        try:
            url = canonical_url(ref.url)
        except InvalidURL:
            return False
        if known_articles.get(url):  # has a snapshot: the quote must be anchored
            return False
        urls.append(url)
    item.articles = list(dict.fromkeys(urls))
    return True


def unchanged(item: Item, claim: Any, appearance_urls: set[str]) -> bool:
    """A review imported before whose re-import would change nothing."""
    review, mapped = item.review, item.mapped
    text = " ".join(review.claim_reviewed.split())
    if len(text) <= 200 and claim.text != text:
        return False
    if review.claimant and claim.claimant != review.claimant:
        return False
    if review.claim_date and claim.claimed_on != review.claim_date:
        return False
    if claim.origin_publisher != (review.publisher_name[:300] or None):
        return False
    if claim.origin_json != review.raw_json:
        return False
    if claim.rating != mapped.label or claim.original_rating != mapped.original:
        return False
    for ref in review.appearances:
        try:
            if canonical_url(ref.url) not in appearance_urls:
                return False
        except InvalidURL:
            return False
    return True


def existing_claims(conn: Connection, keys: list[str]) -> dict[str, Any]:
    """Claims imported before, by review URL, with what a re-import compares."""
    out: dict[str, Any] = {}
    for i in range(0, len(keys), 500):
        rows = conn.execute(
            select(
                Claim.id,
                Claim.origin_url,
                Claim.text,
                Claim.claimed_on,
                Claim.origin_publisher,
                Claim.origin_json,
                Claimant.name.label("claimant"),
                Rating.label.label("rating"),
                Verdict.original_rating,
            )
            .outerjoin(Claimant, Claimant.id == Claim.claimant_id)
            .outerjoin(Verdict, Verdict.id == Claim.current_verdict_id)
            .outerjoin(Rating, Rating.id == Verdict.rating_id)
            .where(Claim.origin_url.in_(keys[i : i + 500]))
        )
        out.update({row.origin_url: row for row in rows})
    return out


def appearance_urls(conn: Connection, claim_ids: list[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for i in range(0, len(claim_ids), 500):
        rows = conn.execute(
            select(Appearance.claim_id, Article.url)
            .join(Article, Article.id == Appearance.article_id)
            .where(Appearance.claim_id.in_(claim_ids[i : i + 500]))
        )
        for claim_id, url in rows:
            out.setdefault(claim_id, set()).add(url)
    return out


def articles_with_text(conn: Connection, items: list[Item]) -> dict[str, bool]:
    """For every article URL the reviews name: whether it is logged with a snapshot."""
    urls: set[str] = set()
    for item in items:
        for ref in item.review.appearances:
            try:
                urls.add(canonical_url(ref.url))
            except InvalidURL:
                continue
    out: dict[str, bool] = {}
    listed = sorted(urls)
    for i in range(0, len(listed), 500):
        rows = conn.execute(
            select(Article.url, Article.text.is_not(None)).where(
                Article.url.in_(listed[i : i + 500])
            )
        )
        out.update({url: bool(has_text) for url, has_text in rows})
    return out
