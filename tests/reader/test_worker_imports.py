"""A worker that only serves readers does not load what only writers and the desk use.

Every gunicorn worker imports the app; numpy and the embedding model (matching), lxml and
trafilatura (the article extractor), Pillow (the share card), jsonschema (API request
bodies) and Huey with its storage drivers (the job queue) would cost each worker tens of
megabytes it never uses while serving readers (issue 8's memory budget, README "Speed").
They load on first use instead. The check runs in a fresh interpreter: the test process
has long imported them all.
"""

from __future__ import annotations

import json
import subprocess
import sys

#: What a reader's requests must not load (top-level package names).
WRITER_ONLY = ("numpy", "trafilatura", "PIL", "jsonschema", "huey")

SCRIPT = """
import json, sys
from claimtracker import create_app

config = json.loads(sys.stdin.read())
paths = config.pop("_paths")
app = create_app(config)
client = app.test_client()
statuses = {path: client.get(path).status_code for path in paths}
loaded = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"statuses": statuses, "loaded": loaded}))
"""


def _in_fresh_interpreter(script: str, config: dict) -> dict:
    """Run ``script`` in a new Python, the config on its stdin; its last line, as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(config),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_reader_requests_load_no_writer_library(app_config, publish, client):
    claim_id = publish(2)[0]
    page = client.get(f"/claims/{claim_id}", follow_redirects=True).request.path
    paths = [
        "/",
        page,
        f"/claims/{claim_id}",
        "/claims?q=bridges",
        "/claims",
        f"/api/v1/claims/{claim_id}",
        "/api/v1/claims?q=bridges",
        "/feed.atom",
        "/healthz",
    ]
    report = _in_fresh_interpreter(SCRIPT, {**app_config, "_paths": paths})
    assert set(report["statuses"].values()) <= {200, 301, 308}, report["statuses"]
    # The reader's pages were really served (a 200 for the claim page and search).
    assert report["statuses"][page] == 200
    assert report["statuses"]["/claims?q=bridges"] == 200
    assert [name for name in WRITER_ONLY if name in report["loaded"]] == []


def test_a_write_still_loads_what_it_needs(app_config):
    """The lazy imports are real imports: the queue and the model load when first used."""
    script = """
import json, sys
from claimtracker import create_app
from claimtracker.jobs import broker
from claimtracker.services import matching

app = create_app(json.loads(sys.stdin.read()))
with app.app_context():
    queue = broker.huey_of()
    assert broker.huey_of() is queue  # built once
    matches = matching.match_text("bridges fall down in the wind")
print(json.dumps({"queue": type(queue).__name__, "matches": len(matches),
                  "numpy": "numpy" in sys.modules}))
"""
    report = _in_fresh_interpreter(script, app_config)
    assert report == {"queue": "SqliteHuey", "matches": 0, "numpy": True}
