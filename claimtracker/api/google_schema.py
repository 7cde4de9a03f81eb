"""Response schema of claims:search, after Google's Fact Check Tools API v1alpha1
(``FactCheckedClaimSearchResponse``). Like Google (proto3 JSON), empty fields are left out,
so no field of a claim or review is required."""

from __future__ import annotations

from typing import Any

_TIMESTAMP = {"type": "string", "format": "date-time"}

GOOGLE_SCHEMAS: dict[str, dict[str, Any]] = {
    "GooglePublisher": {
        "type": "object",
        "additionalProperties": False,
        "properties": {"name": {"type": "string"}, "site": {"type": "string"}},
    },
    "GoogleClaimReview": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "publisher": {"$ref": "#/components/schemas/GooglePublisher"},
            "url": {"type": "string"},
            "title": {"type": "string"},
            "reviewDate": _TIMESTAMP,
            "textualRating": {"type": "string"},
            "languageCode": {"type": "string"},
        },
    },
    "GoogleClaim": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "text": {"type": "string"},
            "claimant": {"type": "string"},
            "claimDate": _TIMESTAMP,
            "claimReview": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/GoogleClaimReview"},
            },
        },
    },
    "GoogleSearchResponse": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "claims": {"type": "array", "items": {"$ref": "#/components/schemas/GoogleClaim"}},
            "nextPageToken": {"type": "string"},
        },
    },
}
