"""The desk article page shows why it names each quotation's speaker (issue 15)."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Article

TEXT = (
    "Labour's shadow development secretary Lisa Nandy spoke on Friday.\n\n"
    "Asked about the plan, Ms Nandy said Labour had been “clear all along that the policy "
    "must change” before the election.\n\n"
    "“We are doing exactly as we said we would,” the prime minister said."
)


def _article_page(app, client) -> str:
    resp = client.post(
        "/desk/articles/paste",
        data={"p-url": "https://example.org/news/visa", "p-headline": "Visa", "p-content": TEXT},
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)
    with app.app_context():
        article_id = db.session.scalar(select(Article.id))
    return client.get(f"/desk/articles/{article_id}").get_data(as_text=True)


def test_article_page_shows_the_attribution_phrase_with_the_speaker(app, login_as):
    client, _ = login_as("reviewer")
    page = _article_page(app, client)
    assert "Lisa Nandy" in page
    assert "<q>Ms Nandy said</q>" in page
    assert "the prime minister" in page and "a role: no name is given" in page


def test_claimant_is_prefilled_with_the_resolved_name_never_a_role(app, login_as):
    client, _ = login_as("reviewer")
    page = _article_page(app, client)
    links = [html.unescape(h) for h in re.findall(r'class="make-claim" href="([^"]+)"', page)]
    assert len(links) == 2
    assert "claimant_name=Lisa+Nandy" in links[0]
    assert "claimant_name=&" in links[1] or links[1].endswith("claimant_name=")
    assert "speaker=the+prime+minister" in links[1]
