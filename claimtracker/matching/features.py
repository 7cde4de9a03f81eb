"""What makes two passages the same claim, beyond looking alike (pure).

Each comparison of a passage with a candidate claim gives a short vector of features:
how close their meanings are (cosine of the embeddings), how well the search engine
ranked the candidate, how many meaningful words they share each way, whether their
numbers and years agree or clash, whether they name the same people and places, and
whether one side negates what the other asserts. Three more place the candidate among
the others put forward for the same passage — its rank by meaning and by the search
engine (as in reciprocal rank fusion, 1/(1 + rank), equal values sharing a rank) and how
far its cosine falls short of the best — because how close a claim is matters less than
whether another is closer. :mod:`.score` weighs them.
"""

from __future__ import annotations

from claimtracker.matching.text import Reading

NAMES = (
    "cosine",
    "lexical",
    "cover_query",
    "cover_claim",
    "numbers_agree",
    "numbers_clash",
    "years_agree",
    "years_clash",
    "names_shared",
    "names_unmatched",
    "negation_one_sided",
    "dense_rank",
    "lexical_rank",
    "cosine_gap",
)


def ranks(values: list[float]) -> list[int]:
    """Each value's rank, best (largest) first, from 0; equal values share a rank (so two
    identical candidates score the same)."""
    ordered = sorted(values, reverse=True)
    first: dict[float, int] = {}
    for position, value in enumerate(ordered):
        first.setdefault(value, position)
    return [first[value] for value in values]


def compare(
    query: Reading,
    claim: Reading,
    cosine: float,
    lexical: float,
    *,
    dense_rank: int = 0,
    lexical_rank: int = 0,
    best_cosine: float | None = None,
) -> list[float]:
    """The features of ``claim`` as a match for ``query`` (in the order of :data:`NAMES`).

    ``cosine`` is the embeddings' similarity (−1..1); ``lexical`` the candidate's search
    score relative to the best in the query's list (0..1, 0 when search did not find it);
    the ranks are the candidate's among all put forward for ``query`` (:func:`ranks`), and
    ``best_cosine`` the highest cosine among them (default: this one's).
    """
    shared = len(query.content & claim.content)
    cover_query = shared / len(query.content) if query.content else 0.0
    cover_claim = shared / len(claim.content) if claim.content else 0.0
    numbers_agree = bool(query.numbers & claim.numbers)
    numbers_clash = bool(query.numbers and claim.numbers and not numbers_agree)
    years_agree = bool(query.years & claim.years)
    years_clash = bool(query.years and claim.years and not years_agree)
    names_shared = len(query.names & claim.names)
    # The claim's names the passage never mentions, in any case: a different subject.
    names_unmatched = len(claim.names - query.names - query.content) if claim.names else 0
    return [
        cosine,
        lexical,
        cover_query,
        cover_claim,
        float(numbers_agree),
        float(numbers_clash),
        float(years_agree),
        float(years_clash),
        min(names_shared, 3) / 3,
        min(names_unmatched, 3) / 3,
        float(query.negated != claim.negated),
        1.0 / (1 + dense_rank),
        1.0 / (1 + lexical_rank) if lexical > 0 else 0.0,
        cosine - (cosine if best_cosine is None else best_cosine),
    ]
