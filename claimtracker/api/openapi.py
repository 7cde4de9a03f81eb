"""The OpenAPI 3.1 document for /api/v1 and /api/v1alpha1/claims:search.

Schemas come from :mod:`claimtracker.api.schemas` (the ones requests are validated
against) and :mod:`claimtracker.api.google_schema`.
"""

from __future__ import annotations

from typing import Any

from claimtracker.api.google_schema import GOOGLE_SCHEMAS
from claimtracker.api.schemas import SCHEMAS, ref
from claimtracker.ids import MAX_ID
from claimtracker.version import __version__

PROBLEM = {"application/problem+json": {"schema": ref("Problem")}}
ERROR_TEXT = {
    400: "Malformed request (bad JSON, bad query parameter)",
    401: "No valid API token",
    403: "The token's account may not do this",
    404: "Not found (or not published)",
    409: "Conflicts with the current state",
    413: "The body is too large",
    422: "The body does not match the schema, or a rule of the desk refused it",
    429: "Over the rate limit (API_RATE_LIMIT); retry after the time in Retry-After",
}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(c): {"description": ERROR_TEXT[c], "content": PROBLEM} for c in codes}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _path_id(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "example": 1,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    }


TEXT = {"type": "string", "maxLength": 200}
PAGING = [
    _query("page", {"type": "integer", "minimum": 1, "maximum": 100000}, "Page number, from 1"),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": 100}, "Items per page"),
]


def _read(
    summary: str,
    schema: str,
    params: list[dict[str, Any]] | None = None,
    errors: tuple[int, ...] = (400,),
) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "tags": ["read"],
            "parameters": params or [],
            "responses": {"200": _json(schema, "OK"), **_errors(*errors, 429)},
        }
    }


def _write(
    summary: str,
    body: str,
    result: str,
    *,
    status: str = "201",
    params: list[dict[str, Any]] | None = None,
    extra: tuple[int, ...] = (),
    held: bool = False,
) -> dict[str, Any]:
    responses = {status: _json(result, "Done"), **_errors(400, 401, 404, 413, 422, 429, *extra)}
    if held:
        responses["202"] = _json(
            "AdditionHeld",
            "A reviewer's addition to a published claim: saved, and held for an editor's "
            "approval on the desk; readers see it once approved (nothing public changed yet)",
        )
    if body == "NewArticle":
        responses["200"] = _json(result, "The article was already logged")
        responses["202"] = {
            **_json("Job", "A URL alone: queued for the worker; poll the job at Location"),
            "headers": {"Location": {"schema": {"type": "string"}, "description": "The job"}},
        }
    return {
        "post": {
            "summary": summary,
            "tags": ["write"],
            "security": [{"bearerAuth": []}],
            "parameters": params or [],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ref(body)}},
            },
            "responses": responses,
        }
    }


