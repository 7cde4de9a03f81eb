"""Logging articles on the desk: by URL (safe fetch) and by pasting; bad input writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import Article, AuditEvent
from tests.seed import DNA_QUOTE, HEADLINE, SEED_TEXT, SEED_URL_PATH


def _count(app, model=Article) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def drain(app) -> int:
    """Run the queued jobs in this process (a worker's work, without a worker)."""
    from claimtracker.jobs import runner

    with app.app_context():
        return runner.run_due()


def test_log_by_url_fetches_extracts_and_lists_quotes(app, login_as, seed_site):
    client, _ = login_as("reviewer")
    resp = client.post("/desk/articles/fetch", data={"f-url": seed_site.base + SEED_URL_PATH})
    # whoever started the fetch watches its page (it refreshes itself until done)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("?watch=1")
    assert drain(app) == 1
    html = client.get(resp.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Article logged." in html
    assert HEADLINE in html
    assert "Kecia Gayle" in html and "Hollywood Unlocked" in html
    assert "Make a claim from this quote" in html
    assert "DNA testing has now been ordered on Kevin’s case" in html
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article.origin == "fetched"
        assert article.published_on.isoformat() == "2019-06-01"
        assert DNA_QUOTE in article.text
        assert len(article.text_sha256) == 64 and article.retrieved_at is not None
        assert "article.logged" in db.session.scalars(select(AuditEvent.action)).all()


def test_same_article_with_tracking_params_is_logged_once(app, login_as, seed_site):
    client, _ = login_as("reviewer")
    url = seed_site.base + SEED_URL_PATH
    client.post("/desk/articles/fetch", data={"f-url": url})
    drain(app)
    resp = client.post(
        "/desk/articles/fetch",
        data={
            "f-url": url.upper().replace(SEED_URL_PATH.upper(), SEED_URL_PATH)
            + "?utm_source=x&fbclid=y#top"
        },
    )
    assert resp.status_code == 302
    assert _count(app) == 1
    assert len(seed_site.seen) == 1  # the second time nothing was fetched


def test_a_redirecting_link_logs_the_final_address_once(app, login_as, seed_site):
    client, _ = login_as("reviewer")
    assert (
        client.post("/desk/articles/fetch", data={"f-url": seed_site.base + "/short"}).status_code
        == 302
    )
    drain(app)
    assert (
        client.post(
            "/desk/articles/fetch", data={"f-url": seed_site.base + SEED_URL_PATH}
        ).status_code
        == 302
    )
    assert _count(app) == 1
    with app.app_context():
        assert db.session.scalar(select(Article.url)) == seed_site.base + SEED_URL_PATH


@pytest.mark.parametrize(
    "url,message",
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://localhost/", "loopback"),
        ("http://0x7f000001/", "not fetched"),  # allowed host is 127.0.0.1 by name only
        ("http://10.0.0.7/", "private"),
        ("ftp://example.org/a", "only http"),
        ("javascript:alert(1)", "only http"),
        ("not a url", "URL"),
    ],
)
def test_refused_urls_show_why_and_write_nothing(app, login_as, url, message):
    client, _ = login_as("reviewer")
    resp = client.post("/desk/articles/fetch", data={"f-url": url})
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)
    assert _count(app) == 0
    assert _count(app, AuditEvent) == 1  # only the account creation


@pytest.mark.parametrize(
    "path,message",
    [
        ("/data.json", "not HTML or text"),
        ("/slow", "within 1 s"),
        ("/to-metadata", "169.254.169.254"),
        ("/missing", "404"),
    ],
)
def test_fetch_failures_show_why(app, login_as, seed_site, path, message):
    """What only the fetch can tell arrives on the job's page, with a retry button."""
    client, _ = login_as("reviewer")
    resp = client.post("/desk/articles/fetch", data={"f-url": seed_site.base + path})
    assert resp.status_code == 302
    drain(app)  # a timeout is retried at once here (JOB_RETRY_SECONDS is 0), then fails
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert message in page and "Not done:" in page and ">Retry</button>" in page
    assert _count(app) == 0


def test_paste_plain_text_with_typed_metadata(app, login_as):
    client, _ = login_as("reviewer")
    resp = client.post(
        "/desk/articles/paste",
        data={
            "p-url": "https://hollywoodunlocked.com" + SEED_URL_PATH + "?utm_medium=social",
            "p-headline": HEADLINE,
            "p-byline": "Kecia Gayle",
            "p-outlet": "Hollywood Unlocked",
            "p-published_on": "2019-06-01",
            "p-content": SEED_TEXT,
        },
    )
    assert resp.status_code == 302
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article.url == "https://hollywoodunlocked.com" + SEED_URL_PATH
        assert article.origin == "pasted" and DNA_QUOTE in article.text
        assert article.outlet.name == "Hollywood Unlocked"


