"""Independent creates never conflict (issue 13): writers creating unrelated claims at once
through the server all get 201, on SQLite and PostgreSQL.

Every claim write moves two shared one-row counters (``claim_vector_serial``; the site
version when the rating scale changes). They used to move by ``UPDATE … WHERE id = 1`` and,
when that found no row, an ``INSERT`` of row 1: two transactions that both found the row
missing (a database emptied by ``TRUNCATE``, or restored from data without it) both
inserted it, and one failed on the primary key, a 409 for work unrelated to the other's
(2 of 25 creates in the crash test on PostgreSQL). Each round here starts with the rows gone.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import delete, func, select

from claimtracker.extensions import db
from claimtracker.models import Claim, ClaimVectorSerial, SiteVersion

ROUNDS = 4
PARALLEL = 8


def test_independent_creates_all_succeed_when_counters_start_missing(app, writer):
    statuses: list[int] = []
    with ThreadPoolExecutor(PARALLEL) as pool:
        for round_ in range(ROUNDS):
            with app.app_context():
                db.session.execute(delete(ClaimVectorSerial))
                db.session.execute(delete(SiteVersion))
                db.session.commit()
            start = threading.Barrier(PARALLEL)
            answers = [
                pool.submit(
                    writer.post,
                    "/api/v1/claims",
                    {"text": f"Round {round_}: claim {i} of many"},
                    start,
                )
                for i in range(PARALLEL)
            ]
            statuses += [a.result() for a in answers]
    assert statuses == [201] * (ROUNDS * PARALLEL), statuses
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Claim)) == ROUNDS * PARALLEL
        # The serial moved once per claim, whichever transaction recreated its row.
        serial = db.session.scalar(select(ClaimVectorSerial.serial))
        assert serial is not None and serial >= PARALLEL
