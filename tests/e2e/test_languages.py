"""Reader pages in a browser in three languages: Spanish and French words, and Arabic laid
out right to left (the document's direction is rtl and the text starts on the right), on a
phone (375 px) without sideways scrolling; the language chosen with ?lang= sticks."""

from __future__ import annotations

import pytest


@pytest.fixture
def app_config(app_config: dict) -> dict:
    return {**app_config, "LANGUAGES": ["en", "es", "fr", "ar"]}


def test_a_reader_switches_language_and_rtl_lays_out_right_to_left(
    browser, live_server, demo, artifacts
):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server}/claims/1?lang=ar")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        heading = page.locator("h1.claim-text").bounding_box()
        assert heading is not None and heading["x"] + heading["width"] > 300, heading
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.screenshot(path=str(artifacts / "claim-ar-375.png"), full_page=True)
        # the switcher, by keyboard-reachable links; the choice is remembered
        page.click("nav.languages a[hreflang=es]")
        assert page.locator("html").get_attribute("lang") == "es"
        page.goto(f"{live_server}/claims")
        assert page.locator("h1").inner_text() == "Todas las verificaciones"
        assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
        page.goto(f"{live_server}/?lang=fr")
        assert page.locator("h1").inner_text() == "Dernières vérifications"
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()
