"""``claimtracker follow`` and the service behind it (and the desk's page): one line and a
non-zero exit for bad input, nothing written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import AuditEvent, FollowedFeed, RepeatMatch
from tests.pageserver import Page


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(FollowedFeed))


def test_follow_add_list_disable_enable_remove(app, runner):
    added = runner.invoke(args=["follow", "add", "http://127.0.0.1:8/feed.xml?utm_source=x#top"])
    assert added.exit_code == 0, added.output
    assert added.output == "Following http://127.0.0.1:8/feed.xml (feed 1).\n"
    listed = runner.invoke(args=["follow", "list"])
    assert listed.exit_code == 0
    assert listed.output.split("\t")[:4] == [
        "1",
        "http://127.0.0.1:8/feed.xml",
        "not read yet",
        "enabled",
    ]
    assert runner.invoke(args=["follow", "disable", "1"]).output.startswith("Feed 1 paused")
    assert "\tpaused\t" in runner.invoke(args=["follow", "list"]).output
    assert runner.invoke(args=["follow", "enable", "http://127.0.0.1:8/feed.xml"]).exit_code == 0
    removed = runner.invoke(args=["follow", "remove", "http://127.0.0.1:8/feed.xml"])
    assert removed.output == "No longer following http://127.0.0.1:8/feed.xml.\n"
    assert _count(app) == 0
    assert "No feed is followed yet" in runner.invoke(args=["follow", "list"]).output
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["feed.followed", "feed.disabled", "feed.enabled", "feed.unfollowed"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://news.example/feed.xml", "only http:// and https:// URLs are accepted"),
        ("file:///etc/passwd", "only http:// and https:// URLs are accepted"),
        ("not a url", "a URL cannot contain spaces"),
        ("http://10.1.2.3/rss", "refused to fetch 10.1.2.3: 10.1.2.3 is a private address"),
        ("http://169.254.169.254/latest/", "refused to fetch 169.254.169.254"),
        ("http://[::1]:8080/feed", "refused to fetch ::1"),
        ("http://no-such-host.invalid/feed", "does not resolve"),
    ],
)
def test_follow_add_refuses_bad_input_in_one_line(app, runner, url, message):
    result = runner.invoke(args=["follow", "add", url])
    assert result.exit_code != 0
    assert message in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert _count(app) == 0


def test_follow_add_refuses_a_duplicate(app, runner):
    assert runner.invoke(args=["follow", "add", "http://127.0.0.1:8/feed.xml"]).exit_code == 0
    again = runner.invoke(args=["follow", "add", "HTTP://127.0.0.1:8/feed.xml?utm_medium=rss"])
    assert again.exit_code != 0
    assert again.output == "Error: http://127.0.0.1:8/feed.xml is followed already (feed 1)\n"
    assert _count(app) == 1


@pytest.mark.parametrize("ref", ["99", "http://127.0.0.1:8/nope.xml", "nonsense"])
def test_follow_remove_of_an_unknown_feed_fails_in_one_line(app, runner, ref):
    result = runner.invoke(args=["follow", "remove", ref])
    assert result.exit_code != 0
    assert result.output.startswith("Error: no followed feed")
    assert result.output.count("\n") == 1


def test_a_reviewer_may_not_follow(app, make_user):
    from claimtracker.services import following
    from claimtracker.services.errors import Forbidden

    reviewer = make_user("reviewer")
    with app.app_context(), pytest.raises(Forbidden):
        following.follow(db.session.merge(reviewer), "http://127.0.0.1:8/feed.xml")
    assert _count(app) == 0


def test_follow_poll_reads_the_feed_now_and_says_how_it_went(app, demo, site, runner):
    from tests.monitoring.conftest import follow

    good = follow(app, site.base + "/feed.xml")
    site.routes["/bad.xml"] = Page(b"plain words", content_type="text/plain")
    bad = follow(app, site.base + "/bad.xml")
    read = runner.invoke(args=["follow", "poll", str(good)])
    assert read.exit_code == 0, read.output
    assert read.output == f"feed {good}: polled, 1 new item(s)\n"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RepeatMatch)) >= 2
    refused = runner.invoke(args=["follow", "poll", site.base + "/bad.xml"])
    assert refused.exit_code == 1
    assert refused.output.startswith(f"Error: feed {bad} refused: not XML")
    assert refused.output.count("\n") == 1
