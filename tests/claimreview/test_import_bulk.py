"""The bulk import path writes what the one-by-one path writes, in a few statements."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from sqlalchemy import event, select

from claimtracker.extensions import db
from claimtracker.models import Appearance, AuditEvent, Claim, Verdict
from claimtracker.services import claimreview_bulk, claimreview_import, derived


def review(i: int, site: str = "bulk", label: str = "False", value: int = 1) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://{site}.example/fact-check/{i}",
        "datePublished": "2020-05-0" + str(1 + i % 9),
        "author": {"@type": "Organization", "name": "Check Desk"},
        "claimReviewed": f"Claim {i} said the {'tax' if i % 2 else 'wage'} rose by {i} percent",
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": label,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": f"Speaker {i % 4}"},
            "appearance": [
                {
                    "@type": "CreativeWork",
                    "url": f"https://news.example/{site}/{i % 7}?utm_source=x",
                    "headline": f"Story {i % 7}",
                    "publisher": {"@type": "Organization", "name": f"Outlet {i % 3}"},
                }
            ],
        },
    }


def feed(reviews: list[dict]) -> str:
    return json.dumps({"@graph": reviews})


def shape(claim_id: int) -> tuple:
    """What a claim looks like, without ids and timestamps."""
    claim = db.session.get(Claim, claim_id)
    verdicts = db.session.scalars(select(Verdict).where(Verdict.claim_id == claim_id)).all()
    actions = Counter(
        db.session.scalars(select(AuditEvent.action).where(AuditEvent.claim_id == claim_id))
    )
    appearances = db.session.scalars(
        select(Appearance).where(Appearance.claim_id == claim_id)
    ).all()
    return (
        claim.status,
        claim.current_verdict_id == verdicts[-1].id,
        claim.claimant.name.split()[0],
        claim.first_published_at is not None,
        [
            (a.quote_status, a.exact, a.article.origin, a.article.outlet.name[:6])
            for a in appearances
        ],
        [(v.status, v.reason, v.rating.label, v.original_rating, v.author_id) for v in verdicts],
        sorted(actions.items()),
    )


def test_bulk_and_one_by_one_write_the_same(ctx, monkeypatch):
    fast = claimreview_import.import_content(feed([review(i) for i in range(12)]))
    monkeypatch.setattr(claimreview_bulk, "simple_new", lambda *_a: False)
    slow = claimreview_import.import_content(feed([review(i, site="slow") for i in range(12)]))
    assert [r.status for r in fast] == [r.status for r in slow] == ["imported"] * 12
    assert [r.line().split()[0] for r in fast] == [r.line().split()[0] for r in slow]
    for a, b in zip(fast, slow, strict=True):
        assert shape(a.claim_id) == shape(b.claim_id)
        assert (a.rating, a.original_rating, a.warnings) == (
            b.rating,
            b.original_rating,
            b.warnings,
        )
    # Articles are logged once however many reviews name them (7 per site).
    article_events = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action == "article.logged")
    ).all()
    assert len(article_events) == 14


def test_a_big_feed_takes_few_statements_and_one_index_refresh_per_chunk(app, ctx):
    refreshed: list[list[int]] = []
    hook = derived.register(lambda _conn, ids: refreshed.append(ids))
    statements: list[str] = []

    def count(*_args) -> None:  # type: ignore[no-untyped-def]
        statements.append("x")

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        reports = claimreview_import.import_content(feed([review(i) for i in range(300)]))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
        derived._rebuilders.remove(hook)
    assert [r.status for r in reports] == ["imported"] * 300
    assert len(statements) < 60, len(statements)
    assert sorted(i for ids in refreshed for i in ids) == sorted(r.claim_id for r in reports)
    # Searchable straight away: the search index was refreshed in the same transaction.
    from claimtracker.services import search

    assert set(search.search_claim_ids("tax")) == {
        r.claim_id for r in reports if "tax" in db.session.get(Claim, r.claim_id).text
    }


def test_mixed_feed_reports_each_item_in_order(ctx):
    claimreview_import.import_content(feed([review(i) for i in range(5)]))
    changed = review(1, label="True", value=5)
    again = [
        review(0),  # unchanged
        changed,  # a new rating: an update, one by one
        {"@type": "ClaimReview", "claimReviewed": "no url or rating"},  # malformed
        review(7),  # new
        review(7),  # the same review twice in one feed
        review(2),
    ]
    reports = claimreview_import.import_content(feed(again))
    assert [r.status for r in reports] == [
        "updated",
        "updated",
        "skipped",
        "imported",
        "updated",
        "updated",
    ]
    assert [r.index for r in reports] == [1, 2, 3, 4, 5, 6]
    claim = db.session.get(Claim, reports[1].claim_id)
    assert claim.current_verdict.rating.label == "True"
    assert [v.reason for v in claim.verdicts] == ["initial", "update"]
    assert db.session.scalar(select(Claim).where(Claim.origin_url.like("%/7"))) is not None


@pytest.mark.parametrize("chunk", [1, 3])
def test_small_chunks_change_nothing(ctx, monkeypatch, chunk):
    monkeypatch.setattr(claimreview_import, "CHUNK", chunk)
    reports = claimreview_import.import_content(feed([review(i) for i in range(7)]))
    assert [r.status for r in reports] == ["imported"] * 7
    assert [r.index for r in reports] == list(range(1, 8))
