"""A reviewer signs in; a reader opens a demo claim page."""

from __future__ import annotations

from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Claim
from tests.e2e.conftest import sign_in


def test_reviewer_logs_in_and_reader_opens_demo_claim(
    app, demo, make_user, live_server, browser, artifacts
):
    reviewer = make_user("reviewer")
    with app.app_context():
        claim_id = db.session.scalar(
            select(Claim.id).where(
                Claim.text == "DNA testing has been ordered in Kevin Cooper's case"
            )
        )

    reviewer_ctx, page = sign_in(browser, live_server, reviewer.email)
    assert page.locator("nav.wide .who").inner_text().startswith("Test reviewer")
    reviewer_ctx.close()

    reader_ctx = browser.new_context()
    page = reader_ctx.new_page()
    page.goto(f"{live_server}/")
    page.click("text=DNA testing has been ordered in Kevin Cooper's case")
    assert f"/claims/{claim_id}" in page.url
    assert page.locator(".verdict .badge:not(.fidelity)").inner_text() == "True"
    link = page.locator("a.article-link").first
    assert link.get_attribute("href").startswith("https://hollywoodunlocked.com/")
    page.screenshot(path=str(artifacts / "smoke-claim-page.png"), full_page=True)
    reader_ctx.close()
