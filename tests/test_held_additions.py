"""A reviewer's additions to a published claim wait for an editor (issue 13, defect 1).

A reviewer adds a source (API), a public note and an appearance (desk) to a published
claim: each is accepted (202 from the API), listed on the claim's desk page and counted in
the queue, and shown nowhere readers look (the claim page with its ClaimReview JSON-LD, the
API, the feeds, the DataFeed, the sitemap, search and its outlet facet, the article page,
every export format). An editor approves two (readers see them, the audit trail says who
proposed and who approved) and rejects one with a reason (kept, shown to its author, in the
history; readers never see it). Editors' own additions are not held.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import (
    AdditionState,
    AuditEvent,
    Claim,
    Note,
    PendingAddition,
    Role,
    Source,
    User,
)
from claimtracker.services import additions, export
from claimtracker.services.errors import Forbidden
from tests.api.helpers import bearer, token_for
from tests.seed import DNA_QUOTE, SEED_TEXT
from tests.test_published_claim_writes import Published, _publish

HELD_URL = "https://held.example/secret-evidence"
HELD_NOTE = "Heldnote: readers must not see this yet."
#: The other article (where the held appearance is) is known to readers by its URL and outlet.
MARKERS = ("held.example", "Heldnote", "elsewhere.example", "Elsewhere")


def public_outputs(app: Flask, state: Published) -> dict[str, str]:
    """Everything readers can get about the claim, by where it came from."""
    reader = app.test_client()
    paths = [
        f"/claims/{state.claim_id}",
        f"/api/v1/claims/{state.claim_id}",
        "/api/v1/claims",
        "/api/v1/articles",
        "/claims",
        "/feed.atom",
        "/claimreview.json",
        "/sitemap.xml",
        f"/articles/{state.other_id}",
    ]
    seen = {}
    for path in paths:
        answer = reader.get(path, follow_redirects=True)
        assert answer.status_code in (200, 404), (path, answer.status_code)
        seen[path] = answer.get_data(as_text=True) if answer.status_code == 200 else ""
    with app.test_request_context():  # as `claimtracker export` runs it
        for fmt in export.FORMATS:
            seen[f"export {fmt}"] = export.render(fmt)
    return seen


def found_by_search(app: Flask, words: str, claim_id: int) -> bool:
    """Whether a reader's search for ``words`` (the site's and the API's) finds the claim."""
    reader = app.test_client()
    listed = reader.get("/api/v1/claims", query_string={"q": words}).get_json()
    page = reader.get("/claims", query_string={"q": words}).get_data(as_text=True)
    in_api = claim_id in [item["id"] for item in listed["items"]]
    assert in_api is (f'href="/claims/{claim_id}/' in page), "the site and the API disagree"
    return in_api


def leaks(app: Flask, state: Published) -> dict[str, list[str]]:
    """The held additions' markers found in public outputs, by output."""
    found = {
        where: [m for m in MARKERS if m in text]
        for where, text in public_outputs(app, state).items()
    }
    return {where: markers for where, markers in found.items() if markers}


def _reviewer_adds(app: Flask, client: FlaskClient, headers: dict[str, str], s: Published) -> None:
    answer = client.post(
        f"/api/v1/claims/{s.claim_id}/sources",
        headers=headers,
        json={"url": HELD_URL, "title": "Held evidence", "stance": "refutes"},
    )
    assert answer.status_code == 202, answer.get_data(as_text=True)
    body = answer.get_json()
    assert body["kind"] == "source" and body["state"] == "pending"
    assert body["fields"]["url"] == HELD_URL and body["claim_id"] == s.claim_id
    note = client.post(f"/desk/claims/{s.claim_id}/notes", data={"body": HELD_NOTE, "public": "y"})
    assert note.status_code == 302 and note.headers["Location"].endswith("#held")
    appearance = client.post(
        f"/desk/claims/{s.claim_id}/appearances",
        data={
            "article_id": str(s.other_id),
            "exact": DNA_QUOTE,
            "start": str(SEED_TEXT.index(DNA_QUOTE)),
        },
    )
    assert appearance.status_code == 302


