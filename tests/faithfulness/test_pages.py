"""The passage beside its cited source on the public claim page and on the desk, both axes
shown, and the desk's write path (forms with errors beside their fields)."""

from __future__ import annotations

import re

from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Appearance, AuditEvent, Claim
from claimtracker.services import articles
from tests.seed import HEADLINE, SEED_TEXT, SEED_URL_PATH

PHOTOS = "Photos and video on state property are allowed without permission"
COOPER = "Kevin Cooper is 63 years old"
QUOTE = "Photos and video taken anywhere on state property is allowed without permission."


def _claim_id(app, text: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Claim.id).where(Claim.text == text))


def _page(client, claim_id: int) -> str:
    response = client.get(f"/claims/{claim_id}", follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_claim_2_shows_its_source_side_by_side_with_both_axes(app, client, demo):
    html = _page(client, _claim_id(app, PHOTOS))
    assert "What Hollywood Unlocked wrote" in html and "What its source wrote" in html
    assert re.search(r"<ins><span class=\"visually-hidden\">\[added: </span>is allowed", html)
    assert re.search(
        r"<del><span class=\"visually-hidden\">\[not in the outlet: </span>are prohibited", html
    )
    assert "“The Blast reports”" in html
    # each passage links to its original with a text fragment
    assert re.search(r'href="https://theblast\.com/[^"]*#:~:text=Photos[^"]*prohibited', html)
    assert re.search(r'href="https://hollywoodunlocked\.com/[^"]*#:~:text=Photos', html)
    assert "Opposite meaning" in html
    # two labelled badges: the rating and the faithfulness
    assert 'class="badge fidelity fidelity-source-reversed">Source reversed<' in html
    assert "Reported faithfully?" in html


def test_claim_3_shows_the_other_age(app, client, demo):
    html = _page(client, _claim_id(app, COOPER))
    assert "A number differs: the source gives 61, the outlet 63." in html
    assert re.search(r"<del>[^<]*<span[^>]*>[^<]*</span>61", html)
    assert 'fidelity-altered">Altered<' in html


def test_not_assessed_shows_no_second_badge(app, client, demo):
    html = _page(
        client, _claim_id(app, "Kim Kardashian's team set up the photoshoot outside San Quentin")
    )
    assert 'class="badge fidelity' not in html and "What its source wrote" not in html


def test_the_desk_links_a_cited_source_and_proposes_both_axes(app, login_as):
    with app.app_context():
        article, _ = articles.log_article(
            None,
            url="https://hollywoodunlocked.com" + SEED_URL_PATH,
            headline=HEADLINE,
            text=SEED_TEXT,
            outlet="Hollywood Unlocked",
        )
        db.session.commit()
        article_id = article.id
    reviewer, _ = login_as("reviewer")
    r = reviewer.post(
        "/desk/claims/new",
        data={
            "article_id": str(article_id),
            "exact": QUOTE,
            "start": str(SEED_TEXT.index(QUOTE)),
            "text": "Photos on state property are allowed",
            "claimant_name": "Hollywood Unlocked",
        },
    )
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    claim_id = int(r.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    with app.app_context():
        appearance_id = db.session.scalar(
            select(Appearance.id).where(Appearance.claim_id == claim_id)
        )
    page = reviewer.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    # the attribution is suggested from the article's words
    assert f'id="cite{appearance_id}-attributed_to"' in page and 'value="The Blast reports"' in page
    prefix = f"cite{appearance_id}-"
    # bad input: the error beside the field, nothing written
    bad = reviewer.post(
        f"/desk/appearances/{appearance_id}/cited-source",
        data={
            prefix + "attributed_to": "The Blast reports",
            prefix + "excerpt": "Photos are prohibited.",
        },
    )
    assert bad.status_code == 400
    body = bad.get_data(as_text=True)
    assert (
        re.search(rf'id="{prefix}url"[^>]*aria-invalid="true"', body)
        or 'aria-invalid="true"' in body
    )
    assert "give the URL the excerpt was copied from" in body
    with app.app_context():
        assert db.session.get(Appearance, appearance_id).cited_excerpt is None
        assert not db.session.scalar(
            select(AuditEvent.id).where(AuditEvent.action == "appearance.cited")
        )
    ok = reviewer.post(
        f"/desk/appearances/{appearance_id}/cited-source",
        data={
            prefix + "attributed_to": "The Blast reports",
            prefix + "excerpt": "Photos and video taken anywhere on state property are "
            "prohibited without permission.",
            prefix + "url": "https://theblast.example/story",
        },
    )
    assert ok.status_code == 302
    page = reviewer.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert "What Hollywood Unlocked wrote" in page and "<del>" in page
    # the verdict form offers the second axis, pre-set to the alignment's suggestion
    assert re.search(
        r'<option selected value="source-reversed">|<option value="source-reversed" selected', page
    )
    r = reviewer.post(
        f"/desk/claims/{claim_id}/verdicts",
        data={"rating": "False", "summary": "Reversed its source.", "fidelity": "source-reversed"},
    )
    assert r.status_code == 302
    editor, _ = login_as("editor")
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        verdict = claim.verdicts[0]
        verdict_id, version = verdict.id, verdict.version_id
        assert verdict.fidelity == "source-reversed"
    editor.post(f"/desk/verdicts/{verdict_id}/sign-off", data={"version": str(version)})
    with app.app_context():
        assert db.session.get(Claim, claim_id).current_verdict.fidelity_label == "Source reversed"
    # published: a reviewer no longer gets the form, an editor does
    page = reviewer.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert (
        "only an editor can link its cited source" in page
        or f'action="/desk/appearances/{appearance_id}/cited-source"' not in page
    )
    assert f'action="/desk/appearances/{appearance_id}/cited-source"' in editor.get(
        f"/desk/claims/{claim_id}"
    ).get_data(as_text=True)


def test_a_bad_fidelity_on_the_desk_is_refused_beside_the_field(app, login_as, demo):
    reviewer, _ = login_as("reviewer")
    claim_id = _claim_id(app, "DNA testing has been ordered in Kevin Cooper's case")
    r = reviewer.post(
        f"/desk/claims/{claim_id}/verdicts",
        data={
            "rating": "True",
            "summary": "S.",
            "fidelity": "kind of",
            "reason": "update",
            "reason_note": "n",
        },
    )
    assert r.status_code == 400
    assert "unknown fidelity" in r.get_data(as_text=True)
