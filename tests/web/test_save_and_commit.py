"""One save-and-commit for the desk and the API (``services.transaction``): a stale
version and a uniqueness race end as the same conflict, 409 on both, never a 500, and
nothing of the losing request is written."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import event, func, insert, select, update
from sqlalchemy.orm import Session

from claimtracker.extensions import db
from claimtracker.models import Article, AuditEvent, Claim, Tag
from claimtracker.services import articles, claims
from claimtracker.services.errors import Conflict
from claimtracker.services.transaction import unit_of_work
from tests.api.helpers import bearer, token_for

TEXT = "The mayor said crime fell by half. " * 20
OUTLET = "Race Times"


@contextmanager
def another_writer_first(app: Flask, url: str) -> Iterator[list[str]]:
    """The race of issue 13 made repeatable: the moment our session is about to insert
    the article at ``url`` (after its own check found none), a second connection inserts
    and commits that URL, as a concurrent request would. Yields what it did."""
    with app.app_context():
        canonical, _ = articles.logged_at(url)
        engine = db.engine
    done: list[str] = []

    def before_flush(session: Session, _ctx: object, _instances: object) -> None:
        if done or not any(isinstance(o, Article) for o in session.new):
            return
        with engine.begin() as other:
            other.execute(insert(Article.__table__).values(url=canonical, headline="Theirs"))
        done.append(canonical)

    event.listen(Session, "before_flush", before_flush)
    try:
        yield done
    finally:
        event.remove(Session, "before_flush", before_flush)


@pytest.fixture
def outlet(app: Flask) -> str:
    # An existing outlet: the paste then only reads it, so our first write is the article.
    with app.app_context():
        articles.get_or_create_outlet(OUTLET)
        db.session.commit()
    return OUTLET


def _ours(app: Flask) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(
                select(func.count()).select_from(Article).where(Article.headline == "Ours")
            )
            or 0,
            db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "article.logged")
            )
            or 0,
        )


def test_a_uniqueness_race_on_the_desk_is_a_conflict_not_a_500(app, login_as, outlet):
    client, _ = login_as("reviewer")
    url = "https://race.example/desk-story"
    with another_writer_first(app, url) as done:
        resp = client.post(
            "/desk/articles/paste",
            data={"p-url": url, "p-headline": "Ours", "p-outlet": outlet, "p-content": TEXT},
        )
    assert done, "the race did not happen"
    assert resp.status_code == 409
    assert "someone else saved the same thing at the same moment" in resp.get_data(as_text=True)
    assert _ours(app) == (0, 0)


def test_the_same_race_through_the_api_is_the_same_409(app, client, make_user, outlet):
    token = token_for(app, make_user("reviewer").email)
    url = "https://race.example/api-story"
    with another_writer_first(app, url) as done:
        resp = client.post(
            "/api/v1/articles",
            headers=bearer(token),
            json={"url": url, "text": TEXT, "headline": "Ours", "outlet": outlet},
        )
    assert done, "the race did not happen"
    assert resp.status_code == 409
    assert resp.mimetype == "application/problem+json"
    assert "someone else saved the same thing at the same moment" in resp.json["detail"]
    assert _ours(app) == (0, 0)


def test_unit_of_work_turns_a_duplicate_into_a_conflict_and_writes_nothing(ctx):
    db.session.add(Tag(name="budget"))
    db.session.commit()
    with pytest.raises(Conflict, match="same moment"), unit_of_work():
        db.session.add(Tag(name="elsewhere"))
        db.session.add(Tag(name="budget"))
    assert sorted(db.session.scalars(select(Tag.name))) == ["budget"]


def test_unit_of_work_turns_a_stale_version_into_a_conflict(ctx):
    claim = claims.create_claim(None, text="Crime fell by half")
    db.session.commit()
    # Another request saves the claim: its version moves on under our loaded copy.
    with db.engine.begin() as other:
        other.execute(
            update(Claim.__table__)
            .where(Claim.__table__.c.id == claim.id)
            .values(text="Theirs", version_id=claim.version_id + 1)
        )
    with pytest.raises(Conflict, match="reload and try again"), unit_of_work():
        claim.text = "Ours"
    assert db.session.get(Claim, claim.id).text == "Theirs"
