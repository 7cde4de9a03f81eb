"""Get-or-create under real concurrency: many workers naming the same new outlet, claimant
and tag at once all succeed, and each name is stored once (issue 13, defect 2)."""

from __future__ import annotations

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import Claimant, Outlet, Tag
from claimtracker.services import users

ROUNDS = 4
PARALLEL = 8


def _post(base: str, token: str, path: str, body: dict) -> int:
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def test_racing_get_or_create_gives_no_error_and_one_row_per_name(app, gunicorn):
    with app.app_context():
        users.create_user("racer@example.org", "correct horse battery staple", "reviewer")
        _, token = users.create_token("racer@example.org", "race")
        db.session.commit()
    base = gunicorn(workers=4)
    statuses: list[int] = []
    with ThreadPoolExecutor(PARALLEL) as pool:
        for round_ in range(ROUNDS):
            outlet, person, tag = f"Gazette {round_}", f"Person {round_}", f"topic-{round_}"
            articles = [
                pool.submit(
                    _post,
                    base,
                    token,
                    "/api/v1/articles",
                    {
                        "url": f"https://gazette{round_}.example/story-{i}",
                        "text": f"Story {i} of round {round_}.",
                        "outlet": outlet,
                        "headline": f"Story {i}",
                    },
                )
                for i in range(PARALLEL)
            ]
            claims = [
                pool.submit(
                    _post,
                    base,
                    token,
                    "/api/v1/claims",
                    {"text": f"Claim {i} of round {round_}", "claimant": person, "tags": [tag]},
                )
                for i in range(PARALLEL)
            ]
            statuses += [f.result() for f in articles + claims]
    assert statuses == [201] * (2 * ROUNDS * PARALLEL), statuses
    with app.app_context():
        for model in (Outlet, Claimant, Tag):
            assert db.session.scalar(select(func.count()).select_from(model)) == ROUNDS, model
