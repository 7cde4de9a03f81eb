"""Browser tests: Debian's chromium driven by Playwright, against a live server thread.

Never downloads a browser. Skipped (with a plain message) when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(
    os.environ.get(
        "CLAIMTRACKER_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"
    )
)

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(config, items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install -y chromium)")
        for item in items:
            if "e2e" in item.nodeid:
                item.add_marker(skip)


def sign_in_page(page, live_server: str, email: str) -> None:
    """Sign ``page`` in through the login form, as a person would; signed-in accounts land
    on the desk queue. The browser counterpart of the root conftest's ``login_as``."""
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    assert page.url.endswith("/desk/")


def sign_in(browser, live_server: str, email: str):
    """A new browser context signed in as ``email``; returns (context, page)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in_page(page, live_server, email)
    return context, page


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a thread; yields the base URL."""
    with serve(app) as url:
        yield url


def buffered(app):
    """``app`` with each response read whole and its iterator closed before any byte is sent.

    werkzeug's development server skips the iterator's ``close()`` when the browser hangs up
    mid-response (its cleanup reads the dropped socket first, and that raises), so a static
    file's handle was left to the garbage collector, whose ResourceWarning then failed
    whichever test was running (PostgreSQL fresh-clone run: the favicon, during the XSS sweep).
    """

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi


@contextmanager
def serve(app) -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a thread while the block runs."""
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
