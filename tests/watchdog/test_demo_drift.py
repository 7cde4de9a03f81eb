"""The demo ships an illustrative later version of the Hollywood Unlocked text with one
quoted sentence edited, so a fresh demo shows an altered quote."""

from __future__ import annotations

from sqlalchemy import func, select

from claimtracker.demo import san_quentin as case
from claimtracker.extensions import db
from claimtracker.models import Appearance, ArticleVersion, QuoteChange
from claimtracker.services import demo as demo_service
from claimtracker.services import watchdog


def test_demo_has_one_altered_quote_and_loading_twice_changes_nothing(ctx, demo):
    altered = db.session.scalars(
        select(Appearance).where(Appearance.quote_status.in_(["altered", "missing"]))
    )
    [appearance] = list(altered)
    assert appearance.quote_status == "altered"
    assert appearance.exact == case.HU_EDIT[0]
    assert appearance.current_exact == case.HU_EDIT[1]
    assert appearance.checked_version == 2
    [version] = db.session.scalars(select(ArticleVersion)).all()
    assert version.origin == "demo" and "61-year-old" in version.text
    assert [v.number for v in watchdog.versions(appearance.article)] == [1, 2]
    demo_service.load()
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(ArticleVersion)) == 1
    assert db.session.scalar(select(func.count()).select_from(QuoteChange)) == 1
    # The watchdog does not re-fetch the real page the moment the demo starts.
    assert watchdog.due_articles() == []
