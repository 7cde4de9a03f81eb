"""ClaimReview import: every real fixture, idempotency, isolation of bad items, the CLI."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, insert, select

from claimtracker.extensions import db
from claimtracker.models import Appearance, Article, AuditEvent, Claim, Verdict
from claimtracker.services import claimreview_import
from tests.conftest import FIXTURES

CR = FIXTURES / "claimreview"

# file -> (local rating, publisher's own label, claimant, appearance URLs)
EXPECTED = {
    "embedded_polygraph-info_al-tanf-rukban.html": (
        "False",
        "False",
        "The Russian and Syrian defense ministries",
        ["http://syria.mil.ru/peacemaking/info/news/more.htm?id=12258560%40egNews"],
    ),
    "embedded_polygraph-info_al-tanf-rukban.claimreview.json": (
        "False",
        "False",
        "The Russian and Syrian defense ministries",
        None,
    ),
    "embedded_snopes_yovanovitch-net-worth.html": ("Unproven", "Unproven", "Multiple Sources", []),
    "embedded_snopes_yovanovitch-net-worth.claimreview.json": (
        "Unproven",
        "Unproven",
        "Multiple Sources",
        [],
    ),
    "google-docs_world-is-flat_claim-appearance.html": (
        "False",
        "False",
        "Square World Society",
        ["https://example.com/news/a122121"],
    ),
    "google-docs_world-is-flat_claim-appearance.claimreview.json": (
        "False",
        "False",
        "Square World Society",
        ["https://example.com/news/a122121"],
    ),
    "google-docs_world-is-flat_legacy-creativework.html": (
        "False",
        "False",
        "Square World Society",
        [],
    ),
    "google-docs_world-is-flat_legacy-creativework.claimreview.json": (
        "False",
        "False",
        "Square World Society",
        [],
    ),
    # Number (1 of 1-6) and the Pants-on-Fire image say False; the label says "True".
    "schemaorg_eg-0324_politifact-perry-3000-homicides.json": ("False", "True", "Rich Perry", []),
    "mediemollen-folkets-dk_sea-level-13m_vildledende.json": (
        "Misleading",
        "Vildledende",
        "Danmarks Radio",
        [
            "https://www.dr.dk/nyheder/viden/klima/det-er-sket-foer-vi-er-paa-vej-mod-et-klima-"
            "hvor-havet-igen-kan-stige-med-13"
        ],
    ),
}


def _import(path):
    return claimreview_import.import_content(path.read_bytes())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_fixture_imports_with_the_right_rating(ctx, name):
    rating, original, claimant, appearance_urls = EXPECTED[name]
    reports = _import(CR / name)
    assert [r.status for r in reports] == ["imported"], [r.line() for r in reports]
    claim = db.session.get(Claim, reports[0].claim_id)
    assert claim.is_published
    assert claim.current_verdict.rating.label == rating
    assert claim.current_verdict.original_rating == original
    assert claim.claimant.name == claimant
    assert claim.origin_url == reports[0].url
    assert json.loads(claim.origin_json)["url"].replace("\\/", "/") == claim.origin_url
    if appearance_urls is not None:
        assert [a.article.url for a in claim.appearances] == appearance_urls
    for appearance in claim.appearances:
        assert appearance.exact == "" and appearance.article.text is None
        assert appearance.article.origin == "imported"


def test_politifact_conflict_is_reported_and_the_number_wins(ctx):
    (report,) = _import(CR / "schemaorg_eg-0324_politifact-perry-3000-homicides.json")
    assert report.rating == "False"
    assert any("the number wins" in w for w in report.warnings)
    claim = db.session.get(Claim, report.claim_id)
    # The Organization has no name: the publisher is named after its site.
    assert claim.origin_publisher == "politifact.com"


def test_mediareview_is_skipped_with_a_reason(ctx):
    (report,) = _import(CR / "schemaorg_eg-0467_politifact-mediareview-NOT-claimreview.json")
    assert report.status == "skipped"
    assert "MediaReview" in report.reason
    assert db.session.scalar(select(func.count()).select_from(Claim)) == 0


def test_publisher_dates_and_language_are_kept(ctx):
    (report,) = _import(CR / "embedded_polygraph-info_al-tanf-rukban.html")
    claim = db.session.get(Claim, report.claim_id)
    assert claim.origin_publisher == "POLYGRAPH.info"
    assert claim.language == "en"  # "en-Poly" reduced to its language
    assert claim.claimed_on.isoformat() == "2019-11-18"
    # claimReviewed is long: the short form is cut, the whole text kept as long_text.
    assert len(claim.text) <= 200 and claim.long_text.startswith("“A cause for serious")


def test_reimport_updates_and_never_duplicates(ctx):
    path = CR / "google-docs_world-is-flat_claim-appearance.claimreview.json"
    first = _import(path)
    second = _import(path)
    assert [r.status for r in first] == ["imported"]
    assert [r.status for r in second] == ["updated"]
    assert db.session.scalar(select(func.count()).select_from(Claim)) == 1
    assert db.session.scalar(select(func.count()).select_from(Appearance)) == 1
    assert db.session.scalar(select(func.count()).select_from(Article)) == 1
    assert db.session.scalar(select(func.count()).select_from(Verdict)) == 1


def test_reimport_with_a_changed_rating_adds_an_update_verdict(ctx):
    node = json.loads(
        (CR / "google-docs_world-is-flat_claim-appearance.claimreview.json").read_text()
    )
    claimreview_import.import_nodes([node])
    # The same review reached through a tracking link is still the same review.
    node["url"] = "https://EXAMPLE.com/news/science/worldisflat.html?utm_source=feed#top"
    node["reviewRating"] = {
        "@type": "Rating",
        "ratingValue": "3",
        "bestRating": "5",
        "worstRating": "1",
        "alternateName": "Half true",
    }
    (report,) = claimreview_import.import_nodes([node])
    assert report.status == "updated" and report.rating == "Misleading"
    claim = db.session.get(Claim, report.claim_id)
    assert [v.rating.label for v in claim.verdicts] == ["False", "Misleading"]
    assert claim.verdicts[1].reason == "update"
    assert claim.current_verdict.rating.label == "Misleading"


def test_a_malformed_item_never_stops_the_others_nor_leaves_rows(ctx):
    good = json.loads((CR / "mediemollen-folkets-dk_sea-level-13m_vildledende.json").read_text())
    no_url = {**good, "url": None}
    bad_claimant = {
        **good,
        "url": "https://example.org/review/2",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"name": "x" * 5000},
            "appearance": "https://example.org/a",
        },
    }
    feed = {
        "@type": "DataFeed",
        "dataFeedElement": [
            {"item": [no_url]},
            {"item": None},
            {"item": [bad_claimant, good]},
            "junk",
        ],
    }
    reports = claimreview_import.import_content(json.dumps(feed))
    statuses = [(r.status, r.reason[:30]) for r in reports]
    assert [s for s, _ in statuses] == ["skipped", "imported", "imported"], statuses
    assert "no url" in reports[0].reason
    assert db.session.scalar(select(func.count()).select_from(Claim)) == 2


def test_service_error_rolls_back_the_whole_item(ctx, monkeypatch):
    from claimtracker.services import claimreview_bulk, verdicts

    def boom(*_a, **_k):
        raise RuntimeError("disk on fire")

    # The bulk writer fails half-way (its chunk falls back to one by one), and so does
    # the one-by-one path: the item is skipped with the reason and leaves nothing behind.
    def half_then_boom(conn, items, *args):  # type: ignore[no-untyped-def]
        conn.execute(insert(Claim.__table__), [{"text": "half", "version_id": 1}])
        boom()

    monkeypatch.setattr(claimreview_bulk, "write_new", half_then_boom)
    monkeypatch.setattr(verdicts, "publish_imported", boom)
    reports = _import(CR / "google-docs_world-is-flat_claim-appearance.claimreview.json")
    assert reports[0].status == "skipped" and "disk on fire" in reports[0].reason
    for model in (Claim, Article, Appearance, Verdict):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_graph_and_list_and_string_and_list_appearances(ctx):
    base = {
        "@type": "claimreview",
        "claimReviewed": "A claim",
        "reviewRating": {
            "type": "Rating",
            "ratingValue": "0.1",
            "bestRating": "1",
            "worstRating": "0",
            "name": "Wrong",
        },
        "author": {"@type": "Organization", "name": "Checkers"},
    }
    doc = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "name": "ignored"},
            {
                **base,
                "url": "https://c.example/1",
                "itemReviewed": {"@type": "Claim", "appearance": "https://n.example/one"},
            },
            [
                {
                    **base,
                    "url": "https://c.example/2",
                    "itemReviewed": {
                        "@type": "Claim",
                        "appearance": [
                            "https://n.example/two",
                            {"url": "https://n.example/three", "headline": "Three"},
                        ],
                    },
                }
            ],
        ],
    }
    reports = claimreview_import.import_content(json.dumps(doc))
    assert [r.status for r in reports] == ["imported", "imported"]
    assert {r.rating for r in reports} == {"False"}
    urls = sorted(db.session.scalars(select(Article.url)))
    assert urls == ["https://n.example/one", "https://n.example/three", "https://n.example/two"]


def test_cli_import_reports_each_item_and_fails_on_unreadable_files(app, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    runner = app.test_cli_runner()
    files = [
        str(CR / "embedded_snopes_yovanovitch-net-worth.html"),
        str(CR / "schemaorg_eg-0467_politifact-mediareview-NOT-claimreview.json"),
        str(bad),
    ]
    result = runner.invoke(args=["import", *files])
    assert result.exit_code == 1
    assert (
        "imported https://www.snopes.com/fact-check/marie-yovanovitch-net-worth/" in result.output
    )
    assert "skipped" in result.output and "MediaReview" in result.output
    assert "neither JSON nor HTML" in result.output
    assert "1 imported, 0 updated, 1 skipped; 1 file(s) unreadable." in result.output
    ok = runner.invoke(args=["import", files[0]])
    assert ok.exit_code == 0 and "0 imported, 1 updated" in ok.output


def test_a_lone_surrogate_is_one_skipped_line_not_a_traceback(app, tmp_path, caplog):
    # "\ud800" in JSON decodes to a lone surrogate: valid JSON, text no database can hold.
    good = '{"@type": "ClaimReview", "url": "https://x.example/%d", "claimReviewed": "%s"}'
    document = tmp_path / "feed.json"
    document.write_text("[" + good % (1, "fine") + "," + good % (2, "bad \\ud800 text") + "]")
    result = app.test_cli_runner().invoke(args=["import", str(document)])
    assert "skipped  https://x.example/2: the review holds text that is not valid Unicode" in (
        result.output
    )
    assert "1 imported, 0 updated, 1 skipped" in result.output
    assert "Traceback" not in result.output + caplog.text
    assert not [r for r in caplog.records if r.exc_info]
