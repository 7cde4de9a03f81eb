"""The reviewer's whole journey in a browser: log the seed article (by URL from a local
server, or by pasting), make a claim from Kardashian's DNA quote, add a source, propose a
verdict; an editor signs it off; the public claim page shows it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from claimtracker.ingest.extract import normalise_text
from tests.e2e.conftest import sign_in
from tests.pageserver import Page, PageServer, serve
from tests.seed import DNA_QUOTE, HEADLINE, SEED_TEXT, SEED_URL_PATH, seed_html

CLAIM = "DNA testing has been ordered in Kevin Cooper's case"


@pytest.fixture
def app_config(app_config: dict) -> dict:
    app_config["FETCH_ALLOWED_HOSTS"] = ["127.0.0.1"]
    return app_config


@pytest.fixture
def seed_site() -> Iterator[PageServer]:
    with serve({SEED_URL_PATH: Page(seed_html().encode())}) as server:
        yield server


def _claim_research_and_propose(page, artifacts, name: str) -> int:
    """From the article's desk page to a proposed verdict; returns the claim id."""
    assert page.locator("h1.article-headline").inner_text() == HEADLINE
    quote = page.locator(".found-quote", has_text="DNA testing has now been ordered")
    assert "Kim Kardashian" in quote.inner_text()
    quote.locator("a.make-claim").click()

    # The passage comes prefilled with the whole quote; narrow it to the checkable part.
    assert DNA_QUOTE in page.input_value("#exact")
    assert page.input_value("#claimant_name") == "Kim Kardashian"
    page.fill("#exact", DNA_QUOTE)
    page.fill("#text", CLAIM)
    page.fill("#claimed_on", "2019-05-31")
    page.fill("#tags", "dna, kevin cooper")
    page.click("#claim-form button[type=submit]")
    assert re.search(r"/desk/claims/\d+$", page.url)
    claim_id = int(page.url.rsplit("/", 1)[1])
    assert page.locator("h1.claim-text").inner_text() == CLAIM
    assert DNA_QUOTE in page.locator(".appearances").inner_text()

    page.click("text=Start research")
    assert page.locator("#claim-status").inner_text() == "researching"

    page.click("#sources summary")
    page.fill(
        "#source-form #url",
        "https://www.nolo.com/legal-updates/governor-stops-executions-in-california.html",
    )
    page.fill("#source-form #title", "Governor Stops Executions in California")
    page.fill("#source-form #publisher", "Nolo")
    page.select_option("#source-form #stance", "supports")
    page.click("#source-form button[type=submit]")
    assert "Governor Stops Executions in California" in page.locator("ul.sources").inner_text()
    assert (
        page.locator("ul.sources a", has_text="archive")
        .get_attribute("href")
        .startswith("https://web.archive.org/web/*/")
    )

    page.select_option("#verdict-form #rating", "True")
    page.fill(
        "#verdict-form #summary",
        "Governor Jerry Brown ordered limited new DNA testing "
        "in December 2018 and Governor Gavin Newsom ordered "
        "**more** in February 2019.",
    )
    page.check(
        "#verdict-form label.check:has-text('Governor Stops Executions in California') input"
    )
    page.click("#verdict-form button[type=submit]")
    assert page.locator("#claim-status").inner_text() == "awaiting sign-off"
    assert "Awaiting an editor's sign-off." in page.locator("#verdicts").inner_text()
    assert page.locator("text=Preview and sign off").count() == 0  # reviewers cannot sign off
    page.screenshot(path=str(artifacts / f"desk-{name}-proposed.png"), full_page=True)
    return claim_id


