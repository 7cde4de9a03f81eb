"""Claim matching: quality on CLEF 2020 CheckThat! task 2, and speed at 100,000 claims.

    python -m bench.matching [CLEF_DIR] [--fit] [--size 100000] [--queries 300]

CLEF_DIR is the folder of the task's training split (verified_claims.docs.tsv,
train.tweets.queries.tsv, train.tweet-vclaim-pairs.qrels); the data is not copied into
the project. Its 10,375 Snopes claims are imported through the product (as a ClaimReview
feed: the claim as claimReviewed, the article title as the review's description), then
each tweet is matched through ``services.matching`` and MAP@5 and precision at 1 are
reported for the tuning tweets and the tweets held aside (30%, by a hash of the tweet id),
beside the search index alone and the vectors alone. Passages that repeat nothing are
matched too (:data:`KINDS`: each tweet without its own claim among the candidates, and
the sentences of real news articles, 30% of the articles held aside by a hash of their
name); at MATCH_THRESHOLD the report gives the share of tweets whose own claim reaches it
and the share of those passages that show a match anyway. ``--fit`` refits the score's
weights on the tuning part of all of them (printing them for
claimtracker/matching/score.py) and reports with them. Without CLEF_DIR only the speed
part runs.

Speed: a seeded SQLite database of ``--size`` claims (bench/.cache, as in ``make bench``),
vectors added where missing, then ``--queries`` passages matched one after the other:
p50/p95/max latency of ``match_text`` and the memory the in-process matrix holds (and the
process's resident size before and after loading it).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import statistics
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HELD_ASIDE_PERCENT = 30


def held_aside(key: int | str) -> bool:
    """The split: a fixed 30% of tweets (by a hash of their id) and of news articles (by a
    hash of their file's name)."""
    return zlib.crc32(str(key).encode()) % 100 < HELD_ASIDE_PERCENT


def read_clef(folder: Path) -> tuple[dict[int, tuple[str, str]], dict[int, str], dict[int, set]]:
    def rows(name: str) -> list[list[str]]:
        with (folder / name).open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f, delimiter="\t")
            next(reader)
            return list(reader)

    claims = {
        int(r[0]): (r[1], r[2] if len(r) > 2 else "") for r in rows("verified_claims.docs.tsv")
    }
    tweets = {int(r[0]): r[1] for r in rows("train.tweets.queries.tsv")}
    qrels: dict[int, set[int]] = {}
    for line in (folder / "train.tweet-vclaim-pairs.qrels").read_text().split("\n"):
        if line.strip():
            tweet, _, claim, _ = line.split()
            qrels.setdefault(int(tweet), set()).add(int(claim))
    return claims, tweets, qrels


