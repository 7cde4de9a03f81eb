"""Match labels: recorded once per pair, remembered per article, exported as JSON Lines."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import AuditEvent, MatchLabel, Role
from claimtracker.services import articles, claims, match_labels, users
from claimtracker.services.errors import Forbidden, Invalid, NotFound


@pytest.fixture
def setup(ctx):
    reviewer = users.create_user("r@example.org", None, Role.REVIEWER)
    db.session.flush()
    claim = claims.create_claim(reviewer, text="The bridge fell down twice", claimant="Ada")
    article, _ = articles.log_from_paste(
        reviewer,
        url="https://news.example/bridge",
        content="The mayor said the bridge collapsed two times.",
        headline="Bridge",
    )
    db.session.commit()
    return reviewer, claim, article


def test_a_decision_is_kept_once_per_pair_and_remembered(setup):
    reviewer, claim, article = setup
    passage = "the bridge   collapsed two times"
    match_labels.record(
        reviewer, passage=passage, claim_id=claim.id, same=False, article_id=article.id, score=0.6
    )
    match_labels.record(
        reviewer, passage=passage, claim_id=claim.id, same=True, article_id=article.id, score=0.7
    )
    db.session.commit()
    (label,) = db.session.scalars(select(MatchLabel)).all()
    assert label.same and label.score == 0.7 and label.passage == "the bridge collapsed two times"
    assert match_labels.dismissed(article.id) == {(match_labels.passage_hash(passage), claim.id)}
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "match.labelled")) == 2


def test_bad_decisions_are_refused(setup):
    reviewer, claim, _ = setup
    with pytest.raises(Invalid):
        match_labels.record(reviewer, passage="  ", claim_id=claim.id, same=True)
    with pytest.raises(NotFound):
        match_labels.record(reviewer, passage="x", claim_id=99999, same=True)
    with pytest.raises(Forbidden):
        match_labels.record(None, passage="x", claim_id=claim.id, same=True)  # type: ignore[arg-type]


def test_export_match_labels_from_the_command_line(app, setup):
    reviewer, claim, article = setup
    match_labels.record(
        reviewer, passage="collapsed twice", claim_id=claim.id, same=True, article_id=article.id
    )
    match_labels.record(reviewer, passage="a different thing", claim_id=claim.id, same=False)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["export", "--format", "match-labels"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["passage"], r["same"]) for r in rows] == [
        ("collapsed twice", True),
        ("a different thing", False),
    ]
    assert rows[0]["claim"] == "The bridge fell down twice"
    assert rows[0]["article_url"] == "https://news.example/bridge"
    assert rows[1]["article_id"] is None
