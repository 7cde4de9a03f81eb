"""The desk's monitoring pages as an editor and as a reviewer: followed outlets (editors),
the Repeats queue with Same claim / Not the same, and the desk feed read with a private key
(both databases)."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import (
    Appearance,
    Article,
    Claim,
    DeskFeedKey,
    FollowedFeed,
    MatchLabel,
    RepeatMatch,
    Role,
    User,
)
from tests.monitoring.conftest import ARTICLE_PATH, follow, work
from tests.pageserver import Page

ATOM = "{http://www.w3.org/2005/Atom}"
COOPER = "Kevin Cooper is 63 years old"
DNA = "DNA testing has been ordered in Kevin Cooper&#39;s case"


@pytest.fixture
def monitored(app, demo, site) -> int:
    """The outlet followed and polled: its article is logged and matched. The article id."""
    follow(app, site.base + "/feed.xml")
    work(app)
    with app.app_context():
        return db.session.scalar(select(Article.id).where(Article.url.endswith(ARTICLE_PATH)))


def _repeat(app, claim_text: str) -> RepeatMatch:
    with app.app_context():
        row = db.session.scalar(
            select(RepeatMatch)
            .join(Claim, Claim.id == RepeatMatch.claim_id)
            .where(Claim.text == claim_text)
        )
        db.session.expunge(row)
        return row


def _decide(client, match: RepeatMatch, decision: str):
    return client.post(
        f"/desk/articles/{match.article_id}/already-checked",
        data={
            "passage": match.passage,
            "start": match.start,
            "claim_id": match.claim_id,
            "score": f"{match.score:.4f}",
            "decision": decision,
            "next": "repeats",
        },
    )


def test_followed_outlets_page_is_for_editors(app, login_as):
    reviewer, _ = login_as("reviewer")
    assert reviewer.get("/desk/following").status_code == 403
    assert reviewer.post("/desk/following", data={"url": "http://127.0.0.1:8/f"}).status_code == 403
    assert "/desk/following" not in reviewer.get("/desk/repeats").get_data(as_text=True)
    feed_id = follow(app, "http://127.0.0.1:8/feed.xml")
    assert reviewer.post(f"/desk/following/{feed_id}/remove").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FollowedFeed)) == 1
    anonymous = app.test_client()
    assert anonymous.get("/desk/following").status_code == 302
    assert anonymous.get("/desk/repeats").status_code == 302


def test_an_editor_follows_pauses_and_removes_a_feed(app, login_as):
    editor, _ = login_as("editor")
    page = editor.get("/desk/following")
    assert page.status_code == 200 and "No feed is followed yet." in page.get_data(as_text=True)
    added = editor.post("/desk/following", data={"url": "http://127.0.0.1:8/feed.xml"})
    assert added.status_code == 303
    html = editor.get("/desk/following").get_data(as_text=True)
    assert "Following http://127.0.0.1:8/feed.xml" in html
    assert "http://127.0.0.1:8/feed.xml" in html and "not read yet" in html
    with app.app_context():
        feed_id = db.session.scalar(select(FollowedFeed.id))
    assert editor.post(f"/desk/following/{feed_id}/disable").status_code == 303
    assert "(paused)" in editor.get("/desk/following").get_data(as_text=True)
    assert editor.post(f"/desk/following/{feed_id}/enable").status_code == 303
    assert editor.post(f"/desk/following/{feed_id}/remove").status_code == 303
    assert editor.post(f"/desk/following/{feed_id}/remove").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FollowedFeed)) == 0


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("javascript:alert(1)", 400, "only http:// and https:// URLs are accepted"),
        ("http://192.168.1.1/rss", 400, "192.168.1.1 is a private address"),
        ("http://127.0.0.1:8/feed.xml?utm_source=dup", 409, "is followed already"),
    ],
)
def test_bad_feed_urls_are_form_errors_with_nothing_written(app, login_as, url, status, message):
    follow(app, "http://127.0.0.1:8/feed.xml")
    editor, _ = login_as("editor")
    answer = editor.post("/desk/following", data={"url": url})
    assert answer.status_code == status
    assert message in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FollowedFeed)) == 1


def test_the_last_error_shows_on_the_followed_outlets_page(app, login_as, site):
    site.routes["/feed.xml"] = Page(b"<not-a-feed/>", content_type="text/xml")
    follow(app, site.base + "/feed.xml")
    work(app)
    editor, _ = login_as("editor")
    html = editor.get("/desk/following").get_data(as_text=True)
    assert re.search(r'class="feed-error">not an RSS, Atom or sitemap document', html)


def test_monitored_articles_stay_out_of_the_article_list(app, login_as, monitored):
    reviewer, _ = login_as("reviewer")
    assert "Cooper supporters rally again" not in reviewer.get("/desk/articles").get_data(
        as_text=True
    )
    html = reviewer.get("/desk/repeats").get_data(as_text=True)
    assert "Cooper supporters rally again" in html


def test_repeats_queue_best_first_with_the_false_claim_marked(app, login_as, monitored):
    reviewer, _ = login_as("reviewer")
    html = reviewer.get("/desk/repeats").get_data(as_text=True)
    claims = re.findall(r'<h3 class="match-claim"><a href="[^"]+">([^<]+)</a>', html)
    assert COOPER in claims and DNA in claims
    scores = [float(s) for s in re.findall(r'class="match-score">([\d.]+)<', html)]
    assert scores == sorted(scores, reverse=True)
    assert html.count("Repeats a claim rated False") == 1
    assert "Desk feed" not in html  # editors only


def test_same_claim_from_the_repeats_page_adds_the_appearance(app, login_as, monitored):
    editor, _ = login_as("editor")
    match = _repeat(app, COOPER)
    answer = _decide(editor, match, "same")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/desk/repeats")
    with app.app_context():
        appearance = db.session.scalar(
            select(Appearance).where(
                Appearance.article_id == monitored, Appearance.claim_id == match.claim_id
            )
        )
        assert appearance is not None and appearance.exact == match.passage
        assert db.session.scalar(select(MatchLabel.same)) is True
    after = editor.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Added as a new appearance" in after
    assert COOPER not in re.findall(r'<h3 class="match-claim"><a href="[^"]+">([^<]+)</a>', after)


def test_a_reviewers_same_claim_waits_for_an_editor_and_not_the_same_is_remembered(
    app, login_as, monitored
):
    from claimtracker.models import PendingAddition

    reviewer, _ = login_as("reviewer")
    match = _repeat(app, COOPER)
    held = _decide(reviewer, match, "same")
    # A reviewer's appearance on a published claim is held for an editor (issue 13).
    assert held.status_code == 303 and held.headers["Location"].endswith("/desk/repeats")
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(Appearance)
                .where(Appearance.article_id == monitored)
            )
            == 0
        )
        pending = db.session.scalar(select(PendingAddition))
        assert pending is not None and pending.claim_id == match.claim_id
    dna = _repeat(app, "DNA testing has been ordered in Kevin Cooper's case")
    dismissed = _decide(reviewer, dna, "different")
    assert dismissed.status_code == 303
    html = reviewer.get("/desk/repeats").get_data(as_text=True)
    assert "waits for an editor" in html or "once an editor approves it" in html
    # Both decided: neither waits in the queue any more.
    assert re.findall(r'<h3 class="match-claim"><a href="[^"]+">([^<]+)</a>', html) == []
    with app.app_context():
        labels = {
            label.claim_id: label.same
            for label in db.session.scalars(
                select(MatchLabel).where(MatchLabel.article_id == monitored)
            )
        }
        assert labels == {match.claim_id: True, dna.claim_id: False}


def _repeats_link(client, path: str = "/desk/articles") -> str:
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'<a href="/desk/repeats">(.*?)</a>', html)
    assert found, "no Repeats link in the desk's menu"
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_the_repeats_link_says_how_many_wait_in_its_text(app, login_as, monitored):
    reviewer, _ = login_as("reviewer")
    with app.app_context():
        waiting = db.session.scalar(select(func.count()).select_from(RepeatMatch))
    assert waiting >= 2
    # In the link's own text (what a screen reader says), not a colour or a badge alone.
    assert _repeats_link(reviewer) == f"Repeats ({waiting} waiting)"
    _decide(reviewer, _repeat(app, DNA.replace("&#39;", "'")), "different")
    assert _repeats_link(reviewer) == f"Repeats ({waiting - 1} waiting)"
    app.config["LANGUAGES"] = ["es", "fr"]
    assert _repeats_link(reviewer, "/desk/articles?lang=es") == (
        f"Repeticiones ({waiting - 1} en espera)"
    )
    assert _repeats_link(reviewer, "/desk/articles?lang=fr") == (
        f"Reprises ({waiting - 1} en attente)"
    )


def test_the_repeats_link_shows_no_count_when_none_wait(app, login_as):
    reviewer, _ = login_as("reviewer")
    assert _repeats_link(reviewer) == "Repeats"


def _feed_url(html: str) -> str:
    found = re.search(r'<code class="desk-feed-url">([^<]+)</code>', html)
    assert found, "no feed link on the page"
    return found.group(1).replace("http://localhost", "")


def test_desk_feed_by_private_key(app, login_as, monitored):
    editor, user = login_as("editor")
    made = editor.post("/desk/repeats/feed-key")
    assert made.status_code == 200
    url = _feed_url(made.get_data(as_text=True))
    key = url.rsplit("/", 1)[1].removesuffix(".atom")
    # Shown once: the next visit shows only its first characters.
    later = editor.get("/desk/repeats").get_data(as_text=True)
    assert key not in later and key[:10] in later
    with app.app_context():
        stored = db.session.get(DeskFeedKey, user.id)
        assert stored.key_hash != key and key not in stored.key_hash
    anonymous = app.test_client()  # a feed reader: no session
    feed = anonymous.get(url)
    assert feed.status_code == 200 and feed.mimetype == "application/atom+xml"
    assert "no-store" in feed.headers["Cache-Control"]
    root = ET.fromstring(feed.data)
    titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    assert len(titles) == 1 and "Kevin Cooper is 63 years old" in titles[0]
    assert titles[0].startswith("False claim repeated by Valley Courier")
    (category,) = root.iter(f"{ATOM}category")
    assert category.get("term") == "false"
    # A dismissed pair leaves the feed.
    _decide(editor, _repeat(app, COOPER), "different")
    assert list(ET.fromstring(anonymous.get(url).data).iter(f"{ATOM}entry")) == []
    assert anonymous.get(url.replace(key, key[:-2] + "xx")).status_code == 404
    # A new link ends the old one.
    newer = _feed_url(editor.post("/desk/repeats/feed-key").get_data(as_text=True))
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(newer).status_code == 200
    # An editor who becomes a reviewer loses the feed.
    with app.app_context():
        db.session.get(User, user.id).role = Role.REVIEWER
        db.session.commit()
    assert anonymous.get(newer).status_code == 404


def test_a_reviewer_cannot_make_a_feed_key(app, login_as):
    reviewer, _ = login_as("reviewer")
    assert reviewer.post("/desk/repeats/feed-key").status_code == 403


def test_the_repeats_page_costs_the_same_queries_for_one_article_or_four(app, login_as, monitored):
    from claimtracker.services import articles, monitor
    from tests.conftest import counting_queries
    from tests.monitoring.conftest import ARTICLE_HTML

    editor, _ = login_as("editor")

    def queries() -> tuple[int, int]:
        editor.get("/desk/repeats")  # warm: the same state on both sides of the count
        with counting_queries(app) as statements:
            html = editor.get("/desk/repeats").get_data(as_text=True)
        return len(statements), html.count('class="repeat-article"')

    one, shown = queries()
    assert shown == 1
    with app.app_context():
        for n in range(3):
            article, _ = articles.log_from_paste(
                None,  # type: ignore[arg-type]
                url=f"https://courier.example/more/{n}",
                content=ARTICLE_HTML,
                headline=f"More {n}",
            )
            db.session.flush()
            assert monitor.find_repeats(article) >= 2
        db.session.commit()
    four, shown = queries()
    assert shown == 4
    assert four == one


def test_read_now_queues_a_poll_even_for_a_paused_feed(app, login_as, site):
    from claimtracker.models import Job

    feed_id = follow(app, site.base + "/feed.xml")
    editor, _ = login_as("editor")
    assert editor.post(f"/desk/following/{feed_id}/disable").status_code == 303
    answer = editor.post(f"/desk/following/{feed_id}/poll")
    assert answer.status_code == 303 and "/desk/jobs/" in answer.headers["Location"]
    work(app)
    with app.app_context():
        job = db.session.scalar(select(Job).where(Job.kind == "feed.poll"))
        assert job.result["outcome"] == "polled" and job.payload["url"].endswith("/feed.xml")
    page = editor.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Read a followed feed" in page
    reviewer, _ = login_as("reviewer")
    assert reviewer.post(f"/desk/following/{feed_id}/poll").status_code == 403
