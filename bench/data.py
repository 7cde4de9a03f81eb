"""The bench's databases (seeded once, cached under bench/.cache/) and what to request."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from claimtracker.alignment.fidelity import FIDELITY_SCALE, NOT_ASSESSED
from claimtracker.models import Claim, Claimant, ClaimStatus, Outlet, Rating, Tag
from claimtracker.services import seed_text
from claimtracker.services.seed import FORMAT

CACHE = Path(__file__).resolve().parent / ".cache"
CLI = str(Path(sys.executable).parent / "claimtracker")
PG_ADMIN = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _cli(database_url: str, *args: str) -> None:
    env = {**os.environ, "CLAIMTRACKER_DATABASE_URL": database_url}
    env["CLAIMTRACKER_INSTANCE_PATH"] = str(CACHE / "instance")
    subprocess.run([CLI, *args], env=env, check=True, stdout=subprocess.DEVNULL)


def sqlite_database(n: int) -> tuple[str, float | None]:
    """A SQLite file with ``n`` seeded claims; returns its URL and the seed rate when it
    had to be seeded now (None when it came from the cache)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"sqlite-{n}.sqlite"
    marker = path.with_suffix(".done")
    url = f"sqlite:///{path}"
    rate = None
    if not marker.exists() or marker.read_text() != FORMAT:
        for stale in CACHE.glob(f"sqlite-{n}.sqlite*"):
            stale.unlink()
        rate = _seed(url, n)
        marker.write_text(FORMAT)
    _cli(url, "init")  # migrations that came after the cache was made
    return url, rate


def pg_database(n: int) -> tuple[str, float | None]:
    """The same on PostgreSQL, in a database of its own (ct_bench_<n>)."""
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"ct_bench_{n}"
    url = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    marker = CACHE / f"pg-{n}.done"
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists and marker.exists() and marker.read_text() == FORMAT:
            admin.dispose()
            _cli(url, "init")
            return url, None
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    rate = _seed(url, n)
    marker.write_text(FORMAT)
    return url, rate


def _seed(url: str, n: int) -> float:
    _cli(url, "init")
    started = time.perf_counter()
    # Matching vectors cost a sentence encoder's pass per claim (hours for a million): the
    # matching bench adds them to the one database it measures.
    _cli(url, "seed", "--claims", str(n), "--without-vectors")
    return n / (time.perf_counter() - started)


def targets(database_url: str, sample: int = 400) -> dict[str, object]:
    """Published claims to request (canonical paths), and filters for the search mix."""
    from claimtracker.publishing.links import claim_slug

    engine = create_engine(database_url)
    rng = random.Random(11)
    with engine.connect() as conn:
        top = conn.scalar(select(func.max(Claim.id))) or 0
        picks = sorted({rng.randint(1, top) for _ in range(sample * 3)})
        rows = conn.execute(
            select(Claim.id, Claim.text)
            .where(Claim.id.in_(picks), Claim.status == ClaimStatus.PUBLISHED.value)
            .limit(sample)
        ).all()
        claimants = list(conn.scalars(select(Claimant.id).order_by(Claimant.id).limit(200)))
        outlets = list(conn.scalars(select(Outlet.id).order_by(Outlet.id).limit(200)))
        ratings = list(conn.scalars(select(Rating.slug)))
        tags = list(conn.scalars(select(Tag.name).order_by(Tag.id).limit(200)))
    engine.dispose()
    return {
        "claims": [(i, f"/claims/{i}/{claim_slug(t)}") for i, t in rows],
        "claimants": claimants,
        "outlets": outlets,
        "ratings": ratings,
        "tags": tags,
    }


def search_mix(t: dict, n: int = 100) -> list[str]:
    """A realistic mix of ``n`` searches: common and rare words, two or three words, with
    and without filters, the bare browse, and a reader's click on a facet with no words
    (an outlet, a claimant, a tag, a rating or a faithfulness value, in turn)."""
    rng = random.Random(5)
    facets = {
        "outlet": t["outlets"],
        "claimant": t["claimants"],
        "tag": t["tags"],
        "rating": t["ratings"],
        "fidelity": [value for value, *_ in FIDELITY_SCALE if value != NOT_ASSESSED],
    }
    common, rare = seed_text.TOPICS[:15], seed_text.TOPICS[60:]
    out = []
    for i in range(n):
        kind = i % 10
        if kind == 0:
            out.append("/claims")
            continue
        words = [rng.choice(common if kind < 4 else rare)]
        if kind in (2, 5, 8):
            words.append(rng.choice(seed_text.TOPICS))
        if kind == 8:
            words.append(rng.choice(seed_text.TOPICS))
        q = "+".join(words)
        if kind == 6:
            q += f"&rating={rng.choice(t['ratings'])}"
        elif kind == 7:
            q += f"&claimant={rng.choice(t['claimants'])}"
        elif kind == 9:
            facet = ("outlet", "claimant", "tag", "rating", "fidelity")[(i // 10) % 5]
            out.append(f"/claims?{urlencode({facet: rng.choice(facets[facet])})}")
            continue
        elif kind == 3:
            q += f"&from={rng.randint(2016, 2024)}-01-01"
        out.append(f"/claims?q={q}")
    rng.shuffle(out)
    return out
