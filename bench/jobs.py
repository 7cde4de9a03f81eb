"""`make bench` (second part): background jobs.

* fetch latency seen by the user: logging an article by URL in the request (as before the
  worker) against enqueueing it (as now), with the page server answering after BENCH_DELAY s;
* jobs processed per second by one ``claimtracker worker`` (BENCH_THREADS threads) logging
  BENCH_JOBS distinct articles from a local page server.

Prints a Markdown table. BENCH_REDIS_URL measures the Redis queue instead of SQLite.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select

from claimtracker import create_app
from claimtracker.extensions import db
from claimtracker.jobs.store import aware
from claimtracker.models import Job
from claimtracker.services import article_jobs, articles, ratings

PAGE = """<!doctype html><html><head><title>Story {n}</title>
<meta property="og:site_name" content="Bench Gazette"></head><body><article>
<h1>Story {n}</h1>{body}</article></body></html>"""
PARAGRAPH = (
    "<p>The council said on Tuesday that the budget for story {n} would rise by {k} "
    "per cent next year, and the mayor agreed.</p>"
)


def _server(delay: float) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args) -> None:
            pass

        def do_GET(self) -> None:
            if self.path.startswith("/slow/"):
                time.sleep(delay)
            n = self.path.rstrip("/").rsplit("/", 1)[-1]
            body = "".join(PARAGRAPH.format(n=n, k=k) for k in range(12))
            data = PAGE.format(n=n, body=body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def main() -> None:
    jobs_n = int(os.environ.get("BENCH_JOBS", "200"))
    threads = int(os.environ.get("BENCH_THREADS", "2"))
    delay = float(os.environ.get("BENCH_DELAY", "2.0"))
    redis_url = os.environ.get("BENCH_REDIS_URL")
    tmp = Path(tempfile.mkdtemp(prefix="ct-bench-jobs-"))
    config = {
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite'}",
        "INSTANCE_PATH": str(tmp),
        "SECRET_KEY": "bench",
        "FETCH_ALLOWED_HOSTS": ["127.0.0.1"],
        "JOBS_QUEUE_NAME": "ct_bench_" + uuid.uuid4().hex[:8],
        "WORKER_POLL_SECONDS": 0.2,
    }
    if redis_url:
        config["REDIS_URL"] = redis_url
    app = create_app(config)
    httpd, base = _server(delay)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        ratings.ensure_scale(app.config["RATINGS"])
        db.session.commit()
        before, after = [], []
        for n in range(5):
            t = time.perf_counter()
            articles.log_from_url(None, f"{base}/slow/sync-{n}")  # type: ignore[arg-type]
            db.session.commit()
            before.append(time.perf_counter() - t)
            t = time.perf_counter()
            article_jobs.request_fetch(None, f"{base}/slow/queued-{n}")  # type: ignore[arg-type]
            db.session.commit()
            after.append(time.perf_counter() - t)
        db.session.execute(Job.__table__.delete())
        db.session.commit()
        for n in range(jobs_n):
            article_jobs.request_fetch(None, f"{base}/fast/{n}")  # type: ignore[arg-type]
        db.session.commit()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACKER_")}
    env.update(
        {f"CLAIMTRACKER_{k}": v if isinstance(v, str) else json.dumps(v) for k, v in config.items()}
    )
    exe = str(Path(sys.executable).parent / "claimtracker")
    worker = subprocess.Popen(
        [exe, "worker", "--threads", str(threads)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with app.app_context():
            while True:
                done = db.session.scalar(
                    select(func.count()).select_from(Job).where(Job.state.in_(["done", "failed"]))
                )
                db.session.rollback()
                if done >= jobs_n:
                    break
                time.sleep(0.2)
            first = db.session.scalar(select(func.min(Job.started_at)))
            last = db.session.scalar(select(func.max(Job.finished_at)))
            failed = db.session.scalar(
                select(func.count()).select_from(Job).where(Job.state == "failed")
            )
    finally:
        worker.terminate()
        worker.wait()
        httpd.shutdown()
        if redis_url:  # leave nothing behind in a shared Redis
            import redis

            client = redis.Redis.from_url(redis_url)
            for key in client.scan_iter(match=f"huey.*.{config['JOBS_QUEUE_NAME']}*"):
                client.delete(key)
    span = (aware(last) - aware(first)).total_seconds()  # type: ignore[operator]
    queue = "Redis" if redis_url else "SQLite"
    print(f"\n| background jobs ({queue} queue, SQLite database) | value |")
    print("|---|---|")
    print(
        f"| log by URL, page answers after {delay:g} s: in the request (before) | "
        f"median {statistics.median(before) * 1000:.0f} ms |"
    )
    queued = statistics.median(after) * 1000
    print(f"| log by URL: enqueue and answer (now) | median {queued:.1f} ms |")
    print(
        f"| one worker, {threads} threads, {jobs_n} fetch jobs | "
        f"{jobs_n / span:.1f} jobs/s ({span:.1f} s, {failed} failed) |"
    )


if __name__ == "__main__":
    main()
