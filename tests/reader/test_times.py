"""Times where a date alone is ambiguous: two verdicts (or a verdict and a quote change)
on the same day show their time and time zone on the claim page, in the page's language
and the site's time zone; a day with one event keeps the date alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Claim, Verdict
from claimtracker.services import verdicts
from tests.reader.conftest import claim_id_by_text
from tests.reader.test_languages import page, visible

DNA = "DNA testing has been ordered in Kevin Cooper's case"
MORNING = datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
AFTERNOON = datetime(2024, 3, 5, 16, 45, tzinfo=UTC)


@pytest.fixture
def app_config(app_config: dict) -> dict:
    return {**app_config, "LANGUAGES": ["en", "es", "fr"]}


def _two_verdicts_on_one_day(app, make_user) -> int:
    """The demo's verdict (2019), then a correction and an update on 5 March 2024."""
    a, b = make_user("editor"), make_user("editor")
    with app.app_context():
        claim = db.session.get(Claim, claim_id_by_text(app, DNA))
        for reason, rating, when in (
            ("correction", "Mostly true", MORNING),
            ("update", "True", AFTERNOON),
        ):
            v = verdicts.propose(
                a,
                claim,
                rating=rating,
                summary="Checked again.",
                reason=reason,
                reason_note="New facts.",
            )
            db.session.flush()
            verdicts.sign_off(v.id, b)
            db.session.flush()
            v.published_at = when
        db.session.commit()
        return claim.id


def _history(html: str) -> str:
    return visible(html.split('id="history-h"', 1)[1].split("</ol>", 1)[0])


def test_same_day_verdicts_show_their_times_in_each_language(app, client, demo, make_user):
    claim_id = _two_verdicts_on_one_day(app, make_user)
    english = _history(page(client, f"/claims/{claim_id}", "en"))
    assert "5 March 2024, 9:30 AM UTC" in english and "5 March 2024, 4:45 PM UTC" in english
    # The 2019 verdict is alone on its day: its date says enough.
    assert "UTC" not in english.split("5 March 2024")[0]
    spanish = _history(page(client, f"/claims/{claim_id}", "es"))
    assert "5 de marzo de 2024, 9:30 UTC" in spanish and "5 de marzo de 2024, 16:45 UTC" in spanish
    french = _history(page(client, f"/claims/{claim_id}", "fr"))
    assert "5 mars 2024, 09:30 TU" in french and "5 mars 2024, 16:45 TU" in french
    # First published in 2019, last updated in 2024: different days, dates alone.
    dates = visible(
        page(client, f"/claims/{claim_id}", "en").split('class="meta dates"')[1].split("</p>")[0]
    )
    assert "UTC" not in dates


def test_times_follow_the_sites_time_zone(make_app, demo, make_user, app):
    claim_id = _two_verdicts_on_one_day(app, make_user)
    new_york = make_app(BABEL_DEFAULT_TIMEZONE="America/New_York", LANGUAGES=["en"])
    history = _history(page(new_york.test_client(), f"/claims/{claim_id}", "en"))
    assert "5 March 2024, 4:30 AM EST" in history and "5 March 2024, 11:45 AM EST" in history


def test_one_verdict_a_day_shows_dates_alone(app, client, demo):
    claim_id = claim_id_by_text(app, DNA)
    with app.app_context():
        assert (
            len(db.session.scalars(select(Verdict).where(Verdict.claim_id == claim_id)).all()) == 1
        )
    html = page(client, f"/claims/{claim_id}", "en")
    assert "UTC" not in visible(html)


def test_a_time_zone_typo_is_refused_at_start(tmp_path, monkeypatch):
    from claimtracker import create_app
    from claimtracker.config import ConfigError

    monkeypatch.setenv("CLAIMTRACKER_BABEL_DEFAULT_TIMEZONE", "Europe/Madird")
    with pytest.raises(ConfigError, match="BABEL_DEFAULT_TIMEZONE is not a time zone"):
        create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/t.db"})
