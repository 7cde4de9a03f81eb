"""`make bench`: claimtracker under `make run`'s gunicorn beside a hello app and Datasette.

For each size (BENCH_SIZES, default 1000,100000,1000000) a seeded SQLite database (cached
in bench/.cache/) is served; wrk (-t2 -c16, BENCH_SECONDS each, default 10) runs against
every endpoint in turn, BENCH_ROUNDS times (default 3), so the ratios to hello come from
the same minutes of the same machine. PostgreSQL sizes: BENCH_PG_SIZES (default 100000;
empty to skip). Then cold search latency, the import rate, worker RSS, and profiles of the
missed targets. Writes bench/results/<date>.md and prints it.
"""

from __future__ import annotations

import os
import time
import urllib.request
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from bench import data, inprocess, report, servers, wrk

RESULTS = Path(__file__).resolve().parent / "results"


def _sizes(name: str, default: str) -> list[int]:
    raw = os.environ.get(name, default)
    return [int(x.replace("_", "")) for x in raw.split(",") if x.strip()]


def _etag(base: str, path: str) -> str:
    with urllib.request.urlopen(base + path) as resp:
        return resp.headers["ETag"]


def measure(url: str, size: int, sqlite_file: Path | None, seconds: int, rounds: int) -> dict:
    """Serve ``url`` and time every endpoint; returns the rounds, RSS and the paths."""
    t = data.targets(url)
    claims = t["claims"]
    instance = data.CACHE / "instance"
    with ExitStack() as stack:
        hello_port, hello = servers.hello()
        stack.enter_context(hello)
        port, ours = servers.ours(url, instance)
        master = stack.enter_context(ours)
        base = f"http://127.0.0.1:{port}"
        paths = [p for _, p in claims]
        endpoints: dict[str, tuple[str, list[str]]] = {
            "hello": (f"http://127.0.0.1:{hello_port}", ["/"]),
            "claim page, one (viral) claim": (base, paths[:1]),
            "claim page, 400 claims at random": (base, paths),
            "claim page, If-None-Match → 304": (
                base,
                [f"{p}\t{_etag(base, p)}" for p in paths[:50]],
            ),
            "/claims/<id> → 301": (base, [f"/claims/{i}" for i, _ in claims]),
            "API claim detail": (base, [f"/api/v1/claims/{i}" for i, _ in claims]),
            "search, mix of 100": (base, data.search_mix(t)),
        }
        if sqlite_file is not None:
            ds_port, ds = servers.datasette(sqlite_file)
            stack.enter_context(ds)
            name = sqlite_file.stem
            endpoints["Datasette row page"] = (
                f"http://127.0.0.1:{ds_port}",
                [f"/{name}/claim/{i}" for i, _ in claims],
            )
        for host, lines in endpoints.values():  # warm up: connections, imports, OS cache
            wrk.run(host, lines, 1)
        results = []
        for number in range(rounds):
            print(f"  round {number + 1}/{rounds}", flush=True)
            results.append(
                {name: wrk.run(host, lines, seconds) for name, (host, lines) in endpoints.items()}
            )
        rss = servers.worker_rss_mb(master)
    return {"rounds": results, "rss": rss, "targets": t, "paths": endpoints}


def main() -> None:
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    sizes = _sizes("BENCH_SIZES", "1000,100000,1000000")
    pg_sizes = _sizes("BENCH_PG_SIZES", "100000")
    started = datetime.now(UTC)
    out = [
        f"# claimtracker bench, {started:%Y-%m-%d %H:%M} UTC\n",
        report.machine(),
        f"- served by: `{' '.join(servers.make_run_command(5000)[1:])}` (from `make -n run`)",
        f"- wrk -t2 -c16, {seconds} s per endpoint, {rounds} rounds, endpoints interleaved\n",
    ]
    runs: dict[tuple[str, int], dict] = {}
    seeded: dict[tuple[str, int], float] = {}
    plan = [("sqlite", n) for n in sizes] + [("postgresql", n) for n in pg_sizes]
    for backend, n in plan:
        print(f"{backend} {n:,} claims: preparing", flush=True)
        if backend == "sqlite":
            url, rate = data.sqlite_database(n)
            sqlite_file = Path(url.removeprefix("sqlite:///"))
        else:
            url, rate = data.pg_database(n)
            sqlite_file = None
        if rate:
            seeded[(backend, n)] = rate
        runs[(backend, n)] = result = measure(url, n, sqlite_file, seconds, rounds)
        result["url"] = url
        out.append(f"\n## {backend}, {n:,} claims\n\n" + report.table(result["rounds"]))
        rss = result["rss"]
        out.append(f"\nRSS per worker after the runs: {', '.join(f'{r:.0f} MB' for r in rss)}\n")
        cold = inprocess.search_cold(
            url, data.CACHE / "instance", data.search_mix(result["targets"])
        )
        result["search"] = cold
        out.append(
            f"\nSearch, in process, cold (each of the 100 once, no cache warmed by an earlier "
            f"identical request): p50 {cold['p50']:.0f} ms, **p95 {cold['p95']:.0f} ms**, "
            f"max {cold['max']:.0f} ms; in the process's own CPU time p50 "
            f"{cold['p50_cpu']:.0f} ms, p95 {cold['p95_cpu']:.0f} ms; slowest: "
            + "; ".join(f"`{p}` {ms:.0f} ms" for ms, p in cold["slowest"][:3])
            + "\n"
        )
        print(out[-3] + out[-2] + out[-1], flush=True)
    if seeded:
        out.append(
            "\n## Seeding\n\n"
            + "".join(f"- {b} {n:,}: {rate:,.0f} claims/s\n" for (b, n), rate in seeded.items())
        )
    reviews = int(os.environ.get("BENCH_IMPORT", "5000"))
    imported = inprocess.import_rate(reviews)
    out.append(
        f"\n## Import\n\nA synthetic {reviews:,}-review ClaimReview feed into an empty SQLite "
        "database: "
        f"**{imported['empty']:,.0f} reviews/s** ({imported['empty_cpu']:,.0f}/s of the "
        f"process's own CPU time; {imported['empty_statuses']}); the same feed again: "
        f"**{imported['again']:,.0f} reviews/s** ({imported['again_cpu']:,.0f}/s of CPU time; "
        f"{imported['again_statuses']}).\n"
    )
    out.append(targets_section(runs, imported))
    out.append(profiles(runs, imported))
    text = "\n".join(out)
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"{started:%Y-%m-%d}.md"
    target.write_text(text)
    print(text)
    print("Written to", target)