def test_held_additions_are_seen_by_nobody_until_an_editor_approves(app, make_user, login_as):
    state = _publish(app, make_user, pending=False)
    assert leaks(app, state) == {}
    assert not found_by_search(app, "Elsewhere", state.claim_id)
    before = public_outputs(app, state)

    reviewer_client, reviewer = login_as("reviewer")
    _reviewer_adds(app, reviewer_client, bearer(token_for(app, reviewer.email)), state)

    # Readers see exactly what they saw before: not a byte of any output moved.
    assert public_outputs(app, state) == before
    assert not found_by_search(app, "Elsewhere", state.claim_id)
    with app.app_context():
        held = db.session.scalars(select(PendingAddition).order_by(PendingAddition.id)).all()
        assert [(h.kind, h.state) for h in held] == [
            ("source", "pending"),
            ("note", "pending"),
            ("appearance", "pending"),
        ]
        assert db.session.scalar(select(Source).where(Source.url == HELD_URL)) is None
        assert additions.waiting().total == 3
        source_id, note_id, appearance_id = (h.id for h in held)

    # The desk lists them: its author sees they wait; an editor gets the buttons.
    page = reviewer_client.get(f"/desk/claims/{state.claim_id}").get_data(as_text=True)
    assert "Additions waiting for an editor" in page and HELD_URL in page and HELD_NOTE in page
    assert "Waiting for an editor's approval." in page
    assert f"/desk/additions/{source_id}/approve" not in page
    editor_client, editor = login_as("editor")
    page = editor_client.get(f"/desk/claims/{state.claim_id}").get_data(as_text=True)
    assert f"/desk/additions/{source_id}/approve" in page
    queue = editor_client.get("/desk/").get_data(as_text=True)
    assert "3 additions to published claims wait for an editor" in queue
    assert f"/desk/claims/{state.claim_id}#held" in queue

    # A reviewer cannot decide; an editor rejects the note (a reason is required) and
    # approves the source and the appearance.
    refused = reviewer_client.post(f"/desk/additions/{source_id}/approve")
    assert refused.status_code == 403
    no_reason = editor_client.post(f"/desk/additions/{note_id}/reject", data={"reason": ""})
    assert no_reason.status_code == 400
    rejected = editor_client.post(
        f"/desk/additions/{note_id}/reject", data={"reason": "Say it in the verdict instead."}
    )
    assert rejected.status_code == 302
    assert leaks(app, state) == {}
    for addition_id in (source_id, appearance_id):
        approved = editor_client.post(f"/desk/additions/{addition_id}/approve")
        assert approved.status_code == 302, approved.get_data(as_text=True)[:500]
    again = editor_client.post(f"/desk/additions/{source_id}/approve")
    assert again.status_code == 409  # decided already: never a second copy

    shown = leaks(app, state)
    assert "held.example" in shown[f"/claims/{state.claim_id}"]  # the page and its JSON-LD
    assert "held.example" in shown[f"/api/v1/claims/{state.claim_id}"]
    assert "elsewhere.example" in shown[f"/articles/{state.other_id}"]
    assert found_by_search(app, "Elsewhere", state.claim_id)  # the appearance's outlet
    assert not any("Heldnote" in markers for markers in shown.values())

    with app.app_context():
        source = db.session.scalar(select(Source).where(Source.url == HELD_URL))
        assert source is not None and source.created_by_id == reviewer.id
        assert db.session.scalar(select(Note).where(Note.body == HELD_NOTE)) is None
        rows = {h.id: h for h in db.session.scalars(select(PendingAddition))}
        assert rows[source_id].state == AdditionState.APPROVED
        assert rows[source_id].result_id == source.id
        assert rows[note_id].state == AdditionState.REJECTED
        assert rows[note_id].reason == "Say it in the verdict instead."
        assert rows[note_id].decided_by_id == editor.id
        actions = [
            (e.action, e.actor_id)
            for e in db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.claim_id == state.claim_id)
                .order_by(AuditEvent.id)
            )
            if e.action.split(".")[-1] in {"held", "approved", "rejected"}
        ]
        assert actions == [
            ("source.held", reviewer.id),
            ("note.held", reviewer.id),
            ("appearance.held", reviewer.id),
            ("note.rejected", editor.id),
            ("source.approved", editor.id),
            ("appearance.approved", editor.id),
        ]
        assert additions.waiting().total == 0

    # Its author reads the reason on the desk; the history keeps every step.
    page = reviewer_client.get(f"/desk/claims/{state.claim_id}").get_data(as_text=True)
    assert "Say it in the verdict instead." in page and "Decided additions (3)" in page
    history = reviewer_client.get(f"/desk/claims/{state.claim_id}/history")
    assert "note.rejected" in history.get_data(as_text=True)


