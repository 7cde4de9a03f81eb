"""POST /api/v1/match: which published claims (ours and imported) a text may repeat."""

from __future__ import annotations

from flask import current_app, jsonify

from claimtracker.api.params import json_body
from claimtracker.api.problems import from_service_error
from claimtracker.api.v1 import bp
from claimtracker.publishing import claim_json
from claimtracker.services import matching
from claimtracker.services.errors import ServiceError


@bp.post("/match")
def match():
    """Match ``text`` against published claims; scores are calibrated (0..1), so
    ``threshold`` means the same whatever the text. Reading only: no token needed, rate
    limited like the rest of the API."""
    body = json_body("MatchRequest")
    try:
        found = matching.published_matches(
            body["text"],
            # JSON Schema counts 3.0 as an integer: make it one before it slices a list.
            limit=int(body.get("limit", 5)),
            threshold=float(body.get("threshold", current_app.config["MATCH_API_THRESHOLD"])),
        )
    except ServiceError as err:
        return from_service_error(err)
    return jsonify(
        {
            "matches": [
                {
                    "claim": claim_json.claim_summary(claim),
                    "score": round(score, 4),
                    "publisher": claim.origin_publisher,
                }
                for claim, score in found
            ]
        }
    )
