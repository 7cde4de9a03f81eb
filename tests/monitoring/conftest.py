"""Monitoring against a local site on loopback: an RSS feed and the article pages it lists,
served by a threaded http.server (tests/pageserver.py). The test app lets the safe fetcher
reach 127.0.0.1 (FETCH_ALLOWED_HOSTS, as the ingest and watchdog tests do)."""

from __future__ import annotations

from collections.abc import Iterator
from email.utils import format_datetime

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.jobs import runner
from claimtracker.models import FollowedFeed, utcnow
from claimtracker.services import following
from tests.jobs.conftest import start_worker  # noqa: F401 - the real-worker fixture
from tests.pageserver import Page, PageServer, serve

#: A new article that paraphrases two demo claims: "Kevin Cooper is 63 years old" (rated
#: False) and "DNA testing has been ordered in Kevin Cooper's case" (rated True).
ARTICLE_PATH = "/news/2026/cooper-appeal"
ARTICLE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Cooper supporters rally again | Valley Courier</title>
<meta property="og:site_name" content="Valley Courier">
<meta name="author" content="Dana Reyes">
<meta property="article:published_time" content="2026-11-29T08:00:00Z">
</head><body><article>
<h1>Cooper supporters rally again</h1>
<p>Supporters of the death row inmate gathered outside the prison on Sunday afternoon.</p>
<p>"Kevin Cooper is now 63 years old and has spent decades on death row for crimes he did not
commit," his lawyer told the crowd.</p>
<p>Organisers handed out leaflets and sang songs until the evening, and the police reported no
incidents at all.</p>
<p>"Governor Newsom ordered new DNA testing in the Cooper case last year," the lawyer added.</p>
<p>The weather in the valley was mild for the season, and the gathering broke up quietly after
dark.</p>
</article></body></html>"""
OTHER_PATH = "/news/2026/harvest-fair"
OTHER_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harvest fair opens | Valley
Courier</title></head>
<body><article><h1>Harvest fair opens</h1>
<p>The county harvest fair opened on Saturday with a record number of pumpkin growers taking
part.</p>
<p>Visitors queued for the tractor rides, and the bakery tent sold out of apple pies by noon.</p>
<p>The fair runs until next weekend, with music every evening on the main stage by the lake.</p>
</article></body></html>"""


def rss(base: str, paths: list[str]) -> bytes:
    """An RSS 2.0 feed listing ``paths`` on ``base`` (newest first)."""
    items = "".join(
        f"<item><title>Story {i}</title><link>{base}{path}</link>"
        f"<guid>{base}{path}</guid><pubDate>{format_datetime(utcnow())}</pubDate></item>"
        for i, path in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Valley Courier</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


@pytest.fixture
def app_config(app_config: dict) -> dict:
    app_config["FETCH_ALLOWED_HOSTS"] = ["127.0.0.1"]
    app_config["FETCH_TIMEOUT"] = 2.0
    app_config["FETCH_HOST_SPACING_SECONDS"] = 0.0  # politeness itself: tests/watchdog
    app_config["JOB_RETRY_SECONDS"] = 0.0
    return app_config


@pytest.fixture
def site() -> Iterator[PageServer]:
    """The outlet: /robots.txt allows everything, /feed.xml lists the article."""
    routes: dict = {
        "/robots.txt": Page(b"User-agent: *\nAllow: /\n", content_type="text/plain"),
        ARTICLE_PATH: Page(ARTICLE_HTML.encode()),
        OTHER_PATH: Page(OTHER_HTML.encode()),
    }
    with serve(routes) as server:
        routes["/feed.xml"] = Page(
            rss(server.base, [ARTICLE_PATH]), content_type="application/rss+xml"
        )
        yield server


def follow(app, url: str) -> int:
    """Follow ``url`` as the system (the CLI's actor) and commit. The feed's id."""
    with app.app_context():
        feed = following.follow(None, url)
        db.session.commit()
        return feed.id


def work(app) -> int:
    """What a worker does on its sweep: enqueue due polls, run every due job."""
    with app.app_context():
        return runner.run_due()


def feed_row(app, feed_id: int) -> FollowedFeed:
    with app.app_context():
        feed = db.session.scalar(select(FollowedFeed).where(FollowedFeed.id == feed_id))
        assert feed is not None
        db.session.expunge(feed)
        return feed


def make_due(app, feed_id: int) -> None:
    """Bring the feed's next poll to now (as if its interval had passed)."""
    with app.app_context():
        feed = db.session.get(FollowedFeed, feed_id)
        assert feed is not None
        feed.next_poll_at = utcnow()
        db.session.commit()
