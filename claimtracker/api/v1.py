"""/api/v1: public reading (published data only) and the OpenAPI document.

Writes live in :mod:`claimtracker.api.write` on the same blueprint.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request, url_for
from flask_babel import lazy_gettext as _l

from claimtracker.api import queries
from claimtracker.api.params import date_arg, int_arg, str_arg
from claimtracker.api.problems import APIError
from claimtracker.publishing import claim_json
from claimtracker.services.watchdog import version_list

bp = Blueprint("api_v1", __name__, url_prefix="/api/v1")

MAX_PER_PAGE = 100


def _paging() -> tuple[int, int]:
    return (
        int_arg("page", 1, low=1, high=100_000),
        int_arg("per_page", 20, low=1, high=MAX_PER_PAGE),
    )


def _next_url(page: int, per_page: int, total: int) -> str | None:
    if page * per_page >= total:
        return None
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "page"}
    return url_for(
        request.endpoint or "", page=page + 1, _external=True, **{**args, "per_page": per_page}
    )


def _cacheable(payload: dict[str, Any]):
    response = jsonify(payload)
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["API_CACHE_SECONDS"]
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/claims")
def list_claims():
    """Published claims, newest first, filtered and paged."""
    page, per_page = _paging()
    filters = queries.ClaimFilters(
        q=str_arg("q"),
        rating=str_arg("rating"),
        fidelity=str_arg("fidelity"),
        claimant=str_arg("claimant"),
        outlet=str_arg("outlet"),
        tag=str_arg("tag"),
        since=date_arg("from"),
        until=date_arg("to"),
        language=str_arg("language", max_chars=16),
    )
    claims, total = queries.claims_page(filters, page=page, per_page=per_page)
    return _cacheable(
        claim_json.page(
            [claim_json.claim_summary(c) for c in claims],
            page_no=page,
            per_page=per_page,
            total=total,
            next_url=_next_url(page, per_page, total),
        )
    )


@bp.get("/claims/<int:claim_id>")
def get_claim(claim_id: int):
    claim = queries.detail(claim_id)
    if claim is None:
        raise APIError(404, _l("no published claim %(claim_id)s", claim_id=claim_id))
    return _cacheable(claim_json.claim_detail(claim))


@bp.get("/articles")
def list_articles():
    """Articles in which a published claim appeared."""
    page, per_page = _paging()
    rows, total = queries.public_articles_page(page=page, per_page=per_page)
    return _cacheable(
        claim_json.page(
            [claim_json.article(a, ids, version_list(a)) for a, ids in rows],
            page_no=page,
            per_page=per_page,
            total=total,
            next_url=_next_url(page, per_page, total),
        )
    )


@bp.get("/articles/<int:article_id>")
def get_article(article_id: int):
    found = queries.public_article(article_id)
    if found is None:
        raise APIError(
            404, _l("no article %(article_id)s with a published claim", article_id=article_id)
        )
    article, claim_ids = found
    return _cacheable(claim_json.article(article, claim_ids, version_list(article)))


@bp.get("/claimants")
def list_claimants():
    page, per_page = _paging()
    rows, total = queries.claimants_page(page=page, per_page=per_page)
    items = [{"id": c.id, "name": c.name, "slug": c.slug, "claims": n} for c, n in rows]
    return _cacheable(
        claim_json.page(
            items,
            page_no=page,
            per_page=per_page,
            total=total,
            next_url=_next_url(page, per_page, total),
        )
    )


@bp.get("/ratings")
def list_ratings():
    items = [
        {
            "label": r.label,
            "slug": r.slug,
            "value": r.value,
            "description": r.description,
            "claims": n,
        }
        for r, n in queries.ratings_with_counts()
    ]
    return _cacheable({"items": items})


@bp.get("/openapi.json")
def openapi_document():
    from claimtracker.api.openapi import document

    return jsonify(document(server_url=request.host_url.rstrip("/")))
