"""Who may do what, each rule written once.

The services ask these before they change anything (and refuse with the typed error a
``check_*`` function raises); the templates ask the ``can_*`` / ``allowed_*`` forms of the
same rules to decide which buttons to show, so a page never offers what the service would
refuse. Functions here read the database at most; they never write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import (
    AdditionState,
    Appearance,
    Article,
    AuditEvent,
    Claim,
    ClaimStatus,
    PendingAddition,
    Role,
    User,
    Verdict,
    VerdictStatus,
)
from claimtracker.services.errors import Conflict, Forbidden, Invalid, ServiceError

#: The status changes a person makes by hand. Publication is not one of them: a claim is
#: published by signing off its verdict (``verdicts.sign_off``).
MANUAL_TRANSITIONS: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    ClaimStatus.DRAFT: frozenset({ClaimStatus.RESEARCHING}),
    ClaimStatus.RESEARCHING: frozenset({ClaimStatus.DRAFT}),
    ClaimStatus.AWAITING_SIGNOFF: frozenset({ClaimStatus.RESEARCHING}),
    ClaimStatus.PUBLISHED: frozenset(),
}


def is_editor(user: User | None) -> bool:
    """An editor or an admin: the people who may change what readers see."""
    return user is not None and user.role is not None and user.role >= Role.EDITOR


# -- verdicts -----------------------------------------------------------------------------


def check_sign_off(verdict: Verdict, user: User) -> None:
    """Refuse unless ``user`` may sign off (publish) ``verdict`` now: editors and admins
    only, and with the two-person rule on (the default) never someone who wrote or revised
    it; only a proposal awaiting sign-off. Raises Forbidden or Conflict."""
    if not is_editor(user):
        raise Forbidden(_l("only an editor or an admin can sign off a verdict"))
    if current_app.config["TWO_PERSON_RULE"]:
        if verdict.author_id is not None and verdict.author_id == user.id:
            raise Forbidden(_l("a second editor must sign off: you wrote this verdict"))
        if revised_by(verdict, user):
            # Revising changes the rating and summary: the reviser is an author too, or an
            # editor could rewrite anyone's proposal and publish it alone.
            raise Forbidden(_l("a second editor must sign off: you revised this verdict"))
    if verdict.status != VerdictStatus.PROPOSED:
        raise Conflict(_l("this verdict is already %(status)s", status=verdict.status))


def can_sign_off(verdict: Verdict, user: User) -> bool:
    """:func:`check_sign_off` as a yes or no (the desk shows the button only on yes)."""
    return _passes(check_sign_off, verdict, user)


def revised_by(verdict: Verdict, user: User) -> bool:
    """Whether ``user`` ever revised ``verdict`` (from the audit trail)."""
    return (
        db.session.scalar(
            select(AuditEvent.id)
            .where(
                AuditEvent.action == "verdict.revised",
                AuditEvent.entity_type == "verdict",
                AuditEvent.entity_id == verdict.id,
                AuditEvent.actor_id == user.id,
            )
            .limit(1)
        )
        is not None
    )


# -- claim status -------------------------------------------------------------------------


def check_transition(claim: Claim, user: User, wanted: ClaimStatus) -> None:
    """Refuse unless ``user`` may move ``claim`` to ``wanted`` by hand: draft and
    researching back and forth for anyone; a proposal awaiting sign-off sent back to
    research by an editor only (it withdraws the proposal); publication never (that is a
    sign-off). Raises Forbidden or Invalid."""
    current = ClaimStatus(claim.status)
    if wanted == ClaimStatus.PUBLISHED:
        raise Forbidden(_l("a claim is published by signing off its verdict"))
    if wanted not in MANUAL_TRANSITIONS[current]:
        raise Invalid(
            _l(
                "a claim cannot go from %(current)s to %(wanted)s",
                current=current.label,
                wanted=wanted.label,
            ),
            field="status",
        )
    if current == ClaimStatus.AWAITING_SIGNOFF and not is_editor(user):
        raise Forbidden(_l("only an editor or an admin can send a proposal back"))


def allowed_transitions(claim: Claim, user: User) -> list[ClaimStatus]:
    """The statuses ``user`` may move ``claim`` to by hand, in workflow order."""
    return [
        wanted
        for wanted in ClaimStatus
        if wanted != claim.status and _passes(check_transition, claim, user, wanted)
    ]


# -- what readers see ---------------------------------------------------------------------
#
# The rule (issue 13): after publication, anything readers see — the statement, claimant,
# date and tags, the sources, the appearances, the metadata of every article a published
# claim cites, public notes — changes only through an editor (or an admin), or through a
# proposal an editor signs off (a correction or update verdict, ``verdicts.propose``). A
# reviewer may still research a published claim: internal notes, assignment, a re-check
# of the live article (it records the publisher's change, not ours), and a proposal.
# A reviewer's source, appearance or public note on a published claim is not refused but
# held (``services.additions``): readers see it once an editor approves it.
# ``actor`` None is the system itself (the CLI, which needs shell access to the server,
# and the import of another publisher's reviews, which only editors start).


def check_public_change(
    claim: Claim, user: User | None, what: str | LazyString, field: str | None = None
) -> None:
    """Refuse unless ``user`` may change ``what`` (words for the message: "add a source")
    on ``claim`` as readers see it: anyone while the claim is unpublished; once published,
    editors, admins and the system only. Raises Forbidden."""
    if user is not None and claim.status == ClaimStatus.PUBLISHED and not is_editor(user):
        raise Forbidden(
            _l(
                "this claim is published: only an editor can %(what)s, since readers see "
                "it at once; leave an internal note or propose a correction instead",
                what=what,
            ),
            field=field,
        )


def check_claim_edit(claim: Claim, user: User) -> None:
    """Refuse unless ``user`` may edit ``claim``'s statement, claimant, date and tags
    (:func:`check_public_change`). Raises Forbidden."""
    check_public_change(claim, user, _l("change what readers see"), field="text")


def can_edit_claim(claim: Claim, user: User) -> bool:
    """:func:`check_claim_edit` as a yes or no."""
    return _passes(check_claim_edit, claim, user)


def holds_addition(claim: Claim, user: User | None) -> bool:
    """Whether an addition (source, appearance, public note) ``user`` makes to ``claim``
    waits for an editor instead of showing at once: a reviewer's, on a published claim.
    Editors', admins' and the system's are made at once, as is anything on an unpublished
    claim (readers see none of it)."""
    return user is not None and claim.status == ClaimStatus.PUBLISHED and not is_editor(user)


def check_addition_decision(addition: PendingAddition, user: User) -> None:
    """Refuse unless ``user`` may approve or reject the held ``addition``: editors and
    admins, never its own author while the two-person rule is on (an editor who was a
    reviewer when they made it), and only while it waits. Raises Forbidden or Conflict."""
    if not is_editor(user):
        raise Forbidden(_l("only an editor or an admin can approve or reject an addition"))
    if current_app.config["TWO_PERSON_RULE"] and addition.author_id == user.id:
        raise Forbidden(_l("a second editor must decide: you made this addition"))
    if addition.state != AdditionState.PENDING:
        raise Conflict(_l("this addition was already %(state)s", state=addition.state.value))


def can_decide_addition(addition: PendingAddition, user: User) -> bool:
    """:func:`check_addition_decision` as a yes or no."""
    return _passes(check_addition_decision, addition, user)


def published_citers(article: Article) -> list[int]:
    """Ids of the published claims that cite ``article`` (readers see its metadata)."""
    return list(
        db.session.scalars(
            select(Claim.id)
            .join(Appearance, Appearance.claim_id == Claim.id)
            .where(Appearance.article_id == article.id, Claim.is_published)
            .distinct()
            .order_by(Claim.id)
        )
    )


def check_article_change(article: Article, user: User | None) -> None:
    """Refuse unless ``user`` may correct ``article``'s metadata (headline, byline,
    outlet, date, archive link): anyone while no published claim cites it; then editors,
    admins and the system only, since readers see it on those claims. Raises Forbidden."""
    if user is None or is_editor(user):
        return
    citers = published_citers(article)
    if citers:
        raise Forbidden(
            _l(
                "a published claim cites this article (%(claims)s): only an editor can "
                "correct its details, since readers see them at once",
                claims=", ".join(f"#{i}" for i in citers[:5]),
            ),
            field="headline",
        )


def can_change_article(article: Article, user: User) -> bool:
    """:func:`check_article_change` as a yes or no."""
    return _passes(check_article_change, article, user)


def check_cited_source_edit(claim: Claim, user: User | None) -> None:
    """Refuse unless ``user`` may change what an appearance of ``claim`` attributes its
    passage to and the source it cites: anyone signed in while the claim is unpublished;
    once published, editors and admins only (the claim page shows it side by side at
    once). Raises Forbidden."""
    if claim.status == ClaimStatus.PUBLISHED and not is_editor(user):
        raise Forbidden(
            _l("this claim is published: only an editor can change its cited source"),
            field="excerpt",
        )


def can_edit_cited_source(claim: Claim, user: User | None) -> bool:
    """:func:`check_cited_source_edit` as a yes or no."""
    return _passes(check_cited_source_edit, claim, user)


# -- monitoring ---------------------------------------------------------------------------


def check_following(user: User | None) -> None:
    """Refuse unless ``user`` may choose the feeds the desk follows and read the desk feed
    of repeats: editors, admins and the system (the ``claimtracker follow`` command).
    Raises Forbidden."""
    if user is not None and not is_editor(user):
        raise Forbidden(_l("only an editor can choose the outlets the desk follows"))


def can_follow(user: User | None) -> bool:
    """:func:`check_following` as a yes or no."""
    return _passes(check_following, user)


def _passes(check: Callable[..., None], *args: Any) -> bool:
    try:
        check(*args)
    except ServiceError:
        return False
    return True
