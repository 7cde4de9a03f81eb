"""The second axis and the cited source everywhere a rating goes: claim page JSON-LD,
/claimreview.json, the Atom feed, CSV and JSON export, the JSON API and its OpenAPI
document, search facets and filters, the outlet's scorecard, and the import back."""

from __future__ import annotations

import csv
import io
import json

import extruct
import feedparser
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Appearance, Claim
from claimtracker.publishing.claimreview import FIDELITY_ASPECT
from claimtracker.services import claimreview_import, ratings
from tests.api.helpers import bearer, token_for
from tests.conftest import base_config

PHOTOS = "Photos and video on state property are allowed without permission"


def _claim_id(app, text: str = PHOTOS) -> int:
    with app.app_context():
        return db.session.scalar(select(Claim.id).where(Claim.text == text))


def _claimreview(client, claim_id: int) -> dict:
    page = client.get(f"/claims/{claim_id}", follow_redirects=True)
    html = page.get_data(as_text=True)
    data = extruct.extract(html, base_url=page.request.url, syntaxes=["json-ld"], uniform=False)
    reviews = [d for d in data["json-ld"] if d.get("@type") == "ClaimReview"]
    assert len(reviews) == 1  # Google's one ClaimReview per page
    return reviews[0]


def test_claimreview_carries_the_second_axis_as_an_associated_review(app, client, demo):
    review = _claimreview(client, _claim_id(app))
    assert review["reviewRating"]["alternateName"] == "False"  # the main review unchanged
    extra = review["associatedReview"]
    assert extra["@type"] == "Review" and extra["reviewAspect"] == FIDELITY_ASPECT
    assert extra["reviewRating"]["alternateName"] == "Source reversed"
    work = review["itemReviewed"]["appearance"][0]
    assert extra["itemReviewed"]["url"] == work["url"]
    assert work["creditText"] == "The Blast reports"
    assert work["isBasedOn"]["url"].startswith("https://theblast.com/")
    assert "#:~:text=" in work["isBasedOn"]["url"] and "prohibited" in work["isBasedOn"]["url"]
    # not assessed: no associated review at all
    unproven = _claimreview(
        client, _claim_id(app, "Kim Kardashian's team set up the photoshoot outside San Quentin")
    )
    assert "associatedReview" not in unproven


def test_the_datafeed_atom_and_csv_carry_it(app, client, demo):
    feed = client.get("/claimreview.json").json
    items = [e["item"][0] for e in feed["dataFeedElement"]]
    aspects = sorted(
        i["associatedReview"]["reviewRating"]["alternateName"]
        for i in items
        if "associatedReview" in i
    )
    assert aspects == ["Accurate", "Accurate", "Altered", "Source reversed"]

    atom = feedparser.parse(client.get("/feed.atom").get_data())
    photos = next(e for e in atom.entries if PHOTOS in e.title)
    terms = {(t["term"], t.get("scheme")) for t in photos.tags}
    assert ("false", None) in terms or any(t == "false" for t, _ in terms)
    assert ("source-reversed", "urn:claimtracker:fidelity") in terms

    rows = list(
        csv.DictReader(
            io.StringIO(app.test_cli_runner().invoke(args=["export", "--format", "csv"]).output)
        )
    )
    by_text = {r["text"]: r for r in rows}
    assert by_text[PHOTOS]["fidelity"] == "Source reversed"
    assert by_text[PHOTOS]["fidelity_value"] == "source-reversed"
    assert (
        by_text["Kim Kardashian's team set up the photoshoot outside San Quentin"]["fidelity"] == ""
    )


def test_the_json_api_and_its_document(app, client, demo):
    claim_id = _claim_id(app)
    detail = client.get(f"/api/v1/claims/{claim_id}").json
    assert detail["rating"]["label"] == "False"
    assert detail["fidelity"] == {"label": "Source reversed", "value": "source-reversed"}
    cited = detail["appearances"][0]["cited_source"]
    assert detail["appearances"][0]["attributed_to"] == "The Blast reports"
    assert cited["passage"]["exact"].endswith("prohibited without permission.")
    assert cited["differences"]["flips"] == [
        {"kind": "antonym", "source": "prohibited", "article": "allowed"}
    ]
    assert detail["history"][0]["fidelity"]["value"] == "source-reversed"
    listed = client.get("/api/v1/claims?per_page=50").json["items"]
    assert {c["fidelity"]["label"] for c in listed} == {
        "Accurate",
        "Altered",
        "Source reversed",
        "Not assessed",
    }
    filtered = client.get("/api/v1/claims?fidelity=source-reversed").json["items"]
    assert [c["text"] for c in filtered] == [PHOTOS]
    assert len(client.get("/api/v1/claims?fidelity=Accurate&rating=true").json["items"]) == 1
    doc = client.get("/api/v1/openapi.json").json
    schemas = doc["components"]["schemas"]
    assert (
        "fidelity" in schemas["Claim"]["required"]
        and "fidelity" in schemas["ClaimSummary"]["required"]
    )
    assert "fidelity" in schemas["NewVerdict"]["properties"]
    assert "/api/v1/appearances/{appearance_id}/cited-source" in doc["paths"]


