"""/api/v1 writes: token required, the desk's services, one commit per request."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, jsonify, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from claimtracker.api.auth import token_required
from claimtracker.api.params import body_date, json_body
from claimtracker.api.problems import APIError, from_service_error
from claimtracker.api.v1 import bp
from claimtracker.extensions import db
from claimtracker.models import Article, Claim, Job, PendingAddition, VerdictStatus
from claimtracker.publishing import claim_json
from claimtracker.publishing.dates import iso
from claimtracker.services import (
    additions,
    article_jobs,
    articles,
    cited_sources,
    claims,
    transaction,
    verdicts,
)
from claimtracker.services.errors import Invalid, ServiceError


def unit_of_work(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run the view in the desk's own transaction (``services.transaction``): one commit
    when it returns; on a service error, a concurrent edit or a uniqueness race everything
    rolls back and the answer is a problem (409 for both kinds of collision)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            with transaction.unit_of_work():
                return view(*args, **kwargs)
        except ServiceError as err:
            return from_service_error(err)

    return wrapped


def _claim(claim_id: int) -> Claim:
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        raise APIError(404, _l("no claim %(claim_id)s", claim_id=claim_id))
    return claim


def _created(payload: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(payload), 201


def _held(addition: PendingAddition) -> ResponseReturnValue:
    """202 Accepted: a reviewer's addition to a published claim, saved and waiting for an
    editor's approval on the desk (``services.additions``); readers do not see it yet."""
    return jsonify(
        {
            "id": addition.id,
            "claim_id": addition.claim_id,
            "kind": addition.kind.value,
            "state": addition.state.value,
            "fields": addition.payload,
            "created": iso(addition.created_at),
        }
    ), 202


@bp.post("/articles")
@token_required
@unit_of_work
def create_article() -> ResponseReturnValue:
    """Log an article from pasted text or HTML with typed metadata, or from a URL alone
    (fetched with the safe fetcher): the desk's own services, so the same rules hold."""
    body = json_body("NewArticle")
    content = body.get("html") or body.get("text")
    if content:
        article, created = articles.log_from_paste(
            g.api_user,
            url=body["url"],
            content=content,
            headline=body.get("headline") or "",
            byline=body.get("byline"),
            outlet=body.get("outlet"),
            published_on=body_date(body, "published"),
        )
    else:
        # A URL alone is fetched by the worker: answer at once with the job to poll.
        job, existing = article_jobs.request_fetch(g.api_user, body["url"])
        if job is not None:
            db.session.flush()
            location = url_for("api_v1.job", job_id=job.id)
            return jsonify(job_json(job)), 202, {"Location": location}
        assert existing is not None  # request_fetch gives a job or the logged article
        article, created = existing, False
    db.session.flush()
    payload = {
        "id": article.id,
        "url": article.url,
        "title": article.headline or article.url,
        "outlet": article.outlet.name if article.outlet else None,
        "published": iso(article.published_on),
        "has_text": bool(article.text),
        "created": created,
    }
    return jsonify(payload), 201 if created else 200


def job_json(row: Job) -> dict[str, Any]:
    """A background job as the API answers it (not a published format: it stays here)."""
    result = row.result or {}
    article_id = result.get("article_id")
    return {
        "id": row.id,
        "kind": row.kind,
        "state": row.state,
        "attempts": row.attempts,
        "max_attempts": row.max_attempts,
        "next_attempt_at": iso(row.next_attempt_at) if row.state == "pending" else None,
        "last_error": row.last_error,
        "progress": {"done": row.progress_done, "total": row.progress_total},
        "result": row.result,
        "article": url_for("api_v1.get_article", article_id=article_id) if article_id else None,
        "created_at": iso(row.created_at),
        "finished_at": iso(row.finished_at),
    }


@bp.get("/jobs/<int:job_id>")
@token_required
def job(job_id: int) -> ResponseReturnValue:
    """A background job, for a client polling what it queued (any token)."""
    row = db.session.get(Job, job_id)
    if row is None:
        raise APIError(404, _l("no job %(job_id)s", job_id=job_id))
    return jsonify(job_json(row))


