"""The watchdog against a live (loopback) copy of the seed article that tests then edit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Appearance, Article
from claimtracker.services import articles, claims
from tests.pageserver import Page, PageServer, serve
from tests.seed import DNA_QUOTE, SEED_URL_PATH, seed_html

PHOTOS = "Photos and video taken anywhere on state property is allowed without permission."
PRESS_PLAY = "Press Play Below For More On Kevin Cooper:"
QUOTES = (DNA_QUOTE, PHOTOS, PRESS_PLAY)


@pytest.fixture
def app_config(app_config: dict) -> dict:
    app_config["FETCH_ALLOWED_HOSTS"] = ["127.0.0.1"]
    app_config["FETCH_TIMEOUT"] = 2.0
    app_config["FETCH_HOST_SPACING_SECONDS"] = 0.0
    return app_config


@pytest.fixture
def site() -> Iterator[PageServer]:
    with serve({SEED_URL_PATH: Page(seed_html().encode())}) as server:
        yield server


@pytest.fixture
def quoted(app, site) -> int:
    """The seed article logged from the site, with three claims quoting it. Its id."""
    with app.app_context():
        article, _ = articles.log_from_url(None, site.base + SEED_URL_PATH)  # type: ignore[arg-type]
        db.session.flush()
        for passage in QUOTES:
            claim = claims.create_claim(None, text=passage[:70])
            claims.add_appearance(None, claim, article, exact=passage)
        db.session.commit()
        return article.id


def statuses(app) -> dict[str, Appearance]:
    with app.app_context():
        rows = db.session.scalars(select(Appearance)).all()
        for row in rows:
            db.session.expunge(row)
        return {a.exact: a for a in rows}


def get_article(article_id: int) -> Article:
    article = db.session.get(Article, article_id)
    assert article is not None
    return article


EDITED = (
    seed_html()
    .replace("is allowed without permission", "are prohibited without permission")
    .replace("<p>Press Play Below For More On Kevin Cooper:</p>", "")
)
