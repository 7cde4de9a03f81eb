"""A reader on a phone (375 px, JavaScript off) reads claim 2 beside its cited source: the
two passages stack, nothing scrolls sideways, and the differing words are underlined and
struck through (not colour alone), with words a screen reader speaks."""

from __future__ import annotations

PHOTOS = "Photos and video on state property are allowed without permission"


def test_side_by_side_on_a_phone_without_javascript(demo, live_server, browser, artifacts):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server}/claims")
        page.click(f"text={PHOTOS}")
        figure = page.locator("figure.side-by-side").first
        assert figure.is_visible()
        headings = figure.locator("h3.sbs-heading").all_inner_texts()
        assert headings[0] == "What Hollywood Unlocked wrote"
        assert headings[1].startswith("What its source wrote")
        columns = figure.locator(".sbs-column")
        first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
        assert second["y"] >= first["y"] + first["height"] - 1  # stacked, not squeezed
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        ins = figure.locator("ins").first
        assert "underline" in ins.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert ins.inner_text().startswith("[added:")  # spoken, though visually hidden
        deleted = figure.locator("del").first
        assert "line-through" in deleted.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert page.locator(".verdict .badge.fidelity").inner_text() == "Source reversed"
        page.screenshot(path=str(artifacts / "side-by-side-phone.png"), full_page=True)
    finally:
        context.close()
