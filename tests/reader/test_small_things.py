"""Issue 12, section 5: the small things people notice."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Claim

READER_PAGES = ["/", "/claims", "/claims?q=dna", "/about", "/methodology", "/suggest"]


def test_robots_txt_and_favicon(client):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots.mimetype == "text/plain"
    text = robots.get_data(as_text=True)
    assert "Disallow: /desk" in text and "Sitemap: http://localhost/sitemap.xml" in text
    html = client.get("/").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    favicon = client.get(icon)
    assert favicon.status_code == 200 and b"<svg" in favicon.data
    favicon.close()


@pytest.mark.parametrize("path", READER_PAGES)
def test_every_reader_page_has_one_meta_description(client, demo, path):
    html = client.get(path).get_data(as_text=True)
    found = re.findall(r'<meta name="description" content="([^"]+)"', html)
    assert len(found) == 1 and len(found[0]) > 20, found


def test_claim_page_details(app, client, demo):
    with app.app_context():
        claim = db.session.scalars(select(Claim).where(Claim.is_published)).first()
        assert claim.first_published_at.year == 2019  # demo verdicts dated when made
        assert claim.current_verdict.published_at.year == 2019
        value = claim.current_verdict.rating.value
        claim_id, label = claim.id, claim.current_verdict.rating.label
    html = client.get(f"/claims/{claim_id}", follow_redirects=True).get_data(as_text=True)
    assert len(re.findall(r'<meta name="description"', html)) == 1
    if value is not None:
        assert f"{value} of 5 on our" in html
    img = re.search(r'<img src="[^"]*badge.svg"[^>]*>', html).group(0)
    width = int(re.search(r'width="(\d+)"', img).group(1))
    svg = client.get(f"/claims/{claim_id}/badge.svg").get_data(as_text=True)
    assert f'width="{width}"' in svg  # the img is sized as the badge is drawn
    assert 'id="share-link"' in html and "readonly" in html
    embed = re.search(r'id="share-embed"[^>]*>([^<]*)</textarea>', html).group(1)
    assert "&lt;a href=" in embed and label in embed
    # No microseconds in machine-readable times.
    for stamp in re.findall(r'<time datetime="([^"]+)"', html):
        assert "." not in stamp, stamp


def test_print_styles_hide_navigation_and_forms(client):
    response = client.get("/static/style.css")
    css = response.get_data(as_text=True)
    response.close()
    block = css[css.index("@media print") :]
    assert "header.site" in block and "form" in block and "attr(href)" in block
