"""Every job state is visible on the desk, with progress, the reason of a failure and a
retry button; large ClaimReview uploads run as jobs with progress."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from sqlalchemy import select

from claimtracker import jobs
from claimtracker.extensions import db
from claimtracker.models import Job, utcnow
from tests.web.test_desk_articles import drain


def _make_jobs(app) -> dict[str, int]:
    with app.app_context():
        made = {}
        for state in ("pending", "running", "done", "failed"):
            job = jobs.enqueue("article.fetch", {"url": f"https://example.org/{state}"})
            job.state = state
            if state == "running":
                job.attempts, job.progress_done, job.progress_total = 1, 3, 10
                job.lease_until = utcnow() + timedelta(minutes=5)
            if state == "failed":
                job.attempts, job.last_error = 3, "the server answered 503 Service Unavailable"
            if state == "done":
                job.result = {"outcome": "unchanged"}
            made[state] = job.id
        db.session.commit()
        return made


def test_every_state_is_visible_with_reason_and_retry(app, login_as):
    made = _make_jobs(app)
    client, _ = login_as("reviewer")
    listing = client.get("/desk/jobs").get_data(as_text=True)
    for state in made:
        assert f'<span class="badge job-{state}">{state}</span>' in listing
    assert "the server answered 503 Service Unavailable" in listing
    assert listing.count(">Retry</button>") == 1  # only the failed one
    assert "3 of 10" in listing  # the running job's progress
    failed = client.get("/desk/jobs?state=failed").get_data(as_text=True)
    assert "example.org/failed" in failed and "example.org/done" not in failed
    for state, job_id in made.items():
        page = client.get(f"/desk/jobs/{job_id}?stay=1").get_data(as_text=True)
        assert f"job-{state}" in page
        # Unasked, the page never reloads itself (WCAG 2.2.1); a running job offers to.
        assert 'http-equiv="refresh"' not in page
        running = state in ("pending", "running")
        assert (f'href="/desk/jobs/{job_id}?watch=1">Refresh automatically</a>' in page) == running
        watched = client.get(f"/desk/jobs/{job_id}?stay=1&watch=1").get_data(as_text=True)
        assert ('<meta http-equiv="refresh" content="2">' in watched) == running
        assert (f'href="/desk/jobs/{job_id}">Stop refreshing</a>' in watched) == running
    resp = client.post(f"/desk/jobs/{made['failed']}/retry")
    assert resp.status_code == 302
    with app.app_context():
        job = db.session.get(Job, made["failed"])
        assert (job.state, job.attempts) == ("pending", 0)
    assert client.get("/desk/jobs/999999").status_code == 404


def test_large_import_runs_as_a_job_with_progress(app, login_as):
    app.config["IMPORT_JOB_BYTES"] = 200
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example/review-{n}",
        "claimReviewed": "The moon is made of cheese number {n}",
        "author": {"@type": "Organization", "name": "Other Desk"},
        "datePublished": "2024-01-02",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    reviews = [json.loads(json.dumps(review).replace("{n}", str(n))) for n in range(3)]
    body = json.dumps(reviews).encode()
    client, _ = login_as("editor")
    resp = client.post(
        "/desk/import",
        data={"file": (io.BytesIO(body), "reviews.json")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 302 and resp.headers["Location"].endswith("?watch=1")
    reviewer_client, _ = login_as("reviewer")
    assert reviewer_client.get(resp.headers["Location"]).status_code == 403  # editors' job
    # The import, then the matching vectors it queued for its new claims (one fill job).
    assert drain(app) == 2
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "3 imported, 0 updated, 0 skipped." in page
    with app.app_context():
        job, fill = db.session.scalars(select(Job).order_by(Job.id)).all()
        assert (job.progress_done, job.progress_total, job.state) == (3, 3, "done")
        assert (fill.kind, fill.state) == ("vectors.fill", "done")
