"""ClaimReview import: one transaction per review, keyed by the review's url.

Callers: the ``claimtracker import`` command and the desk's upload form (editors).
Each review is committed on its own and rolled back on any failure, so a malformed item
never stops the others and never leaves half-written rows. (No SAVEPOINTs: SQLite here
relies on the driver's implicit ``BEGIN IMMEDIATE``, which nested transactions defeat.)
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from claimtracker.claimreview.mapping import MappedRating, ScaleEntry, map_rating
from claimtracker.claimreview.parse import (
    AppearanceRef,
    MalformedItem,
    ParsedReview,
    load_document,
    parse_review,
)
from claimtracker.extensions import db
from claimtracker.ingest.urls import InvalidURL, canonical_url
from claimtracker.models import Appearance, Claim, User
from claimtracker.publishing.site import organisation_url
from claimtracker.services import (
    articles,
    audit,
    claims,
    derived,
    ratings,
    verdicts,
)
from claimtracker.services import claimreview_bulk as bulk
from claimtracker.services import fidelity as fidelity_scale
from claimtracker.services.errors import ServiceError
from claimtracker.services.messages import translated

log = logging.getLogger(__name__)

IMPORTED, UPDATED, SKIPPED = "imported", "updated", "skipped"


@dataclass
class ItemReport:
    """What happened to one review of an import."""

    index: int
    status: str
    reason: str = ""
    url: str | None = None
    claim_id: int | None = None
    rating: str | None = None
    original_rating: str | None = None
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One line for the terminal or the desk's report, in the current language (the
        site's LANGUAGE in a command or the worker)."""
        where = self.url or gettext("item %(index)s", index=self.index)
        if self.status == SKIPPED:
            return gettext("skipped  %(where)s: %(reason)s", where=where, reason=self.reason)
        rated = f" -> {self.rating}" + (
            " " + gettext("(publisher: %(rating)s)", rating=self.original_rating)
            if self.original_rating
            else ""
        )
        extra = "".join(f"; {w}" for w in self.warnings)
        said = (
            gettext("imported %(where)s", where=where)
            if self.status == IMPORTED
            else gettext("updated  %(where)s", where=where)
        )
        return said + rated + extra


def scale() -> list[ScaleEntry]:
    return [ScaleEntry(r.label, r.value) for r in ratings.all_ratings()]


def import_content(
    content: bytes | str,
    actor: User | None = None,
    progress: Callable[[int], object] | None = None,
) -> list[ItemReport]:
    """Import every review found in a JSON or HTML document.

    Raises parse.DocumentError when the content is not JSON or HTML (nothing is written).
    """
    return import_nodes(load_document(content), actor, progress=progress)


#: Reviews read and written together (see services.claimreview_bulk).
CHUNK = 500


def import_nodes(
    nodes: Iterable[dict[str, Any]],
    actor: User | None = None,
    progress: Callable[[int], object] | None = None,
) -> list[ItemReport]:
    """Import review nodes, a chunk at a time: new and unchanged reviews in bulk, anything
    else one by one in its own transaction. One report per node, in order."""
    nodes = list(nodes)
    context = _Context(
        scale(),
        current_app.config.get("RATING_LABEL_MAP") or {},
        actor.id if actor else None,
        {r.label: r.id for r in ratings.all_ratings()},
    )
    reports: dict[int, ItemReport] = {}
    try:
        for start in range(0, len(nodes), CHUNK):
            # What exists now (the parsed feed, the reports so far: some 10 containers a
            # review) leaves the cycle collector's passes until the import ends. Each full
            # pass walked all of it, and the chunks' short-lived rows set off dozens of
            # passes: a sixth of a 100,000-review import's CPU time. Reference counting
            # still frees all of it; only a cycle made meanwhile waits for the collector's
            # next pass after the import.
            gc.freeze()
            chunk = list(enumerate(nodes[start : start + CHUNK], start=start + 1))
            reports.update(_import_chunk(chunk, context))
            if progress:
                progress(len(chunk))
    finally:
        gc.unfreeze()
    return [reports[i] for i in sorted(reports)]


@dataclass
class _Context:
    scale: list[ScaleEntry]
    label_map: dict[str, str]
    actor_id: int | None
    ratings: dict[str, int]


