"""Issue 12, sections 1 and 3: a verdict is never a default; what a reviewer and an editor
see before sign-off (preview, proposed rating in the queue, waiting count); sending back
asks why; sources cited are checkboxes; the snapshot box takes the keyboard."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import Claim, ClaimStatus, Note, Verdict
from tests.web.test_desk_claims import _create, _propose, _verdict, article_id  # noqa: F401


def _select(html: str, form_id: str, name: str = "rating") -> str:
    form = html[html.index(f'id="{form_id}"') :]
    return re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', form, re.S).group(0)


def _selected(select_html: str) -> list[str]:
    """The values of the selected options."""
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in re.findall(r"<option[^>]*>", select_html)
        if re.search(r"\sselected\b", tag)
    ]


def test_the_rating_starts_empty_and_is_required(app, login_as, article_id):  # noqa: F811
    reviewer, _ = login_as("reviewer")
    claim_id = _create(reviewer, article_id)
    html = reviewer.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    select_html = _select(html, "verdict-form")
    assert "required" in select_html.split(">", 1)[0]
    first = re.search(r"<option[^>]*>", select_html).group(0)
    assert 'value=""' in first
    assert _selected(select_html) in ([], [""])  # nothing but the empty choice is selected
    skipped = _propose(reviewer, claim_id, rating="")
    assert skipped.status_code in (400, 422)
    assert "Choose a rating" in skipped.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Verdict)) == 0


def test_a_correction_starts_from_the_current_rating(app, login_as, article_id):  # noqa: F811
    reviewer, _ = login_as("reviewer")
    editor, _ = login_as("editor")
    claim_id = _create(reviewer, article_id)
    assert _propose(reviewer, claim_id, rating="Mostly false").status_code == 302
    verdict_id, version = _verdict(app, claim_id)
    editor.post(f"/desk/verdicts/{verdict_id}/sign-off", data={"version": version})
    html = reviewer.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert "Propose a correction or update" in html
    assert _selected(_select(html, "verdict-form")) == ["Mostly false"]


def test_sign_off_preview_queue_rating_and_waiting_count(app, login_as, article_id):  # noqa: F811
    reviewer, _ = login_as("reviewer")
    editor, _ = login_as("editor")
    claim_id = _create(reviewer, article_id)
    assert _propose(reviewer, claim_id, rating="Misleading").status_code == 302
    # No source was cited: the desk warns at once.
    with app.app_context():
        assert not db.session.get(Claim, claim_id).verdicts[0].sources
    queue = editor.get("/desk/").get_data(as_text=True)
    assert re.search(r'proposed: <span class="badge rating-misleading">Misleading', queue)
    assert 'Awaiting sign-off <span class="count">(1)</span>' in queue
    assert "Awaiting sign-off <span" not in reviewer.get("/desk/").get_data(as_text=True)
    verdict_id, _ = _verdict(app, claim_id)
    preview = editor.get(f"/desk/verdicts/{verdict_id}/sign-off")
    assert preview.status_code == 200
    text = preview.get_data(as_text=True)
    assert "What readers will see" in text and "rating-misleading" in text
    assert "<strong>ordered</strong>" in text  # the summary as readers will see it
    assert "cites no source" in text and "Publish this verdict" in text
    with app.app_context():
        assert db.session.get(Claim, claim_id).status == ClaimStatus.AWAITING_SIGNOFF
    # The reviewer who wrote it sees the preview but no button.
    own = reviewer.get(f"/desk/verdicts/{verdict_id}/sign-off")
    assert own.status_code == 403 or "Publish this verdict" not in own.get_data(as_text=True)


def test_send_back_asks_for_a_reason_that_becomes_a_note(app, login_as, article_id):  # noqa: F811
    reviewer, _ = login_as("reviewer")
    editor, _ = login_as("editor")
    claim_id = _create(reviewer, article_id)
    _propose(reviewer, claim_id)
    with app.app_context():
        version = db.session.get(Claim, claim_id).version_id
    page = editor.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert 'id="send-back-reason"' in page
    refused = editor.post(
        f"/desk/claims/{claim_id}/status",
        data={"status": "researching", "version": str(version), "reason": "  "},
        follow_redirects=True,
    )
    assert "say why it goes back to research" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Claim, claim_id).status == ClaimStatus.AWAITING_SIGNOFF
    editor.post(
        f"/desk/claims/{claim_id}/status",
        data={"status": "researching", "version": str(version), "reason": "Cite the order."},
    )
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert claim.status == ClaimStatus.RESEARCHING
        notes = db.session.scalars(select(Note.body).where(Note.claim_id == claim_id)).all()
        assert notes == ["Sent back to research: Cite the order."]


def test_sources_cited_are_checkboxes_and_the_snapshot_takes_focus(
    app,
    login_as,
    article_id,  # noqa: F811
):
    reviewer, _ = login_as("reviewer")
    claim_id = _create(reviewer, article_id)
    reviewer.post(
        f"/desk/claims/{claim_id}/sources",
        data={"url": "https://evidence.example/a", "title": "Order A", "stance": "supports"},
    )
    html = reviewer.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    form = html[html.index('id="verdict-form"') :]
    assert re.search(
        r'<legend>Sources cited</legend>\s*<label class="check"><input type="checkbox"', form
    )
    assert "<select multiple" not in form and " multiple" not in form.split("</form>")[0]
    article = reviewer.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert re.search(r'<div class="snapshot"[^>]*tabindex="0"', article)


def test_the_csrf_failure_page_explains_itself_and_keeps_what_was_typed(make_app, login_as):
    app = make_app(WTF_CSRF_ENABLED=True)
    client, _ = login_as("reviewer", client=app.test_client())
    resp = client.post(
        "/desk/claims/new",
        data={"text": "A long claim I typed", "csrf_token": "stale"},
        headers={"Referer": "http://localhost/desk/claims/new"},
    )
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert "nothing was" in html and "saved" in html
    assert 'href="http://localhost/desk/claims/new"' in html
    assert ">A long claim I typed</textarea>" in html and "stale" not in html
    # A referrer elsewhere is not followed.
    away = client.post(
        "/desk/claims/new", data={"text": "x"}, headers={"Referer": "https://evil.example/"}
    )
    assert "evil.example" not in away.get_data(as_text=True)


def test_a_typed_claimant_who_is_known_is_picked(app, login_as, article_id):  # noqa: F811
    reviewer, _ = login_as("reviewer")
    first = _create(reviewer, article_id)  # Kim Kardashian, typed
    with app.app_context():
        known = db.session.get(Claim, first).claimant_id
    form = reviewer.get(f"/desk/claims/new?article_id={article_id}&claimant_name=kim+kardashian")
    html = form.get_data(as_text=True)
    assert re.search(rf'<option selected value="{known}"|<option value="{known}" selected', html)
    second = _create(
        reviewer, article_id, claimant_name="KIM  KARDASHIAN", text="Prison photos need a permit"
    )
    with app.app_context():
        assert db.session.get(Claim, second).claimant_id == known
