"""The two-axis verdict and cited sources through the services (both databases)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import AuditEvent, Claim, User
from claimtracker.services import articles, cited_sources, claims, verdicts
from claimtracker.services import fidelity as fidelity_scale
from claimtracker.services.errors import Forbidden, Invalid, NotFound

OUTLET_TEXT = (
    "Kim was pictured at the prison on Thursday. Photos and video taken anywhere on state "
    "property is allowed without permission. The parking lot is part of the prison."
)
SOURCE_TEXT = (
    "Her lawyers deny any role. Photos and video taken anywhere on state property are "
    "prohibited without permission. Officials are looking into who arranged the shoot."
)
PASSAGE = "Photos and video taken anywhere on state property is allowed without permission."


def _user(make_user, role: str) -> User:
    return db.session.merge(make_user(role))


@pytest.fixture
def setup(ctx, make_user):
    reviewer, editor = _user(make_user, "reviewer"), _user(make_user, "editor")
    outlet_article, _ = articles.log_from_paste(
        reviewer, url="https://outlet.example/story", content=OUTLET_TEXT, headline="Story"
    )
    source_article, _ = articles.log_from_paste(
        reviewer, url="https://source.example/report", content=SOURCE_TEXT, headline="Report"
    )
    claim = claims.create_claim(reviewer, text="Photos on state property are allowed")
    appearance = claims.add_appearance(reviewer, claim, outlet_article, exact=PASSAGE)
    db.session.flush()
    return reviewer, editor, claim, appearance, source_article


def test_the_scale_and_its_names(ctx):
    values = [g.value for g in fidelity_scale.scale()]
    assert values == [
        "accurate",
        "altered",
        "out-of-context",
        "misattributed",
        "source-reversed",
        "fabricated",
    ]
    assert fidelity_scale.choices()[0] == ("not-assessed", "Not assessed")
    assert fidelity_scale.resolve("Source reversed").value == "source-reversed"
    assert fidelity_scale.resolve("not assessed") is None and fidelity_scale.resolve("") is None
    with pytest.raises(Invalid) as err:
        fidelity_scale.resolve("sort of")
    assert err.value.field == "fidelity"


def test_a_configured_scale_replaces_the_default(make_app, app_config):
    app = make_app(
        {**app_config, "FIDELITY": [{"label": "Faithful"}, {"value": "bent", "label": "Bent"}]}
    )
    with app.app_context():
        assert [(g.value, g.label) for g in fidelity_scale.scale()] == [
            ("faithful", "Faithful"),
            ("bent", "Bent"),
        ]


def test_both_axes_propose_sign_off_correct_and_keep_their_history(setup):
    reviewer, editor, claim, _, _ = setup
    verdict = verdicts.propose(
        reviewer, claim, rating="False", summary="Reversed.", fidelity="source-reversed"
    )
    db.session.flush()
    verdicts.sign_off(verdict.id, editor)
    db.session.flush()
    assert (claim.current_verdict.fidelity, claim.current_verdict.fidelity_label) == (
        "source-reversed",
        "Source reversed",
    )
    correction = verdicts.propose(
        reviewer,
        claim,
        rating="Misleading",
        summary="Partly.",
        fidelity="Altered",
        reason="correction",
        reason_note="The source was less clear than we read it.",
    )
    db.session.flush()
    # revising the rating alone keeps the fidelity; naming it changes it
    verdicts.revise(reviewer, correction, correction.version_id, rating="False", summary="S.")
    assert correction.fidelity == "altered"
    verdicts.revise(
        reviewer, correction, correction.version_id, rating="False", summary="S.", fidelity=None
    )
    assert correction.fidelity is None
    verdicts.revise(
        reviewer,
        correction,
        correction.version_id,
        rating="False",
        summary="S.",
        fidelity="altered",
    )
    db.session.flush()
    other_editor = db.session.merge(editor)
    with pytest.raises(Forbidden):  # the two-person rule still holds
        verdicts.sign_off(correction.id, reviewer)
    verdicts.sign_off(correction.id, other_editor)
    db.session.flush()
    assert [(v.rating.label, v.fidelity) for v in claim.verdicts] == [
        ("False", "source-reversed"),
        ("False", "altered"),
    ]
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "verdict.signed_off")
    ).all()
    assert [e.changes["fidelity"] for e in events] == ["Source reversed", "Altered"]


def test_an_unknown_fidelity_writes_nothing(setup):
    reviewer, _, claim, _, _ = setup
    with pytest.raises(Invalid):
        verdicts.propose(reviewer, claim, rating="False", summary="S.", fidelity="wobbly")
    db.session.flush()
    assert claim.verdicts == []


def test_linking_a_pasted_excerpt_finds_the_passage_and_the_flip(setup):
    reviewer, _, _, appearance, _ = setup
    cited_sources.link(
        reviewer,
        appearance,
        attributed_to="  The Blast reports ",
        excerpt=SOURCE_TEXT,
        url="https://source.example/report",
        archive_url="https://archive.example/report",
    )
    assert appearance.attributed_to == "The Blast reports"
    assert appearance.cited_exact == (
        "Photos and video taken anywhere on state property are prohibited without permission."
    )
    assert SOURCE_TEXT[appearance.cited_start : appearance.cited_end] == appearance.cited_exact
    assert appearance.cited_prefix.endswith("any role. ")
    comparison = cited_sources.comparison(appearance)
    assert [(f.source, f.article) for f in comparison.flips] == [("prohibited", "allowed")]
    assert cited_sources.suggest(appearance).fidelity == "source-reversed"
    assert cited_sources.cited_url(appearance) == "https://source.example/report"


def test_linking_a_logged_article(setup):
    reviewer, _, _, appearance, source_article = setup
    cited_sources.link(reviewer, appearance, article_id=source_article.id)
    assert appearance.cited_article is source_article and appearance.cited_excerpt is None
    assert "prohibited" in appearance.cited_exact
    assert cited_sources.cited_url(appearance) == source_article.url


def test_a_source_with_no_trace_is_kept_without_a_passage(setup):
    reviewer, _, _, appearance, _ = setup
    cited_sources.link(
        reviewer,
        appearance,
        excerpt="The weather was fine all week and the roads were quiet.",
        url="https://source.example/weather",
    )
    assert appearance.cited_exact is None and cited_sources.has_cited_source(appearance)
    assert cited_sources.suggest(appearance).fidelity == "fabricated"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "article_id"),
        ({"article_id": 1, "excerpt": "x", "url": "https://a.example"}, "excerpt"),
        ({"excerpt": "Photos are prohibited."}, "url"),
        ({"excerpt": "Photos are prohibited.", "url": "javascript:alert(1)"}, "url"),
        ({"excerpt": "x", "url": "https://a.example", "archive_url": "ftp://x"}, "archive_url"),
        ({"excerpt": "x", "url": "https://a.example", "attributed_to": "x" * 301}, "attributed_to"),
    ],
)
def test_bad_links_name_the_field_and_write_nothing(setup, kwargs, field):
    reviewer, _, _, appearance, _ = setup
    with pytest.raises(Invalid) as err:
        cited_sources.link(reviewer, appearance, **kwargs)
    assert err.value.field == field
    assert appearance.cited_excerpt is None and appearance.attributed_to is None


def test_the_article_itself_or_one_without_text_cannot_be_the_source(setup):
    reviewer, _, _, appearance, _ = setup
    with pytest.raises(Invalid):
        cited_sources.link(reviewer, appearance, article_id=appearance.article_id)
    bare, _ = articles.log_article(
        reviewer, url="https://bare.example/x", headline="Bare", origin="metadata"
    )
    db.session.flush()
    with pytest.raises(Invalid):
        cited_sources.link(reviewer, appearance, article_id=bare.id)
    with pytest.raises(NotFound):
        cited_sources.link(reviewer, appearance, article_id=999_999)


def test_once_published_only_an_editor_changes_the_cited_source(setup):
    reviewer, editor, claim, appearance, source_article = setup
    verdict = verdicts.propose(reviewer, claim, rating="False", summary="S.")
    db.session.flush()
    verdicts.sign_off(verdict.id, editor)
    with pytest.raises(Forbidden):
        cited_sources.link(reviewer, appearance, article_id=source_article.id)
    cited_sources.link(editor, appearance, article_id=source_article.id)
    cited_sources.unlink(editor, appearance)
    assert not cited_sources.has_cited_source(appearance) and appearance.cited_exact is None


def test_the_attribution_is_suggested_from_the_article(demo, ctx):
    claim = db.session.scalar(select(Claim).where(Claim.text.like("Photos and video%")))
    suggestion = cited_sources.suggest(claim.appearances[0])
    assert suggestion.attributed_to == "The Blast reports"
    assert suggestion.fidelity == "source-reversed"
