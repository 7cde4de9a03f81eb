"""What readers and reviewers see of the watchdog, on the demo's illustrative edit."""

from __future__ import annotations

from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Appearance, Article, QuoteChange


def _altered(app) -> Appearance:
    with app.app_context():
        row = db.session.scalar(select(Appearance).where(Appearance.quote_status == "altered"))
        db.session.expunge(row)
        return row


def test_claim_page_shows_the_word_diff_with_both_dates(app, client, demo):
    appearance = _altered(app)
    page = client.get(f"/claims/{appearance.claim_id}", follow_redirects=True).get_data(True)
    assert "The article has changed this quote." in page
    assert "<del>63</del><ins>61</ins>-year-old <del>claims</del><ins>says</ins>" in page
    assert "1 June 2019" in page and "4 June 2019" in page  # both retrieval dates
    assert "The article changed</strong>" in page  # an entry in the public history


def test_article_page_shows_any_stored_version(app, client, demo):
    article_id = _altered(app).article_id
    first = client.get(f"/articles/{article_id}").get_data(True)
    assert "63-year-old claims" in first and "version 2</a>" in first
    second = client.get(f"/articles/{article_id}?version=2").get_data(True)
    assert "61-year-old says" in second and "illustrative edit written for the demo" in second
    assert client.get(f"/articles/{article_id}?version=3").status_code == 404


def test_desk_lists_quote_changes_and_a_reviewer_marks_one_seen(app, client, demo, login_as):
    _, reviewer = login_as("reviewer", client=client)
    listing = client.get("/desk/quote-changes").get_data(True)
    assert "verbatim → <strong>altered</strong>" in listing
    assert "<del>63</del><ins>61</ins>" in listing
    with app.app_context():
        change_id = db.session.scalar(select(QuoteChange.id))
    resp = client.post(f"/desk/quote-changes/{change_id}/seen", data={"note": "Asked the outlet."})
    assert resp.status_code == 302
    assert "No unseen quote changes." in client.get("/desk/quote-changes").get_data(True)
    everything = client.get("/desk/quote-changes?all=1").get_data(True)
    assert "Asked the outlet." in everything
    with app.app_context():
        change = db.session.get(QuoteChange, change_id)
        assert change.seen_by_id == reviewer.id and change.seen_at is not None
        article = db.session.get(Article, change.article_id)
    desk_article = client.get(f"/desk/articles/{article.id}").get_data(True)
    assert "Last checked" in desk_article and "Versions:" in desk_article


def test_a_quote_change_is_an_atom_entry(client, demo):
    import feedparser

    feed = feedparser.parse(client.get("/feed.atom").get_data())
    [entry] = [e for e in feed.entries if e.title.startswith("Quote changed in the article")]
    assert entry.title.endswith("Kevin Cooper is 63 years old")
    assert "#quote-change-" in entry.id
    assert "<del>63</del><ins>61</ins>" in entry.content[0].value
    assert "version=2" in entry.content[0].value


def test_exports_carry_the_quote_checks(app, demo):
    import csv
    import io

    from claimtracker.services import export

    with app.test_request_context():
        rows = list(csv.DictReader(io.StringIO(export.render("csv"))))
        cooper = next(r for r in rows if "63 years old" in r["text"])
        assert cooper["quote_checks"].startswith("altered; checked 2019-06-04")
        assert "version 2; now reads: the 61-year-old says" in cooper["quote_checks"]
        data = next(
            c for c in export.as_json(export.published_claims()) if c["id"] == int(cooper["id"])
        )
        check = data["appearances"][0]["check"]
        assert (check["status"], check["version"]) == ("altered", 2)
        assert check["now"].startswith("the 61-year-old says")


def test_desk_claim_page_shows_the_diff(app, client, demo, login_as):
    login_as("reviewer", client=client)
    page = client.get(f"/desk/claims/{_altered(app).claim_id}").get_data(True)
    assert "<del>63</del><ins>61</ins>" in page
