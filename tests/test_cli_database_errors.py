"""Commands on a database that was never initialised, or is down: one line, a non-zero exit,
no traceback and no empty SQLite file left behind (issue 13, defect 6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = [
    ["export", "--format", "csv"],
    ["demo"],
    ["tokens", "create", "someone@example.org"],
    ["reindex"],
    ["import", "nothing.json"],
    ["users", "ensure-admin"],
    ["backup"],
    ["recheck", "--all"],
]


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "CLAIMTRACKER_INSTANCE_PATH": str(tmp_path),
        "CLAIMTRACKER_SECRET_KEY": "cli-test",
        **env,
    }
    environment.pop("CLAIMTRACKER_DATABASE_URL", None)
    environment.update(env)
    code = "from claimtracker.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_a_database_never_initialised_gives_one_line_and_no_file(tmp_path, args):
    (tmp_path / "nothing.json").write_text("[]")
    database = tmp_path / "never.sqlite"
    result = _run(args, tmp_path, CLAIMTRACKER_DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip().splitlines() == [
        f"Error: there is no database at {database} yet: run `claimtracker init`"
    ]
    assert not database.exists()


def test_an_empty_sqlite_file_says_init_first(tmp_path):
    database = tmp_path / "empty.sqlite"
    database.touch()
    result = _run(["reindex"], tmp_path, CLAIMTRACKER_DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode != 0
    assert result.stderr.strip() == "Error: the database has no tables yet: run `claimtracker init`"


def test_a_postgresql_server_that_is_down_is_named_in_one_line(tmp_path):
    # Port 9 on loopback: nothing listens there, the connection is refused at once.
    url = "postgresql+psycopg://postgres@127.0.0.1:9/test"
    result = _run(["export"], tmp_path, CLAIMTRACKER_DATABASE_URL=url)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("Error: cannot reach the database at postgresql+psycopg://")
    assert "127.0.0.1:9" in lines[0]