def test_paste_html_uses_extraction_for_missing_metadata(app, login_as):
    from tests.seed import seed_html

    client, _ = login_as("reviewer")
    resp = client.post(
        "/desk/articles/paste",
        data={"p-url": "https://hollywoodunlocked.com" + SEED_URL_PATH, "p-content": seed_html()},
    )
    assert resp.status_code == 302
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article.headline == HEADLINE and article.byline == "Kecia Gayle"


@pytest.mark.parametrize(
    "data,message",
    [
        (
            {"p-url": "https://e.org/a", "p-headline": "H", "p-content": ""},
            "This field is required",
        ),
        ({"p-url": "file:///etc/passwd", "p-headline": "H", "p-content": "text"}, "only http"),
        (
            {
                "p-url": "https://e.org/a",
                "p-headline": "H",
                "p-content": "t",
                "p-published_on": "1st of June",
            },
            "YYYY-MM-DD",
        ),
        ({"p-url": "https://e.org/a", "p-content": "plain text, no headline"}, "headline"),
    ],
)
def test_paste_bad_input_is_refused(app, login_as, data, message):
    client, _ = login_as("reviewer")
    resp = client.post("/desk/articles/paste", data=data)
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)
    assert _count(app) == 0


def test_metadata_correction_and_stale_form(app, login_as, demo):
    # The demo's article is cited by a published claim: its details are an editor's to
    # correct (tests/test_published_claim_writes.py walks the reviewer's refusal).
    client, _ = login_as("editor")
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.text.is_not(None)))
        article_id, version = article.id, article.version_id
    form = {
        "headline": "Corrected headline",
        "byline": "Kecia Gayle",
        "outlet": "Hollywood Unlocked",
        "published_on": "2019-06-01",
        "archive_url": "",
        "version": str(version),
    }
    assert client.post(f"/desk/articles/{article_id}/edit", data=form).status_code == 302
    stale = client.post(
        f"/desk/articles/{article_id}/edit", data={**form, "headline": "Another headline"}
    )
    assert stale.status_code == 409
    assert "Someone else changed these details" in stale.get_data(as_text=True)
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article.headline == "Corrected headline"
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "article.corrected")
            )
            == 1
        )


def test_recheck_quotes_against_a_changed_live_page(app, login_as, seed_site):
    """The publisher edits the article: the desk re-anchors each claim's quote in the new
    text and marks it verbatim, altered or missing; the stored snapshot stays as it was."""
    from claimtracker.models import Appearance
    from claimtracker.services import claims
    from tests.pageserver import Page
    from tests.seed import seed_html

    client, _ = login_as("reviewer")
    url = seed_site.base + SEED_URL_PATH
    client.post("/desk/articles/fetch", data={"f-url": url})
    drain(app)
    photos = "Photos and video taken anywhere on state property is allowed without permission."
    with app.app_context():
        article = db.session.scalar(select(Article))
        original_sha = article.text_sha256
        for passage in (DNA_QUOTE, photos, "Press Play Below For More On Kevin Cooper:"):
            claim = claims.create_claim(None, text=passage[:70])
            claims.add_appearance(None, claim, article, exact=passage)
        db.session.commit()
        article_id = article.id
    edited = (
        seed_html()
        .replace("is allowed without permission", "are prohibited without permission")
        .replace("<p>Press Play Below For More On Kevin Cooper:</p>", "")
        .replace("<p>On Thursday", "<p>Update: this story was corrected.</p><p>On Thursday")
    )
    seed_site.routes[SEED_URL_PATH] = Page(edited.encode())
    resp = client.post(f"/desk/articles/{article_id}/recheck")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("?watch=1")
    assert 'http-equiv="refresh"' in client.get(resp.headers["Location"]).get_data(as_text=True)
    drain(app)
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Outcome: changed (version 2)" in page, page
    with app.app_context():
        statuses = {a.exact: a.quote_status for a in db.session.scalars(select(Appearance))}
        assert statuses[DNA_QUOTE] == "verbatim"
        assert statuses[photos] == "altered"
        assert db.session.get(Article, article_id).text_sha256 == original_sha
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "appearance.rechecked")
            )
            == 2
        )