def test_an_editors_additions_are_not_held(app, make_user, login_as):
    state = _publish(app, make_user, pending=False)
    client, editor = login_as("editor")
    answer = client.post(
        f"/api/v1/claims/{state.claim_id}/sources",
        headers=bearer(token_for(app, editor.email)),
        json={"url": HELD_URL},
    )
    assert answer.status_code == 201
    assert "held.example" in leaks(app, state)[f"/claims/{state.claim_id}"]
    with app.app_context():
        assert additions.waiting().total == 0


def test_bad_input_is_refused_at_once_and_nothing_is_held(app, make_user, login_as):
    state = _publish(app, make_user, pending=False)
    client, reviewer = login_as("reviewer")
    headers = bearer(token_for(app, reviewer.email))
    bad = client.post(
        f"/api/v1/claims/{state.claim_id}/sources",
        headers=headers,
        json={"url": "javascript:alert(1)"},
    )
    assert bad.status_code in (400, 422) and bad.mimetype == "application/problem+json"
    elsewhere = client.post(
        f"/desk/claims/{state.claim_id}/appearances",
        data={"article_id": str(state.other_id), "exact": "words not in the article at all"},
    )
    assert elsewhere.status_code == 302
    first = client.post(
        f"/api/v1/claims/{state.claim_id}/sources", headers=headers, json={"url": HELD_URL}
    )
    assert first.status_code == 202
    twice = client.post(
        f"/api/v1/claims/{state.claim_id}/sources", headers=headers, json={"url": HELD_URL}
    )
    assert twice.status_code == 422, twice.get_data(as_text=True)
    assert twice.get_json()["detail"] == "the same source is already waiting for an editor"
    # A whole sentence per kind, so each language can agree its words with the noun.
    for lang, sentence in (
        ("es", "ya hay una fuente idéntica esperando a un editor"),
        ("fr", "une source identique attend déjà un éditeur"),
    ):
        again = client.post(
            f"/api/v1/claims/{state.claim_id}/sources",
            headers={**headers, "Accept-Language": lang},
            json={"url": HELD_URL},
        )
        assert again.get_json()["detail"] == sentence
    with app.app_context():
        assert additions.waiting().total == 1


def test_an_editor_does_not_approve_their_own_addition(app, make_user):
    """An addition made as a reviewer waits for a second editor even if its author has
    since become an editor (the two-person rule)."""
    state = _publish(app, make_user, pending=False)
    author_id = make_user("reviewer").id
    with app.app_context():
        author, claim = db.session.get(User, author_id), db.session.get(Claim, state.claim_id)
        assert author is not None and claim is not None
        held = additions.add_source(author, claim, url=HELD_URL)
        assert isinstance(held, PendingAddition)
        author.role = Role.EDITOR
        db.session.commit()
        with pytest.raises(Forbidden, match="second editor"):
            additions.approve(author, held.id)
        db.session.rollback()
