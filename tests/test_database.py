"""SQLite settings, write transactions and optimistic locking."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from claimtracker import create_app
from claimtracker.extensions import db
from claimtracker.models import Claim
from claimtracker.services import claims, ratings
from tests.conftest import _migrate, base_config


@pytest.fixture
def sqlite_app(tmp_path):
    """Always SQLite, whatever database the rest of the suite runs on."""
    url = f"sqlite:///{tmp_path}/own.sqlite"
    _migrate(url, tmp_path)
    app = create_app(base_config(tmp_path, url))
    with app.app_context():
        ratings.ensure_scale(app.config["RATINGS"])
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_sqlite_pragmas_on_every_connection(sqlite_app):
    with sqlite_app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_foreign_keys_are_enforced(sqlite_app):
    from sqlalchemy.exc import IntegrityError

    with sqlite_app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(
                text(
                    "INSERT INTO appearance (claim_id, article_id, exact, prefix, suffix, "
                    "quote_status, created_at) VALUES (999, 999, 'x', '', '', 'verbatim', "
                    "CURRENT_TIMESTAMP)"
                )
            )
            db.session.commit()
        db.session.rollback()


def test_concurrent_read_then_write_transactions_do_not_fail(sqlite_app):
    """Four writers each read then update: BEGIN IMMEDIATE on the first write keeps
    'database is locked' away (docs/architecture.md, "SQLite writes")."""
    with sqlite_app.app_context():
        claim = claims.create_claim(None, text="Counter claim")
        db.session.commit()
        claim_id = claim.id
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        with sqlite_app.app_context():
            for i in range(15):
                try:
                    db.session.scalar(select(Claim).where(Claim.id == claim_id))
                    claims.create_claim(None, text=f"writer {n} claim {i}")
                    db.session.commit()
                except Exception as err:
                    errors.append(err)
                    db.session.rollback()
            db.session.remove()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with sqlite_app.app_context():
        assert len(db.session.scalars(select(Claim)).all()) == 61


def test_version_counter_refuses_a_stale_update(app):
    """Two sessions load the same claim; the second save fails instead of overwriting."""
    with app.app_context():
        claim = claims.create_claim(None, text="Original text")
        db.session.commit()
        claim_id = claim.id
        first = db.session.get(Claim, claim_id)
        with Session(db.engine) as other:
            second = other.get(Claim, claim_id)
            first.text = "First edit"
            db.session.commit()
            second.text = "Second edit"
            with pytest.raises(StaleDataError):
                other.commit()
        db.session.expire_all()
        assert db.session.get(Claim, claim_id).text == "First edit"
