"""`make bench`: build a database of synthetic published claims and time the public pages.

Prints a Markdown table. Size with BENCH_CLAIMS (default 2000) and BENCH_REQUESTS (200);
set BENCH_DATABASE_URL to measure PostgreSQL instead of a temporary SQLite file.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade
from tqdm import tqdm

from claimtracker import create_app
from claimtracker.extensions import db
from claimtracker.models import Role
from claimtracker.services import articles, claims, ratings, users, verdicts

WORDS = [
    "budget",
    "tax",
    "school",
    "vaccine",
    "border",
    "crime",
    "wage",
    "climate",
    "energy",
    "housing",
    "election",
    "hospital",
    "police",
    "water",
    "prison",
    "court",
    "museum",
    "bridge",
    "rail",
    "farm",
]


def seed(n: int) -> list[int]:
    """Create ``n`` published claims through the services; return their ids."""
    reviewer = users.create_user("bench-reviewer@example.org", None, Role.REVIEWER)
    editor = users.create_user("bench-editor@example.org", None, Role.EDITOR)
    scale = [r.label for r in ratings.all_ratings()]
    rng = random.Random(42)
    ids = []
    for i in tqdm(range(n), desc="Seeding claims", unit="claim"):
        words = rng.sample(WORDS, 4)
        text = f"Claim {i}: the {words[0]} {words[1]} rose by {rng.randint(2, 90)} percent"
        body = f"Intro. {text} said the minister. More about {words[2]} and {words[3]}."
        article, _ = articles.log_article(
            reviewer,
            url=f"https://news.example/{i}",
            headline=f"Story {i}",
            outlet=f"Outlet {i % 40}",
            text=body,
        )
        claim = claims.create_claim(reviewer, text=text[:75], claimant=f"Person {i % 300}")
        claims.add_appearance(reviewer, claim, article, exact=text)
        source = claims.add_source(
            reviewer,
            claim,
            url=f"https://stats.example/{i}",
            title="Official figures",
            stance="refutes",
        )
        db.session.flush()
        verdict = verdicts.propose(
            reviewer,
            claim,
            rating=rng.choice(scale),
            summary=f"Figures on {words[0]} show otherwise.",
            source_ids=[source.id],
        )
        db.session.flush()
        verdicts.sign_off(verdict.id, editor)
        ids.append(claim.id)
        if i % 200 == 199:
            db.session.commit()
    db.session.commit()
    return ids


def measure(client, paths: list[str]) -> dict[str, float]:
    times = []
    for path in paths:
        start = time.perf_counter()
        resp = client.get(path, follow_redirects=True)
        times.append((time.perf_counter() - start) * 1000)
        assert resp.status_code == 200, (path, resp.status_code)
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "rps": 1000 / statistics.mean(times),
    }


def main() -> None:
    n = int(os.environ.get("BENCH_CLAIMS", "2000"))
    requests = int(os.environ.get("BENCH_REQUESTS", "200"))
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": tmp, "RATELIMIT_ENABLED": False})
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            ratings.ensure_scale(app.config["RATINGS"])
            started = time.perf_counter()
            ids = seed(n)
            seeding = time.perf_counter() - started
        # Cookie-less client: every request is a first view (no ETag sent back).
        client = app.test_client(use_cookies=False)
        rng = random.Random(7)
        rows = {
            "claim page": measure(client, [f"/claims/{rng.choice(ids)}" for _ in range(requests)]),
            "home page": measure(client, ["/"] * max(20, requests // 4)),
            "search (one word)": measure(
                client, [f"/claims?q={rng.choice(WORDS)}" for _ in range(max(20, requests // 4))]
            ),
            "API claim detail": measure(
                client, [f"/api/v1/claims/{rng.choice(ids)}" for _ in range(requests)]
            ),
        }
        print(f"\n### claimtracker bench: {n} claims on {url.split(':')[0]}\n")
        print(f"Seeding through the services: {n / seeding:.0f} claims/s\n")
        print("| page | p50 ms | p95 ms | req/s (one client) |")
        print("|---|---:|---:|---:|")
        for name, r in rows.items():
            print(f"| {name} | {r['p50']:.1f} | {r['p95']:.1f} | {r['rps']:.0f} |")


if __name__ == "__main__":
    main()
    from bench import quotes

    print()
    quotes.main()
