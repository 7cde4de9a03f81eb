"""Additions to a claim, held for an editor when readers would see them at once.

After publication, what readers see changes only through an editor (``services.policies``,
issue 13). A reviewer adding a source, an appearance or a public note to a published
claim is therefore not refused but *held*: the addition is checked exactly as the claims
service checks it (bad input is refused at once, nothing held), stored as a
``PendingAddition``, and listed on the claim's desk page and counted in the queue. An
editor approves it (the claims service then makes the source, appearance or note, credited
to its author, and readers see it) or rejects it with a reason (kept, with the addition,
as history). Everyone else's additions are made at once, through the same functions, so
the desk and the API call these for every addition.

Held rows live in their own table (``models.additions``): the public queries, which read
``source``, ``appearance`` and ``note`` through the one visibility rule, cannot see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from claimtracker.extensions import db
from claimtracker.models import (
    AdditionKind,
    AdditionState,
    Appearance,
    Article,
    Claim,
    Note,
    PendingAddition,
    Source,
    User,
    utcnow,
)
from claimtracker.services import audit, claims, policies
from claimtracker.services.errors import Invalid, NotFound

if TYPE_CHECKING:  # typing.Unpack is Python 3.12's; only mypy reads it here
    from typing_extensions import Unpack

#: A rejection's reason, as long as a note may be.
REASON_MAX = 2_000


def add_source(
    actor: User | None, claim: Claim, **given: Unpack[claims.SourceGiven]
) -> Source | PendingAddition:
    """Add a source (``claims.add_source``), or hold it for an editor when ``actor`` is a
    reviewer and ``claim`` is published. Raises Invalid (bad URL, unknown stance)."""
    if not policies.holds_addition(claim, actor):
        return claims.add_source(actor, claim, **given)
    fields = claims.source_fields(**given)
    accessed = fields["accessed_on"]  # the payload is JSON
    fields["accessed_on"] = accessed.isoformat() if accessed else None
    return _hold(actor, claim, AdditionKind.SOURCE, fields)


def add_appearance(
    actor: User | None,
    claim: Claim,
    article: Article,
    *,
    exact: str,
    start: int | None = None,
    speaker: str | None = None,
) -> Appearance | PendingAddition:
    """Add an appearance (``claims.add_appearance``), or hold it for an editor when
    ``actor`` is a reviewer and ``claim`` is published. Raises Invalid (the passage is
    not in the snapshot, or already recorded)."""
    if not policies.holds_addition(claim, actor):
        return claims.add_appearance(
            actor, claim, article, exact=exact, start=start, speaker=speaker
        )
    anchored = claims.anchor_appearance(claim, article, exact=exact, start=start)
    payload = {
        "article_id": article.id,
        "exact": anchored.exact,
        "start": anchored.start,
        "speaker": claims.clean_speaker(speaker),
    }
    return _hold(actor, claim, AdditionKind.APPEARANCE, payload)


def add_note(
    actor: User | None,
    claim: Claim,
    body: str,
    *,
    public: bool = False,
    parent_id: int | None = None,
) -> Note | PendingAddition:
    """Add a note (``claims.add_note``), or hold a public one for an editor when
    ``actor`` is a reviewer and ``claim`` is published (internal notes are never held:
    readers do not see them). Raises Invalid."""
    if not public or not policies.holds_addition(claim, actor):
        return claims.add_note(actor, claim, body, public=public, parent_id=parent_id)
    payload = {"body": claims.note_body(claim, body, parent_id), "parent_id": parent_id}
    return _hold(actor, claim, AdditionKind.NOTE, payload)


def _hold(
    actor: User | None, claim: Claim, kind: AdditionKind, payload: dict[str, Any]
) -> PendingAddition:
    for waiting in db.session.scalars(
        select(PendingAddition).where(
            PendingAddition.claim_id == claim.id,
            PendingAddition.kind == kind,
            PendingAddition.state == AdditionState.PENDING,
        )
    ):
        if waiting.payload == payload:
            raise Invalid(_ALREADY_WAITING[kind], field=_FIELD[kind])
    addition = PendingAddition(
        claim_id=claim.id,
        kind=kind,
        state=AdditionState.PENDING,
        payload=payload,
        author_id=actor.id if actor else None,
    )
    db.session.add(addition)
    audit.record(
        actor,
        f"{kind.value}.held",
        addition,
        claim_id=claim.id,
        changes={"kind": kind.value, **payload},
    )
    return addition


#: The form field a refusal of each kind is shown beside.
_FIELD = {AdditionKind.SOURCE: "url", AdditionKind.APPEARANCE: "exact", AdditionKind.NOTE: "body"}
#: One whole sentence per kind: a spliced-in word cannot take its gender or article in
#: Spanish or French ("una fuente", "un pasaje", "une note").
_ALREADY_WAITING = {
    AdditionKind.SOURCE: _l("the same source is already waiting for an editor"),
    AdditionKind.APPEARANCE: _l("the same appearance is already waiting for an editor"),
    AdditionKind.NOTE: _l("the same note is already waiting for an editor"),
}


def get(addition_id: int) -> PendingAddition:
    """The held addition with this id. Raises NotFound."""
    addition = db.session.get(PendingAddition, addition_id)
    if addition is None:
        raise NotFound(_l("no held addition %(addition_id)s", addition_id=addition_id))
    return addition


def approve(actor: User, addition_id: int) -> Source | Appearance | Note:
    """Make the held addition (through the claims service, as ``actor``, credited to its
    author) so readers see it, and mark it approved. Raises Forbidden, Conflict (decided
    already), Invalid (it no longer fits: the passage was recorded since, say)."""
    addition = get(addition_id)
    policies.check_addition_decision(addition, actor)
    claim, data = addition.claim, dict(addition.payload)
    made: Source | Appearance | Note
    if addition.kind == AdditionKind.SOURCE:
        accessed = data.pop("accessed_on", None)
        made = claims.add_source(
            actor,
            claim,
            **data,
            accessed_on=date.fromisoformat(accessed) if accessed else None,
        )
        made.created_by_id = addition.author_id
    elif addition.kind == AdditionKind.APPEARANCE:
        article = db.session.get(Article, data["article_id"])
        if article is None:  # articles are never deleted; a guard, not a path
            raise Invalid(_l("no article %(article_id)s", article_id=data["article_id"]))
        made = claims.add_appearance(
            actor,
            claim,
            article,
            exact=data["exact"],
            start=data.get("start"),
            speaker=data.get("speaker"),
        )
    else:
        made = claims.add_note(
            actor, claim, data["body"], public=True, parent_id=data.get("parent_id")
        )
        made.author_id = addition.author_id
    db.session.flush()
    addition.state = AdditionState.APPROVED
    addition.decided_by_id = actor.id
    addition.decided_at = utcnow()
    addition.result_id = made.id
    audit.record(
        actor,
        f"{addition.kind.value}.approved",
        addition,
        claim_id=claim.id,
        changes={"result_id": made.id, "author_id": addition.author_id},
    )
    return made


def reject(actor: User, addition_id: int, reason: str) -> PendingAddition:
    """Mark the held addition rejected, with ``reason`` (required: its author reads it).
    Nothing is made; the addition stays, as history. Raises Forbidden, Conflict, Invalid."""
    addition = get(addition_id)
    policies.check_addition_decision(addition, actor)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_l("say why it is rejected: its author will read it"), field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(
            _l("keep the reason under %(most)s characters", most=REASON_MAX), field="reason"
        )
    addition.state = AdditionState.REJECTED
    addition.decided_by_id = actor.id
    addition.decided_at = utcnow()
    addition.reason = reason
    audit.record(
        actor,
        f"{addition.kind.value}.rejected",
        addition,
        claim_id=addition.claim_id,
        changes={"reason": reason, "author_id": addition.author_id},
    )
    return addition


@dataclass(frozen=True)
class Held:
    """A held addition as the desk lists it, with the article an appearance names."""

    addition: PendingAddition
    article: Article | None = None


def of_claim(claim: Claim) -> list[Held]:
    """``claim``'s held additions, waiting ones first, then decided ones newest first."""
    rows = list(
        db.session.scalars(
            select(PendingAddition)
            .where(PendingAddition.claim_id == claim.id)
            .options(selectinload(PendingAddition.author), selectinload(PendingAddition.decided_by))
            .order_by(PendingAddition.id)
        )
    )
    wanted = {r.payload.get("article_id") for r in rows if r.kind == AdditionKind.APPEARANCE} - {
        None
    }
    found = (
        {a.id: a for a in db.session.scalars(select(Article).where(Article.id.in_(wanted)))}
        if wanted
        else {}
    )
    held = [Held(r, found.get(r.payload.get("article_id") or 0)) for r in rows]
    waiting = [h for h in held if h.addition.state == AdditionState.PENDING]
    decided = [h for h in held if h.addition.state != AdditionState.PENDING]
    return waiting + decided[::-1]


@dataclass(frozen=True)
class Waiting:
    """How many additions wait for an editor, and on which claims (most waiting first)."""

    total: int
    claims: list[tuple[int, str, int]]


def waiting(limit: int = 20) -> Waiting:
    """The desk queue's count of held additions, with up to ``limit`` of their claims."""
    count = func.count(PendingAddition.id)
    rows = db.session.execute(
        select(Claim.id, Claim.text, count)
        .join(PendingAddition, PendingAddition.claim_id == Claim.id)
        .where(PendingAddition.state == AdditionState.PENDING)
        .group_by(Claim.id, Claim.text)
        .order_by(count.desc(), Claim.id)
    ).all()
    return Waiting(sum(n for _, _, n in rows), [(i, text, n) for i, text, n in rows[:limit]])