@bp.post("/claims")
@token_required
@unit_of_work
def create_claim() -> ResponseReturnValue:
    """Create a draft claim with its appearances (passages anchored in the articles)."""
    body = json_body("NewClaim")
    claim = claims.create_claim(
        g.api_user,
        text=body["text"],
        claimant=body.get("claimant"),
        claimed_on=body_date(body, "claimed"),
        long_text=body.get("long_text"),
        tags=body.get("tags"),
        language=body.get("language") or "en",
    )
    made = []
    for index, spec in enumerate(body.get("appearances") or []):
        article = db.session.get(Article, spec["article_id"])
        if article is None:
            raise Invalid(
                _l("no article %(article_id)s", article_id=spec["article_id"]),
                field=f"appearances.{index}.article_id",
            )
        made.append(
            claims.add_appearance(
                g.api_user,
                claim,
                article,
                exact=spec["exact"],
                start=spec.get("start"),
                speaker=spec.get("speaker"),
            )
        )
    db.session.flush()
    return _created(
        {
            "id": claim.id,
            "text": claim.text,
            "status": claim.status,
            "claimant": claim.claimant.name if claim.claimant else None,
            "appearances": [
                {
                    "id": a.id,
                    "article_id": a.article_id,
                    "exact": a.exact,
                    "quote_status": a.quote_status,
                    "start": a.start,
                    "end": a.end,
                }
                for a in made
            ],
        }
    )


@bp.post("/claims/<int:claim_id>/sources")
@token_required
@unit_of_work
def add_source(claim_id: int) -> ResponseReturnValue:
    body = json_body("NewSource")
    source = additions.add_source(
        g.api_user,
        _claim(claim_id),
        url=body["url"],
        title=body.get("title", ""),
        publisher=body.get("publisher"),
        stance=body.get("stance", "context"),
        note=body.get("note"),
        archive_url=body.get("archive_url"),
        accessed_on=body_date(body, "accessed"),
    )
    db.session.flush()
    if isinstance(source, PendingAddition):
        return _held(source)
    return _created(
        {
            "id": source.id,
            "claim_id": claim_id,
            "url": source.url,
            "title": source.title,
            "stance": source.stance,
        }
    )


@bp.post("/claims/<int:claim_id>/notes")
@token_required
@unit_of_work
def add_note(claim_id: int) -> ResponseReturnValue:
    body = json_body("NewNote")
    note = additions.add_note(
        g.api_user,
        _claim(claim_id),
        body["body"],
        public=bool(body.get("public")),
        parent_id=body.get("parent_id"),
    )
    db.session.flush()
    if isinstance(note, PendingAddition):
        return _held(note)
    return _created({"id": note.id, "claim_id": claim_id, "public": note.public})


def _verdict_payload(verdict: Any) -> dict[str, Any]:
    published = verdict.status == VerdictStatus.PUBLISHED
    return {
        "id": verdict.id,
        "claim_id": verdict.claim_id,
        "status": verdict.status,
        "rating": claim_json.rating(verdict.rating),
        "fidelity": claim_json.fidelity(verdict),
        "reason": verdict.reason,
        "published": iso(verdict.published_at),
        "url": claim_json.claim_url(verdict.claim) if published else None,
        "version": verdict.version_id,
    }


@bp.post("/claims/<int:claim_id>/verdicts")
@token_required
@unit_of_work
def propose_verdict(claim_id: int) -> ResponseReturnValue:
    body = json_body("NewVerdict")
    verdict = verdicts.propose(
        g.api_user,
        _claim(claim_id),
        rating=body["rating"],
        summary=body["summary"],
        source_ids=body.get("source_ids"),
        reason=body.get("reason"),
        reason_note=body.get("reason_note"),
        fidelity=body.get("fidelity"),
    )
    db.session.flush()
    return _created(_verdict_payload(verdict))


@bp.post("/appearances/<int:appearance_id>/cited-source")
@token_required
@unit_of_work
def link_cited_source(appearance_id: int) -> ResponseReturnValue:
    """Record what an appearance's article attributes the passage to and the source it
    cites; the closest source passage is found, anchored and compared word by word."""
    body = json_body("NewCitedSource")
    appearance = cited_sources.link(
        g.api_user,
        cited_sources.get_appearance(appearance_id),
        attributed_to=body.get("attributed_to"),
        article_id=body.get("article_id"),
        excerpt=body.get("excerpt"),
        url=body.get("url"),
        archive_url=body.get("archive_url"),
    )
    db.session.flush()
    return jsonify(
        {
            "appearance_id": appearance.id,
            "claim_id": appearance.claim_id,
            "attributed_to": appearance.attributed_to,
            "cited_source": claim_json.cited_source(appearance),
            "suggested_fidelity": cited_sources.suggest(appearance).fidelity,
        }
    )


@bp.post("/verdicts/<int:verdict_id>/sign-off")
@token_required
@unit_of_work
def sign_off(verdict_id: int) -> ResponseReturnValue:
    """Publish a proposed verdict: editors only, never the verdict's own author, and only
    the version the editor read (``version``, required; 409 when it was revised since)."""
    body = json_body("SignOff")
    verdict = verdicts.sign_off(verdict_id, g.api_user, version=body["version"])
    db.session.flush()
    return jsonify(_verdict_payload(verdict))
