"""Issue 12: readers talk back. "Report an error" and "Suggest a claim to check" work with
no account and no JavaScript, carry CSRF, a honeypot and a size limit, are limited per
address across workers, land in the desk inbox and are never shown publicly."""

from __future__ import annotations

from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import AuditEvent, Claim, RateHit, ReaderMessage
from tests.conftest import csrf_token

SECRET_WORDS = "zebracrossing marmalade"


def _reader(app, address: str = "203.0.113.7"):  # type: ignore[no-untyped-def]
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _send(client, path: str, **data: str):  # type: ignore[no-untyped-def]
    page = client.get(path)
    assert page.status_code == 200, path
    html = page.get_data(as_text=True)
    assert "<script" not in html.split("<main", 1)[1]  # the form needs no JavaScript
    fields = {"csrf_token": csrf_token(html), "website": "", "contact": "", **data}
    return client.post(path, data=fields)


def _messages(app) -> list[ReaderMessage]:  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = list(db.session.scalars(select(ReaderMessage).order_by(ReaderMessage.id)))
        db.session.expunge_all()
        return rows


def test_an_error_report_reaches_the_inbox_linked_to_its_claim(make_app, publish, login_as):
    claim_id = publish(1)[0]
    app = make_app(WTF_CSRF_ENABLED=True)
    reader = _reader(app)
    claim_page = reader.get(f"/claims/{claim_id}", follow_redirects=True).get_data(as_text=True)
    assert f'href="/claims/{claim_id}/report"' in claim_page
    sent = _send(
        reader,
        f"/claims/{claim_id}/report",
        body=f"The bridge fell three times. {SECRET_WORDS}",
        contact="reader@example.net",
    )
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/thanks")
    assert "Thank you" in reader.get("/thanks").get_data(as_text=True)
    [message] = _messages(app)
    assert (message.kind, message.status, message.claim_id) == ("report", "new", claim_id)
    assert message.contact == "reader@example.net"

    desk, _ = login_as("reviewer", client=app.test_client())
    token = csrf_token(desk.get("/desk/inbox/1").get_data(as_text=True))
    listing = desk.get("/desk/inbox").get_data(as_text=True)
    assert SECRET_WORDS in listing and "(1 new)" in listing
    answered = desk.post(
        f"/desk/inbox/{message.id}",
        data={"csrf_token": token, "status": "triaged", "note": "checking the council minutes"},
    )
    assert answered.status_code == 302
    desk.post(f"/desk/inbox/{message.id}", data={"csrf_token": token, "status": "answered"})
    [message] = _messages(app)
    assert message.status == "answered" and message.desk_note == "checking the council minutes"
    # An answered message cannot jump back to new.
    refused = desk.post(f"/desk/inbox/{message.id}", data={"csrf_token": token, "status": "new"})
    assert refused.status_code == 400
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_type == "reader_message")
        ).all()
        assert actions == ["inbox.received", "inbox.status", "inbox.status"]


def test_a_suggestion_becomes_a_draft_claim_in_one_click(make_app, login_as):
    app = make_app(WTF_CSRF_ENABLED=True)
    long = "The mayor said " + "the new bridge cost twice the budget and more " * 4
    sent = _send(
        _reader(app), "/suggest", body=long, url="https://news.example/mayor-bridge", contact=""
    )
    assert sent.status_code == 303
    [message] = _messages(app)
    assert message.kind == "suggestion" and message.url == "https://news.example/mayor-bridge"
    desk, _ = login_as("reviewer", client=app.test_client())
    token = csrf_token(desk.get(f"/desk/inbox/{message.id}").get_data(as_text=True))
    made = desk.post(f"/desk/inbox/{message.id}/draft", data={"csrf_token": token})
    assert made.status_code == 302 and "/desk/claims/" in made.headers["Location"]
    [message] = _messages(app)
    assert message.draft_claim_id is not None and message.status == "triaged"
    with app.app_context():
        claim = db.session.get(Claim, message.draft_claim_id)
        assert claim.status == "draft" and len(claim.text) <= 75
        assert claim.long_text == " ".join(long.split())
    # A draft is not public, and a second click makes no second claim.
    assert app.test_client().get(f"/claims/{message.draft_claim_id}").status_code == 404
    desk.post(f"/desk/inbox/{message.id}/draft", data={"csrf_token": token})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Claim)) == 1


def test_the_limit_per_address_holds_across_workers(make_app):
    # Two apps on one database stand for two worker processes.
    settings = {"WTF_CSRF_ENABLED": True, "READER_MESSAGES_PER_ADDRESS": 3}
    workers = [make_app(**settings), make_app(**settings)]
    statuses = [
        _send(_reader(workers[i % 2]), "/suggest", body=f"claim {i}").status_code for i in range(4)
    ]
    assert statuses == [303, 303, 303, 429]
    assert len(_messages(workers[0])) == 3
    # Another address still gets through; the table never holds an address in clear.
    assert _send(_reader(workers[1], "198.51.100.9"), "/suggest", body="x").status_code == 303
    with workers[0].app_context():
        stored = db.session.scalars(select(RateHit.address)).all()
        assert len(stored) == 4 and not any("203.0.113.7" in a for a in stored)


def test_honeypot_csrf_size_and_url_are_enforced(make_app, publish):
    claim_id = publish(1)[0]
    app = make_app(WTF_CSRF_ENABLED=True, READER_MESSAGE_MAX_CHARS=100)
    reader = _reader(app)
    bot = _send(reader, "/suggest", body="buy pills", website="https://spam.example")
    assert bot.status_code == 303  # answered as if it worked
    no_token = reader.post("/suggest", data={"body": "a claim"})
    assert no_token.status_code == 400
    too_long = _send(reader, f"/claims/{claim_id}/report", body="x" * 101)
    assert too_long.status_code == 400 and "100" in too_long.get_data(as_text=True)
    bad_url = _send(reader, "/suggest", body="a claim", url="javascript:alert(1)")
    assert bad_url.status_code == 400
    empty = _send(reader, "/suggest", body="   ")
    assert empty.status_code == 400
    assert _messages(app) == []


def test_reports_only_on_published_claims(app, client):
    with app.app_context():
        from claimtracker.services import claims

        draft = claims.create_claim(None, text="An unpublished claim")
        db.session.commit()
        draft_id = draft.id
    assert client.get(f"/claims/{draft_id}/report").status_code == 404
    assert client.post(f"/claims/{draft_id}/report", data={"body": "x"}).status_code == 404
    assert client.get("/claims/999999/report").status_code == 404


def test_nothing_a_reader_sends_is_shown_publicly(app, client, publish):
    claim_id = publish(1)[0]
    client.post(
        f"/claims/{claim_id}/report",
        data={"body": f"wrong {SECRET_WORDS}", "contact": "secret@reader.example"},
    )
    client.post("/suggest", data={"body": f"check {SECRET_WORDS}", "contact": "x@y.example"})
    assert len(_messages(app)) == 2
    for path in (
        "/",
        f"/claims/{claim_id}",
        "/feed.atom",
        "/claimreview.json",
        "/api/v1/claims",
        f"/api/v1/claims/{claim_id}",
    ):
        body = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert SECRET_WORDS.split()[0] not in body, path
        assert "secret@reader.example" not in body, path
    # Search finds nothing by the reader's words (the page echoes the query itself).
    word = SECRET_WORDS.split()[0]
    assert 'class="claim-row"' not in client.get(f"/claims?q={word}").get_data(as_text=True)
    assert client.get(f"/api/v1/claims?q={word}").json["items"] == []
