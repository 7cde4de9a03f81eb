"""After publication, what readers see changes only through an editor (issue 13, defect 1).

Every write route of the desk and the API that touches a published claim (its statement,
status, assignee, sources, notes, appearances, verdicts, sign-off, the approval and
rejection of held additions, and the metadata and re-check of the article it cites) is
walked as each role: anonymous, reviewer, editor, admin. Each case asserts the answer and
whether what readers see (the claim's API record and its public page) changed: never for
anonymous visitors and reviewers; for editors and admins only where the route is meant to
change it. A reviewer's source, appearance or public note is accepted but held for an
editor (``services.additions``): the case then also asserts that it was held. The rule
lives in ``services.policies``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from claimtracker.extensions import db
from claimtracker.models import User
from claimtracker.services import additions, articles, claims, quotations, verdicts
from tests.api.helpers import bearer, token_for
from tests.seed import DNA_QUOTE, HEADLINE, SEED_TEXT, SEED_URL_PATH

ROLES = ("anonymous", "reviewer", "editor", "admin")
CITED = "https://hollywoodunlocked.com" + SEED_URL_PATH
OTHER = "https://elsewhere.example/the-same-story"


@dataclass
class Published:
    """A published claim citing one article, with a second article logged, and (when
    asked for) a correction proposed by its first reviewer, awaiting sign-off."""

    claim_id: int
    claim_version: int
    cited_id: int
    cited_version: int
    other_id: int
    #: A quotation found in the other article (what the already-checked page offers).
    quote: str
    quote_start: int
    pending_id: int | None = None
    pending_version: int | None = None
    #: A source its first reviewer added after publication, held for an editor.
    held_id: int | None = None


def _publish(
    app: Flask, make_user: Callable[..., User], pending: bool, held: bool = False
) -> Published:
    author_id, approver_id = make_user("reviewer").id, make_user("editor").id
    with app.app_context():
        author, approver = db.session.get(User, author_id), db.session.get(User, approver_id)
        assert author is not None and approver is not None
        cited, _ = articles.log_article(
            None, url=CITED, headline=HEADLINE, text=SEED_TEXT, outlet="Hollywood Unlocked"
        )
        other, _ = articles.log_article(
            None, url=OTHER, headline="The same story", text=SEED_TEXT, outlet="Elsewhere"
        )
        claim = claims.create_claim(
            author, text="DNA testing was ordered in Kevin Cooper's case", claimant="Kim K"
        )
        claims.add_appearance(
            author, claim, cited, exact=DNA_QUOTE, start=SEED_TEXT.index(DNA_QUOTE)
        )
        claims.add_source(author, claim, url="https://evidence.example/one", title="One")
        verdict = verdicts.propose(author, claim, rating="True", summary="Two governors did.")
        verdicts.sign_off(verdict.id, approver, version=verdict.version_id)
        db.session.commit()
        found = quotations.quotes_in(other)[0]
        state = Published(
            claim.id,
            claim.version_id,
            cited.id,
            cited.version_id,
            other.id,
            found.text,
            found.start,
        )
        if pending:
            proposal = verdicts.propose(
                author,
                claim,
                rating="Mostly true",
                summary="Only one governor did.",
                reason="correction",
                reason_note="The second order was a report.",
            )
            db.session.commit()
            state.pending_id, state.pending_version = proposal.id, proposal.version_id
            state.claim_version = claim.version_id
        if held:
            addition = additions.add_source(
                author, claim, url="https://evidence.example/held", title="Held source"
            )
            db.session.commit()
            state.held_id = addition.id
        return state


def held_count(app: Flask) -> int:
    """How many additions wait for an editor."""
    with app.app_context():
        return additions.waiting().total


def readers_see(app: Flask, claim_id: int) -> tuple[Any, str]:
    """The claim as readers get it: its API record and its public page's main content."""
    reader = app.test_client()
    record = reader.get(f"/api/v1/claims/{claim_id}")
    assert record.status_code == 200
    page = reader.get(f"/claims/{claim_id}", follow_redirects=True)
    assert page.status_code == 200
    main = re.search(r"<main.*?</main>", page.get_data(as_text=True), re.DOTALL)
    assert main is not None
    return record.get_json(), main.group(0)


Call = Callable[[FlaskClient, dict[str, str], Published], Any]


