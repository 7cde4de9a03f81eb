"""Cold search on its own: `python -m bench.search [SIZE ...]` (default 100000).

The same mix of 100 searches and the same cold measurement as `make bench`
(bench.inprocess.search_cold), on a SQLite database seeded and cached by bench.data,
BENCH_ROUNDS times (default 3), without the servers, wrk and the other endpoints. Prints
wall and CPU (process) time per round: on a shared machine the wall clock includes waiting
for a core, so the CPU figures are the ones to compare between runs.
"""

from __future__ import annotations

import os
import sys

from bench import data, inprocess


def main(argv: list[str]) -> None:
    sizes = [int(a.replace("_", "")) for a in argv] or [100_000]
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    for n in sizes:
        url, _rate = data.sqlite_database(n)
        mix = data.search_mix(data.targets(url))
        for number in range(rounds):
            cold = inprocess.search_cold(url, data.CACHE / "instance", mix)
            slowest = "; ".join(f"`{p}` {ms:.0f} ms" for ms, p in cold["slowest"][:3])
            print(
                f"{n:,} claims, round {number + 1}: wall p50 {cold['p50']:.0f} ms, "
                f"p95 {cold['p95']:.0f} ms; CPU p50 {cold['p50_cpu']:.0f} ms, "
                f"p95 {cold['p95_cpu']:.0f} ms; load {os.getloadavg()[0]:.1f}; "
                f"slowest: {slowest}",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
