"""The monitor against a local outlet: a followed feed is polled by the worker, its new
article logged as a monitored snapshot and matched; a paraphrase of a demo claim lands in
the Repeats queue; conditional GET; bad feeds refused with their reason and retried later
(both databases)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.jobs.store import aware
from claimtracker.models import (
    Article,
    Claim,
    FeedItem,
    Job,
    JobState,
    RepeatMatch,
    utcnow,
)
from claimtracker.services import repeats
from tests.monitoring.conftest import (
    ARTICLE_PATH,
    OTHER_PATH,
    feed_row,
    follow,
    make_due,
    rss,
    work,
)
from tests.pageserver import Page


def _claim_text(app, claim_id: int) -> str:
    with app.app_context():
        return db.session.get(Claim, claim_id).text


def test_a_new_article_paraphrasing_a_demo_claim_lands_in_the_repeats_queue(app, demo, site):
    feed_id = follow(app, site.base + "/feed.xml")
    assert work(app) >= 2  # the poll, then the item
    feed = feed_row(app, feed_id)
    assert (feed.kind, feed.title, feed.last_error, feed.failures) == (
        "rss",
        "Valley Courier",
        None,
        0,
    )
    assert feed.items_found == 1
    assert aware(feed.next_poll_at) > utcnow() + timedelta(minutes=29)
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.url.endswith(ARTICLE_PATH)))
        assert article is not None and article.origin == "monitored"
        assert "now 63 years old" in (article.text or "") and article.text_sha256
        item = db.session.scalar(select(FeedItem))
        assert (item.state, item.article_id) == ("logged", article.id)
        page = repeats.queue()
        (group,) = page.groups
        assert group.article.id == article.id
        matched = {m.claim.text: m for m in group.matches}
        assert "Kevin Cooper is 63 years old" in matched
        assert "DNA testing has been ordered in Kevin Cooper's case" in matched
        assert all(m.score >= app.config["MATCH_THRESHOLD"] for m in group.matches)
        assert [m.score for m in group.matches] == sorted(
            (m.score for m in group.matches), reverse=True
        )
        assert "weather" not in " ".join(m.passage for m in group.matches)
        # The False claim's repeat is marked; the True one's is not.
        cooper = matched["Kevin Cooper is 63 years old"]
        dna = matched["DNA testing has been ordered in Kevin Cooper's case"]
        assert cooper.claim.current_verdict.rating_id in page.alert_ids
        assert dna.claim.current_verdict.rating_id not in page.alert_ids
        assert [m.claim.text for m in repeats.alerts()] == ["Kevin Cooper is 63 years old"]
        # Every job ended well: the worker did not crash on anything.
        states = set(db.session.scalars(select(Job.state)))
        assert states == {JobState.DONE}
    # The next poll finds nothing new: the article is fetched once.
    make_due(app, feed_id)
    work(app)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FeedItem)) == 1
        assert db.session.scalar(select(func.count()).select_from(RepeatMatch)) == len(
            group.matches
        )
    article_requests = [path for path, _ in site.seen if path == ARTICLE_PATH]
    assert article_requests == [ARTICLE_PATH]


def test_an_article_without_a_known_claim_is_logged_but_not_queued(app, demo, site):
    site.routes["/feed.xml"] = Page(rss(site.base, [OTHER_PATH]), content_type="text/xml")
    follow(app, site.base + "/feed.xml")
    work(app)
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.url.endswith(OTHER_PATH)))
        assert article is not None and article.origin == "monitored"
        assert repeats.queue().groups == []


def test_an_article_the_desk_logged_already_is_not_logged_again(app, demo, site):
    from claimtracker.services import articles

    with app.app_context():
        articles.log_from_url(None, site.base + ARTICLE_PATH)
        db.session.commit()
    follow(app, site.base + "/feed.xml")
    work(app)
    with app.app_context():
        (article,) = db.session.scalars(select(Article).where(Article.url.endswith(ARTICLE_PATH)))
        assert article.origin == "fetched"  # the desk's own, left as it was
        assert db.session.scalar(select(FeedItem.state)) == "known"
        assert db.session.scalar(select(func.count()).select_from(RepeatMatch)) == 0


def test_conditional_get_304_is_honoured(app, demo, site):
    body = rss(site.base, [OTHER_PATH])

    def feed() -> Page:
        sent = site.requests[-1][1]
        if sent.get("If-None-Match") == '"v1"':
            return Page(b"", status=304, content_type=None, headers={"ETag": '"v1"'})
        return Page(body, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    site.routes["/feed.xml"] = feed
    feed_id = follow(app, site.base + "/feed.xml")
    work(app)
    assert feed_row(app, feed_id).etag == '"v1"'
    make_due(app, feed_id)
    work(app)
    polls = [headers for path, headers, _ in site.requests if path == "/feed.xml"]
    assert len(polls) == 2
    assert "If-None-Match" not in polls[0]
    assert polls[1]["If-None-Match"] == '"v1"'
    assert "application/rss+xml" in polls[1]["Accept"]
    feed = feed_row(app, feed_id)
    assert (feed.last_error, feed.failures, feed.items_found) == (None, 0, 1)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FeedItem)) == 1
        results = db.session.scalars(
            select(Job.result).where(Job.kind == "feed.poll").order_by(Job.id)
        ).all()
        assert [r["outcome"] for r in results] == ["polled", "not modified"]


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Page(b"this is not xml at all", content_type="application/xml"), "not XML"),
        (Page(b"<html><body>hello</body></html>", content_type="text/html"), "not application"),
        (
            Page(
                b'<?xml version="1.0"?><rss>' + b"<!-- padding -->" * 2000 + b"</rss>",
                content_type="application/rss+xml",
            ),
            "the limit is 4,096",
        ),
        (Page(status=302, headers={"Location": "/feed.xml"}), "more than 5 redirects"),
        (
            Page(status=302, headers={"Location": "http://169.254.169.254/latest/feed"}),
            "refused to fetch 169.254.169.254",
        ),
        (Page(b"gone", status=410, content_type="text/plain"), "410"),
    ],
    ids=["not-xml", "html-page", "huge", "redirect-loop", "private-address", "gone"],
)
def test_bad_feeds_are_refused_with_the_reason_and_retried_later(app, site, route, reason):
    app.config["FEED_MAX_BYTES"] = 4096
    site.routes["/feed.xml"] = route
    feed_id = follow(app, site.base + "/feed.xml")
    before = utcnow()
    work(app)
    feed = feed_row(app, feed_id)
    assert reason in (feed.last_error or ""), feed.last_error
    assert feed.failures == 1 and feed.kind is None
    # Retried after FEED_RETRY_MINUTES (5), then four times longer.
    first_wait = aware(feed.next_poll_at) - before
    assert timedelta(minutes=4.9) < first_wait < timedelta(minutes=5.1)
    with app.app_context():
        job = db.session.scalar(select(Job).where(Job.kind == "feed.poll"))
        assert job.state == JobState.DONE and job.result["outcome"] == "refused"
        assert db.session.scalar(select(func.count()).select_from(FeedItem)) == 0
    make_due(app, feed_id)
    before = utcnow()
    work(app)
    feed = feed_row(app, feed_id)
    assert feed.failures == 2
    assert timedelta(minutes=19.9) < aware(feed.next_poll_at) - before < timedelta(minutes=20.1)
    # Fixed, it reads again and forgets the error.
    site.routes["/feed.xml"] = Page(rss(site.base, [OTHER_PATH]), content_type="text/xml")
    make_due(app, feed_id)
    work(app)
    feed = feed_row(app, feed_id)
    assert (feed.last_error, feed.failures, feed.kind) == (None, 0, "rss")


def test_robots_txt_forbidding_the_feed_is_a_reason_not_a_crash(app, site):
    site.routes["/robots.txt"] = Page(b"User-agent: *\nDisallow: /\n", content_type="text/plain")
    feed_id = follow(app, site.base + "/feed.xml")
    work(app)
    assert "robots.txt does not allow" in (feed_row(app, feed_id).last_error or "")
    assert [p for p, _ in site.seen] == ["/robots.txt"]


def test_an_item_whose_page_fails_is_recorded_and_the_rest_go_on(app, demo, site):
    site.routes["/feed.xml"] = Page(
        rss(site.base, ["/news/missing", ARTICLE_PATH]), content_type="application/rss+xml"
    )
    follow(app, site.base + "/feed.xml")
    work(app)
    with app.app_context():
        items = {i.url.rsplit("/", 1)[1]: i for i in db.session.scalars(select(FeedItem))}
        assert items["missing"].state == "failed"
        assert "404" in (items["missing"].error or "")
        assert items["cooper-appeal"].state == "logged"
        assert repeats.queue().total >= 2


def test_a_paused_feed_is_not_polled(app, site):
    from claimtracker.services import following

    feed_id = follow(app, site.base + "/feed.xml")
    with app.app_context():
        following.set_enabled(None, following.get(feed_id), False)
        db.session.commit()
    work(app)
    assert site.seen == []
    assert feed_row(app, feed_id).last_polled_at is None


def test_the_feed_and_its_articles_share_the_hosts_politeness_spacing(app, site):
    """One request per host per FETCH_HOST_SPACING_SECONDS: after robots.txt the poll waits
    its turn (a deferral, not a failed attempt), and nothing else reaches the host."""
    app.config["FETCH_HOST_SPACING_SECONDS"] = 60.0
    feed_id = follow(app, site.base + "/feed.xml")
    before = utcnow()
    work(app)
    assert [path for path, _ in site.seen] == ["/robots.txt"]
    with app.app_context():
        job = db.session.scalar(select(Job).where(Job.kind == "feed.poll"))
        assert job.state == JobState.PENDING and job.attempts == 0
        assert aware(job.next_attempt_at) - before > timedelta(seconds=55)
    assert feed_row(app, feed_id).last_polled_at is None