@dataclass(frozen=True)
class Case:
    """One write: how to make it, and per role the answer and whether readers see it."""

    name: str
    call: Call
    api: bool = False
    pending: bool = False
    #: The claim has a reviewer's source held for an editor.
    held: bool = False
    #: Answers of a reviewer, and of an editor or admin (anonymous: login or 401).
    reviewer: int = 403
    editor: int = 302
    #: Whether an editor's (or admin's) accepted write shows to readers.
    shows: bool = True
    #: Whether a reviewer's accepted write is held for an editor (one more waiting).
    holds: bool = False
    #: How many held additions an editor's write decides (approves or rejects).
    decides: int = 0


def _desk(path: str, **data: Any) -> Call:
    def call(client: FlaskClient, _h: dict[str, str], s: Published) -> Any:
        values = {k: (v(s) if callable(v) else v) for k, v in data.items()}
        return client.post(path.format(s=s), data=values)

    return call


def _api(path: str, **body: Any) -> Call:
    def call(client: FlaskClient, headers: dict[str, str], s: Published) -> Any:
        values = {k: (v(s) if callable(v) else v) for k, v in body.items()}
        return client.post(path.format(s=s), headers=headers, json=values)

    return call


def _claim_version(s: Published) -> str:
    return str(s.claim_version)


def _pending_version(s: Published) -> int:
    assert s.pending_version is not None
    return s.pending_version


CORRECTION = {
    "rating": "False",
    "summary": "No DNA testing was ordered.",
    "reason": "correction",
    "reason_note": "The order was for a review.",
}
CASES = [
    Case(
        "desk: edit the statement",
        _desk(
            "/desk/claims/{s.claim_id}/edit",
            text="A different statement",
            claimant_name="Kim K",
            version=_claim_version,
        ),
    ),
    # Publication has no manual status change: refused for everyone, as a flash.
    Case(
        "desk: change the status",
        _desk("/desk/claims/{s.claim_id}/status", status="researching", version=_claim_version),
        reviewer=302,
        shows=False,
    ),
    Case(
        "desk: assign (internal)",
        _desk("/desk/claims/{s.claim_id}/assign", me="1", version=_claim_version),
        reviewer=302,
        shows=False,
    ),
    # A reviewer's source is accepted and held for an editor: readers see nothing yet.
    Case(
        "desk: add a source",
        _desk(
            "/desk/claims/{s.claim_id}/sources",
            url="https://evidence.example/two",
            title="Two",
            stance="refutes",
        ),
        reviewer=302,
        holds=True,
    ),
    # A reviewer's public note is held too; no reader page shows notes today, so an
    # editor's shows nothing either (the rule holds if one ever does).
    Case(
        "desk: add a public note",
        _desk("/desk/claims/{s.claim_id}/notes", body="For readers", public="y"),
        reviewer=302,
        shows=False,
        holds=True,
    ),
    Case(
        "desk: add an internal note",
        _desk("/desk/claims/{s.claim_id}/notes", body="Check the second order"),
        reviewer=302,
        shows=False,
    ),
    # An appearance answers with a flash on the page it came from (302 for everyone); a
    # reviewer's is held.
    Case(
        "desk: add an appearance",
        _desk(
            "/desk/claims/{s.claim_id}/appearances",
            article_id=lambda s: str(s.other_id),
            exact=DNA_QUOTE,
            start=str(SEED_TEXT.index(DNA_QUOTE)),
        ),
        reviewer=302,
        holds=True,
    ),
    Case(
        "desk: confirm an already-checked match (adds an appearance)",
        _desk(
            "/desk/articles/{s.other_id}/already-checked",
            passage=lambda s: s.quote,
            start=lambda s: str(s.quote_start),
            claim_id=lambda s: str(s.claim_id),
            score="0.9",
            decision="same",
        ),
        reviewer=303,
        editor=303,
        holds=True,
    ),
    Case(
        "desk: dismiss an already-checked match",
        _desk(
            "/desk/articles/{s.other_id}/already-checked",
            passage=lambda s: s.quote,
            claim_id=lambda s: str(s.claim_id),
            score="0.9",
            decision="different",
        ),
        reviewer=303,
        editor=303,
        shows=False,
    ),
    # Held additions: an editor's approval shows the source to readers, a rejection
    # (with a reason) does not; a reviewer may do neither. Without a reason, nothing.
    Case(
        "desk: approve a held source",
        _desk("/desk/additions/{s.held_id}/approve"),
        held=True,
        decides=1,
    ),
    Case(
        "desk: reject a held source",
        _desk("/desk/additions/{s.held_id}/reject", reason="Not a primary source."),
        held=True,
        shows=False,
        decides=1,
    ),
    Case(
        "desk: reject a held source without a reason",
        _desk("/desk/additions/{s.held_id}/reject", reason=" "),
        held=True,
        reviewer=400,  # the form's shape is checked before who sends it
        editor=400,
        shows=False,
    ),
    # Article metadata is shared by every claim that cites it: a reviewer's edit is
    # still refused, not held (docs/architecture.md says why).
    Case(
        "desk: correct the cited article's details",
        _desk(
            "/desk/articles/{s.cited_id}/edit",
            headline="A rewritten headline",
            outlet="Another outlet",
            version=lambda s: str(s.cited_version),
        ),
    ),
    Case(
        "desk: re-check the cited article (queued)",
        _desk("/desk/articles/{s.cited_id}/recheck"),
        reviewer=302,
        shows=False,
    ),
    Case(
        "desk: propose a correction",
        _desk("/desk/claims/{s.claim_id}/verdicts", **CORRECTION),
        reviewer=302,
        shows=False,
    ),
    Case(
        "desk: revise the proposed correction",
        _desk(
            "/desk/verdicts/{s.pending_id}/revise",
            rating="False",
            summary="Revised: no order at all.",
            version=lambda s: str(_pending_version(s)),
        ),
        pending=True,
        reviewer=302,
        shows=False,
    ),
    Case(
        "desk: sign off the correction",
        _desk("/desk/verdicts/{s.pending_id}/sign-off", version=_pending_version),
        pending=True,
    ),
    Case(
        "desk: sign off without the version read",
        _desk("/desk/verdicts/{s.pending_id}/sign-off"),
        pending=True,
        editor=400,
        shows=False,
    ),
    Case(
        "desk: sign off a version since revised",
        _desk("/desk/verdicts/{s.pending_id}/sign-off", version=lambda s: _pending_version(s) + 1),
        pending=True,
        editor=409,
        shows=False,
    ),
    Case(
        "api: add a source",
        _api("/api/v1/claims/{s.claim_id}/sources", url="https://evidence.example/three"),
        api=True,
        reviewer=202,
        editor=201,
        holds=True,
    ),
    Case(
        "api: add a public note",
        _api("/api/v1/claims/{s.claim_id}/notes", body="For readers", public=True),
        api=True,
        reviewer=202,
        editor=201,
        shows=False,
        holds=True,
    ),
    Case(
        "api: propose a correction",
        _api("/api/v1/claims/{s.claim_id}/verdicts", **CORRECTION),
        api=True,
        reviewer=201,
        editor=201,
        shows=False,
    ),
    Case(
        "api: sign off the correction",
        _api("/api/v1/verdicts/{s.pending_id}/sign-off", version=_pending_version),
        api=True,
        pending=True,
        editor=200,
    ),
    Case(
        "api: sign off without the version read",
        _api("/api/v1/verdicts/{s.pending_id}/sign-off"),
        api=True,
        pending=True,
        reviewer=422,  # the body's shape is checked before who sends it
        editor=422,
        shows=False,
    ),
    Case(
        "api: sign off a version since revised",
        _api("/api/v1/verdicts/{s.pending_id}/sign-off", version=lambda s: _pending_version(s) + 1),
        api=True,
        pending=True,
        editor=409,
        shows=False,
    ),
]