MISSED: list[str] = []


def targets_section(runs: dict, imported: dict) -> str:
    lines = ["\n## Targets\n", "| target | measured | met |", "|---|---:|:---:|"]

    def add(name: str, value: str, ok: bool, key: str) -> None:
        lines.append(f"| {name} | {value} | {'yes' if ok else '**no**'} |")
        if not ok:
            MISSED.append(key)

    mid = runs.get(("sqlite", 100000)) or runs.get(next(iter(runs)))
    r = mid["rounds"]
    viral = report.ratio(r, "claim page, one (viral) claim")
    add("claim page ≥ 0.5× hello (100k)", f"{viral:.2f}", viral >= 0.5, "claim")
    many = report.ratio(r, "claim page, 400 claims at random")
    add("(same, 400 claims at random: mostly misses)", f"{many:.2f}", many >= 0.5, "claim-miss")
    if "Datasette row page" in r[0]:
        vs = report.ratio(r, "claim page, one (viral) claim", "Datasette row page")
        add("claim page ≥ 5× Datasette's row page", f"{vs:.1f}×", vs >= 5, "claim")
    not_modified = report.ratio(r, "claim page, If-None-Match → 304")
    add("304 ≥ 0.8× hello", f"{not_modified:.2f}", not_modified >= 0.8, "304")
    big = max((n for b, n in runs if b == "sqlite"), default=None)
    small = min((n for b, n in runs if b == "sqlite"), default=None)
    if big is not None:
        p95 = runs[("sqlite", big)]["search"]["p95"]
        add(f"search p95 ≤ 50 ms cold ({big:,})", f"{p95:.0f} ms", p95 <= 50, "search")
        rss = max(runs[("sqlite", big)]["rss"])
        add(f"RSS ≤ 150 MB per worker ({big:,})", f"{rss:.0f} MB", rss <= 150, "rss")
    if big and small and big != small:
        name = "claim page, 400 claims at random"
        scale = report.p95(runs[("sqlite", big)]["rounds"], name) / report.p95(
            runs[("sqlite", small)]["rounds"], name
        )
        add(f"claim page p95 {big:,} ÷ {small:,} ≤ 1.3", f"{scale:.2f}", scale <= 1.3, "scale")
    for run in ("empty", "again"):
        rate = imported[run]
        add(f"import ≥ 2,000 reviews/s ({run})", f"{rate:,.0f}/s", rate >= 2000, "import")
    return "\n".join(lines) + "\n"


def profiles(runs: dict, imported: dict) -> str:
    if not MISSED:
        return ""
    key = max(((b, n) for b, n in runs if b == "sqlite"), key=lambda k: k[1], default=None)
    if key is None:
        return ""
    result = runs[key]
    paths = {name: lines for name, (_host, lines) in result["paths"].items()}
    wanted: dict[str, list[str]] = {}
    if "claim" in MISSED or "claim-miss" in MISSED or "scale" in MISSED:
        wanted["claim page, random claims"] = paths["claim page, 400 claims at random"]
    if "304" in MISSED:
        wanted["304"] = paths["claim page, If-None-Match → 304"]
    if "search" in MISSED:
        wanted["search mix, cold"] = paths["search, mix of 100"]
    out = [f"\n## Profiles of the missed targets ({key[0]}, {key[1]:,} claims, pyinstrument)\n"]
    out += inprocess.page_profiles(result["url"], data.CACHE / "instance", wanted)
    if "import" in MISSED:
        out.append(inprocess.import_profile())
    return "\n".join(out)


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    from bench import quotes

    print()
    quotes.main()
    print(f"bench took {time.perf_counter() - t0:.0f} s")
