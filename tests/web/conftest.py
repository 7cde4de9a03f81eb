"""Helpers for desk tests: a served copy of the seed article, and fetching from loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pageserver import Page, PageServer, serve
from tests.seed import SEED_URL_PATH, seed_html


@pytest.fixture
def seed_site() -> Iterator[PageServer]:
    """The seed article served as HTML on loopback (the test app allows 127.0.0.1)."""
    routes = {
        SEED_URL_PATH: Page(seed_html().encode()),
        "/data.json": Page(b"{}", content_type="application/json"),
        "/slow": Page(b"<p>late</p>", delay=2.0),
        "/short": Page(status=301, headers={"Location": SEED_URL_PATH + "?utm_campaign=x"}),
        "/to-metadata": Page(
            status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
        ),
    }
    with serve(routes) as server:
        yield server


@pytest.fixture
def app_config(app_config: dict) -> dict:
    app_config["FETCH_ALLOWED_HOSTS"] = ["127.0.0.1"]
    app_config["FETCH_TIMEOUT"] = 1.0
    app_config["FETCH_HOST_SPACING_SECONDS"] = 0.0  # the watchdog's politeness, not tested here
    app_config["JOB_RETRY_SECONDS"] = 0.0  # retries run at once (tests/jobs tests backoff)
    return app_config