def _import_chunk(chunk: list[tuple[int, dict[str, Any]]], ctx: _Context) -> dict[int, ItemReport]:
    reports: dict[int, ItemReport] = {}
    items: list[bulk.Item] = []
    for index, node in chunk:
        try:
            review = parse_review(node)
        except MalformedItem as err:
            url = node.get("url") if isinstance(node.get("url"), str) else None
            reports[index] = ItemReport(index, SKIPPED, translated(err), url=url)
            continue
        if ctx.actor_id is not None and names_us(review):
            reports[index] = ItemReport(index, SKIPPED, str(OWN_REVIEW_REASON), url=review.url)
            continue
        review.url = review_key(review.url)
        items.append(
            bulk.Item(index, node, review, map_rating(review.rating, ctx.scale, ctx.label_map))
        )
    seen: set[str] = set()
    slow: list[bulk.Item] = []
    fast: list[bulk.Item] = []
    for item in items:  # a review URL twice in a chunk: the later ones go one by one
        (slow if item.review.url in seen else fast).append(item)
        seen.add(item.review.url)
    try:
        done = _bulk_part(fast, slow, ctx)
        db.session.commit()
        reports.update(done)
    except Exception as err:  # the whole chunk goes one by one: nothing is lost
        db.session.rollback()
        log.warning("bulk import of a chunk failed (%s); importing it one by one", err)
        slow = items
    for item in sorted(slow, key=lambda i: i.index):
        reports[item.index] = _import_one(
            item.index, item.node, ctx.actor_id, ctx.scale, ctx.label_map
        )
    return reports


def _bulk_part(
    fast: list[bulk.Item], slow: list[bulk.Item], ctx: _Context
) -> dict[int, ItemReport]:
    """Write the new reviews and recognise the unchanged ones; the rest join ``slow``."""
    conn = db.session.connection()
    existing = bulk.existing_claims(conn, [i.review.url for i in fast])
    linked = bulk.appearance_urls(conn, [c.id for c in existing.values()])
    with_text = bulk.articles_with_text(conn, fast)
    new: list[bulk.Item] = []
    reports: dict[int, ItemReport] = {}
    for item in fast:
        claim = existing.get(item.review.url)
        if claim is not None and bulk.unchanged(item, claim, linked.get(claim.id, set())):
            reports[item.index] = _report(item.index, item.review, item.mapped, UPDATED)
            reports[item.index].claim_id = claim.id
        elif claim is None and bulk.simple_new(item, ctx.ratings, with_text):
            new.append(item)
        else:
            slow.append(item)
    if new:
        bulk.write_new(conn, new, ctx.ratings, ctx.actor_id)
        # Search documents now; matching vectors (a sentence encoder, 10-20 ms of CPU a
        # claim, was 97% of an import's time) are queued for the worker in this transaction.
        derived.after_bulk_write(conn, [i.claim_id for i in new if i.claim_id], defer=True)
    for item in new:
        reports[item.index] = _report(item.index, item.review, item.mapped, IMPORTED)
        reports[item.index].claim_id = item.claim_id
    return reports


def _report(index: int, review: ParsedReview, mapped: MappedRating, status: str) -> ItemReport:
    report = ItemReport(
        index, status, url=review.url, rating=mapped.label, original_rating=mapped.original
    )
    if mapped.conflict:
        report.warnings.append(translated(mapped.conflict))
    if mapped.method == "unmapped" and mapped.original:
        report.warnings.append(
            gettext("rating %(rating)r is not on the local scale", rating=mapped.original)
        )
    return report


def _import_one(
    index: int,
    node: dict[str, Any],
    actor_id: int | None,
    local_scale: list[ScaleEntry],
    label_map: dict[str, str],
) -> ItemReport:
    url = node.get("url") if isinstance(node.get("url"), str) else None
    try:
        review = parse_review(node)
    except MalformedItem as err:
        return ItemReport(index, SKIPPED, translated(err), url=url)
    if actor_id is not None and names_us(review):
        return ItemReport(index, SKIPPED, str(OWN_REVIEW_REASON), url=review.url)
    mapped = map_rating(review.rating, local_scale, label_map)
    try:
        # Re-read the actor in this transaction: the previous item's commit expired it.
        actor = db.session.get(User, actor_id) if actor_id else None
        report = _store(index, review, mapped, actor)
        db.session.commit()
        return report
    except ServiceError as err:
        db.session.rollback()
        return ItemReport(index, SKIPPED, err.message, url=review.url)
    except SQLAlchemyError as err:
        db.session.rollback()
        log.warning("import of %s failed: %s", review.url, err)
        return ItemReport(
            index,
            SKIPPED,
            gettext("database error: %(kind)s", kind=type(err).__name__),
            url=review.url,
        )
    except Exception as err:  # one bad item must never stop the feed: report and go on
        db.session.rollback()
        log.exception("import of %s failed", review.url)
        return ItemReport(
            index, SKIPPED, gettext("unexpected error: %(error)s", error=err), url=review.url
        )


OWN_REVIEW_REASON = _l(
    "it is published in our own organisation's name; our reviews are published from the "
    "desk, where a second editor signs them off"
)