def test_the_write_path_over_the_api(app, client, make_user, demo):
    reviewer = token_for(app, make_user("reviewer").email)
    with app.app_context():
        appearance_id = db.session.scalar(
            select(Appearance.id)
            .join(Claim, Claim.id == Appearance.claim_id)
            .where(Claim.text == "DNA testing has been ordered in Kevin Cooper's case")
        )
    url = f"/api/v1/appearances/{appearance_id}/cited-source"
    # published claim: a reviewer may not change what readers see
    r = client.post(
        url, headers=bearer(reviewer), json={"excerpt": "x", "url": "https://a.example"}
    )
    assert r.status_code == 403 and r.mimetype == "application/problem+json"
    editor = token_for(app, make_user("editor").email)
    r = client.post(url, headers=bearer(editor), json={"excerpt": "no url"})
    assert r.status_code in (400, 422) and r.json["errors"][0]["field"] == "url"
    r = client.post(
        url,
        headers=bearer(editor),
        json={
            "attributed_to": "she wrote on Instagram",
            "excerpt": "I am hopeful that Kevin will be exonerated since DNA testing has now "
            "been ordered on Kevin's case.",
            "url": "https://instagram.example/p/1",
        },
    )
    assert r.status_code == 200, r.json
    assert r.json["cited_source"]["passage"]["exact"].startswith("DNA testing has now been ordered")
    assert r.json["suggested_fidelity"] == "accurate"
    assert (
        client.post(
            "/api/v1/appearances/999999/cited-source", headers=bearer(editor), json={}
        ).status_code
        == 404
    )
    # a verdict with a bad fidelity is a problem naming the field
    claim_id = _claim_id(app, "DNA testing has been ordered in Kevin Cooper's case")
    r = client.post(
        f"/api/v1/claims/{claim_id}/verdicts",
        headers=bearer(reviewer),
        json={
            "rating": "True",
            "summary": "S.",
            "fidelity": "roughly",
            "reason": "update",
            "reason_note": "n",
        },
    )
    assert r.status_code in (400, 422) and r.json["errors"][0]["field"] == "fidelity"


def test_search_facets_and_filter(app, client, demo):
    html = client.get("/claims").get_data(as_text=True)
    assert "Reported faithfully?" in html and "Source reversed" in html
    html = client.get("/claims?fidelity=accurate").get_data(as_text=True)
    assert "DNA testing has been ordered" in html and PHOTOS not in html


def test_the_outlet_scorecard_says_how_often_it_reported_faithfully(app, client, demo):
    with app.app_context():
        from claimtracker.models import Outlet

        outlet = db.session.scalar(select(Outlet).where(Outlet.name == "Hollywood Unlocked"))
        outlet_id = outlet.id
    html = client.get(f"/outlets/{outlet_id}", follow_redirects=True).get_data(as_text=True)
    assert "Reported faithfully?" in html
    assert "<strong>2 (50%)</strong> were judged accurate" in html
    assert "Source reversed: 1" in html and "Altered: 1" in html


def test_export_then_import_keeps_the_second_axis(app, demo, tmp_path, database_url, make_app):
    out = tmp_path / "export.json"
    result = app.test_cli_runner().invoke(
        args=["export", "--format", "claimreview", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output

    def axes(application) -> dict:
        with application.app_context():
            return {
                c.text: (c.current_verdict.rating.label, c.current_verdict.fidelity)
                for c in db.session.scalars(select(Claim))
                if c.is_published
            }

    before = axes(app)
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        ratings.ensure_scale(app.config["RATINGS"])
        db.session.commit()
    empty = make_app(base_config(tmp_path / "second", database_url))
    with empty.app_context():
        report = claimreview_import.import_content(out.read_bytes())
        db.session.commit()
    assert report is not None
    assert axes(empty) == before
    assert before[PHOTOS] == ("False", "source-reversed")
    assert json.loads(out.read_text())["dataFeedElement"]
