"""`make audit`: Lighthouse on the home page, a claim page and the search page.

The demo is loaded into a fresh SQLite database in a temporary folder and served with the
gunicorn command `make run` uses; Lighthouse (npm, pinned 12.2.3: 13 needs Node 22) drives
Debian's chromium headless, once per page, in its default mobile emulation. Every category
(performance, accessibility, best practices, SEO) must score at least AUDIT_MIN (95).
Writes bench/results/audit-<date>.md and exits 1 when a score is below the bar.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(folder: Path, port: int) -> tuple[subprocess.Popen, dict[str, str]]:
    env = {
        **os.environ,
        "CLAIMTRACKER_INSTANCE_PATH": str(folder),
        "CLAIMTRACKER_DATABASE_URL": f"sqlite:///{folder / 'audit.sqlite'}",
        "CLAIMTRACKER_ORGANISATION_URL": f"http://127.0.0.1:{port}/",
    }
    bin_dir = Path(sys.executable).parent
    for command in (["init"], ["demo"]):
        subprocess.run([str(bin_dir / "claimtracker"), *command], env=env, check=True)
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "claimtracker.serving.Worker",
            "claimtracker:create_app()",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server, env
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("audit: the server did not start")


def _claim_path(base: str) -> str:
    with urllib.request.urlopen(f"{base}/api/v1/claims?per_page=1", timeout=10) as resp:
        return urllib.parse.urlsplit(json.load(resp)["items"][0]["url"]).path


def lighthouse(url: str, lighthouse_bin: str, out: Path) -> dict[str, int]:
    """The four category scores (0–100) Lighthouse gives ``url``."""
    subprocess.run(
        [
            lighthouse_bin,
            url,
            f"--chrome-path={CHROMIUM}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
        ],
        check=True,
        timeout=300,
    )
    report = json.loads(out.read_text())
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    lighthouse_bin = os.environ.get(
        "LIGHTHOUSE", str(ROOT / ".audit" / "node_modules" / ".bin" / "lighthouse")
    )
    minimum = int(os.environ.get("AUDIT_MIN", "95"))
    with tempfile.TemporaryDirectory(prefix="claimtracker-audit-") as tmp:
        folder = Path(tmp)
        port = _free_port()
        server, _env = _serve(folder, port)
        base = f"http://127.0.0.1:{port}"
        try:
            pages = {
                "home": "/",
                "claim": _claim_path(base),
                "search": "/claims?q=San+Quentin",
            }
            scores = {
                name: lighthouse(base + path, lighthouse_bin, folder / f"{name}.json")
                for name, path in pages.items()
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
    lines = [
        f"# Lighthouse audit, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        "Lighthouse 12.2.3, Debian chromium headless, default (mobile) emulation; demo data,"
        " gunicorn as `make run` serves it.",
        "",
        "| page | " + " | ".join(CATEGORIES) + " |",
        "|---|" + "---|" * len(CATEGORIES),
    ]
    for name, got in scores.items():
        lines.append(f"| {name} | " + " | ".join(str(got[c]) for c in CATEGORIES) + " |")
    low = [
        f"{name} {c} {got[c]}"
        for name, got in scores.items()
        for c in CATEGORIES
        if got[c] < minimum
    ]
    lines += [
        "",
        f"Bar: {minimum} in every category. "
        + ("Below: " + ", ".join(low) if low else "All pass."),
    ]
    text = "\n".join(lines) + "\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"audit-{datetime.now(UTC):%Y-%m-%d}.md").write_text(text)
    print(text)
    return 1 if low else 0


if __name__ == "__main__":
    raise SystemExit(main())
