"""The desk's Repeats queue and its feed: monitored articles that repeat a known claim.

A :class:`RepeatMatch` (found by services.monitor) is open until someone decides on it on
the Repeats page or the article's "Already checked?" page — the same flow, through
services.already_checked: *Same claim* adds the appearance, *Not the same* remembers the
pair; either leaves a match label, and an appearance of the claim in the article closes
the pair too. A repeat of a claim whose current rating is one of the alert ratings (by
default False, Mostly false and Misleading) is marked, and is an entry in the desk feed,
which editors read with a private key in its URL (only the key's SHA-256 is stored).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import joinedload

from claimtracker.extensions import db
from claimtracker.models import (
    Appearance,
    Article,
    Claim,
    DeskFeedKey,
    FeedItem,
    FollowedFeed,
    MatchLabel,
    Rating,
    RepeatMatch,
    User,
    Verdict,
    utcnow,
)
from claimtracker.services import audit, policies, ratings

#: Articles per page of the queue, and matches loaded at most.
ARTICLES_SHOWN = 50
MATCHES_LOADED = 1000
FEED_ENTRIES = 50
KEY_PREFIX = "ctf_"


def alert_rating_ids() -> frozenset[int]:
    """The ratings whose repeats are marked: REPEAT_ALERT_RATINGS by label, or, when that
    is empty, those numbered at most the middle of the scale."""
    labels = {str(label).strip().lower() for label in current_app.config["REPEAT_ALERT_RATINGS"]}
    scale = ratings.all_ratings()
    if labels:
        return frozenset(r.id for r in scale if r.label.lower() in labels or r.slug in labels)
    bounds = ratings.scale_bounds()
    if bounds is None:
        return frozenset()
    middle = (bounds[0] + bounds[1]) / 2
    return frozenset(r.id for r in scale if r.value is not None and r.value <= middle)


def _open() -> list:
    """The conditions of an undecided repeat of a claim readers can see."""
    decided = exists().where(
        MatchLabel.article_id == RepeatMatch.article_id,
        MatchLabel.passage_hash == RepeatMatch.passage_hash,
        MatchLabel.claim_id == RepeatMatch.claim_id,
    )
    linked = exists().where(
        Appearance.article_id == RepeatMatch.article_id,
        Appearance.claim_id == RepeatMatch.claim_id,
    )
    threshold = float(current_app.config["MATCH_THRESHOLD"])
    return [RepeatMatch.score >= threshold, ~decided, ~linked, Claim.is_published]


@dataclass
class RepeatGroup:
    """A monitored article and its open repeats, best first."""

    article: Article
    matches: list[RepeatMatch] = field(default_factory=list)
    feed_title: str | None = None

    @property
    def best(self) -> float:
        return max(m.score for m in self.matches)


@dataclass
class RepeatsPage:
    groups: list[RepeatGroup]
    alert_ids: frozenset[int]
    #: Open repeats in all (the page shows the first ARTICLES_SHOWN articles).
    total: int


def waiting() -> int:
    """How many repeats wait for a decision (the desk's count): one count over the open
    pairs, the rule the Repeats page lists by."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(RepeatMatch)
            .join(Claim, Claim.id == RepeatMatch.claim_id)
            .where(*_open())
        )
        or 0
    )


