"""Full-text search on /claims: FTS5 or tsvector behind one interface, synced on write."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Claim, SearchDocument
from claimtracker.services import search


def _found(q: str, **filters) -> list[str]:
    query, messages = search.parse_args({"q": q, **filters})
    return [c.text for c in search.search_claims(query, messages).claims]


@pytest.mark.parametrize("q,expected", [
    ("DNA", "DNA testing has been ordered in Kevin Cooper's case"),
    # words only in a quote
    ("grateful", "Governor Newsom ended capital punishment in California"),
    ("framed", "Kevin Cooper is 63 years old"),
    # words only in a summary
    ("reprieved", "Governor Newsom ended capital punishment in California"),
    ("Ryen family", "Kevin Cooper is 63 years old"),
    ("lethal-injection", "Governor Newsom ended capital punishment in California"),
    ('"photo agency"', "Kim Kardashian's team set up the photoshoot outside San Quentin"),
    # claimant
    ("Hollywood Unlocked", "Photos and video on state property are allowed without permission"),
])
def test_search_finds_demo_claims_by_quotes_and_summaries(ctx, demo, q, expected):
    found = _found(q)
    if expected:
        assert expected in found
    else:
        assert found == [] or all(isinstance(t, str) for t in found)


def test_index_follows_writes_and_unpublishing(ctx, demo):
    claim = db.session.scalar(select(Claim).where(Claim.text.like("DNA%")))
    claim.current_verdict.summary = "A zebracorn statement."
    db.session.commit()
    assert _found("zebracorn") == [claim.text]
    claim.status = "researching"
    db.session.commit()
    assert _found("zebracorn") == []
    assert db.session.get(SearchDocument, claim.id).published is False


@pytest.mark.parametrize("q", ['"', 'AND(', "*", "NEAR(a b", "a OR", "-x", "'", "a" * 5000,
                               "(((", "^", "col:dna", "\x00", "DNA\"OR\"1"])
def test_malformed_queries_never_fail(client, demo, q):
    resp = client.get("/claims", query_string={"q": q})
    assert resp.status_code == 200
