"""Consistent database backups: SQLite's online backup API, or pg_dump for PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy.engine import URL, make_url

from claimtracker.services.errors import Invalid


def backup(database_url: str, target: Path) -> Path:
    """Write a consistent copy of the database to ``target``; return it.

    Safe while the app is serving (SQLite's backup API copies a consistent snapshot).
    Raises Invalid when the target exists or pg_dump is unavailable.
    """
    # A backup holds password and token hashes: create it owner-only (0600) before any
    # byte is written, and never over an existing file (O_EXCL, no check-then-write race).
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # a parent that is a file, an unwritable directory
        raise Invalid(
            _l("backup not written to %(target)s: %(reason)s", target=target, reason=err)
        ) from None
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise Invalid(_l("%(target)s already exists; choose another file", target=target)) from None
    except OSError as err:
        raise Invalid(
            _l("backup not written to %(target)s: %(reason)s", target=target, reason=err)
        ) from None
    url = make_url(database_url)
    try:
        if url.get_backend_name() == "sqlite":
            source = sqlite3.connect(url.database or "")
            dest = sqlite3.connect(target)
            try:
                with dest:
                    source.backup(dest)
            finally:
                source.close()
                dest.close()
            return target
        return _pg_dump(url, target)
    except (OSError, sqlite3.Error) as err:
        target.unlink(missing_ok=True)  # no partial file left behind to block the next try
        raise Invalid(
            _l("backup not written to %(target)s: %(reason)s", target=target, reason=err)
        ) from None
    except Invalid:
        target.unlink(missing_ok=True)
        raise


def _pg_dump(url: URL, target: Path) -> Path:
    exe = shutil.which("pg_dump")
    if exe is None:
        raise Invalid(_l("pg_dump is not installed; install postgresql-client"))
    libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
    run = subprocess.run(  # noqa: S603
        [exe, "--format=custom", f"--file={target}", libpq],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        target.unlink(missing_ok=True)
        raise Invalid(_l("pg_dump failed: %(output)s", output=run.stderr.strip()[:500]))
    return target