def paths() -> dict[str, Any]:
    claims_params = [
        _query("q", TEXT, "Search words (all must match)"),
        _query("rating", TEXT, "Rating label or slug"),
        _query("fidelity", TEXT, "Reported faithfully? A value or label of the FIDELITY scale"),
        _query("claimant", TEXT, "Claimant id, slug or name"),
        _query("outlet", TEXT, "Id, slug or name of an outlet the claim appeared in"),
        _query("tag", TEXT, "Tag"),
        _query("from", {"type": "string", "format": "date"}, "Claim made on or after"),
        _query("to", {"type": "string", "format": "date"}, "Claim made on or before"),
        _query("language", {"type": "string", "maxLength": 16}, "Claim language code"),
        *PAGING,
    ]
    google_params = [
        _query("query", TEXT, "Search words"),
        _query("languageCode", {"type": "string", "maxLength": 16}, "BCP-47 language code"),
        _query(
            "maxAgeDays",
            {"type": "integer", "minimum": 1, "maximum": 36500},
            "Only reviews published in the last N days",
        ),
        _query("pageSize", {"type": "integer", "minimum": 1, "maximum": 100}, "Default 10"),
        _query("pageToken", {"type": "string", "maxLength": 100}, "From nextPageToken"),
        _query(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": 100000},
            "Alternative to pageToken",
        ),
        _query("reviewPublisherSiteFilter", TEXT, "Only this publisher site (our own)"),
    ]
    claim_id = [_path_id("claim_id")]
    return {
        "/api/v1/claims": {
            **_read("Published claims, newest first", "ClaimPage", claims_params),
            **_write(
                "Create a draft claim with appearances", "NewClaim", "ClaimCreated", extra=(409,)
            ),
        },
        "/api/v1/claims/{claim_id}": _read("A published claim", "Claim", claim_id, (400, 404)),
        "/api/v1/articles": {
            **_read("Articles with published claims", "ArticlePage", PAGING),
            **_write(
                "Log an article (pasted text, HTML, or a URL to fetch)",
                "NewArticle",
                "ArticleCreated",
                extra=(409,),
            ),
        },
        "/api/v1/articles/{article_id}": _read(
            "An article with published claims", "Article", [_path_id("article_id")], (400, 404)
        ),
        "/api/v1/jobs/{job_id}": {
            "get": {
                "summary": "A background job's state (e.g. an article being fetched)",
                "tags": ["write"],
                "security": [{"bearerAuth": []}],
                "parameters": [_path_id("job_id")],
                "responses": {"200": _json("Job", "OK"), **_errors(400, 401, 404, 429)},
            }
        },
        "/api/v1/claimants": _read("Claimants of published claims", "ClaimantPage", PAGING),
        "/api/v1/ratings": _read("The rating scale", "RatingList"),
        "/api/v1/claims/{claim_id}/sources": _write(
            "Add a source (a reviewer's, on a published claim, is held for an editor: 202)",
            "NewSource",
            "SourceCreated",
            params=claim_id,
            extra=(409,),
            held=True,
        ),
        "/api/v1/claims/{claim_id}/notes": _write(
            "Add a reviewer note (a reviewer's public note on a published claim is held "
            "for an editor: 202)",
            "NewNote",
            "NoteCreated",
            params=claim_id,
            extra=(409,),
            held=True,
        ),
        "/api/v1/claims/{claim_id}/verdicts": _write(
            "Propose a verdict for sign-off", "NewVerdict", "Verdict", params=claim_id, extra=(409,)
        ),
        "/api/v1/appearances/{appearance_id}/cited-source": _write(
            "Link the source an appearance cites (a logged article or a pasted excerpt); "
            "the closest passage is found and compared word by word",
            "NewCitedSource",
            "CitedSourceLinked",
            status="200",
            params=[_path_id("appearance_id")],
            extra=(403, 404, 409),
        ),
        "/api/v1/verdicts/{verdict_id}/sign-off": _write(
            "Sign off and publish the version of a verdict you read (editors; not its author)",
            "SignOff",
            "Verdict",
            status="200",
            params=[_path_id("verdict_id")],
            extra=(403, 409),
        ),
        "/api/v1/match": {
            "post": {
                "summary": "Published claims (ours and imported) that a text may repeat, best "
                "first, with a calibrated score (0..1)",
                "tags": ["read"],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("MatchRequest")}},
                },
                "responses": {"200": _json("MatchList", "OK"), **_errors(400, 413, 422, 429)},
            }
        },
        "/api/v1alpha1/claims:search": _read(
            "Search fact checks in the shape of Google's Fact Check Tools API",
            "GoogleSearchResponse",
            google_params,
        ),
    }


def document(server_url: str = "") -> dict[str, Any]:
    """The whole OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "claimtracker API",
            "version": __version__,
            "description": "Published fact checks, and the desk's write path for API tokens. "
            "Errors are RFC 9457 problem details.",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": server_url or "/"}],
        "paths": paths(),
        "components": {
            "schemas": {**SCHEMAS, **GOOGLE_SCHEMAS},
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from `claimtracker tokens create EMAIL`",
                }
            },
        },
    }
