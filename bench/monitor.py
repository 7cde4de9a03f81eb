"""Monitoring's cost per article: matching every passage of a newly logged article against
the claims we know, as the ``feed.item`` job does (``services.monitor.find_repeats``).

``python -m bench.monitor [--size 100000] [--articles 30]``: over the seeded SQLite database of
``--size`` claims (bench/.cache, as in ``make bench``; vectors added where missing), each of
``--articles`` synthetic articles quotes three published claims between filler sentences
(seed_text's article shape), is logged as a monitored snapshot and matched; printed are the
passages per article, the wall and CPU time per article (p50/p95), and how many of the
quoted claims came back as repeats. Nothing is kept: the transaction is rolled back.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import time


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]


def measure(size: int, articles: int) -> dict[str, object]:
    from sqlalchemy import select

    from bench import data
    from bench.inprocess import app_for
    from claimtracker.extensions import db
    from claimtracker.models import Claim, ClaimVector, RepeatMatch
    from claimtracker.services import already_checked, claim_vectors, matching, monitor, seed_text
    from claimtracker.services import articles as article_service

    url, _ = data.sqlite_database(size)
    app = app_for(url, data.CACHE / "instance")
    rng = random.Random(10)
    out: dict[str, object] = {"size": size, "articles": articles}
    with app.app_context():
        conn = db.session.connection()
        current = select(ClaimVector.claim_id).where(ClaimVector.model == claim_vectors.MODEL_NAME)
        missing = conn.scalars(select(Claim.id).where(Claim.id.not_in(current))).all()
        if missing:  # seeded without vectors, or with another model's
            claim_vectors.refresh(conn, missing)
            db.session.commit()
        published = db.session.execute(
            select(Claim.id, Claim.text).where(Claim.is_published).order_by(Claim.id)
        ).all()
        started = time.perf_counter()
        matching.match_text("warm up: load the model and the matrix")
        out["first_query_s"] = time.perf_counter() - started
        wall, cpu, passages, found, quoted = [], [], [], 0, 0
        for i in range(articles):
            picked = rng.sample(published, 3)
            text, _ = seed_text.article_text(
                [seed_text.quote(claim_text, rng) for _, claim_text in picked], rng
            )
            article, _ = article_service.log_article(
                None,
                url=f"https://bench.example/monitored/{i}",
                headline=f"Monitored {i}",
                text=text,
                origin=monitor.MONITORED,
            )
            db.session.flush()
            passages.append(len(already_checked.passages(article)))
            started, cpu_started = time.perf_counter(), time.process_time()
            monitor.find_repeats(article)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            matched = set(
                db.session.scalars(
                    select(RepeatMatch.claim_id).where(RepeatMatch.article_id == article.id)
                )
            )
            quoted += len(picked)
            found += sum(1 for claim_id, _ in picked if claim_id in matched)
        db.session.rollback()
        db.engine.dispose()
    out.update(
        passages_p50=statistics.median(passages),
        wall_p50_s=statistics.median(wall),
        wall_p95_s=_p95(wall),
        cpu_p50_s=statistics.median(cpu),
        cpu_p95_s=_p95(cpu),
        found=found,
        quoted=quoted,
        load=" ".join(f"{x:.1f}" for x in os.getloadavg()),
    )
    return out


def report(r: dict[str, object]) -> str:
    return (
        f"Monitoring at {r['size']:,} claims, {r['articles']} articles of "
        f"{r['passages_p50']:.0f} passages (p50): matching an article took "
        f"{r['cpu_p50_s']:.2f} s CPU at p50, {r['cpu_p95_s']:.2f} s at p95 "
        f"({r['wall_p50_s']:.2f} / {r['wall_p95_s']:.2f} s wall, load {r['load']}); "
        f"{r['found']} of the {r['quoted']} quoted claims came back as repeats; the first "
        f"query of the process took {r['first_query_s']:.1f} s."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="claims in the database")
    parser.add_argument("--articles", type=int, default=30)
    args = parser.parse_args()
    print(report(measure(args.size, args.articles)))


if __name__ == "__main__":
    main()
