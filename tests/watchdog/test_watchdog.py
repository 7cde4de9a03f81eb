"""Re-checking quoted articles: versions, re-anchoring, diffs, unreachable pages, robots.txt,
conditional GET and per-host spacing (both databases)."""

from __future__ import annotations

import itertools

from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.ingest.worddiff import word_diff
from claimtracker.models import ArticleVersion, ArticleWatch, QuoteChange
from claimtracker.services import watchdog, watchdog_jobs
from tests.pageserver import Page
from tests.seed import DNA_QUOTE, SEED_URL_PATH, seed_html
from tests.watchdog.conftest import EDITED, PHOTOS, PRESS_PLAY, get_article, statuses


def _check(app, article_id: int) -> watchdog.Outcome:
    with app.app_context():
        return watchdog_jobs.check_now(None, get_article(article_id))


def test_unchanged_page_adds_no_version_and_marks_the_check(app, quoted):
    first = _check(app, quoted)
    assert (first.outcome, first.version) == ("unchanged", 1)
    checked = statuses(app)
    assert all(a.checked_at is not None and a.checked_version == 1 for a in checked.values())
    assert {a.quote_status for a in checked.values()} == {"verbatim"}


def test_changed_page_gives_a_new_version_and_altered_quotes_with_the_right_diff(app, site, quoted):
    site.routes[SEED_URL_PATH] = Page(EDITED.encode())
    found = _check(app, quoted)
    assert (found.outcome, found.version) == ("changed", 2)
    after = statuses(app)
    assert after[DNA_QUOTE].quote_status == "verbatim"
    assert after[PRESS_PLAY].quote_status == "missing"
    altered = after[PHOTOS]
    assert altered.quote_status == "altered"
    assert altered.current_exact == PHOTOS.replace("is allowed", "are prohibited")
    assert [
        (op, text) for op, text in word_diff(altered.exact, altered.current_exact) if op != "="
    ] == [
        ("-", "is"),
        ("+", "are"),
        ("-", "allowed"),
        ("+", "prohibited"),
    ]
    with app.app_context():
        article = get_article(quoted)
        assert [v.number for v in watchdog.versions(article)] == [1, 2]
        assert "prohibited" not in article.text  # version 1 is never overwritten
        changes = db.session.scalars(select(QuoteChange).order_by(QuoteChange.id)).all()
        assert [(c.old_status, c.new_status, c.version_number) for c in changes] == [
            ("verbatim", "altered", 2),
            ("verbatim", "missing", 2),
        ]
    again = _check(app, quoted)  # idempotent: same text, no new version, no new change
    assert (again.outcome, again.version) == ("unchanged", 2)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ArticleVersion)) == 1
        assert db.session.scalar(select(func.count()).select_from(QuoteChange)) == 2


def test_a_page_gone_404_is_could_not_check_never_missing(app, site, quoted):
    site.routes[SEED_URL_PATH] = Page(b"gone", status=404, content_type="text/plain")
    found = _check(app, quoted)
    assert found.outcome == "could not check"
    assert found.reason == "the server answered 404 Not Found"
    after = statuses(app)
    assert {a.quote_status for a in after.values()} == {"verbatim"}
    assert all("could not check" in (a.check_error or "") for a in after.values())
    with app.app_context():
        watch = db.session.get(ArticleWatch, quoted)
        assert (watch.last_outcome, watch.failures) == ("could not check", 1)
        assert db.session.scalar(select(func.count()).select_from(QuoteChange)) == 0


def test_a_page_that_shrank_to_a_teaser_is_a_paywall_not_missing_quotes(app, site, quoted):
    teaser = (
        "<html><body><article><h1>Kim</h1><p>Subscribe to read the whole story about "
        "Kim Kardashian and San Quentin today.</p></article></body></html>"
    )
    site.routes[SEED_URL_PATH] = Page(teaser.encode())
    found = _check(app, quoted)
    assert found.outcome == "could not check" and "paywall" in (found.reason or "")
    assert {a.quote_status for a in statuses(app).values()} == {"verbatim"}


def test_robots_txt_is_honoured(app, site, quoted):
    site.routes["/robots.txt"] = Page(b"User-agent: *\nDisallow: /kim", content_type="text/plain")
    found = _check(app, quoted)
    assert found.outcome == "could not check"
    assert found.reason == "robots.txt does not allow this page to be fetched"
    assert [path for path, _ in site.seen][-1] == "/robots.txt"


def test_conditional_get_and_a_user_agent_naming_the_organisation(app, site, quoted):
    pages = iter([Page(seed_html().encode(), headers={"ETag": '"v1"'}), Page(status=304)])
    site.routes[SEED_URL_PATH] = lambda: next(pages)
    assert _check(app, quoted).outcome == "unchanged"
    assert _check(app, quoted).outcome == "not modified"
    page_requests = [h for path, h, _ in site.requests if path == SEED_URL_PATH]
    assert page_requests[-1].get("If-None-Match") == '"v1"'
    assert "If-None-Match" not in page_requests[-2]
    assert "Test Fact Desk" in page_requests[-1]["User-Agent"]


def test_per_host_spacing_is_respected(app, site, quoted):
    app.config["FETCH_HOST_SPACING_SECONDS"] = 0.6
    site.routes["/other-story/"] = Page(seed_html().replace("Kim", "Kimberly").encode())
    with app.app_context():
        from claimtracker.services import articles

        other, _ = articles.log_from_url(None, site.base + "/other-story/")  # type: ignore[arg-type]
        db.session.commit()
        start = len(site.requests)
        for article_id in (quoted, other.id, quoted):
            watchdog_jobs.check_now(None, get_article(article_id))
    times = [t for _, _, t in site.requests[start:]]
    assert len(times) == 4  # robots.txt, then three pages
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.6, gaps


def test_schedule_daily_and_sooner_for_recent_claims(app, quoted):
    from datetime import timedelta

    from claimtracker.models import Claim, utcnow

    with app.app_context():
        assert watchdog.due_articles() == []  # just retrieved: first check in a day
        article = get_article(quoted)
        article.retrieved_at = utcnow() - timedelta(hours=25)
        db.session.commit()
        assert watchdog.due_articles() == [quoted]
        assert watchdog_jobs.schedule_rechecks() == 1
        assert watchdog_jobs.schedule_rechecks() == 1  # the same unfinished job, not two
        from claimtracker.models import Job

        assert db.session.scalar(select(func.count()).select_from(Job)) == 1
        now = utcnow()
        assert watchdog.interval(article.id, now) == timedelta(hours=24)
        db.session.scalars(select(Claim)).first().first_published_at = now - timedelta(days=2)
        db.session.commit()
        assert watchdog.interval(article.id, now) == timedelta(hours=6)


def test_recheck_command(app, site, quoted):
    site.routes[SEED_URL_PATH] = Page(EDITED.encode())
    runner = app.test_cli_runner()
    result = runner.invoke(args=["recheck", str(quoted)])
    assert result.exit_code == 0, result.output
    assert result.output == f"article {quoted}: changed (version 2)\n"
    result = runner.invoke(args=["recheck", "--all"])
    assert result.output == f"article {quoted}: unchanged (version 2)\n"
    result = runner.invoke(args=["recheck", "999"])
    assert result.exit_code == 1 and "no such article" in result.output
