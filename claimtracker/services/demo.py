"""Load the San Quentin demo case through the ordinary services, idempotently."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from claimtracker.demo import san_quentin as case
from claimtracker.extensions import db
from claimtracker.models import Article, Claim, Role, User
from claimtracker.services import (
    articles,
    cited_sources,
    claims,
    ratings,
    users,
    verdicts,
    watchdog,
)

DEMO_REVIEWER = "demo-reviewer@claimtracker.invalid"
DEMO_EDITOR = "demo-editor@claimtracker.invalid"


@dataclass
class DemoResult:
    articles: int = 0
    claims: int = 0
    skipped: int = 0


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(Claim))


def _demo_user(email: str, role: Role, name: str) -> User:
    # Demo authors cannot log in: no password, account disabled.
    return users.get_by_email(email) or users.create_user(
        email, None, role, name=name, active=False
    )


def missing_ratings(scale: Sequence[object]) -> list[str]:
    """The demo's rating labels that ``scale`` (the RATINGS setting) lacks. Anyone."""
    have = {str(item.get("label", "")).strip().lower() for item in scale if isinstance(item, dict)}
    wanted = dict.fromkeys(spec["rating"] for spec in case.CLAIMS)
    return [label for label in wanted if label.lower() not in have]


def load(progress: Callable[[int], object] | None = None) -> DemoResult:
    """Add whatever part of the demo case is missing, in the caller's transaction.

    Articles are keyed by URL and claims by text, so loading twice changes nothing.
    The caller commits, or rolls back on error so a failed load leaves nothing behind.
    """
    result = DemoResult()
    ratings.ensure_scale(current_app.config["RATINGS"])
    reviewer = _demo_user(DEMO_REVIEWER, Role.REVIEWER, "Demo reviewer")
    editor = _demo_user(DEMO_EDITOR, Role.EDITOR, "Demo editor")

    logged: dict[str, Article] = {}
    for spec in case.ARTICLES:
        article, created = articles.log_article(
            reviewer,
            url=spec["url"],
            headline=spec["headline"],
            byline=spec["byline"],
            outlet=spec["outlet"],
            published_on=spec["published_on"],
            text=case.hu_text() if spec.get("text") else None,
            origin="demo" if spec.get("text") else "metadata",
            retrieved_at=case.HU_RETRIEVED if spec.get("text") else None,
        )
        logged[spec["key"]] = article
        result.articles += int(created)
        if progress:
            progress(1)

    made: dict[int, Claim] = {}
    for number, claim_spec in enumerate(case.CLAIMS, start=1):
        existing = db.session.scalar(select(Claim).where(Claim.text == claim_spec["text"]))
        if existing is not None:
            made[number] = existing
            result.skipped += 1
            if progress:
                progress(1)
            continue
        claim = claims.create_claim(
            reviewer,
            text=claim_spec["text"],
            long_text=claim_spec.get("long_text"),
            claimant=claim_spec["claimant"],
            claimed_on=claim_spec["claimed_on"],
            tags=claim_spec["tags"],
        )
        shown = [
            claims.add_appearance(reviewer, claim, logged[key], exact=exact, speaker=speaker)
            for key, exact, speaker in claim_spec["appearances"]
        ]
        if "cited" in claim_spec:
            cite = claim_spec["cited"]
            db.session.flush()
            cited_sources.link(
                reviewer,
                shown[0],
                attributed_to=cite["attributed_to"],
                excerpt=cite["excerpt"],
                url=logged[cite["source"]].url,
            )
        cited = []
        for key, stance, note in claim_spec["sources"]:
            article = logged[key]
            cited.append(
                claims.add_source(
                    reviewer,
                    claim,
                    url=article.url,
                    title=article.headline,
                    publisher=article.outlet.name if article.outlet else None,
                    stance=stance,
                    note=note,
                )
            )
        db.session.flush()
        verdict = verdicts.propose(
            reviewer,
            claim,
            rating=claim_spec["rating"],
            summary=claim_spec["summary"],
            source_ids=[s.id for s in cited],
            fidelity=claim_spec.get("fidelity"),
        )
        db.session.flush()
        verdicts.sign_off(verdict.id, editor)
        # The demo's verdicts are dated when the case was checked (June 2019), not when
        # the demo was loaded: a reader would otherwise see a 2019 story "published today".
        verdict.created_at = verdict.published_at = case.VERDICTS_PUBLISHED
        claim.first_published_at = case.VERDICTS_PUBLISHED
        # Its quotes (all made just above) were found for that check: none is a repeat
        # seen after it (services.reading.repeated_after_check compares the two times).
        for appearance in claim.appearances:
            appearance.created_at = case.VERDICTS_PUBLISHED
        made[number] = claim
        result.claims += 1
        if progress:
            progress(1)

    for number, body in case.NOTES:
        claim = made[number]
        if not any(n.body == body for n in claim.notes):
            claims.add_note(reviewer, claim, body)
    _illustrative_edit(reviewer, logged["hu"])
    db.session.flush()
    return result


def _illustrative_edit(reviewer: User, article: Article) -> None:
    """Store the demo's illustrative later version of the Hollywood Unlocked text and let
    the watchdog re-anchor the quotes on it (a second load finds it and changes nothing)."""
    db.session.flush()
    db.session.refresh(article, ["appearances"])
    version = watchdog.add_version(
        article, case.hu_text_edited(), retrieved_at=case.HU_EDIT_RETRIEVED, origin="demo"
    )
    watchdog.reanchor(reviewer, article, version, case.HU_EDIT_RETRIEVED)
    watchdog.record_demo_check(article, case.HU_EDIT_RETRIEVED)


def steps() -> int:
    """How many progress steps :func:`load` reports."""
    return len(case.ARTICLES) + len(case.CLAIMS)
