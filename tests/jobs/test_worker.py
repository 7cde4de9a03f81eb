"""Real ``claimtracker worker`` processes on both queue backends and both databases: the
worker logs an article from a slow page, and a worker killed with SIGKILL mid-fetch is
followed by one that finishes the work exactly once."""

from __future__ import annotations

import os
import signal

from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import Article, Job
from claimtracker.services import article_jobs
from tests.jobs.conftest import wait_for
from tests.pageserver import Page, serve
from tests.seed import HEADLINE, SEED_URL_PATH, seed_html


def _job(app, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def _enqueue_fetch(app, url: str) -> int:
    with app.app_context():
        job, existing = article_jobs.request_fetch(None, url)  # type: ignore[arg-type]
        assert existing is None and job is not None
        db.session.commit()
        return job.id


def test_worker_fetches_and_logs_the_article(app, start_worker):
    with serve({SEED_URL_PATH: Page(seed_html().encode(), delay=0.3)}) as site:
        start_worker()
        job_id = _enqueue_fetch(app, site.base + SEED_URL_PATH)
        wait_for(lambda: _job(app, job_id).state == "done")
    job = _job(app, job_id)
    assert job.attempts == 1 and job.result and job.result["created"] is True
    with app.app_context():
        article = db.session.get(Article, job.result["article_id"])
        assert article.headline == HEADLINE and article.origin == "fetched"


def test_refused_fetch_fails_with_its_reason(app, start_worker):
    with serve({}) as site:
        start_worker()
        job_id = _enqueue_fetch(app, site.base + "/gone")
        wait_for(lambda: _job(app, job_id).state == "failed")
    job = _job(app, job_id)
    assert job.attempts == 1  # a 404 is not retried
    assert job.last_error == "the page was not fetched: the server answered 404 Not Found"


def test_sigkill_mid_fetch_then_restart_finishes_exactly_once(app, start_worker):
    import time

    from claimtracker.jobs.store import aware
    from claimtracker.models import utcnow

    slow = Page(seed_html().encode(), delay=3.0)
    with serve({SEED_URL_PATH: slow}) as site:
        # The lease outlasts the slow answer, so no sweep takes the job back mid-fetch.
        first = start_worker(JOB_LEASE_SECONDS=5)
        job_id = _enqueue_fetch(app, site.base + SEED_URL_PATH)
        wait_for(lambda: any(path == SEED_URL_PATH for path, _ in site.seen))
        assert _job(app, job_id).state == "running"
        os.killpg(first.pid, signal.SIGKILL)  # mid-fetch: the page has not answered yet
        first.wait()
        site.routes[SEED_URL_PATH] = Page(seed_html().encode())
        # The dead worker's lease runs out; the next worker's start-up sweep takes it back.
        lease_until = aware(_job(app, job_id).lease_until)
        time.sleep(max(0.0, (lease_until - utcnow()).total_seconds()) + 0.2)
        start_worker(JOB_LEASE_SECONDS=5)
        wait_for(lambda: _job(app, job_id).state == "done")
        requests = sum(1 for path, _ in site.seen if path == SEED_URL_PATH)
    job = _job(app, job_id)
    assert job.attempts == 2 and requests == 2
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 1
        assert db.session.scalar(select(func.count()).select_from(Job)) == 1


def test_desk_and_api_answer_at_once_while_the_page_is_slow(app, start_worker, login_as):
    """The page takes 3 s; the desk form and the API answer in under a second, and the
    worker then logs both articles."""
    import time

    from claimtracker.services import users

    client, reviewer = login_as("reviewer")
    with app.app_context():
        _, token = users.create_token(reviewer.email, "test")
        db.session.commit()
    slow = {p: Page(seed_html().replace("Kim", f"Kim {p}").encode(), delay=3.0) for p in "ab"}
    with serve({f"/{p}/": page for p, page in slow.items()}) as site:
        start_worker()
        started = time.perf_counter()
        desk = client.post("/desk/articles/fetch", data={"f-url": site.base + "/a/"})
        desk_seconds = time.perf_counter() - started
        started = time.perf_counter()
        api = client.post(
            "/api/v1/articles",
            headers={"Authorization": f"Bearer {token}"},
            json={"url": site.base + "/b/"},
        )
        api_seconds = time.perf_counter() - started
        assert desk.status_code == 302 and api.status_code == 202
        assert desk_seconds < 1.0 and api_seconds < 1.0, (desk_seconds, api_seconds)
        waiting = client.get(desk.headers["Location"]).get_data(as_text=True)
        assert '<meta http-equiv="refresh" content="2">' in waiting
        wait_for(lambda: _job(app, api.json["id"]).state == "done")
        job_page = desk.headers["Location"]
        wait_for(lambda: client.get(job_page).status_code == 302)
    article_page = client.get(job_page, follow_redirects=True).get_data(as_text=True)
    assert "Article logged." in article_page and "Kim a Kardashian" in article_page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 2


def test_two_workers_keep_one_request_per_host_per_spacing(app, start_worker):
    """Three re-checks of pages on one host, two workers with two threads each: the
    requests (robots.txt first) still arrive at least FETCH_HOST_SPACING_SECONDS apart."""
    import itertools

    from claimtracker.services import articles, claims, watchdog_jobs

    pages = {f"/story-{n}/": Page(seed_html().replace("Kim", f"Kim{n}").encode()) for n in "abc"}
    with serve(pages) as site:
        with app.app_context():
            for path in pages:
                article, _ = articles.log_from_url(None, site.base + path)  # type: ignore[arg-type]
                db.session.flush()
                claim = claims.create_claim(None, text=f"Quote from {path}")
                claims.add_appearance(
                    None, claim, article, exact="DNA testing has now been ordered"
                )
                watchdog_jobs.request_recheck(None, article)
            db.session.commit()
        start = len(site.requests)
        start_worker(FETCH_HOST_SPACING_SECONDS=0.5)
        start_worker(FETCH_HOST_SPACING_SECONDS=0.5)
        with app.app_context():
            wait_for(
                lambda: (
                    db.session.scalar(
                        select(func.count()).select_from(Job).where(Job.state == "done")
                    )
                    == 3
                    or db.session.rollback()
                ),
                timeout=40,
            )
            results = [j.result["outcome"] for j in db.session.scalars(select(Job))]
        times = [t for _, _, t in site.requests[start:]]
    assert results == ["unchanged"] * 3
    assert len(times) == 4  # robots.txt once, then each page once
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.5, gaps
