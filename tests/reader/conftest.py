"""Factories for reader-page tests: published claims made through the write services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from claimtracker.extensions import db
from claimtracker.models import Claim, Role
from claimtracker.services import articles, claims, users, verdicts

RATINGS = ["True", "Mostly true", "Misleading", "Mostly false", "False", "Unproven"]


def _people():  # type: ignore[no-untyped-def]
    reviewer = users.get_by_email("pop-reviewer@example.org") or users.create_user(
        "pop-reviewer@example.org", None, Role.REVIEWER, name="Pop reviewer", active=False
    )
    editor = users.get_by_email("pop-editor@example.org") or users.create_user(
        "pop-editor@example.org", None, Role.EDITOR, name="Pop editor", active=False
    )
    return reviewer, editor


@pytest.fixture
def publish(app) -> Callable[..., list[int]]:
    """``publish(n, appearances=2, sources=2, claimant=..., outlet=...)`` creates ``n``
    published claims, each quoted in ``appearances`` articles and citing ``sources``."""
    counter = iter(range(1, 1_000_000))

    def make(
        n: int,
        appearances: int = 2,
        sources: int = 2,
        claimant: str = "Pat Example",
        outlet: str = "The Example Times",
        words: str = "",
    ) -> list[int]:
        ids = []
        with app.app_context():
            reviewer, editor = _people()
            for _ in range(n):
                k = next(counter)
                claim = claims.create_claim(
                    reviewer,
                    text=f"Claim number {k} about bridges {words}".strip(),
                    claimant=claimant,
                    claimed_on=date(2020, 1, 1 + k % 28),
                    tags=["bridges", f"batch {k % 3}"],
                )
                for j in range(appearances):
                    text = (
                        f"Intro paragraph {k}-{j}. The speaker said that bridge {k} "
                        f"fell down twice, according to witnesses. Outro."
                    )
                    article, _ = articles.log_article(
                        reviewer,
                        url=f"https://news.example/{k}/{j}",
                        headline=f"Story {k}/{j}",
                        outlet=outlet if j == 0 else f"{outlet} {j}",
                        published_on=date(2020, 2, 1 + j),
                        text=text,
                        archive_url=f"https://archive.example/{k}/{j}",
                    )
                    claims.add_appearance(
                        reviewer, claim, article, exact=f"bridge {k} fell down twice"
                    )
                for j in range(sources):
                    claims.add_source(
                        reviewer,
                        claim,
                        url=f"https://evidence.example/{k}/{j}",
                        title=f"Evidence {k}/{j}",
                        stance="refutes",
                        archive_url=f"https://archive.example/e/{k}/{j}",
                    )
                db.session.flush()
                verdict = verdicts.propose(
                    reviewer,
                    claim,
                    rating=RATINGS[k % len(RATINGS)],
                    summary=f"Summary of claim {k}: the bridge stands.",
                )
                db.session.flush()
                verdicts.sign_off(verdict.id, editor)
                ids.append(claim.id)
            db.session.commit()
        return ids

    return make


def claim_id_by_text(app, text: str) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        from sqlalchemy import select

        return db.session.scalar(select(Claim.id).where(Claim.text == text))
