""" "Already checked?": the quotations of an article that repeat a claim we know.

Each quotation of the article is matched (services.matching) against published claims,
ours and imported; those scoring at least ``MATCH_THRESHOLD`` are suggested, except pairs a
reviewer already decided on for this article and claims already linked to it. *Same claim*
adds the quotation as a new appearance of the known claim (anchored like any other) and
*Not the same* dismisses the pair; both keep a match label (services.match_labels).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.matching.text import sentences
from claimtracker.models import Appearance, Article, Claim, PendingAddition, User
from claimtracker.services import additions, match_labels, matching, quotations
from claimtracker.services.errors import Invalid, NotFound

#: Suggestions per passage.
PER_QUOTE = 3
#: Passages matched per article (a long interview still answers quickly).
MAX_QUOTES = 80
#: Quotations shorter than this say too little to match ("yes", "a disaster").
MIN_WORDS = 4
#: Sentences (outside quotations) shorter than this are mostly scaffolding.
MIN_SENTENCE_WORDS = 6


@dataclass(frozen=True)
class Passage:
    """A quotation (with its speaker, if found) or another sentence of the article."""

    text: str
    start: int
    speaker: str | None = None
    quoted: bool = False


def passages(article: Article) -> list[Passage]:
    """What is matched: the article's quotations, and its other sentences (those no
    quotation overlaps), in text order; a sentence has no speaker."""
    found = [
        Passage(q.text, q.start, q.speaker, quoted=True)
        for q in quotations.quotes_in(article)
        if len(q.text.split()) >= MIN_WORDS
    ]
    taken = [(q.start, q.end) for q in quotations.quotes_in(article)]
    for start, end in sentences(article.text or ""):
        if any(start < q_end and q_start < end for q_start, q_end in taken):
            continue
        text = (article.text or "")[start:end]
        if len(text.split()) >= MIN_SENTENCE_WORDS:
            found.append(Passage(text, start))
    found.sort(key=lambda q: q.start)
    return found[:MAX_QUOTES]


@dataclass(frozen=True)
class Suggestion:
    passage: Passage
    claim: Claim
    score: float


def suggestions(article: Article) -> list[Suggestion]:
    """Passages of ``article`` (quotations and other sentences) that may repeat a known
    claim, in text order, best match first within a passage."""
    threshold = float(current_app.config["MATCH_THRESHOLD"])
    decided = match_labels.dismissed(article.id)
    linked = frozenset(
        db.session.scalars(select(Appearance.claim_id).where(Appearance.article_id == article.id))
    )
    out: list[Suggestion] = []
    for quote in passages(article):
        digest = match_labels.passage_hash(quote.text)
        found = matching.published_matches(quote.text, limit=PER_QUOTE, threshold=threshold)
        out.extend(
            Suggestion(quote, claim, score)
            for claim, score in found
            if claim.id not in linked and (digest, claim.id) not in decided
        )
    return out


def _passage_at(article: Article, passage: str, start: int | None) -> Passage:
    for quote in passages(article):
        if quote.text == passage and (start is None or quote.start == start):
            return quote
    raise Invalid(_l("that passage is not in this article any more"), field="passage")


def confirm(
    actor: User,
    article: Article,
    *,
    passage: str,
    start: int | None,
    claim_id: int,
    score: float | None,
) -> tuple[Claim, bool]:
    """*Same claim*: the quotation becomes a new appearance of the claim (anchored in the
    snapshot, with its speaker), and the pair is labelled the same. Returns the claim and
    whether the appearance waits for an editor (a reviewer's, on a published claim:
    ``services.additions``). Raises ServiceError."""
    quote = _passage_at(article, passage, start)
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(_l("no claim %(claim_id)s", claim_id=claim_id))
    made = additions.add_appearance(
        actor, claim, article, exact=quote.text, start=quote.start, speaker=quote.speaker
    )
    match_labels.record(
        actor, passage=quote.text, claim_id=claim.id, same=True, article_id=article.id, score=score
    )
    return claim, isinstance(made, PendingAddition)


def dismiss(
    actor: User, article: Article, *, passage: str, claim_id: int, score: float | None
) -> None:
    """*Not the same*: remember the pair so it is not suggested again for this article."""
    _passage_at(article, passage, None)
    match_labels.record(
        actor, passage=passage, claim_id=claim_id, same=False, article_id=article.id, score=score
    )
