"""Junk posted to every desk endpoint gets a 4xx (or a redirect with a message), never a 500,
and writes nothing it should not."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import Claim, Source, Verdict

JUNK = [
    {},
    {
        "version": "abc",
        "status": "published",
        "assignee_id": "xyz",
        "rating": "Nope",
        "summary": "",
        "source_ids": ["a", "99999"],
        "parent_id": "-1",
        "body": "\x00",
        "article_id": "nope",
        "start": "-5",
        "exact": "x" * 6000,
        "text": "\u200b",
        "url": "http://[::1",
        "claimed_on": "2019-02-30",
        "claimant_id": "1e9",
        "u-role": "root",
        "pw-password": "",
        "f-url": "http://[",
        "p-url": " ",
        "p-content": "",
    },
    {
        "version": "999999",
        "status": "researching",
        "assignee_id": "1",
        "rating": "True",
        "summary": "ok",
        "source_ids": ["1"],
        "parent_id": "99999",
        "body": "reply",
        "article_id": "99999",
        "exact": "zzz",
        "text": "fine text",
        "p-url": "https://ok.org/x",
        "p-content": "<html></html>",
        "p-headline": "H",
    },
]


@pytest.mark.parametrize("data", JUNK)
def test_no_endpoint_breaks_on_junk(app, login_as, demo, data):
    client, _ = login_as("admin")
    with app.app_context():
        claim = db.session.scalar(select(Claim))
        verdict_id = claim.verdicts[0].id
        counts = (
            db.session.scalar(select(func.count()).select_from(Source)),
            db.session.scalar(select(func.count()).select_from(Verdict)),
        )
        cid, aid = claim.id, claim.appearances[0].article_id
    posts = [
        "/desk/articles/fetch",
        "/desk/articles/paste",
        f"/desk/articles/{aid}/edit",
        "/desk/claims/new",
        f"/desk/claims/{cid}/appearances",
        f"/desk/claims/{cid}/edit",
        f"/desk/claims/{cid}/status",
        f"/desk/claims/{cid}/assign",
        f"/desk/claims/{cid}/sources",
        f"/desk/claims/{cid}/notes",
        f"/desk/claims/{cid}/verdicts",
        f"/desk/verdicts/{verdict_id}/revise",
        f"/desk/verdicts/{verdict_id}/sign-off",
        "/desk/admin/users",
        "/desk/admin/users/1",
        "/desk/admin/users/1/password",
    ]
    for url in posts:
        resp = client.post(url, data=data)
        assert resp.status_code < 500, (url, resp.status_code)
    for url in (
        "/desk/?page=-3&status=zzz&assignee=%00",
        "/desk/claims/new?article_id=x&start=y",
        f"/desk/claims/new?article_id={aid}&exact=%00",
    ):
        assert client.get(url).status_code < 500, url
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).select_from(Source)),
            db.session.scalar(select(func.count()).select_from(Verdict)),
        ) == counts


def test_nul_bytes_are_refused_before_any_work(app, login_as, demo):
    client, _ = login_as("admin")
    resp = client.post("/desk/claims/1/notes", data={"body": "a\x00b"})
    assert resp.status_code == 400
    assert "NUL character" in resp.get_data(as_text=True)
    assert client.get("/desk/?tag=%00").status_code == 400
    assert client.post("/desk/admin/users", data={"email": "a\x00@b.org"}).status_code == 400
