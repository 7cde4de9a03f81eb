"""SVG charts and badges, claimant/outlet pages, the article page."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from claimtracker.config import DEFAULT_RATINGS
from claimtracker.extensions import db
from claimtracker.models import Article, Claimant, Outlet
from claimtracker.rendering.segments import Segment, highlight
from claimtracker.rendering.svg import (
    Bar,
    badge,
    bar_chart,
    contrast_ratio,
    safe_colour,
    text_colour_on,
)
from claimtracker.services import articles, claims, verdicts

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("rating", DEFAULT_RATINGS, ids=lambda r: r["label"])
def test_default_rating_colours_pass_wcag_aa(rating):
    colour = rating["colour"]
    assert contrast_ratio(text_colour_on(colour), colour) >= 4.5


def test_chart_escapes_labels_and_draws_a_bar_per_rating():
    svg = bar_chart([Bar("<b>True</b> & co", 3, "#1a7f37"), Bar("False", 0, "red;x")], "T<i>")
    root = ET.fromstring(svg)
    assert "<b>" not in svg and "<i>" not in svg
    assert len(root.findall(f"{SVG}rect")) == 2
    assert root.findall(f"{SVG}rect")[1].get("fill") == safe_colour("red;x") == "#57606a"
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "<b>True</b> & co" in labels and "3" in labels and "0" in labels
    assert "style=" not in svg


def test_badge_escapes():
    root = ET.fromstring(badge('"><script>', "#000000"))
    assert [t.text for t in root.iter(f"{SVG}text")][1] == '"><script>'


def test_highlight_segments():
    segs = highlight("abcdefghij", [(2, 4, "x"), (3, 6, "overlap"), (7, 20, "out"), (8, 9, "y")])
    assert segs == [
        Segment("ab"),
        Segment("cd", "x"),
        Segment("efgh"),
        Segment("i", "y"),
        Segment("j"),
    ]


def test_claimant_and_outlet_pages_show_a_breakdown(app, client, demo):
    with app.app_context():
        kim = db.session.scalar(select(Claimant.id).where(Claimant.name == "Kim Kardashian"))
        hu = db.session.scalar(select(Outlet.id).where(Outlet.name == "Hollywood Unlocked"))
    html = client.get(f"/claimants/{kim}", follow_redirects=True).get_data(as_text=True)
    assert "<svg" in html and "Ratings of claims by Kim Kardashian" in html
    assert "True 1, Misleading 1" in html
    assert "DNA testing has been ordered" in html
    html = client.get(f"/outlets/{hu}", follow_redirects=True).get_data(as_text=True)
    assert "Unproven 1" in html and "False 2" in html and "True 1" in html


def test_article_page_highlights_published_quotes_and_escapes_text(app, client, demo):
    with app.app_context():
        text = "Intro <script>alert(1)</script>. He said the moon is cheese. Also: secret draft."
        article, _ = articles.log_article(
            None, url="https://x.example/a", headline="H <i>", outlet="X", text=text
        )
        published = claims.create_claim(None, text="The moon is cheese", claimant="Him")
        claims.add_appearance(None, published, article, exact="the moon is cheese")
        draft = claims.create_claim(None, text="A draft", claimant="Him")
        claims.add_appearance(None, draft, article, exact="secret draft")
        from claimtracker.models import Role
        from claimtracker.services import users

        rev = users.create_user("r@example.org", None, Role.REVIEWER)
        ed = users.create_user("e@example.org", None, Role.EDITOR)
        db.session.flush()
        verdict = verdicts.propose(rev, published, rating="False", summary="No.")
        db.session.flush()
        verdicts.sign_off(verdict.id, ed)
        db.session.commit()
        article_id = db.session.scalar(
            select(Article.id).where(Article.url == "https://x.example/a")
        )
    html = client.get(f"/articles/{article_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert '<mark id="appearance-' in html and ">the moon is cheese</a></mark>" in html
    assert "secret draft" in html and ">secret draft</a>" not in html
    assert "A draft" not in html


def test_article_without_published_claims_is_404(app, client):
    with app.app_context():
        article, _ = articles.log_article(None, url="https://x.example/private", text="t")
        db.session.commit()
        article_id = article.id
    assert client.get(f"/articles/{article_id}").status_code == 404
