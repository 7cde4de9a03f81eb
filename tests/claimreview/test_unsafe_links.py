"""A javascript:/data: URL in an imported ClaimReview never becomes a link: not in our
pages, and not in the JSON-LD and ClaimReview feed we republish the review in."""

from __future__ import annotations

import json
import re

from claimtracker.services import claimreview_import

REVIEW = {
    "@type": "ClaimReview",
    "url": "https://fc.example/review",
    "claimReviewed": "</script><script>alert(0)</script> claim",
    "itemReviewed": {
        "@type": "Claim",
        "author": {"name": "<img src=x onerror=alert(1)>"},
        "appearance": [
            {"url": "javascript:alert(1)"},
            "data:text/html,x",
            {"url": "https://news.example/a"},
        ],
    },
    "reviewRating": {
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "image": "JavaScript:alert(2)",
    },
    "author": {
        "@type": "Organization",
        "name": "Pub",
        "url": "javascript:alert(3)",
        "sameAs": ["https://pub.example/", "vbscript:x"],
        "@id": "_:org",
    },
}
UNSAFE = re.compile(r"(javascript|data|vbscript):", re.I)


def test_unsafe_links_are_left_out_of_everything_we_publish(app, client):
    with app.app_context():
        [report] = claimreview_import.import_content(json.dumps([REVIEW]).encode())
    assert report.status == "imported", report.line()
    page = client.get(f"/claims/{report.claim_id}", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert not re.search(r'href="\s*(javascript|data|vbscript):', html, re.I)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block, "the JSON-LD block did not survive the claim text"
    review = json.loads(block.group(1))
    assert not UNSAFE.search(json.dumps(review))
    assert review["author"]["sameAs"] == ["https://pub.example/"]
    assert review["author"]["@id"] == "_:org"  # a blank-node id is no link: kept
    assert {"url": "https://news.example/a"} in review["itemReviewed"]["appearance"]
    assert review["claimReviewed"] == REVIEW["claimReviewed"]  # text is text, escaped
    feed = client.get("/claimreview.json").get_data(as_text=True)
    assert "fc.example/review" in feed and not UNSAFE.search(feed)
