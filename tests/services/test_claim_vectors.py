"""Claim vectors follow every write path, and the matcher finds published claims."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.jobs import runner
from claimtracker.matching import model
from claimtracker.matching.index import from_bytes
from claimtracker.models import ClaimVector, Job, Role
from claimtracker.services import (
    claim_edits,
    claim_vectors,
    claimreview_import,
    claims,
    matching,
    users,
    verdicts,
)
from claimtracker.services.errors import Invalid


@pytest.fixture
def people(ctx):
    out = {
        "reviewer": users.create_user("r@example.org", None, Role.REVIEWER),
        "editor": users.create_user("e@example.org", None, Role.EDITOR),
    }
    db.session.commit()
    return out


def _publish(people, text: str, claimant: str = "Ada Park"):
    claim = claims.create_claim(people["reviewer"], text=text, claimant=claimant)
    db.session.flush()
    verdict = verdicts.propose(people["reviewer"], claim, rating="False", summary="Not so.")
    db.session.flush()
    verdicts.sign_off(verdict.id, people["editor"])
    db.session.commit()
    return claim


def _row(claim_id: int) -> ClaimVector | None:
    db.session.expire_all()
    return db.session.get(ClaimVector, claim_id)


def test_a_new_claim_gets_a_vector_and_publishing_flips_it_public(people):
    claim = claims.create_claim(
        people["reviewer"], text="Drinking bleach cures the coronavirus", claimant="A. Quack"
    )
    db.session.commit()
    row = _row(claim.id)
    assert row is not None and not row.published
    assert len(row.vector) == 2 * model.DIMENSIONS and from_bytes(row.vector).any()
    assert matching.match_text("bleach cures coronavirus") == []  # not published yet
    verdict = verdicts.propose(people["reviewer"], claim, rating="False", summary="No.")
    db.session.flush()
    verdicts.sign_off(verdict.id, people["editor"])
    db.session.commit()
    assert _row(claim.id).published
    (best,) = matching.match_text("Does drinking bleach cure covid-19? It cures the coronavirus")
    assert best.claim_id == claim.id and best.score > 0.5


def test_an_edit_re_embeds_and_the_matrix_follows(people):
    claim = _publish(people, "The bridge over the river opened in May")
    before = _row(claim.id)
    old_vector, old_serial = before.vector, before.serial
    assert matching.match_text("the river bridge opened in May")[0].claim_id == claim.id
    claim_edits.update_claim(
        people["editor"], claim, claim.version_id, text="Wolves returned to the national park"
    )
    db.session.commit()
    after = _row(claim.id)
    assert after.vector != old_vector and after.serial > old_serial
    (best, *_) = matching.match_text("wolves are back in the national park")
    assert best.claim_id == claim.id and best.score > 0.5
    assert all(m.score < 0.5 for m in matching.match_text("the river bridge opened in May"))


def test_a_rolled_back_write_leaves_no_vector(people):
    serial = claim_vectors.current_serial(db.session.connection())
    claim = claims.create_claim(people["reviewer"], text="Rolled back claim", claimant="X")
    db.session.flush()
    claim_id = claim.id
    assert db.session.get(ClaimVector, claim_id) is not None
    db.session.rollback()
    assert db.session.get(ClaimVector, claim_id) is None
    assert claim_vectors.current_serial(db.session.connection()) == serial


def test_bulk_import_queues_vectors_the_worker_writes_and_reindex_rebuilds_them(people):
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {
                "@type": "DataFeedItem",
                "item": [
                    {
                        "@type": "ClaimReview",
                        "url": f"https://checker.example/review/{i}",
                        "claimReviewed": text,
                        "author": {"@type": "Organization", "name": "Checker"},
                        "reviewRating": {"@type": "Rating", "alternateName": "False"},
                        "itemReviewed": {
                            "@type": "Claim",
                            "author": {"@type": "Person", "name": "Someone"},
                        },
                    }
                ],
            }
            for i, text in enumerate(
                ["Five G towers spread the virus", "The moon landing was filmed in a studio"]
            )
        ],
    }
    reports = claimreview_import.import_content(json.dumps(feed))
    db.session.commit()
    assert all(r.claim_id for r in reports), reports
    # The import queued the embedding (committed with the claims); the worker does it.
    assert db.session.scalars(select(ClaimVector)).all() == []
    assert [j.kind for j in db.session.scalars(select(Job))] == ["vectors.fill"]
    assert runner.run_due() == 1
    db.session.expire_all()
    rows = db.session.scalars(select(ClaimVector)).all()
    assert {r.claim_id for r in rows} == {r.claim_id for r in reports}
    assert all(r.published for r in rows)
    (best, *_) = matching.match_text("They faked the moon landing in a film studio")
    assert best.claim_id == reports[1].claim_id
    db.session.execute(ClaimVector.__table__.delete())
    db.session.commit()
    assert matching.reindex() == 2
    db.session.commit()
    assert len(db.session.scalars(select(ClaimVector)).all()) == 2


def test_reindex_command(app, people):
    with app.app_context():
        _publish(people, "Cats are lions")
    result = app.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "Matching vectors rebuilt: 1 claims." in result.output


@pytest.mark.parametrize(
    ("text", "limit", "reason"),
    [("", 5, "empty"), ("   ", 5, "empty"), ("x" * 5001, 5, "longer"), ("fine", 0, "limit")],
)
def test_bad_input_gets_a_reason(ctx, text, limit, reason):
    with pytest.raises(Invalid, match=reason):
        matching.match_text(text, limit=limit)


def test_the_claim_forms_similar_check_finds_both_claims_a_passage_repeats(ctx, demo):
    """The demo's own duplicates: a passage holding two demo claims suggests both."""
    from claimtracker.services import similar

    passage = (
        "Kevin Cooper is 63 years old, and DNA testing has now been ordered in his case "
        "by the governor."
    )
    texts = [m.claim.text for m in similar.similar_claims(passage)]
    assert "Kevin Cooper is 63 years old" in texts
    assert "DNA testing has been ordered in Kevin Cooper's case" in texts


def test_the_similar_check_sees_drafts_by_meaning(people):
    from claimtracker.services import similar

    draft = claims.create_claim(
        people["reviewer"], text="Wolves have returned to Yellowstone national park", claimant="Z"
    )
    db.session.commit()
    found = similar.similar_claims("Wolves are back in Yellowstone national park again")
    assert [m.claim.id for m in found][:1] == [draft.id]


def test_the_fill_job_embeds_in_batches_and_queues_the_rest(people, monkeypatch):
    from claimtracker.services import claim_vector_jobs

    monkeypatch.setattr(claim_vector_jobs, "BATCH", 2)  # a small batch, the real encoder
    for text in ("Bridges melt in July", "Trams run on cheese", "Owls vote twice"):
        _publish(people, text)
    db.session.execute(ClaimVector.__table__.delete())
    claim_vector_jobs.request_fill()
    claim_vector_jobs.request_fill()  # one waiting job is enough
    db.session.commit()
    assert len(db.session.scalars(select(Job)).all()) == 1
    assert runner.run_due() == 2  # two claims, then the one left, in its own job
    db.session.expire_all()
    assert len(db.session.scalars(select(ClaimVector)).all()) == 3
    assert claim_vector_jobs.missing(10) == []