def queue() -> RepeatsPage:
    """Monitored articles with open repeats, the article with the best match first."""
    rows = db.session.scalars(
        select(RepeatMatch)
        .join(Claim, Claim.id == RepeatMatch.claim_id)
        .where(*_open())
        .options(
            joinedload(RepeatMatch.article).joinedload(Article.outlet),
            joinedload(RepeatMatch.claim).joinedload(Claim.claimant),
            joinedload(RepeatMatch.claim)
            .joinedload(Claim.current_verdict)
            .joinedload(Verdict.rating),
        )
        .order_by(RepeatMatch.score.desc(), RepeatMatch.id)
        .limit(MATCHES_LOADED)
    ).unique()
    groups: dict[int, RepeatGroup] = {}
    total = 0
    for row in rows:
        total += 1
        group = groups.get(row.article_id)
        if group is None:
            if len(groups) >= ARTICLES_SHOWN:
                continue
            group = groups[row.article_id] = RepeatGroup(row.article)
        group.matches.append(row)
    titles = dict(
        db.session.execute(
            select(FeedItem.article_id, FollowedFeed.title)
            .join(FollowedFeed, FollowedFeed.id == FeedItem.feed_id)
            .where(FeedItem.article_id.in_(list(groups)))
        ).all()
    )
    for group in groups.values():
        group.feed_title = titles.get(group.article.id)
    return RepeatsPage(list(groups.values()), alert_rating_ids(), total)


def alerts(limit: int = FEED_ENTRIES) -> list[RepeatMatch]:
    """The newest repeats of claims with an alert rating, for the desk feed: decided or
    not, except pairs dismissed as not the same claim."""
    alert_ids = alert_rating_ids()
    if not alert_ids:
        return []
    dismissed = exists().where(
        MatchLabel.article_id == RepeatMatch.article_id,
        MatchLabel.passage_hash == RepeatMatch.passage_hash,
        MatchLabel.claim_id == RepeatMatch.claim_id,
        MatchLabel.same.is_(False),
    )
    threshold = float(current_app.config["MATCH_THRESHOLD"])
    return list(
        db.session.scalars(
            select(RepeatMatch)
            .join(Claim, Claim.id == RepeatMatch.claim_id)
            .join(Verdict, Verdict.id == Claim.current_verdict_id)
            .join(Rating, Rating.id == Verdict.rating_id)
            .where(
                and_(Claim.is_published, Rating.id.in_(alert_ids)),
                RepeatMatch.score >= threshold,
                ~dismissed,
            )
            .options(
                joinedload(RepeatMatch.article).joinedload(Article.outlet),
                joinedload(RepeatMatch.claim)
                .joinedload(Claim.current_verdict)
                .joinedload(Verdict.rating),
            )
            .order_by(RepeatMatch.found_at.desc(), RepeatMatch.id.desc())
            .limit(limit)
        ).unique()
    )


def _digest(raw: str) -> str:
    # The key is 32 random bytes: a plain hash is enough (nothing to guess from it).
    return hashlib.sha256(raw.encode()).hexdigest()


def feed_key_of(user: User) -> DeskFeedKey | None:
    """The user's current desk-feed key (its prefix and dates; never the key itself)."""
    return db.session.get(DeskFeedKey, user.id)


def new_feed_key(actor: User) -> str:
    """Make ``actor`` a new private key to the desk feed, ending the old one; returns the
    key, shown once. Editors and admins. Raises Forbidden."""
    policies.check_following(actor)
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = db.session.get(DeskFeedKey, actor.id)
    if key is None:
        key = DeskFeedKey(user_id=actor.id)
        db.session.add(key)
    key.key_hash, key.prefix, key.created_at, key.last_used_at = (
        _digest(raw),
        raw[:10],
        utcnow(),
        None,
    )
    db.session.flush()
    audit.record(
        actor, "desk_feed.key_created", key, changes={"user_id": actor.id, "prefix": raw[:10]}
    )
    return raw


def reader_of(raw: str) -> User | None:
    """The editor whose desk-feed key ``raw`` is, or None (unknown key, an account that
    is disabled or no longer an editor). Records when the key was last used."""
    if not raw or not raw.startswith(KEY_PREFIX) or len(raw) > 100:
        return None
    key = db.session.scalar(select(DeskFeedKey).where(DeskFeedKey.key_hash == _digest(raw)))
    if key is None:
        return None
    user = db.session.get(User, key.user_id)
    if user is None or not user.active or not policies.can_follow(user):
        return None
    key.last_used_at = utcnow()
    return user
