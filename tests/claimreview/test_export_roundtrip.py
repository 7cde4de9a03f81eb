"""Export: ClaimReview, CSV and JSON; the ClaimReview export imports back into an empty
database with the same claims, ratings and appearances."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Claim
from claimtracker.services import claimreview_import, ratings
from tests.conftest import FIXTURES, base_config

CR = FIXTURES / "claimreview"


def snapshot(app) -> list[tuple]:
    """What must survive a round trip, independent of ids."""
    with app.app_context():
        out = []
        for claim in db.session.scalars(select(Claim).order_by(Claim.text)):
            if not claim.is_published:
                continue
            out.append(
                (
                    claim.text,
                    claim.claimant.name if claim.claimant else None,
                    claim.claimed_on,
                    claim.current_verdict.rating.label,
                    claim.current_verdict.summary,
                    sorted((a.article.url, a.exact) for a in claim.appearances),
                )
            )
        return out


def test_claimreview_round_trip(app, demo, tmp_path, database_url, make_app):
    # Imported claims too: they are exported as their publisher's original ClaimReview.
    with app.app_context():
        for name in (
            "schemaorg_eg-0324_politifact-perry-3000-homicides.json",
            "google-docs_world-is-flat_claim-appearance.html",
        ):
            claimreview_import.import_content((CR / name).read_bytes())
    out = tmp_path / "export.json"
    result = app.test_cli_runner().invoke(
        args=["export", "--format", "claimreview", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    exported = json.loads(out.read_text())
    assert exported["@type"] == "DataFeed" and len(exported["dataFeedElement"]) >= 7
    urls = [e["item"][0]["url"] for e in exported["dataFeedElement"]]
    assert "https://example.com/news/science/worldisflat.html" in urls
    # Our own claims point at their canonical page, the same URL as the page's JSON-LD.
    own = [
        e["item"][0]
        for e in exported["dataFeedElement"]
        if e["item"][0]["author"].get("name") == app.config["ORGANISATION_NAME"]
    ]
    assert own and all(
        re.fullmatch(r"https://factdesk\.example/claims/\d+/[a-z0-9-]+", r["url"]) for r in own
    )
    assert any("#:~:text=" in w["url"] for r in own for w in r["itemReviewed"]["appearance"])
    before = snapshot(app)
    assert before and any(appearances for *_, appearances in before)

    # An empty database: a fresh schema (PostgreSQL: the per-test tables are emptied).
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        ratings.ensure_scale(app.config["RATINGS"])
        db.session.commit()
    empty = make_app(base_config(tmp_path / "second", database_url))
    result = empty.test_cli_runner().invoke(args=["import", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{len(before)} imported, 0 updated, 0 skipped" in result.output
    assert snapshot(empty) == before


def test_export_formats(app, demo):
    runner = app.test_cli_runner()
    rows = list(
        csv.DictReader(io.StringIO(runner.invoke(args=["export", "--format", "csv"]).output))
    )
    assert rows and all(r["rating"] for r in rows)
    assert all(re.search(r"/claims/\d+/[a-z0-9-]+$", r["url"]) for r in rows)
    assert any("#:~:text=" in r["appearances"] for r in rows)
    data = json.loads(
        runner.invoke(
            args=["export", "--format", "json", "--base-url", "https://facts.example"]
        ).output
    )
    assert data[0]["url"].startswith("https://facts.example/claims/")
    assert {"appearances", "history", "rating", "summary"} <= set(data[0])


@pytest.mark.parametrize("fmt", ["xml"])
def test_unknown_format_is_refused(app, fmt):
    result = app.test_cli_runner().invoke(args=["export", "--format", fmt])
    assert result.exit_code != 0