def names_us(review: ParsedReview) -> bool:
    """Whether a review's publisher is this organisation (by name, or by the host of its URL).

    An editor uploading such a review would publish in the organisation's name alone,
    bypassing the two-person rule, so the desk refuses them. The command line, run by
    whoever operates the server (restoring an export, say), may still import them.
    """
    config = current_app.config
    ours = (config.get("ORGANISATION_NAME") or "").strip().casefold()
    if ours and review.publisher_name.strip().casefold() == ours:
        return True
    our_host = urlsplit(organisation_url()).hostname
    their_host = urlsplit(review.publisher_url or "").hostname
    return bool(our_host and their_host and _bare(our_host) == _bare(their_host))


def _bare(host: str) -> str:
    return host.lower().removeprefix("www.")


def review_key(url: str) -> str:
    """The idempotency key: the review URL in canonical form, so the same review reached
    with tracking parameters, a fragment or an upper-case host is still the same review."""
    try:
        return canonical_url(url)
    except InvalidURL:
        return url.strip()


def _store(
    index: int, review: ParsedReview, mapped: MappedRating, actor: User | None
) -> ItemReport:
    review.url = review_key(review.url)
    claim = db.session.scalar(select(Claim).where(Claim.origin_url == review.url))
    report = _report(index, review, mapped, IMPORTED if claim is None else UPDATED)
    if claim is None:
        claim = claims.create_claim(
            actor,
            text=review.claim_reviewed,
            claimant=review.claimant,
            claimed_on=review.claim_date,
            language=review.language or "en",
            enforce_short=False,
        )
        claim.origin_url = review.url
    else:
        _update_claim(actor, claim, review)
    claim.origin_publisher = review.publisher_name[:300] or None
    claim.origin_json = review.raw_json
    for ref in review.appearances:
        warning = _link_appearance(actor, claim, ref)
        if warning:
            report.warnings.append(warning)
    _publish(actor, claim, review, mapped)
    report.claim_id = claim.id
    return report


def _update_claim(actor: User | None, claim: Claim, review: ParsedReview) -> None:
    changes: dict[str, Any] = {}
    text = " ".join(review.claim_reviewed.split())
    if len(text) <= 200 and claim.text != text:
        changes["text"] = text
        claim.text = text
    if review.claimant and (claim.claimant is None or claim.claimant.name != review.claimant):
        claim.claimant = claims.get_or_create_claimant(review.claimant)
        changes["claimant"] = review.claimant
    if review.claim_date and claim.claimed_on != review.claim_date:
        claim.claimed_on = review.claim_date
        changes["claimed_on"] = review.claim_date
    if changes:
        audit.record(actor, "claim.reimported", claim, claim_id=claim.id, changes=changes)


def _link_appearance(actor: User | None, claim: Claim, ref: AppearanceRef) -> str | None:
    """Log the article (metadata only) and link it; a warning instead of an error when
    the appearance cannot be linked, because the review itself is still worth having."""
    try:
        article, _ = articles.log_article(
            actor,
            url=ref.url,
            headline=ref.headline,
            outlet=ref.outlet,
            published_on=ref.published,
            origin="imported",
        )
    except ServiceError as err:
        return _left_out(ref, err)
    db.session.flush()
    known = db.session.scalar(
        select(Appearance).where(
            Appearance.claim_id == claim.id, Appearance.article_id == article.id
        )
    )
    if known is not None:
        return None
    if article.text and not ref.exact:
        return gettext(
            "appearance %(url)s left out: that article has a text snapshot, "
            "and the review names no passage to anchor",
            url=ref.url,
        )
    try:
        claims.add_appearance(actor, claim, article, exact=ref.exact)
    except ServiceError as err:
        return _left_out(ref, err)
    return None


def _left_out(ref: AppearanceRef, err: ServiceError) -> str:
    return gettext("appearance %(url)s left out: %(reason)s", url=ref.url, reason=err.message)


def _publish(actor: User | None, claim: Claim, review: ParsedReview, mapped: MappedRating) -> None:
    current = claim.current_verdict
    grade = fidelity_scale.imported(review.fidelity)
    if (
        current is not None
        and current.rating.label == mapped.label
        and current.original_rating == mapped.original
        and current.fidelity == (grade.value if grade else None)
    ):
        return  # same judgement as last time: a re-import adds no verdict
    summary = review.summary or (
        f"{review.publisher_name or 'The publisher'} rated this claim "
        f"“{mapped.original or mapped.label}”. Read the review: {review.url}"
    )
    verdicts.publish_imported(
        actor,
        claim,
        rating=mapped.label,
        summary=summary,
        publisher=review.publisher_name,
        original_rating=mapped.original,
        fidelity=grade.value if grade else None,
        # The first verdict carries the publisher's review date (claims:search reports it
        # as reviewDate); a later change is dated when we learn of it.
        published_at=None
        if current is not None or review.review_date is None
        else datetime.combine(review.review_date, time(12), tzinfo=UTC),
    )
