"""Get-or-create under real concurrency: many workers naming the same new outlet, claimant
and tag at once all succeed, and each name is stored once (issue 13, defect 2)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.models import Claimant, Outlet, Tag

ROUNDS = 4
PARALLEL = 8


def test_racing_get_or_create_gives_no_error_and_one_row_per_name(app, writer):
    statuses: list[int] = []
    with ThreadPoolExecutor(PARALLEL) as pool:
        for round_ in range(ROUNDS):
            outlet, person, tag = f"Gazette {round_}", f"Person {round_}", f"topic-{round_}"
            articles = [
                pool.submit(
                    writer.post,
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
                    writer.post,
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
