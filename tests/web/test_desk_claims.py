"""Claims on the desk: from a quote, bad input, similar claims, edits with conflicts,
sources, notes, verdicts with the two-person rule, corrections, history and access."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import Article, AuditEvent, Claim, Claimant, ClaimStatus, Verdict
from claimtracker.services import articles
from tests.seed import DNA_QUOTE, HEADLINE, SEED_TEXT, SEED_URL_PATH

URL = "https://hollywoodunlocked.com" + SEED_URL_PATH


@pytest.fixture
def article_id(app) -> int:
    with app.app_context():
        article, _ = articles.log_article(
            None, url=URL, headline=HEADLINE, text=SEED_TEXT, outlet="Hollywood Unlocked"
        )
        db.session.commit()
        return article.id


def _claim_form(article_id: int, **overrides) -> dict:
    form = {
        "article_id": str(article_id),
        "exact": DNA_QUOTE,
        "start": str(SEED_TEXT.index(DNA_QUOTE)),
        "speaker": "Kim Kardashian",
        "text": "DNA testing has been ordered in Kevin Cooper's case",
        "claimant_name": "Kim Kardashian",
        "claimed_on": "2019-05-31",
        "tags": "dna, Kevin Cooper",
    }
    form.update(overrides)
    return form


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _create(client, article_id, **overrides) -> int:
    resp = client.post("/desk/claims/new", data=_claim_form(article_id, **overrides))
    assert resp.status_code == 302, resp.get_data(as_text=True)
    return int(resp.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_claim_from_a_quote(app, login_as, article_id):
    client, _ = login_as("reviewer")
    page = client.get(f"/desk/claims/new?article_id={article_id}&exact={DNA_QUOTE}")
    assert DNA_QUOTE in page.get_data(as_text=True)
    claim_id = _create(client, article_id)
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert claim.status == ClaimStatus.DRAFT
        assert claim.claimant.name == "Kim Kardashian"
        assert [t.name for t in claim.tags] == ["dna", "kevin cooper"]
        (appearance,) = claim.appearances
        assert appearance.exact == DNA_QUOTE and appearance.quote_status == "verbatim"
        assert SEED_TEXT[appearance.start : appearance.end] == DNA_QUOTE
        assert appearance.prefix and appearance.suffix


def test_any_passage_anchors(app, login_as, article_id):
    client, _ = login_as("reviewer")
    passage = "Photos and video taken anywhere on state property is allowed without permission."
    claim_id = _create(
        client,
        article_id,
        exact=passage,
        start="",
        speaker="",
        text="Photos and video on state property are allowed without permission",
        claimant_name="Hollywood Unlocked",
    )
    with app.app_context():
        assert db.session.get(Claim, claim_id).appearances[0].exact == passage


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"text": ""}, "The claim text is empty."),
        ({"text": "x" * 76}, "the short form is 76 characters; keep it to 75"),
        ({"claimant_id": "999", "claimant_name": ""}, "no claimant with id 999"),
        ({"claimant_id": "abc", "claimant_name": ""}, "no claimant with id"),
        ({"claimed_on": "31/05/2019"}, "YYYY-MM-DD"),
        ({"exact": "This sentence is not in the article."}, "does not occur in the article"),
        ({"exact": ""}, "the quoted passage is empty"),
    ],
)
def test_bad_claim_input_is_refused_and_writes_nothing(
    app, login_as, article_id, overrides, message
):
    client, _ = login_as("reviewer")
    resp = client.post("/desk/claims/new", data=_claim_form(article_id, **overrides))
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)
    assert _count(app, Claim) == 0
    assert _count(app, Claimant) == 0


def test_similar_claims_are_shown_before_saving(app, login_as, article_id, demo):
    client, _ = login_as("reviewer")
    data = _claim_form(article_id, text="DNA tests were ordered in Kevin Cooper case")
    before = _count(app, Claim)
    resp = client.post("/desk/claims/new", data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Similar claims already on the desk" in html
    assert "DNA testing has been ordered in Kevin Cooper&#39;s case" in html
    assert _count(app, Claim) == before  # nothing saved yet
    # saving anyway is a deliberate second step
    assert 'name="confirmed" type="hidden" value="1"' in html
    resp = client.post("/desk/claims/new", data={**data, "confirmed": "1"})
    assert resp.status_code == 302
    assert _count(app, Claim) == before + 1


def test_add_article_as_appearance_of_existing_claim(app, login_as, demo):
    # The demo's claim is published: a new appearance is an editor's to add
    # (tests/test_published_claim_writes.py walks the reviewer's refusal).
    client, _ = login_as("editor")
    with app.app_context():
        existing = db.session.scalar(select(Claim).where(Claim.text.like("DNA testing%")))
        article, _ = articles.log_article(
            None,
            url="https://example.org/dna-story",
            headline="Another story",
            text="Her post said DNA testing has now been ordered.",
        )
        db.session.commit()
        claim_id, new_article = existing.id, article.id
    resp = client.post(
        f"/desk/claims/{claim_id}/appearances",
        data={"article_id": str(new_article), "exact": "DNA testing has now been ordered"},
    )
    assert resp.status_code == 302
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert [a.article_id for a in claim.appearances][-1] == new_article
        count = len(claim.appearances)
    # the same passage twice is refused with a message, not a database error
    again = client.post(
        f"/desk/claims/{claim_id}/appearances",
        data={"article_id": str(new_article), "exact": "DNA testing has now been ordered"},
        follow_redirects=True,
    )
    assert "already recorded as an appearance" in again.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.get(Claim, claim_id).appearances) == count


def test_concurrent_edit_is_refused_with_what_changed(app, login_as, article_id):
    alice, _ = login_as("reviewer")
    bob, _ = login_as("reviewer")
    claim_id = _create(alice, article_id)
    with app.app_context():
        version = db.session.get(Claim, claim_id).version_id
    base = {
        "text": "DNA testing has been ordered in Kevin Cooper's case",
        "long_text": "",
        "claimant_id": "",
        "claimant_name": "Kim Kardashian",
        "claimed_on": "2019-05-31",
        "tags": "dna",
        "version": str(version),
    }
    # both opened the form at the same version; Alice saves first
    first = alice.post(
        f"/desk/claims/{claim_id}/edit",
        data={**base, "text": "DNA testing was ordered in Cooper's case"},
    )
    assert first.status_code == 302
    second = bob.post(
        f"/desk/claims/{claim_id}/edit", data={**base, "text": "Bob's wording of the claim"}
    )
    assert second.status_code == 409
    html = second.get_data(as_text=True)
    assert "Not saved: someone else changed this claim" in html
    assert "DNA testing was ordered in Cooper&#39;s case" in html  # what Alice changed
    assert "Bob&#39;s wording of the claim" in html  # Bob's input is kept in the form
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert claim.text == "DNA testing was ordered in Cooper's case"
        new_version = claim.version_id
    # Bob's form now carries the new version: saving again works
    assert f'name="version" type="hidden" value="{new_version}"' in html
    third = bob.post(
        f"/desk/claims/{claim_id}/edit",
        data={**base, "text": "Bob's wording of the claim", "version": str(new_version)},
    )
    assert third.status_code == 302


def test_stale_status_change_is_refused(app, login_as, article_id):
    client, _ = login_as("reviewer")
    claim_id = _create(client, article_id)
    with app.app_context():
        version = db.session.get(Claim, claim_id).version_id
    assert (
        client.post(
            f"/desk/claims/{claim_id}/status",
            data={"status": "researching", "version": str(version)},
        ).status_code
        == 302
    )
    resp = client.post(
        f"/desk/claims/{claim_id}/assign",
        data={"assignee_id": "", "me": "1", "version": str(version)},
    )
    assert resp.status_code == 409
    assert "changed by someone else" in resp.get_data(as_text=True)


def _propose(client, claim_id, rating="True", **extra):
    with client.application.app_context():
        source_ids = [s.id for s in db.session.get(Claim, claim_id).sources]
    return client.post(
        f"/desk/claims/{claim_id}/verdicts",
        data={
            "rating": rating,
            "summary": "Two governors **ordered** new DNA testing.",
            "source_ids": [str(i) for i in source_ids],
            **extra,
        },
    )


def _verdict(app, claim_id) -> tuple[int, int]:
    with app.app_context():
        v = db.session.scalars(
            select(Verdict).where(Verdict.claim_id == claim_id).order_by(Verdict.id.desc())
        ).first()
        return v.id, v.version_id


def test_full_workflow_two_person_rule_and_correction(app, login_as, article_id, client):
    reviewer, _ = login_as("reviewer")
    editor, _ = login_as("editor")
    other_editor, _ = login_as("editor")
    claim_id = _create(reviewer, article_id)
    assert (
        reviewer.post(
            f"/desk/claims/{claim_id}/sources",
            data={
                "url": "https://www.nolo.com/legal-updates/governor-stops-executions-in-california.html",
                "title": "Governor Stops Executions in California",
                "publisher": "Nolo",
                "stance": "supports",
                "wayback": "y",
            },
        ).status_code
        == 302
    )
    assert (
        reviewer.post(
            f"/desk/claims/{claim_id}/notes", data={"body": "Check the February 2019 order."}
        ).status_code
        == 302
    )
    assert _propose(reviewer, claim_id).status_code == 302
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert claim.status == ClaimStatus.AWAITING_SIGNOFF
        assert claim.sources[0].archive_url.startswith("https://web.archive.org/web/*/https://")
        assert [s.title for s in claim.verdicts[0].sources] == [
            "Governor Stops Executions in California"
        ]
    assert client.get(f"/claims/{claim_id}").status_code == 404  # not public yet
    verdict_id, version = _verdict(app, claim_id)
    # a reviewer cannot sign off
    assert (
        reviewer.post(
            f"/desk/verdicts/{verdict_id}/sign-off", data={"version": str(version)}
        ).status_code
        == 403
    )
    # an editor signs off
    resp = editor.post(f"/desk/verdicts/{verdict_id}/sign-off", data={"version": str(version)})
    assert resp.status_code == 302
    public = client.get(f"/claims/{claim_id}", follow_redirects=True)
    assert public.status_code == 200
    assert re.search(r'class="badge rating-true">True</span>', public.get_data(as_text=True))
    # a change after publication needs a reason and becomes a new verdict
    refused = _propose(editor, claim_id, rating="Mostly true")
    assert refused.status_code == 400
    assert "only as a correction or an update" in refused.get_data(as_text=True)
    assert (
        _propose(
            editor,
            claim_id,
            rating="Mostly true",
            reason="update",
            reason_note="Newsom's order widened the testing.",
        ).status_code
        == 302
    )
    new_id, new_version = _verdict(app, claim_id)
    # the two-person rule: the author cannot sign off their own verdict
    own = editor.post(f"/desk/verdicts/{new_id}/sign-off", data={"version": str(new_version)})
    assert own.status_code == 302
    assert "Not signed off" in editor.get(own.headers["Location"]).get_data(as_text=True)
    assert (
        other_editor.post(
            f"/desk/verdicts/{new_id}/sign-off", data={"version": str(new_version)}
        ).status_code
        == 302
    )
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert [v.status for v in claim.verdicts] == ["published", "published"]
        assert claim.current_verdict.rating.label == "Mostly true"
        assert claim.verdicts[0].rating.label == "True"  # nothing overwritten
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.claim_id == claim_id).order_by(AuditEvent.id)
        ).all()
    assert actions == [
        "claim.created",
        "appearance.added",
        "source.added",
        "note.added",
        "verdict.proposed",
        "verdict.signed_off",
        "verdict.proposed",
        "verdict.signed_off",
    ]
    history = reviewer.get(f"/desk/claims/{claim_id}/history").get_data(as_text=True)
    assert history.count("verdict.signed_off") == 2


def test_two_person_rule_can_be_switched_off(app, app_config, login_as, article_id):
    app.config["TWO_PERSON_RULE"] = False
    editor, _ = login_as("editor")
    claim_id = _create(editor, article_id)
    assert _propose(editor, claim_id).status_code == 302
    verdict_id, version = _verdict(app, claim_id)
    editor.post(f"/desk/verdicts/{verdict_id}/sign-off", data={"version": str(version)})
    with app.app_context():
        assert db.session.get(Claim, claim_id).status == ClaimStatus.PUBLISHED


def test_sign_off_refuses_a_verdict_revised_since_it_was_read(app, login_as, article_id):
    reviewer, _ = login_as("reviewer")
    editor, _ = login_as("editor")
    claim_id = _create(reviewer, article_id)
    _propose(reviewer, claim_id)
    verdict_id, version = _verdict(app, claim_id)
    assert (
        reviewer.post(
            f"/desk/verdicts/{verdict_id}/revise",
            data={"rating": "Mostly true", "summary": "Revised.", "version": str(version)},
        ).status_code
        == 302
    )
    editor.post(f"/desk/verdicts/{verdict_id}/sign-off", data={"version": str(version)})
    with app.app_context():
        assert db.session.get(Verdict, verdict_id).status == "proposed"
    stale = reviewer.post(
        f"/desk/verdicts/{verdict_id}/revise",
        data={"rating": "False", "summary": "Stale edit.", "version": str(version)},
    )
    assert stale.status_code == 409  # a conflict, as the API answers it
    assert "someone revised this verdict" in stale.get_data(as_text=True)


def test_threaded_notes(app, login_as, article_id):
    client, _ = login_as("reviewer")
    claim_id = _create(client, article_id)
    client.post(f"/desk/claims/{claim_id}/notes", data={"body": "First"})
    with app.app_context():
        first_id = db.session.get(Claim, claim_id).notes[0].id
    client.post(
        f"/desk/claims/{claim_id}/notes", data={"body": "A reply", "parent_id": str(first_id)}
    )
    empty = client.post(f"/desk/claims/{claim_id}/notes", data={"body": ""})
    assert empty.status_code == 400 and "The note is empty." in empty.get_data(as_text=True)
    with app.app_context():
        notes = db.session.get(Claim, claim_id).notes
        assert [(n.body, n.parent_id) for n in notes] == [("First", None), ("A reply", first_id)]
        assert not any(n.public for n in notes)


@pytest.mark.parametrize(
    "data,message",
    [
        ({"url": "ftp://x.org/f"}, "only http"),
        ({"url": "https://ok.org/", "archive_url": "javascript:alert(1)"}, "only http"),
        ({"url": "https://ok.org/", "stance": "maybe"}, "Not a valid choice"),
    ],
)
def test_bad_source_is_refused(app, login_as, article_id, data, message):
    client, _ = login_as("reviewer")
    claim_id = _create(client, article_id)
    resp = client.post(f"/desk/claims/{claim_id}/sources", data={"stance": "context", **data})
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Claim, claim_id).sources == []


def test_queue_filters_and_counts(app, login_as, demo):
    client, _ = login_as("reviewer")
    html = client.get("/desk/").get_data(as_text=True)
    assert 'class="count-published">5<' in html
    assert "Kevin Cooper is 63 years old" in html
    html = client.get("/desk/?tag=dna").get_data(as_text=True)
    assert "DNA testing has been ordered" in html and "63 years old" not in html
    html = client.get("/desk/?outlet=PopCulture.com").get_data(as_text=True)
    assert "team set up the photoshoot" in html and "63 years" not in html
    assert "No claims match." in client.get("/desk/?assignee=me").get_data(as_text=True)
    with app.app_context():
        claim = db.session.scalar(select(Claim).where(Claim.text.like("Kevin Cooper%")))
        claim_id, version = claim.id, claim.version_id
    client.post(f"/desk/claims/{claim_id}/assign", data={"me": "1", "version": str(version)})
    html = client.get("/desk/?assignee=me").get_data(as_text=True)
    assert "Kevin Cooper is 63 years old" in html and "DNA testing" not in html
    assert "?status=draft" in html


def test_anonymous_never_sees_the_desk(app, client, demo):
    for url in (
        "/desk/",
        "/desk/articles/new",
        "/desk/claims/1",
        "/desk/claims/1/history",
        "/desk/admin/users",
    ):
        resp = client.get(url)
        assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    resp = client.post("/desk/articles/fetch", data={"f-url": "https://example.org/"})
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 5


def test_unknown_ids_are_404_on_the_desk(login_as):
    client, _ = login_as("reviewer")
    for url in ("/desk/claims/9999", "/desk/articles/9999", "/desk/claims/9999/history"):
        assert client.get(url).status_code == 404