def feed(claims: dict[int, tuple[str, str]]) -> str:
    """The CLEF claims as a ClaimReview DataFeed (what another fact checker would publish)."""
    items = [
        {
            "@type": "DataFeedItem",
            "item": [
                {
                    "@type": "ClaimReview",
                    "url": f"https://clef2020.invalid/vclaim/{cid}",
                    "claimReviewed": " ".join(text.split()),
                    "description": title,
                    "author": {"@type": "Organization", "name": "Snopes"},
                    "reviewRating": {"@type": "Rating", "alternateName": "Unproven"},
                }
            ],
        }
        for cid, (text, title) in claims.items()
    ]
    return json.dumps(
        {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": items}
    )


#: Real news articles (plain text) whose sentences repeat none of the CLEF claims: the
#: speaker evaluation set's 53 articles from 42 outlets (tests/fixtures/speakers/SOURCES.md).
NEWS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "speakers" / "articles"

#: The kinds of passage the score is fitted and measured on. "tweet": a CLEF tweet and
#: every candidate, its labelled claim among them (the only positives). "tweet, its claim
#: removed": the same tweet with its labelled claim (and any claim of the same text)
#: taken out of the candidates, as if we had never checked it: a passage on a nearby topic
#: that repeats nothing we know. "news sentence": a sentence of a real article, as the
#: desk and the monitor match them, against the same claims.
KINDS = ("tweet", "tweet, its claim removed", "news sentence")


@dataclass
class Passage:
    """One matched passage: its kind, split and every candidate's features and label."""

    kind: str
    held: bool
    pairs: list[tuple[int, dict[str, float]]]  # (label, features), best candidate first
    #: How many claims the passage repeats (a CLEF tweet's labelled claims; else 0).
    relevant: int = 0
    #: The passage as matched and its candidates' CLEF ids, in the order of ``pairs``
    #: (for studying the dump offline).
    text: str = ""
    claims: tuple[int, ...] = ()


def news_sentences() -> list[tuple[str, str]]:
    """(article name, sentence) for each sentence of six words or more (as the desk and the
    monitor pick them), at most 80 an article."""
    from claimtracker.matching.text import sentences
    from claimtracker.services.already_checked import MAX_QUOTES, MIN_SENTENCE_WORDS

    out = []
    for path in sorted(NEWS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        kept = [text[a:b] for a, b in sentences(text)]
        kept = [s for s in kept if len(s.split()) >= MIN_SENTENCE_WORDS][:MAX_QUOTES]
        out += [(path.stem, sentence) for sentence in kept]
    return out


def _without(candidates: list, removed: set[int]) -> list:  # type: ignore[type-arg]
    """``candidates`` less those in ``removed``, the search scores made relative to the
    best that is left (as the retriever would have given them)."""
    from dataclasses import replace

    kept = [c for c in candidates if c.claim_id not in removed]
    best = max((c.lexical for c in kept), default=0.0)
    return [replace(c, lexical=c.lexical / best if best else 0.0) for c in kept]


def _fit(
    x: np.ndarray, y: np.ndarray, r: np.ndarray, held: np.ndarray, l2: float = 1.0
) -> np.ndarray:
    """Weighted logistic regression by Newton's method (a handful of features, some tens of
    thousands of rows; deterministic: no sampling, so no seed to fix). ``held`` gives the
    weights held fixed (NaN: fitted)."""
    free = np.isnan(held)
    offset = x[:, ~free] @ held[~free]
    xf = x[:, free]
    w = np.zeros(xf.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(xf @ w + offset)))
        gradient = xf.T @ (r * (p - y)) + l2 * w
        hessian = (xf * (r * p * (1 - p))[:, None]).T @ xf + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    out = held.copy()
    out[free] = w
    return out


#: Signs we hold whatever one benchmark says: a clash of numbers or years, and a negation
#: on one side only, never make two passages more alike. Tweets that quote a claim to deny
#: it are common in CLEF, so a free fit gives negation a small positive weight.
PRIORS = {"numbers_clash": -1.5, "years_clash": -1.0, "negation_one_sided": -0.75}

#: A least cosine under which a pair scored 0 (held, 86fbbb1), until the score was fitted
#: on passages that repeat nothing; the bench still measures the score with it.
FLOOR = 0.3

#: Each kind's rows count as this many (fitting only): a passage that repeats nothing
#: weighs as much as a tweet that repeats something, whatever its number of candidates.
KIND_WEIGHT = {"tweet": 1.0, "tweet, its claim removed": 1.0, "news sentence": 1.0}


def fit(passages: list[Passage]) -> dict[str, float]:
    """The score's weights fitted on the tuning passages of every kind, :data:`PRIORS` held
    fixed during the fit."""
    from claimtracker.matching import score

    rows = [(p, label, f) for p in passages if not p.held for label, f in p.pairs]
    x = np.array([score.expand([f[n] for n in score.NAMES]) for _, _, f in rows])
    y = np.array([label for _, label, _ in rows], dtype=float)
    r = np.array([KIND_WEIGHT[p.kind] for p, _, _ in rows])
    held = np.array([PRIORS.get(n, np.nan) for n in score.EXPANDED])
    w = _fit(x, y, r, held)
    return dict(zip(score.EXPANDED, (round(float(v), 3) for v in w), strict=True))


def measure(
    passages: list[Passage], weights: dict[str, float], threshold: float, floor: float | None
) -> dict[str, object]:
    """Per split: MAP@5 and P@1 of the tweets; at ``threshold``, the recall of the tweets'
    own claims and the share of passages that repeat nothing yet show a match (of each
    kind); scores under a cosine of ``floor`` count as 0."""
    from claimtracker.matching import score

    def scored(features: dict[str, float]) -> float:
        if floor is not None and features["cosine"] < floor:
            return 0.0
        return score.probability([features[n] for n in score.NAMES], weights)

    out: dict[str, object] = {}
    for split in ("tuning", "held aside"):
        chosen = [p for p in passages if p.held == (split == "held aside")]
        aps, p1, found = [], [], []
        for p in (p for p in chosen if p.kind == "tweet"):
            ranked = sorted(((scored(f), label) for label, f in p.pairs), key=lambda x: -x[0])
            aps.append(average_precision([label for _, label in ranked], p.relevant))
            p1.append(float(bool(ranked) and ranked[0][1] == 1))
            found.append(float(any(label and s >= threshold for s, label in ranked)))
        out[f"{split} / MAP@5"] = statistics.mean(aps)
        out[f"{split} / P@1"] = statistics.mean(p1)
        out[f"{split} / tweets"] = len(aps)
        out[f"{split} / recall"] = statistics.mean(found)
        for kind in KINDS[1:]:
            shown = [
                float(any(scored(f) >= threshold for _, f in p.pairs))
                for p in chosen
                if p.kind == kind
            ]
            out[f"{split} / {kind} / false"] = statistics.mean(shown)
            out[f"{split} / {kind} / n"] = len(shown)
    return out


def average_precision(labels: list[int], relevant: int, k: int = 5) -> float:
    """AP@k of a ranking given as its labels (1: a claim the passage repeats), out of
    ``relevant`` claims it repeats."""
    hits, total = 0, 0.0
    for position, label in enumerate(labels[:k], start=1):
        if label:
            hits += 1
            total += hits / position
    return total / min(relevant, k) if relevant else 0.0


def quality(folder: Path, do_fit: bool, dump: Path | None = None) -> dict[str, object]:
    from flask_migrate import upgrade

    from bench.inprocess import app_for
    from claimtracker.extensions import db
    from claimtracker.jobs import runner
    from claimtracker.matching import rank, score
    from claimtracker.matching.text import clean
    from claimtracker.services import claimreview_import, matching, ratings

    claims, tweets, qrels = read_clef(folder)
    out: dict[str, object] = {"claims": len(claims), "tweets": len(qrels)}
    # Claims of the same text as another (CLEF holds some twice): removing a tweet's claim
    # removes its twins too, or the twin would be a "negative" that is the same claim.
    by_text: dict[str, set[int]] = {}
    for cid, (text, _) in claims.items():
        by_text.setdefault(clean(text).lower(), set()).add(cid)
    with tempfile.TemporaryDirectory() as tmp:
        app = app_for(f"sqlite:///{tmp}/clef.sqlite", Path(tmp))
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            ratings.ensure_scale(app.config["RATINGS"])
            db.session.commit()
            started = time.perf_counter()
            reports = claimreview_import.import_content(feed(claims))
            db.session.commit()
            # The import queues the claims' vectors for the worker; embed them here, timed.
            runner.run_due(limit=10**6)
            out["import_per_s"] = len(claims) / (time.perf_counter() - started)
            ours = {r.claim_id: i for i, r in zip(claims, reports, strict=True) if r.claim_id}
            theirs = {i: r for r, i in ours.items()}

            def passage(kind: str, held: bool, text: str, found: list, own: set[int]) -> Passage:  # type: ignore[type-arg]
                ranked = rank.rank(text, found, limit=matching.MAX_LIMIT)
                ids = tuple(ours.get(m.claim_id, -1) for m in ranked)
                pairs = [(int(i in own), m.features) for i, m in zip(ids, ranked, strict=True)]
                return Passage(kind, held, pairs, len(own), text, ids)

            passages: list[Passage] = []
            for tweet_id in qrels:
                text, found = matching.candidates(tweets[tweet_id][:4000])
                held = held_aside(tweet_id)
                passages.append(passage("tweet", held, text, found, qrels[tweet_id]))
                twins = set().union(
                    *(by_text[clean(claims[c][0]).lower()] for c in qrels[tweet_id])
                )
                removed = {theirs[c] for c in twins if c in theirs}
                passages.append(passage(KINDS[1], held, text, _without(found, removed), set()))
            for article, sentence in news_sentences():
                text, found = matching.candidates(sentence)
                passages.append(passage(KINDS[2], held_aside(article), text, found, set()))
            db.engine.dispose()
    if dump:  # every passage's candidates and their features, to study offline
        import pickle

        dump.write_bytes(pickle.dumps(passages))
    weights = fit(passages) if do_fit else score.WEIGHTS
    if do_fit:
        out["fitted"] = weights
    from claimtracker.config import DefaultConfig

    threshold = float(DefaultConfig.MATCH_THRESHOLD)
    out["threshold"] = threshold
    out["matching"] = measure(passages, weights, threshold, floor=None)
    # The floor the score had before it was fitted on passages that repeat nothing:
    # measured beside, to show whether it still changes anything.
    out[f"matching, cosine floor {FLOOR}"] = measure(passages, weights, threshold, floor=FLOOR)
    # A retriever alone ranks only what it found (lexical 0: not found).
    out["search index alone"] = _alone(passages, "lexical")
    out["vectors alone"] = _alone(passages, "cosine")
    out["calibration"] = _calibration(passages, weights)
    return out


def _alone(passages: list[Passage], feature: str) -> dict[str, float]:
    """MAP@5 and P@1 of the tweets ranked by one retriever's own score."""
    out = {}
    for split in ("tuning", "held aside"):
        aps, p1 = [], []
        for p in passages:
            if p.kind != "tweet" or p.held != (split == "held aside"):
                continue
            ranked = [
                label
                for label, f in sorted(p.pairs, key=lambda lf: -lf[1][feature])
                if feature != "lexical" or f["lexical"] > 0
            ]
            aps.append(average_precision(ranked, p.relevant))
            p1.append(float(bool(ranked) and ranked[0] == 1))
        out[f"{split} / MAP@5"] = statistics.mean(aps)
        out[f"{split} / P@1"] = statistics.mean(p1)
    return out


def _calibration(
    passages: list[Passage], weights: dict[str, float]
) -> list[tuple[str, int, float]]:
    """Held-aside pairs of every kind by score band: how many, and the share that were
    the same claim."""
    from claimtracker.matching import score

    bands = [(0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)]
    scores = [
        (score.probability([f[n] for n in score.NAMES], weights), label)
        for p in passages
        if p.held
        for label, f in p.pairs
    ]
    out = []
    for low, high in bands:
        labels = [label for s, label in scores if low <= s < high]
        share = statistics.mean(labels) if labels else math.nan
        out.append((f"{low:.1f}–{min(high, 1.0):.1f}", len(labels), share))
    return out


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def _recall(vectors, queries: list[str], k: int = 20) -> float:  # type: ignore[no-untyped-def]
    """Share of the exact ``k`` nearest vectors that the index's two-pass search returns
    (1.0 below the size where it starts to shortlist on principal axes)."""
    from claimtracker.matching import model

    found = total = 0
    for passage in queries[:100]:
        query = model.embed([passage[:4000]])[0]
        exact = {cid for cid, _ in vectors.exact_nearest(query, k)}
        found += len(exact & {cid for cid, _ in vectors.nearest(query, k)})
        total += len(exact)
    return found / total if total else math.nan


def speed(size: int, queries: list[str]) -> dict[str, object]:
    """Latency of match_text over a seeded database of ``size`` claims, and memory."""
    from sqlalchemy import func, select

    from bench import data
    from bench.inprocess import app_for
    from claimtracker.extensions import db
    from claimtracker.models import Claim, ClaimVector
    from claimtracker.services import claim_vectors, matching

    url, _ = data.sqlite_database(size)
    app = app_for(url, data.CACHE / "instance")
    out: dict[str, object] = {"size": size}
    with app.app_context():
        conn = db.session.connection()
        current = select(ClaimVector.claim_id).where(ClaimVector.model == claim_vectors.MODEL_NAME)
        missing = conn.scalars(select(Claim.id).where(Claim.id.not_in(current))).all()
        if missing:  # seeded without vectors, or with another model's
            started = time.perf_counter()
            claim_vectors.refresh(conn, missing)
            db.session.commit()
            out["embedded_per_s"] = len(missing) / (time.perf_counter() - started)
        out["vectors"] = db.session.scalar(select(func.count()).select_from(ClaimVector))
        rss_before = _rss_mib()
        started = time.perf_counter()
        matching.match_text("warm up: load the model and the matrix")
        out["first_query_s"] = time.perf_counter() - started
        out["matrix_mib"] = matching.memory_bytes() / 2**20
        out["rss_growth_mib"] = _rss_mib() - rss_before
        out["recall_at_20"] = _recall(matching.matrix(), queries)
        times, cpu = [], []
        for passage in queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            matching.match_text(passage[:4000])
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        db.session.rollback()
        db.engine.dispose()
    times.sort()
    cpu.sort()
    # On a shared machine the wall clock includes waiting for a core: CPU time beside it.
    out["cpu_p50_ms"] = statistics.median(cpu)
    out["cpu_p95_ms"] = cpu[max(0, math.ceil(len(cpu) * 0.95) - 1)]
    out["load"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    out["queries"] = len(times)
    out["p50_ms"] = statistics.median(times)
    out["p95_ms"] = times[max(0, math.ceil(len(times) * 0.95) - 1)]
    out["max_ms"] = times[-1]
    return out


def report(q: dict[str, object] | None, s: dict[str, object] | None) -> str:
    lines = ["## Claim matching", ""]
    if q:
        floored = next(k for k in q if k.startswith("matching, cosine floor"))
        lines += [
            f"CLEF 2020 CheckThat! task 2, training split: {q['claims']} claims imported "
            f"({q['import_per_s']:.0f}/s with vectors), {q['tweets']} tweets, "
            f"{HELD_ASIDE_PERCENT}% held aside (and as many of the news articles).",
            "",
            "| ranking | MAP@5 tuning | P@1 tuning | MAP@5 held aside | P@1 held aside |",
            "|---|---|---|---|---|",
        ]
        for name in ("matching", floored, "search index alone", "vectors alone"):
            m = q[name]
            lines.append(
                f"| {name} | {m['tuning / MAP@5']:.3f} | {m['tuning / P@1']:.3f} | "  # type: ignore[index]
                f"{m['held aside / MAP@5']:.3f} | {m['held aside / P@1']:.3f} |"  # type: ignore[index]
            )
        lines += [
            "",
            f"At MATCH_THRESHOLD {q['threshold']}: tweets whose own claim scores at least the "
            "threshold (recall), and passages that repeat nothing yet show a match "
            "(false repeats):",
            "",
            "| scoring | split | recall (tweets) | false: tweet, its claim removed | "
            "false: news sentence |",
            "|---|---|---|---|---|",
        ]
        for name in ("matching", floored):
            m = q[name]
            for split in ("tuning", "held aside"):
                lines.append(
                    f"| {name} | {split} | {m[f'{split} / recall']:.3f} "  # type: ignore[index]
                    f"({m[f'{split} / tweets']}) | "  # type: ignore[index]
                    + " | ".join(
                        f"{m[f'{split} / {kind} / false']:.3f} ({m[f'{split} / {kind} / n']})"  # type: ignore[index]
                        for kind in KINDS[1:]
                    )
                    + " |"
                )
        lines += [
            "",
            "Calibration on held-aside pairs (every kind): | score | pairs | same claim |",
            "|---|---|---|",
        ]
        for band, n, share in q["calibration"]:  # type: ignore[attr-defined]
            lines.append(f"| {band} | {n} | {share:.2f} |")
        if "fitted" in q:
            lines += ["", f"Fitted weights (tuning split): `{q['fitted']}`"]
        lines.append("")
    if s:
        lines += [
            f"Speed at {s['size']:,} claims ({s['vectors']:,} vectors), {s['queries']} passages "
            f"one after the other: p50 {s['p50_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms, max "
            f"{s['max_ms']:.1f} ms (target: p95 at most 50 ms); nearest vectors found "
            f"against an exact search: {s['recall_at_20']:.3f} of the top 20; CPU time p50 "
            f"{s['cpu_p50_ms']:.1f} ms, p95 {s['cpu_p95_ms']:.1f} ms (load average "
            f"{s['load']} on {os.cpu_count()} cores). First query (model and matrix "
            f"loaded) {s['first_query_s']:.1f} s. Matrix {s['matrix_mib']:.0f} MiB; the "
            f"process grew by {s['rss_growth_mib']:.0f} MiB loading model and matrix.",
        ]
        if "embedded_per_s" in s:
            lines.append(f"Vectors added to the cached database at {s['embedded_per_s']:.0f}/s.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clef", nargs="?", type=Path, help="CLEF 2020 task 2 folder")
    parser.add_argument("--fit", action="store_true", help="refit the weights (tuning split)")
    parser.add_argument("--size", type=int, default=100_000, help="claims for the speed part")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--dump", type=Path, help="pickle every passage's candidates here")
    parser.add_argument("--no-quality", action="store_true", help="CLEF tweets for speed only")
    args = parser.parse_args()
    q = quality(args.clef, args.fit, args.dump) if args.clef and not args.no_quality else None
    s = None
    if not args.no_speed:
        if args.clef:
            _, tweets, _ = read_clef(args.clef)
            passages = list(tweets.values())
        else:
            import random

            from claimtracker.services import seed_text

            rng = random.Random(5)
            passages = [seed_text.claim_text(rng, i) for i in range(args.queries)]
        s = speed(args.size, passages[: args.queries])
    print(report(q, s))


if __name__ == "__main__":
    main()