def _editor_signs_off_and_reader_sees(browser, live_server, editor, claim_id, artifacts, name):
    context, page = sign_in(browser, live_server, editor.email)
    page.click(f"text={CLAIM}")
    assert page.url.endswith(f"/desk/claims/{claim_id}")
    page.click("text=Preview and sign off")
    # The preview shows what readers will see, then the confirmation publishes it.
    assert "Governor Stops Executions in California" in page.locator(".preview").inner_text()
    page.click("text=Publish this verdict")
    assert page.locator("#claim-status").inner_text() == "published"
    context.close()

    reader = browser.new_context()
    page = reader.new_page()
    page.goto(f"{live_server}/claims/{claim_id}")
    assert page.locator("h1.claim-text").inner_text() == CLAIM
    assert page.locator(".verdict .badge:not(.fidelity)").inner_text() == "True"
    assert "more" in page.locator(".verdict .summary strong").inner_text()
    assert DNA_QUOTE in page.locator("blockquote.quote").inner_text()
    assert "Governor Stops Executions in California" in page.locator("ul.sources").inner_text()
    page.screenshot(path=str(artifacts / f"desk-{name}-public.png"), full_page=True)
    # anonymous readers never see the desk
    page.goto(f"{live_server}/desk/claims/{claim_id}")
    assert "/login" in page.url
    reader.close()


def test_journey_by_url(app, make_user, live_server, browser, artifacts, seed_site):
    from claimtracker.jobs import runner

    reviewer, editor = make_user("reviewer"), make_user("editor")
    context, page = sign_in(browser, live_server, reviewer.email)
    page.click("text=Log an article")
    page.fill("#f-url", seed_site.base + SEED_URL_PATH + "?utm_source=newsletter")
    page.click("#fetch-form button[type=submit]")
    # The form answers at once with the job's page, watching: it refreshes itself until done,
    # and says how to stop.
    assert "pending" in page.locator(".job-state").inner_text()
    assert page.url.endswith("?watch=1")
    assert page.locator("text=Stop refreshing").count() == 1
    with app.app_context():
        assert runner.run_due() == 1  # the worker's part, in this process
    assert "Article logged." in page.locator(".flash").inner_text()
    assert "Hollywood Unlocked" in page.locator(".kicker").inner_text()
    assert "Kecia Gayle" in page.locator(".kicker").inner_text()
    claim_id = _claim_research_and_propose(page, artifacts, "url")
    context.close()
    _editor_signs_off_and_reader_sees(browser, live_server, editor, claim_id, artifacts, "url")


def test_journey_by_paste(make_user, live_server, browser, artifacts):
    reviewer, editor = make_user("reviewer"), make_user("editor")
    context, page = sign_in(browser, live_server, reviewer.email)
    page.goto(f"{live_server}/desk/articles/new")
    page.fill("#p-url", "https://hollywoodunlocked.com" + SEED_URL_PATH)
    page.fill("#p-headline", HEADLINE)
    page.fill("#p-byline", "Kecia Gayle")
    page.fill("#p-outlet", "Hollywood Unlocked")
    page.fill("#p-published_on", "2019-06-01")
    page.fill("#p-content", SEED_TEXT)
    page.click("#paste-form button[type=submit]")
    assert "Article logged." in page.locator(".flash").inner_text()

    # Progressive enhancement: selecting a sentence in the snapshot fills the passage field.
    # desk.js is deferred: the flash can be read before it runs, and a selection made before
    # its listener exists is never seen (PostgreSQL fresh-clone run, once). A person selects
    # text on a loaded page, so wait for that.
    page.wait_for_load_state("load")
    sentence = "Photos and video taken anywhere on state property is allowed without permission."
    selected = page.evaluate(
        """(sentence) => {
        for (const p of document.querySelectorAll('#snapshot p')) {
            const at = p.textContent.indexOf(sentence);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(p.firstChild, at);
            range.setEnd(p.firstChild, at + sentence.length);
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
            return true;
        }
        return false;
    }""",
        sentence,
    )
    assert selected, "the sentence is not in one paragraph of the snapshot"
    # expect() polls from the driver: a wait_for_function string would need eval, which
    # the page's Content-Security-Policy rightly forbids.
    expect(page.locator("#passage")).to_have_value(sentence)
    # the offset is in the stored snapshot, whose paragraphs are normalised
    assert page.input_value("#passage-start") == str(normalise_text(SEED_TEXT).index(sentence))

    claim_id = _claim_research_and_propose(page, artifacts, "paste")
    context.close()
    _editor_signs_off_and_reader_sees(browser, live_server, editor, claim_id, artifacts, "paste")
