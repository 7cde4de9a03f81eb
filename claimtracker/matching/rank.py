"""Ranking candidate claims for a passage (pure).

The database side (services.matching) gathers candidates from two retrievers — the
search index's bm25 and the nearest vectors — and hands them here with their cosine and
lexical scores; :func:`rank` reads both texts, computes the features and scores each pair.
:func:`match_texts` does the whole job over claims held in memory (tests, tools).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from claimtracker.matching import model
from claimtracker.matching.features import NAMES, compare, ranks
from claimtracker.matching.score import probability
from claimtracker.matching.text import Reading, clean, read

#: Decimals of a cosine that count. Stored vectors are float16 (about three significant
#: digits), and the same text embedded in another batch (other texts padded beside it)
#: comes out a few units of the seventh decimal apart: unrounded, that noise split two
#: claims of identical text in rank, gap and score, and put either first.
COSINE_DECIMALS = 4


@dataclass(frozen=True)
class Candidate:
    """A known claim put forward by a retriever."""

    claim_id: int
    text: str
    cosine: float
    #: The search engine's score relative to the query's best (0..1; 0 = not found).
    lexical: float = 0.0


@dataclass(frozen=True)
class Match:
    """A known claim with its calibrated score and the features behind it."""

    claim_id: int
    score: float
    features: dict[str, float]


def rank(
    text: str | Reading, candidates: list[Candidate], *, limit: int = 5, threshold: float = 0.0
) -> list[Match]:
    """The best ``limit`` candidates scoring at least ``threshold``, best first (ties:
    lower claim id first, so the answer is stable; cosines count to
    :data:`COSINE_DECIMALS`)."""
    query = text if isinstance(text, Reading) else read(text)
    matches = []
    cosines = [round(c.cosine, COSINE_DECIMALS) for c in candidates]
    dense_ranks = ranks(cosines)
    lexical_ranks = ranks([c.lexical for c in candidates])
    best = max(cosines, default=0.0)
    for candidate, cosine, dense_rank, lexical_rank in zip(
        candidates, cosines, dense_ranks, lexical_ranks, strict=True
    ):
        values = compare(
            query,
            read(candidate.text),
            cosine,
            candidate.lexical,
            dense_rank=dense_rank,
            lexical_rank=lexical_rank,
            best_cosine=best,
        )
        score = probability(values)
        if score >= threshold:
            matches.append(Match(candidate.claim_id, score, dict(zip(NAMES, values, strict=True))))
    matches.sort(key=lambda m: (-m.score, m.claim_id))
    return matches[:limit]


def bm25(query: str, texts: Mapping[int, str]) -> dict[int, float]:
    """Okapi BM25 of ``query`` over ``texts``, relative to the best (0..1): the in-memory
    stand-in for the search index's ranking."""
    docs = {cid: Counter(read(t).content) for cid, t in texts.items()}
    terms = read(query).content
    n = len(docs) or 1
    avg = sum(sum(d.values()) for d in docs.values()) / n or 1.0
    df = Counter(term for d in docs.values() for term in d if term in terms)
    raw: dict[int, float] = {}
    for cid, doc in docs.items():
        length = sum(doc.values())
        total = 0.0
        for term in terms & doc.keys():
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            tf = doc[term]
            total += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / avg))
        if total > 0:
            raw[cid] = total
    best = max(raw.values(), default=0.0)
    return {cid: value / best for cid, value in raw.items()} if best else {}


def match_texts(text: str, claims: Mapping[int, str], *, limit: int = 5) -> list[Match]:
    """Rank ``claims`` (id -> text) as matches for ``text``, embedding everything here."""
    if not claims:
        return []
    ids = list(claims)
    vectors = model.embed([clean(claims[i]) for i in ids])
    query = model.embed([clean(text)])[0]
    cosines = vectors @ query
    lexical = bm25(text, claims)
    candidates = [
        Candidate(cid, claims[cid], float(np.clip(cos, -1, 1)), lexical.get(cid, 0.0))
        for cid, cos in zip(ids, cosines, strict=True)
    ]
    return rank(text, candidates, limit=limit)
