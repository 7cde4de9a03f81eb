"""Desk services called directly (the JSON API will call the same ones)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from claimtracker.extensions import db
from claimtracker.models import Claim, ClaimStatus, Role, User, VerdictStatus
from claimtracker.services import claim_edits, claim_status, claims, similar, users, verdicts
from claimtracker.services.errors import Conflict, Forbidden, Invalid


@pytest.fixture
def people(ctx):
    def make(role: Role, email: str) -> User:
        return users.create_user(email, None, role)

    out = {
        "reviewer": make(Role.REVIEWER, "r@example.org"),
        "editor": make(Role.EDITOR, "e@example.org"),
        "editor2": make(Role.EDITOR, "e2@example.org"),
    }
    db.session.commit()
    return out


def _claim(actor: User) -> Claim:
    claim = claims.create_claim(actor, text="The bridge opened in May", claimant="Ada Park")
    db.session.commit()
    return claim


def test_version_col_catches_a_truly_concurrent_update(ctx, people):
    claim = _claim(people["reviewer"])
    version = claim.version_id
    # A second session stands for another request that read the same version.
    with Session(db.engine) as other:
        theirs = other.get(Claim, claim.id)
        claim_edits.update_claim(people["reviewer"], claim, version, text="Ours")
        db.session.commit()
        theirs.text = "Theirs"
        with pytest.raises(StaleDataError):
            other.commit()
    db.session.refresh(claim)
    assert claim.text == "Ours"


def test_stale_version_raises_conflict_listing_the_change(ctx, people):
    claim = _claim(people["reviewer"])
    old = claim.version_id
    claim_edits.update_claim(
        people["editor"], claim, old, text="The bridge opened in June", tags=["bridges"]
    )
    db.session.commit()
    with pytest.raises(Conflict) as err:
        claim_edits.update_claim(people["reviewer"], claim, old, text="Mine")
    (change,) = err.value.detail["changes"]
    assert change["by"] == "e@example.org"
    assert change["fields"]["text"] == ["The bridge opened in May", "The bridge opened in June"]
    assert change["fields"]["tags"] == ["", "bridges"]
    assert err.value.detail["current"]["text"] == "The bridge opened in June"


def test_tag_only_edit_bumps_the_version(ctx, people):
    claim = _claim(people["reviewer"])
    old = claim.version_id
    claim_edits.update_claim(people["reviewer"], claim, old, text=claim.text, tags=["x"])
    db.session.commit()
    assert claim.version_id == old + 1


def test_workflow_transitions(ctx, people):
    reviewer, editor = people["reviewer"], people["editor"]
    claim = _claim(reviewer)
    with pytest.raises(Forbidden):
        claim_status.set_status(reviewer, claim, claim.version_id, "published")
    with pytest.raises(Invalid, match="unknown status"):
        claim_status.set_status(reviewer, claim, claim.version_id, "done")
    claim_status.set_status(reviewer, claim, claim.version_id, "researching")
    db.session.commit()
    from claimtracker.services import ratings

    ratings.ensure_scale(ctx.config["RATINGS"])
    verdict = verdicts.propose(reviewer, claim, rating="True", summary="Yes.")
    db.session.commit()
    assert claim.status == ClaimStatus.AWAITING_SIGNOFF
    with pytest.raises(Conflict, match="already awaiting sign-off"):
        verdicts.propose(reviewer, claim, rating="False", summary="No.")
    with pytest.raises(Forbidden):
        claim_status.set_status(reviewer, claim, claim.version_id, "researching")
    with pytest.raises(Invalid, match="say why"):  # sending back asks for a reason
        claim_status.set_status(editor, claim, claim.version_id, "researching")
    claim_status.set_status(
        editor, claim, claim.version_id, "researching", reason="Cite the order."
    )
    db.session.commit()
    assert verdict.status == VerdictStatus.WITHDRAWN
    with pytest.raises(Conflict):
        verdicts.sign_off(verdict.id, editor)


def test_sign_off_rules(ctx, people):
    from claimtracker.services import ratings

    ratings.ensure_scale(ctx.config["RATINGS"])
    claim = _claim(people["editor"])
    verdict = verdicts.propose(people["editor"], claim, rating="True", summary="Yes.")
    db.session.commit()
    with pytest.raises(Forbidden, match="only an editor"):
        verdicts.sign_off(verdict.id, people["reviewer"])
    with pytest.raises(Forbidden, match="second editor"):
        verdicts.sign_off(verdict.id, people["editor"])
    with pytest.raises(Conflict, match="revised"):
        verdicts.sign_off(verdict.id, people["editor2"], version=verdict.version_id + 1)
    verdicts.sign_off(verdict.id, people["editor2"], version=verdict.version_id)
    assert claim.is_published


def test_an_editor_who_revised_a_proposal_cannot_sign_it_off(ctx, people):
    """Revising sets the rating and summary: the reviser needs a second editor too."""
    from claimtracker.services import ratings

    ratings.ensure_scale(ctx.config["RATINGS"])
    claim = _claim(people["reviewer"])
    verdict = verdicts.propose(people["reviewer"], claim, rating="True", summary="Yes.")
    db.session.commit()
    verdicts.revise(
        people["editor"],
        verdict,
        verdict.version_id,
        rating="False",
        summary="Rewritten by the editor.",
    )
    db.session.commit()
    with pytest.raises(Forbidden, match="you revised this verdict"):
        verdicts.sign_off(verdict.id, people["editor"])
    assert verdict.status == VerdictStatus.PROPOSED and not claim.is_published
    verdicts.sign_off(verdict.id, people["editor2"])
    assert claim.is_published


def test_similar_claims_rank_the_closest_first(ctx, demo):
    matches = similar.similar_claims("Kevin Cooper is 61 years old")
    assert matches[0].claim.text == "Kevin Cooper is 63 years old"
    assert similar.similar_claims("Bananas grow on trees in Iceland") == []
    assert similar.similar_claims("") == []
    assert similar.similar_claims("100% of the_claims") == []  # LIKE wildcards are escaped


def test_assign_unknown_or_disabled_account_is_invalid(ctx, people):
    claim = _claim(people["reviewer"])
    with pytest.raises(Invalid, match="no active account"):
        claim_edits.assign(people["reviewer"], claim, claim.version_id, 9999)
    claim_edits.assign(people["reviewer"], claim, claim.version_id, people["editor"].id)
    db.session.commit()
    assert claim.assignee_id == people["editor"].id
    assert [e.action for e in claim_edits.history(claim)] == ["claim.created", "claim.assigned"]


def test_account_admin_needs_admin(ctx, people):
    with pytest.raises(Forbidden):
        users.update_account(people["editor"], people["reviewer"], role="admin")
    with pytest.raises(Forbidden):
        users.reset_password(people["editor"], people["reviewer"], "x" * 20)
    assert db.session.scalars(select(User)).all()


def test_only_editors_change_what_readers_see_of_a_published_claim(ctx, people):
    claim = _claim(people["reviewer"])
    verdict = verdicts.propose(people["reviewer"], claim, rating="True", summary="Checked.")
    db.session.commit()
    verdicts.sign_off(verdict.id, people["editor"])
    db.session.commit()
    assert claim.status == ClaimStatus.PUBLISHED
    with pytest.raises(Forbidden, match="only an editor"):
        claim_edits.update_claim(
            people["reviewer"], claim, claim.version_id, text="The bridge never opened"
        )
    db.session.rollback()
    assert db.session.get(Claim, claim.id).text == "The bridge opened in May"
    claim_edits.update_claim(
        people["editor"], claim, claim.version_id, text="The bridge opened in late May"
    )
    db.session.commit()
    assert db.session.get(Claim, claim.id).text == "The bridge opened in late May"
