"""The desk shows a button only when the service would accept the press
(``services.policies``), labels statuses from ``ClaimStatus.label``, and finds an
article's quotations once per snapshot (``services.quotations``)."""

from __future__ import annotations

from claimtracker.extensions import db
from claimtracker.models import Claim, ClaimStatus
from claimtracker.services import quotations
from tests.web.test_desk_claims import _create, _propose, _verdict, article_id  # noqa: F401

SIGN_OFF = "Preview and sign off"


def test_the_sign_off_button_shows_only_to_an_editor_the_service_would_accept(
    app,
    login_as,
    article_id,  # noqa: F811
):
    reviewer, _ = login_as("reviewer")
    reviser, _ = login_as("editor")
    second, _ = login_as("editor")
    claim_id = _create(reviewer, article_id)
    assert _propose(reviewer, claim_id).status_code == 302
    verdict_id, version = _verdict(app, claim_id)
    revised = reviser.post(
        f"/desk/verdicts/{verdict_id}/revise",
        data={"rating": "Mostly true", "summary": "Revised.", "version": str(version)},
    )
    assert revised.status_code == 302
    # The reviser is an author too under the two-person rule: the service refuses them, so
    # the page no longer offers them the button (it used to).
    page = reviser.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert SIGN_OFF not in page and "you wrote or revised this verdict" in page
    _, version = _verdict(app, claim_id)
    refused = reviser.post(f"/desk/verdicts/{verdict_id}/sign-off", data={"version": version})
    assert refused.status_code == 302
    assert SIGN_OFF not in reviewer.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert SIGN_OFF in second.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Claim, claim_id).status == ClaimStatus.AWAITING_SIGNOFF
    second.post(f"/desk/verdicts/{verdict_id}/sign-off", data={"version": version})
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert claim.status is ClaimStatus.PUBLISHED  # loaded as the enum, not a string


def test_status_buttons_follow_the_allowed_transitions(app, login_as, article_id):  # noqa: F811
    reviewer, _ = login_as("reviewer")
    editor, _ = login_as("editor")
    claim_id = _create(reviewer, article_id)
    draft = reviewer.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert "Start research" in draft and ">draft</span>" in draft
    _propose(reviewer, claim_id)
    awaiting = reviewer.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert ">awaiting sign-off</span>" in awaiting  # ClaimStatus.label
    assert "Send back to research" not in awaiting  # a reviewer cannot; the service agrees
    assert "Send back to research" in editor.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    queue = reviewer.get("/desk/").get_data(as_text=True)
    assert "awaiting sign-off (" in queue


def test_the_article_page_finds_quotations_once_per_snapshot(
    app,
    login_as,
    article_id,  # noqa: F811
    monkeypatch,
):
    calls = []
    real = quotations.find_quotes

    def counted(text: str) -> list:
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(quotations, "find_quotes", counted)
    monkeypatch.setattr(quotations, "_found", type(quotations._found)())
    client, _ = login_as("reviewer")
    first = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    second = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert len(calls) == 1
    assert first.count('class="quote') == second.count('class="quote') > 0
