"""The ClaimReview import on its own: `python -m bench.importing [N ...] [--pg] [--profile]`.

Imports the bench's synthetic feed (bench.feed) of N reviews (default 5000) into an empty
database, then the same feed again, BENCH_ROUNDS times (default 1), and prints reviews/s
on the wall clock and of CPU time, with the load average. SQLite by default (a temporary
file); ``--pg`` uses a PostgreSQL database of its own (ct_bench_import, next to
BENCH_PG_URL's), whose server process's CPU time is printed too: on PostgreSQL part of
the work is the server's. ``--profile`` prints the top of a pyinstrument profile of the
empty-database import instead of timing rounds. On a shared machine the wall clock
includes waiting for a core: compare the CPU figures between runs.
"""

from __future__ import annotations

import os
import sys

from bench import inprocess


def main(argv: list[str]) -> None:
    pg = "--pg" in argv
    sizes = [int(a.replace("_", "")) for a in argv if not a.startswith("--")] or [5000]
    if "--profile" in argv:
        for n in sizes:
            print(inprocess.import_profile(n, pg=pg), flush=True)
        return
    rounds = int(os.environ.get("BENCH_ROUNDS", "1"))
    for n in sizes:
        for number in range(rounds):
            out = inprocess.import_rate(n, pg=pg)
            for run in ("empty", "again"):
                server = out.get(f"{run}_server_cpu")
                print(
                    f"{'PostgreSQL' if pg else 'SQLite'} {n:,} reviews, round {number + 1}, "
                    f"{run}: {out[run]:,.0f}/s wall ({n / out[run]:.1f} s), "
                    f"{out[f'{run}_cpu']:,.0f}/s CPU ({n / out[f'{run}_cpu']:.1f} s)"
                    + (f", server CPU {server:.1f} s" if server is not None else "")
                    + f"; load {out[f'{run}_load']:.1f}; {out[f'{run}_statuses']}",
                    flush=True,
                )


if __name__ == "__main__":
    main(sys.argv[1:])
