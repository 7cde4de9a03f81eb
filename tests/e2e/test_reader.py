"""A reader searches for "DNA", opens the claim and sees the rating and the article link."""

from __future__ import annotations

from claimtracker.textfragment import parse_text_directives

DNA = "DNA testing has been ordered in Kevin Cooper's case"


def test_reader_searches_dna_and_opens_the_claim(demo, live_server, page, artifacts):
    page.goto(f"{live_server}/")
    page.fill("input[name=q]", "DNA")
    page.click("form.search button[type=submit]")
    assert "/claims?q=DNA" in page.url
    results = page.locator("ol.claims li.claim-row")
    assert results.count() == 1
    page.click(f"text={DNA}")

    assert "/claims/" in page.url
    assert page.url.endswith("dna-testing-has-been-ordered-in-kevin-cooper-s-case")
    assert page.locator("h1.claim-text").inner_text() == DNA
    badge = page.locator(".verdict .badge:not(.fidelity)")
    assert badge.inner_text() == "True"
    # The badge colour comes from /ratings.css and keeps AA contrast with its text.
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(26, 127, 55)"
    link = page.locator("a.article-link").first
    href = link.get_attribute("href")
    assert href.startswith("https://hollywoodunlocked.com/")
    quote = "DNA testing has now been ordered on Kevin’s case"
    assert parse_text_directives(href)[0].start == quote
    assert link.is_visible()
    page.set_viewport_size({"width": 1000, "height": 900})
    page.screenshot(path=str(artifacts / "reader-claim-page.png"), full_page=True)


def test_reader_browses_a_claimant_with_a_rating_chart(demo, live_server, page, artifacts):
    page.goto(f"{live_server}/claims")
    page.click("aside.facets >> text=Kim Kardashian")
    assert page.locator("ol.claims li.claim-row").count() == 2
    page.click("ol.claims >> text=DNA testing has been ordered")
    page.click("p.kicker >> text=Kim Kardashian")
    assert "/claimants/" in page.url
    chart = page.locator("figure.chart svg")
    assert chart.is_visible()
    assert chart.locator("text").all_text_contents()[:2] == [
        "Ratings of claims by Kim Kardashian",
        "True",
    ]
    page.screenshot(path=str(artifacts / "reader-claimant-page.png"), full_page=True)
