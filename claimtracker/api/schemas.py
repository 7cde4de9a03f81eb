"""JSON Schemas (2020-12) of the API: request bodies are validated against the very
schemas the OpenAPI document publishes, so documentation and validation cannot drift."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from claimtracker.api import schema_messages
from claimtracker.ids import MAX_ID

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

REF = "#/components/schemas/"


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


STR = {"type": "string"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri", "maxLength": 2048}
# Ids are 32-bit integers in PostgreSQL; a larger number is refused, never sent to the DB.
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def obj(
    properties: dict[str, Any], required: list[str] | None = None, *, closed: bool = True
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": required or [],
    }
    if closed:
        schema["additionalProperties"] = False
    return schema


def page_of(item: str) -> dict[str, Any]:
    return obj(
        {
            "items": {"type": "array", "items": ref(item)},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "total": {"type": "integer", "minimum": 0},
            "next": nullable(STR),
        },
        ["items", "page", "per_page", "total", "next"],
    )


RATING = obj({"label": STR, "value": nullable({"type": "integer"})}, ["label", "value"])
#: The verdict's second axis: was it reported faithfully? ``value`` is null when not assessed.
FIDELITY = obj(
    {
        "label": {"type": "string", "examples": ["Source reversed", "Not assessed"]},
        "value": nullable({"type": "string", "examples": ["source-reversed"]}),
    },
    ["label", "value"],
)
WORDS = {"type": "array", "items": STR}
CITED_SOURCE = obj(
    {
        "url": STR,
        "article_id": nullable(ID),
        "outlet": nullable(STR),
        "archive_url": nullable(STR),
        "passage": nullable(ref("Quote")),
        "link": STR,
        "differences": nullable(
            obj(
                {
                    "removed": WORDS,
                    "added": WORDS,
                    "numbers": {
                        "type": "array",
                        "items": obj({"source": STR, "article": STR}, ["source", "article"]),
                    },
                    "flips": {
                        "type": "array",
                        "items": obj(
                            {
                                "kind": {"enum": ["antonym", "negation"]},
                                "source": STR,
                                "article": STR,
                            },
                            ["kind", "source", "article"],
                        ),
                    },
                },
                ["removed", "added", "numbers", "flips"],
            )
        ),
    },
    ["url", "passage", "link", "differences"],
)
FIDELITY_FIELD = {
    "type": "string",
    "maxLength": 60,
    "description": "Was it reported faithfully? A value or label of the FIDELITY scale "
    "(accurate, altered, out-of-context, misattributed, source-reversed, fabricated by "
    "default), or not-assessed",
    "examples": ["source-reversed", "Accurate", "not-assessed"],
}

SCHEMAS: dict[str, dict[str, Any]] = {
    "Problem": obj(
        {
            "type": STR,
            "title": STR,
            "status": {"type": "integer"},
            "detail": STR,
            "errors": {
                "type": "array",
                "items": obj({"field": STR, "detail": STR}, ["detail"], closed=False),
            },
        },
        ["type", "title", "status", "detail"],
        closed=False,
    ),
    "Rating": RATING,
    "Fidelity": FIDELITY,
    "CitedSource": CITED_SOURCE,
    "RatingInfo": obj(
        {
            "label": STR,
            "slug": STR,
            "value": nullable({"type": "integer"}),
            "description": STR,
            "claims": {"type": "integer"},
        },
        ["label", "slug", "value", "description", "claims"],
    ),
    "ArticleRef": obj(
        {"id": ID, "url": STR, "title": STR, "outlet": nullable(STR), "published": nullable(DATE)},
        ["id", "url", "title", "outlet", "published"],
    ),
    "Quote": obj({"exact": STR, "prefix": STR, "suffix": STR}, ["exact", "prefix", "suffix"]),
    "Appearance": obj(
        {
            "article": ref("ArticleRef"),
            "quote": ref("Quote"),
            "link": STR,
            "speaker": nullable(STR),
            "check": obj(
                {
                    "status": {
                        "type": "string",
                        "enum": ["verbatim", "altered", "missing", "unchecked"],
                    },
                    "checked": nullable(DATETIME),
                    "version": nullable({"type": "integer", "minimum": 1}),
                    "now": nullable(STR),
                    "error": nullable(STR),
                },
                ["status", "checked", "version", "now", "error"],
            ),
            "attributed_to": nullable(STR),
            "cited_source": nullable(ref("CitedSource")),
        },
        ["article", "quote", "link"],
    ),
    "SourceOut": obj(
        {
            "url": STR,
            "title": STR,
            "publisher": nullable(STR),
            "stance": STR,
            "accessed": nullable(DATE),
            "archive_url": nullable(STR),
            "note": nullable(STR),
        },
        ["url", "title", "stance"],
    ),
    "HistoryEntry": obj(
        {
            "rating": ref("Rating"),
            "fidelity": ref("Fidelity"),
            "summary": STR,
            "reason": STR,
            "reason_note": nullable(STR),
            "published": nullable(DATETIME),
            "original_rating": nullable(STR),
        },
        ["rating", "summary", "reason", "published"],
    ),
    "ClaimSummary": obj(
        {
            "id": ID,
            "url": STR,
            "text": STR,
            "claimant": nullable(STR),
            "claimed": nullable(DATE),
            "published": nullable(DATETIME),
            "updated": nullable(DATETIME),
            "status": STR,
            "rating": ref("Rating"),
            "fidelity": ref("Fidelity"),
            "tags": {"type": "array", "items": STR},
        },
        ["id", "url", "text", "claimant", "status", "rating", "fidelity"],
    ),
    "Claim": obj(
        {
            "id": ID,
            "url": STR,
            "text": STR,
            "long_text": nullable(STR),
            "claimant": nullable(STR),
            "claimed": nullable(DATE),
            "published": nullable(DATETIME),
            "updated": nullable(DATETIME),
            "status": STR,
            "language": STR,
            "rating": ref("Rating"),
            "fidelity": ref("Fidelity"),
            "summary": STR,
            "original_rating": nullable(STR),
            "origin": nullable(obj({"url": STR, "publisher": nullable(STR)}, ["url"])),
            "tags": {"type": "array", "items": STR},
            "appearances": {"type": "array", "items": ref("Appearance")},
            "sources": {"type": "array", "items": ref("SourceOut")},
            "history": {"type": "array", "items": ref("HistoryEntry")},
        },
        [
            "id",
            "url",
            "text",
            "claimant",
            "status",
            "rating",
            "fidelity",
            "summary",
            "appearances",
            "sources",
            "history",
        ],
    ),
    "ClaimPage": page_of("ClaimSummary"),
    "Article": obj(
        {
            "id": ID,
            "url": STR,
            "title": STR,
            "outlet": nullable(STR),
            "published": nullable(DATE),
            "byline": nullable(STR),
            "has_text": {"type": "boolean"},
            "claims": {"type": "array", "items": ID},
            "versions": {
                "type": "array",
                "items": obj(
                    {
                        "number": {"type": "integer", "minimum": 1},
                        "retrieved": nullable(DATETIME),
                        "origin": STR,
                    },
                    ["number", "retrieved", "origin"],
                ),
            },
        },
        ["id", "url", "title", "outlet", "published"],
    ),
    "ArticlePage": page_of("Article"),
    "Claimant": obj(
        {"id": ID, "name": STR, "slug": STR, "claims": {"type": "integer"}},
        ["id", "name", "slug", "claims"],
    ),
    "ClaimantPage": page_of("Claimant"),
    "RatingList": obj({"items": {"type": "array", "items": ref("RatingInfo")}}, ["items"]),
    # --- matching ---
    "MatchRequest": obj(
        {
            "text": {"type": "string", "minLength": 1, "maxLength": 5000, "pattern": "\\S"},
            "limit": {"type": "integer", "minimum": 1, "maximum": 50},
            "threshold": {"type": "number", "minimum": 0, "maximum": 1},
        },
        ["text"],
    ),
    "Match": obj(
        {
            "claim": ref("ClaimSummary"),
            "score": {"type": "number", "minimum": 0, "maximum": 1},
            "publisher": nullable(STR),
        },
        ["claim", "score", "publisher"],
    ),
    "MatchList": obj({"matches": {"type": "array", "items": ref("Match")}}, ["matches"]),
    # --- writes ---
    "NewArticle": obj(
        {
            "url": {**URL, "minLength": 1},
            "html": {"type": "string", "maxLength": 2_000_000},
            "text": {"type": "string", "maxLength": 2_000_000},
            "headline": {"type": "string", "maxLength": 500},
            "byline": {"type": "string", "maxLength": 300},
            "outlet": {"type": "string", "maxLength": 200},
            "published": DATE,
        },
        ["url"],
    ),
    "ArticleCreated": obj(
        {
            "id": ID,
            "url": STR,
            "title": STR,
            "outlet": nullable(STR),
            "published": nullable(DATE),
            "has_text": {"type": "boolean"},
            "created": {"type": "boolean"},
        },
        ["id", "url", "title", "has_text", "created"],
    ),
    "Job": obj(
        {
            "id": ID,
            "kind": STR,
            "state": {"type": "string", "enum": ["pending", "running", "done", "failed"]},
            "attempts": {"type": "integer", "minimum": 0},
            "max_attempts": {"type": "integer", "minimum": 1},
            "next_attempt_at": nullable(DATETIME),
            "last_error": nullable(STR),
            "progress": obj(
                {"done": {"type": "integer"}, "total": nullable({"type": "integer"})},
                ["done", "total"],
            ),
            "result": nullable({"type": "object"}),
            "article": nullable(STR),
            "created_at": DATETIME,
            "finished_at": nullable(DATETIME),
        },
        ["id", "kind", "state", "attempts", "last_error", "result"],
    ),
    "NewAppearance": obj(
        {
            "article_id": ID,
            "exact": {"type": "string", "maxLength": 5000},
            "start": {"type": "integer", "minimum": 0},
            "speaker": {"type": "string", "maxLength": 200},
        },
        ["article_id", "exact"],
    ),
    "NewClaim": obj(
        {
            "text": {"type": "string", "minLength": 1, "maxLength": 500},
            "long_text": {"type": "string", "maxLength": 20000},
            "claimant": {"type": "string", "maxLength": 200},
            "claimed": DATE,
            "language": {"type": "string", "minLength": 2, "maxLength": 16},
            "tags": {"type": "array", "maxItems": 20, "items": {"type": "string", "maxLength": 60}},
            "appearances": {"type": "array", "maxItems": 50, "items": ref("NewAppearance")},
        },
        ["text"],
    ),
    "ClaimCreated": obj(
        {
            "id": ID,
            "text": STR,
            "status": STR,
            "claimant": nullable(STR),
            "appearances": {
                "type": "array",
                "items": obj(
                    {
                        "id": ID,
                        "article_id": ID,
                        "exact": STR,
                        "quote_status": STR,
                        "start": nullable({"type": "integer"}),
                        "end": nullable({"type": "integer"}),
                    },
                    ["id", "article_id", "exact", "quote_status"],
                ),
            },
        },
        ["id", "text", "status", "appearances"],
    ),
    "NewSource": obj(
        {
            "url": {**URL, "minLength": 1},
            "title": {"type": "string", "maxLength": 500},
            "publisher": {"type": "string", "maxLength": 300},
            "stance": {"enum": ["supports", "refutes", "context"]},
            "note": {"type": "string", "maxLength": 20000},
            "archive_url": URL,
            "accessed": DATE,
        },
        ["url"],
    ),
    "SourceCreated": obj(
        {"id": ID, "claim_id": ID, "url": STR, "title": STR, "stance": STR},
        ["id", "claim_id", "url", "title", "stance"],
    ),
    "AdditionHeld": obj(
        {
            "id": ID,
            "claim_id": ID,
            "kind": {"type": "string", "enum": ["source", "appearance", "note"]},
            "state": {"type": "string", "enum": ["pending"]},
            "fields": {
                "type": "object",
                "description": "The addition as it will be made once an editor approves it "
                "(checked and normalised: a source's url, title, stance…; a note's body)",
            },
            "created": {"type": "string", "format": "date-time"},
        },
        ["id", "claim_id", "kind", "state", "fields", "created"],
    ),
    "NewNote": obj(
        {
            "body": {"type": "string", "minLength": 1, "maxLength": 20000},
            "public": {"type": "boolean"},
            "parent_id": ID,
        },
        ["body"],
    ),
    "NoteCreated": obj(
        {"id": ID, "claim_id": ID, "public": {"type": "boolean"}}, ["id", "claim_id", "public"]
    ),
    "NewVerdict": obj(
        {
            "rating": {
                "type": "string",
                "minLength": 1,
                "maxLength": 60,
                "description": "A label of the scale (GET /api/v1/ratings)",
                "examples": ["False", "Mostly true", "Unproven"],
            },
            "summary": {
                "type": "string",
                "minLength": 1,
                "maxLength": 20000,
                "examples": ["The figures say otherwise."],
            },
            "source_ids": {"type": "array", "maxItems": 100, "items": ID},
            "reason": {"enum": ["initial", "correction", "update"]},
            "reason_note": {"type": "string", "maxLength": 5000},
            "fidelity": FIDELITY_FIELD,
        },
        ["rating", "summary"],
    ),
    "NewCitedSource": obj(
        {
            "attributed_to": {
                "type": "string",
                "maxLength": 300,
                "examples": ["The Blast reports", "according to police"],
            },
            "article_id": {**ID, "description": "A logged article (with stored text)"},
            "excerpt": {
                "type": "string",
                "minLength": 1,
                "maxLength": 50000,
                "description": "Or: the source's passage, pasted (give url too)",
            },
            "url": URL,
            "archive_url": URL,
        },
        [],
    ),
    "CitedSourceLinked": obj(
        {
            "appearance_id": ID,
            "claim_id": ID,
            "attributed_to": nullable(STR),
            "cited_source": nullable(ref("CitedSource")),
            "suggested_fidelity": nullable(STR),
        },
        ["appearance_id", "claim_id", "attributed_to", "cited_source", "suggested_fidelity"],
    ),
    "Verdict": obj(
        {
            "id": ID,
            "claim_id": ID,
            "status": STR,
            "rating": ref("Rating"),
            "fidelity": ref("Fidelity"),
            "reason": STR,
            "published": nullable(DATETIME),
            "url": nullable(STR),
            "version": ID,
        },
        ["id", "claim_id", "status", "rating", "fidelity", "reason", "version"],
    ),
    # The verdict's version as the editor read it (``version`` of the Verdict answer): a
    # proposal revised since is not signed off (409), so nobody publishes unread words.
    "SignOff": obj({"version": ID}, ["version"]),
}


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for ``components.schemas[name]``, resolving its $refs in SCHEMAS."""
    # Imported on the first write, not at start-up: a worker that only serves readers never
    # loads jsonschema (part of the per-worker memory budget, README "Speed").
    from jsonschema import Draft202012Validator

    root = {"$ref": REF + name, "components": {"schemas": SCHEMAS}}
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors_for(name: str, instance: Any) -> list[dict[str, str]]:
    """Field errors for ``instance`` against schema ``name`` (empty when valid)."""
    out = []
    for error in sorted(validator(name).iter_errors(instance), key=lambda e: list(e.path)):
        field = ".".join(str(p) for p in error.absolute_path) or "(body)"
        # Our own words in the client's language (jsonschema's are English and Python's).
        out.append({"field": field, "detail": schema_messages.describe(error)[:300]})
        if len(out) >= 20:
            break
    return out
