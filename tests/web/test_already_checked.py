"""The desk's "Already checked?" page: quotations that repeat a known claim, Same claim
(a new appearance in one click) and Not the same (remembered), on both databases."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import Appearance, Claim, MatchLabel
from claimtracker.services import articles

TEXT = (
    "The campaign for a new trial continued on Monday.\n\n"
    '"Kevin Cooper is now 63 years old and has spent decades on death row," his lawyer said.\n\n'
    '"The weather in Sacramento was lovely for the rally this weekend," an organiser said.\n\n'
    '"Governor Newsom ordered new DNA testing in the Cooper case," the lawyer added.'
)


@pytest.fixture
def article_id(app, demo, make_user):
    reviewer = make_user("reviewer")
    with app.app_context():
        article, _ = articles.log_from_paste(
            reviewer, url="https://news.example/cooper-rally", content=TEXT, headline="Rally"
        )
        db.session.commit()
        return article.id


def _claim_id(app, text: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Claim.id).where(Claim.text == text))


def _suggested(html: str) -> list[str]:
    return re.findall(
        r'<h2 id="match-\d+" class="match-claim">\s*<a href="[^"]+">([^<]+)</a>', html
    )


def test_suggestions_then_same_claim_adds_an_appearance(app, login_as, article_id):
    # The matched claim is published: a new appearance on it is an editor's to add
    # (tests/test_published_claim_writes.py walks a reviewer's refusal of this route).
    client, _ = login_as("editor")
    article_page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert f"/desk/articles/{article_id}/already-checked" in article_page
    page = client.get(f"/desk/articles/{article_id}/already-checked")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    suggested = _suggested(html)
    assert "Kevin Cooper is 63 years old" in suggested
    assert "DNA testing has been ordered in Kevin Cooper&#39;s case" in suggested
    assert "weather" not in " ".join(suggested).lower()
    cooper = _claim_id(app, "Kevin Cooper is 63 years old")
    quote = "Kevin Cooper is now 63 years old and has spent decades on death row,"
    start = TEXT.index(quote)
    resp = client.post(
        f"/desk/articles/{article_id}/already-checked",
        data={
            "passage": quote,
            "start": start,
            "claim_id": cooper,
            "score": "0.9",
            "decision": "same",
        },
    )
    assert resp.status_code == 303
    with app.app_context():
        appearance = db.session.scalar(
            select(Appearance).where(
                Appearance.claim_id == cooper, Appearance.article_id == article_id
            )
        )
        assert appearance is not None and appearance.exact == quote
        assert appearance.start == start and appearance.speaker
        label = db.session.scalar(select(MatchLabel))
        assert label.same and label.claim_id == cooper and label.score == 0.9
    after = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Added as a new appearance" in after
    assert "Kevin Cooper is 63 years old" not in _suggested(after)  # now linked


def test_not_the_same_is_remembered(app, login_as, article_id):
    client, _ = login_as("reviewer")
    dna = _claim_id(app, "DNA testing has been ordered in Kevin Cooper's case")
    quote = "Governor Newsom ordered new DNA testing in the Cooper case,"
    resp = client.post(
        f"/desk/articles/{article_id}/already-checked",
        data={
            "passage": quote,
            "start": TEXT.index(quote),
            "claim_id": dna,
            "decision": "different",
        },
    )
    assert resp.status_code == 303
    html = client.get(f"/desk/articles/{article_id}/already-checked").get_data(as_text=True)
    assert "DNA testing has been ordered" not in " ".join(_suggested(html))
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(Appearance)
                .where(Appearance.article_id == article_id)
            )
            == 0
        )
        (label,) = db.session.scalars(select(MatchLabel)).all()
        assert not label.same and label.score is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            {"passage": "not in the article at all", "claim_id": "1", "decision": "same"},
            "not in this article",
        ),
        ({"passage": "x", "claim_id": "", "decision": "same"}, "choose a claim"),
        ({"passage": "x", "claim_id": "1", "decision": "maybe"}, "Same claim or Not the same"),
        ({"passage": "x", "claim_id": "99999999999", "decision": "same"}, "choose a claim"),
    ],
)
def test_bad_decisions_are_refused_with_a_reason_and_write_nothing(
    app, login_as, article_id, data, reason
):
    client, _ = login_as("reviewer")
    resp = client.post(f"/desk/articles/{article_id}/already-checked", data=data)
    assert resp.status_code == 400
    assert reason in resp.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MatchLabel)) == 0
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(Appearance)
                .where(Appearance.article_id == article_id)
            )
            == 0
        )


def test_anonymous_visitors_are_sent_to_sign_in(client, article_id):
    assert client.get(f"/desk/articles/{article_id}/already-checked").status_code == 302


def test_sentences_outside_quotations_are_matched_too(app, login_as, demo):
    # The DNA claim is published: only an editor may add it an appearance.
    client, reviewer = login_as("editor")
    sentence = "A judge has now ordered DNA testing in the case of Kevin Cooper, records show."
    with app.app_context():
        article, _ = articles.log_from_paste(
            reviewer,
            url="https://news.example/cooper-dna",
            content=f"Court news for the week.\n\n{sentence}\n\nMore later.",
            headline="DNA",
        )
        db.session.commit()
        article_id = article.id
    html = client.get(f"/desk/articles/{article_id}/already-checked").get_data(as_text=True)
    assert "DNA testing has been ordered in Kevin Cooper&#39;s case" in _suggested(html)
    assert "speaker not identified" not in html  # a sentence is no quotation
    dna = _claim_id(app, "DNA testing has been ordered in Kevin Cooper's case")
    resp = client.post(
        f"/desk/articles/{article_id}/already-checked",
        data={"passage": sentence, "start": "", "claim_id": dna, "decision": "same"},
    )
    assert resp.status_code == 303
    with app.app_context():
        appearance = db.session.scalar(
            select(Appearance).where(
                Appearance.claim_id == dna, Appearance.article_id == article_id
            )
        )
        assert appearance.exact == sentence and appearance.speaker is None
