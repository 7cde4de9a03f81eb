"""Work the desk and the API hand to the background worker: logging an article from its
URL, and large ClaimReview imports. Each is an idempotent job handler plus the call that
enqueues it (the one write path for web, API and CLI)."""

from __future__ import annotations

import base64
from dataclasses import asdict

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from claimtracker import jobs
from claimtracker.claimreview.parse import DocumentError, load_document
from claimtracker.extensions import db
from claimtracker.ingest import fetch
from claimtracker.models import Article, Job, User
from claimtracker.services import articles, claimreview_import
from claimtracker.services.messages import lazy_reason, translated

FETCH = "article.fetch"
IMPORT = "claimreview.import"


def request_fetch(actor: User, url: str) -> tuple[Job | None, Article | None]:
    """Ask the worker to fetch and log ``url``; answers at once. Returns ``(job, None)``,
    or ``(None, article)`` when the URL is already logged. Any signed-in user.
    Raises Invalid for anything that is not an http(s) URL or whose host is private or does
    not resolve; what only the fetch can tell (an error status, a timeout, no article text)
    arrives later as the job's reason."""
    canonical, existing = articles.logged_at(url)
    if existing is not None:
        return None, existing
    try:
        # Refuse a private address or a name that does not resolve now, as the desk always
        # did; the worker vets the address again when it connects (DNS may change).
        fetch.vet(url.strip(), articles.fetch_settings()["allowed_hosts"])
    except fetch.FetchError as err:
        raise articles.FetchFailed(
            _l("the page was not fetched: %(reason)s", reason=lazy_reason(err))
        ) from None
    job = jobs.enqueue(
        FETCH, {"url": url.strip()}, actor=actor, dedupe_key=f"{FETCH}:{canonical}"[:300]
    )
    return job, None


def _actor(ctx: jobs.JobContext) -> User | None:
    return db.session.get(User, ctx.actor_id) if ctx.actor_id else None


@jobs.handler(FETCH, max_attempts=3)
def fetch_article(ctx: jobs.JobContext) -> dict:
    """Fetch, extract and log the article (once per canonical URL, so a redo finds it)."""
    try:
        article, created = articles.log_from_url(_actor(ctx), ctx.payload["url"])
    except articles.FetchFailed as err:
        raise (jobs.Retry(err.message) if err.transient else jobs.Fail(err.message)) from None
    except articles.Invalid as err:
        raise jobs.Fail(err.message) from None
    db.session.flush()
    return {"article_id": article.id, "created": created}


def request_import(actor: User, content: bytes) -> Job:
    """Queue a ClaimReview import of ``content`` (editors). Raises DocumentError at once
    when the content is neither JSON nor HTML, so the uploader hears it on the form."""
    load_document(content)
    encoded = base64.b64encode(content).decode("ascii")
    return jobs.enqueue(IMPORT, {"content": encoded}, actor=actor, max_attempts=2)


@jobs.handler(IMPORT, max_attempts=2)
def import_claimreviews(ctx: jobs.JobContext) -> dict:
    """Import every review, committing each on its own (the import service's rule); a redo
    after a crash finds the reviews already imported by their URL and skips or updates them."""
    content = base64.b64decode(ctx.payload["content"])
    try:
        nodes = load_document(content)
    except DocumentError as err:
        raise jobs.Fail(gettext("nothing imported: %(reason)s", reason=translated(err))) from None
    total = len(nodes)
    ctx.progress(0, total)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        ctx.progress(done, total)

    actor = _actor(ctx)
    reports = claimreview_import.import_nodes(nodes, actor, progress=step)
    return {"reports": [asdict(r) | {"line": r.line()} for r in reports]}
