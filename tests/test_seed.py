"""``claimtracker seed``: synthetic claims that the reader pages, search and API serve."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import (
    Appearance,
    Article,
    Claim,
    ClaimStatus,
    SearchDocument,
    Source,
    Verdict,
)
from claimtracker.search.query import SearchQuery
from claimtracker.services import search
from claimtracker.services.errors import Invalid


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_seed_writes_a_realistic_archive(app, runner):
    result = runner.invoke(args=["seed", "--claims", "300", "--published", "0.5"])
    assert result.exit_code == 0, result.output
    assert "Seeded 300 claims" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Claim)) == 300
        published = db.session.scalar(
            select(func.count()).select_from(Claim).where(Claim.status == ClaimStatus.PUBLISHED)
        )
        assert 100 < published < 200  # about half
        # Every published claim has its current verdict; drafts have none.
        assert not db.session.scalar(
            select(func.count())
            .select_from(Claim)
            .where(Claim.status == ClaimStatus.PUBLISHED, Claim.current_verdict_id.is_(None))
        )
        per_claim = select(func.count()).group_by
        appearances = db.session.execute(
            per_claim(Appearance.claim_id).select_from(Appearance)
        ).all()
        assert {n for (n,) in appearances} <= {1, 2, 3} and len(appearances) == 300
        sources = db.session.execute(per_claim(Source.claim_id).select_from(Source)).all()
        assert {n for (n,) in sources} <= {2, 3, 4, 5}
        # Quotes are anchored verbatim in the article snapshot.
        for exact, start, end, text in db.session.execute(
            select(Appearance.exact, Appearance.start, Appearance.end, Article.text).join(
                Article, Article.id == Appearance.article_id
            )
        ):
            assert text[start:end] == exact
        # Some published claims were corrected: more published verdicts than claims.
        assert (
            db.session.scalar(
                select(func.count()).select_from(Verdict).where(Verdict.status == "published")
            )
            > published
        )
        docs = db.session.scalar(
            select(func.count()).select_from(SearchDocument).where(SearchDocument.published)
        )
        assert docs == published
        word = db.session.scalar(select(Claim.text).where(Claim.status == "published"))
        found = search.search_claims(SearchQuery(q=word.split()[1]))
        assert found.total > 0
        claim_id = db.session.scalar(select(Claim.id).where(Claim.status == "published"))
    client = app.test_client()
    page = client.get(f"/claims/{claim_id}", follow_redirects=True)
    assert page.status_code == 200
    assert client.get(f"/api/v1/claims/{claim_id}").status_code == 200
    # Seeding again adds to what seed wrote before (ids carry on).
    assert runner.invoke(args=["seed", "--claims", "20"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Claim)) == 320


def test_seed_refuses_a_database_with_real_claims(app, runner, demo):
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Claim))
    result = runner.invoke(args=["seed", "--claims", "10"])
    assert result.exit_code != 0
    assert "already holds real claims" in result.output
    assert "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Claim)) == before
    forced = runner.invoke(args=["seed", "--claims", "10", "--force"])
    assert forced.exit_code == 0, forced.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Claim)) == before + 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--claims", "0"], "--claims"),
        (["--claims", "5", "--published", "1.5"], "--published"),
        (["--claims", "ten"], "--claims"),
    ],
)
def test_seed_bad_arguments_exit_non_zero(app, runner, args, message):
    result = runner.invoke(args=["seed", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_seed_service_refuses_out_of_range_values(ctx):
    from claimtracker.services.seed import seed

    with db.engine.connect() as conn:
        with pytest.raises(Invalid):
            seed(conn, 0)
        with pytest.raises(Invalid):
            seed(conn, 5, published=2.0)


def test_seed_writes_matching_vectors_unless_told_not_to(app, runner):
    """Seeded claims get their vectors like any bulk write; ``--without-vectors`` leaves
    them to ``claimtracker reindex`` (a million would take hours to encode)."""
    from claimtracker.models import ClaimVector

    def counts() -> tuple[int, int]:
        with app.app_context():
            return (
                db.session.scalar(select(func.count()).select_from(Claim)),
                db.session.scalar(select(func.count()).select_from(ClaimVector)),
            )

    assert runner.invoke(args=["seed", "--claims", "30"]).exit_code == 0
    assert counts() == (30, 30)
    result = runner.invoke(args=["seed", "--claims", "20", "--without-vectors"])
    assert result.exit_code == 0, result.output
    assert counts() == (50, 30)
    assert runner.invoke(args=["reindex"]).exit_code == 0
    assert counts() == (50, 50)
