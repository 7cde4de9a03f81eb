"""The results as Markdown: one table per database, the targets, the machine."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import subprocess
from pathlib import Path

from bench.wrk import Run


def machine() -> str:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        ln.split(":", 1)[1].strip()
        for ln in Path("/proc/meminfo").read_text().splitlines()
        if ln.startswith("MemTotal")
    )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    return (
        f"- CPU: {cpu}, {os.cpu_count()} cores; memory {mem}; load average at start {load}\n"
        f"- {platform.platform()}; Python {platform.python_version()}; "
        f"SQLite {sqlite3.sqlite_version}; {wrk.strip()}\n"
    )


def _fmt(values: list[float], digits: int = 0) -> str:
    mid = statistics.median(values)
    if len(values) == 1:
        return f"{mid:,.{digits}f}"
    return f"{mid:,.{digits}f} ({min(values):,.{digits}f}–{max(values):,.{digits}f})"


def table(rounds: list[dict[str, Run]]) -> str:
    """Median and range over rounds; ratios to hello are taken within each round."""
    names = list(rounds[0])
    lines = [
        "| endpoint | req/s | p50 ms | p99 ms | ratio to hello | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        runs = [r[name] for r in rounds]
        ratios = [r[name].rps / r["hello"].rps for r in rounds]
        errors = sum(x.bad_status + x.socket_errors for x in runs)
        lines.append(
            f"| {name} | {_fmt([x.rps for x in runs])} | {_fmt([x.p50_ms for x in runs], 1)} "
            f"| {_fmt([x.p99_ms for x in runs], 1)} | {_fmt(ratios, 3)} | {errors} |"
        )
    return "\n".join(lines) + "\n"


def ratio(rounds: list[dict[str, Run]], name: str, over: str = "hello") -> float:
    return statistics.median(r[name].rps / r[over].rps for r in rounds)


def p95(rounds: list[dict[str, Run]], name: str) -> float:
    return statistics.median(r[name].p95_ms for r in rounds)
