"""Run wrk against a list of paths and read back its summary."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).with_name("wrk.lua")


@dataclass
class Run:
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    bad_status: int
    socket_errors: int


def run(base: str, lines: list[str], seconds: int, threads: int = 2, connections: int = 16) -> Run:
    """``wrk -t2 -c16 -dNs`` over ``lines`` (each "path" or "path<TAB>etag")."""
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as f:
        f.write("\n".join(lines) + "\n")
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(LUA),
                base,
            ],
            env={**os.environ, "BENCH_PATHS": f.name},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(f.name)
    line = next(ln for ln in out.splitlines() if ln.startswith("BENCH "))
    requests, micros, p50, p95, p99, bad, errors = (int(x) for x in line.split()[1:])
    return Run(requests / (micros / 1e6), p50 / 1e3, p95 / 1e3, p99 / 1e3, bad, errors)