def _expected(case: Case, role: str) -> tuple[int, bool]:
    if role == "anonymous":
        return (401 if case.api else 302), False
    if role == "reviewer":
        return case.reviewer, False
    return case.editor, case.shows


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_write_on_a_published_claim(app, make_user, login_as, case, role):
    state = _publish(app, make_user, case.pending, case.held)
    before = readers_see(app, state.claim_id)
    waiting = held_count(app)
    headers: dict[str, str] = {}
    if role == "anonymous":
        client = app.test_client()
    else:
        client, user = login_as(role)
        headers = bearer(token_for(app, user.email))
    resp = case.call(client, headers, state)
    status, shows = _expected(case, role)
    assert resp.status_code == status, resp.get_data(as_text=True)[:2000]
    if role == "anonymous" and not case.api:
        assert "/login" in resp.headers["Location"]
    if case.api and status >= 400:
        assert resp.mimetype == "application/problem+json"
    after = readers_see(app, state.claim_id)
    assert (after != before) is shows, "what readers see changed" if not shows else "unchanged"
    # Held for an editor: exactly a reviewer's accepted additions; decided: an editor's.
    held = 1 if role == "reviewer" and case.holds else 0
    decided = case.decides if role in ("editor", "admin") else 0
    assert held_count(app) == waiting + held - decided
