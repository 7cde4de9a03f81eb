"""/api/v1 writes: token required, the desk's services, one commit per request."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, jsonify, url_for
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from claimtracker.api import serialize
from claimtracker.api.auth import token_required
from claimtracker.api.params import body_date, json_body
from claimtracker.api.problems import APIError, from_service_error, problem
from claimtracker.api.v1 import bp
from claimtracker.extensions import db
from claimtracker.models import Article, Claim, Job, VerdictStatus
from claimtracker.services import article_jobs, articles, claims, verdicts
from claimtracker.services.errors import Invalid, ServiceError


def unit_of_work(view: Callable[..., Any]) -> Callable[..., Any]:
    """Commit once when the view returns; roll back and answer a problem on a service
    error, a concurrent edit (409) or a uniqueness race (409)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            response = view(*args, **kwargs)
            db.session.commit()
            return response
        except ServiceError as err:
            db.session.rollback()
            return from_service_error(err)
        except StaleDataError:
            db.session.rollback()
            return problem(409, "someone else changed this record; reload and try again")
        except IntegrityError:
            db.session.rollback()
            return problem(409, "this conflicts with an existing record")
        except APIError:
            db.session.rollback()
            raise

    return wrapped


def _claim(claim_id: int) -> Claim:
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        raise APIError(404, f"no claim {claim_id}")
    return claim


def _created(payload: dict[str, Any]):  # type: ignore[no-untyped-def]
    return jsonify(payload), 201


@bp.post("/articles")
@token_required
@unit_of_work
def create_article():  # type: ignore[no-untyped-def]
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
            return jsonify(serialize.job(job)), 202, {"Location": location}
        article, created = existing, False
    db.session.flush()
    payload = {
        "id": article.id,
        "url": article.url,
        "title": article.headline or article.url,
        "outlet": article.outlet.name if article.outlet else None,
        "published": serialize.iso(article.published_on),
        "has_text": bool(article.text),
        "created": created,
    }
    return jsonify(payload), 201 if created else 200


@bp.get("/jobs/<int:job_id>")
@token_required
def job(job_id: int):  # type: ignore[no-untyped-def]
    """A background job, for a client polling what it queued (any token)."""
    row = db.session.get(Job, job_id)
    if row is None:
        raise APIError(404, f"no job {job_id}")
    return jsonify(serialize.job(row))


@bp.post("/claims")
@token_required
@unit_of_work
def create_claim():  # type: ignore[no-untyped-def]
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
                f"no article {spec['article_id']}", field=f"appearances.{index}.article_id"
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
def add_source(claim_id: int):  # type: ignore[no-untyped-def]
    body = json_body("NewSource")
    source = claims.add_source(
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
def add_note(claim_id: int):  # type: ignore[no-untyped-def]
    body = json_body("NewNote")
    note = claims.add_note(
        g.api_user,
        _claim(claim_id),
        body["body"],
        public=bool(body.get("public")),
        parent_id=body.get("parent_id"),
    )
    db.session.flush()
    return _created({"id": note.id, "claim_id": claim_id, "public": note.public})


def _verdict_payload(verdict: Any) -> dict[str, Any]:
    published = verdict.status == VerdictStatus.PUBLISHED
    return {
        "id": verdict.id,
        "claim_id": verdict.claim_id,
        "status": verdict.status,
        "rating": serialize.rating(verdict.rating),
        "reason": verdict.reason,
        "published": serialize.iso(verdict.published_at),
        "url": serialize.claim_url(verdict.claim) if published else None,
    }


@bp.post("/claims/<int:claim_id>/verdicts")
@token_required
@unit_of_work
def propose_verdict(claim_id: int):  # type: ignore[no-untyped-def]
    body = json_body("NewVerdict")
    verdict = verdicts.propose(
        g.api_user,
        _claim(claim_id),
        rating=body["rating"],
        summary=body["summary"],
        source_ids=body.get("source_ids"),
        reason=body.get("reason"),
        reason_note=body.get("reason_note"),
    )
    db.session.flush()
    return _created(_verdict_payload(verdict))


@bp.post("/verdicts/<int:verdict_id>/sign-off")
@token_required
@unit_of_work
def sign_off(verdict_id: int):  # type: ignore[no-untyped-def]
    """Publish a proposed verdict: editors only, never the verdict's own author."""
    json_body("SignOff")
    verdict = verdicts.sign_off(verdict_id, g.api_user)
    db.session.flush()
    return jsonify(_verdict_payload(verdict))
