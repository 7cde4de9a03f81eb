"""A wheel built from pyproject.toml works like the checkout: every package and template."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _declared_packages() -> set[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return set(data["tool"]["setuptools"]["packages"])


def test_every_package_directory_is_declared():
    found = set()
    for base, prefix in (
        (ROOT / "claimtracker", "claimtracker"),
        (ROOT / "templates", "claimtracker.templates"),
    ):
        for path in [base, *base.rglob("*")]:
            if path.is_dir() and "__pycache__" not in path.parts:
                found.add(".".join([prefix, *path.relative_to(base).parts]))
    missing = found - _declared_packages()
    assert not missing, f"add these to [tool.setuptools] packages: {sorted(missing)}"


def test_wheel_carries_templates_migrations_and_demo(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("claimtracker-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "templates").rglob("*.html"):
        assert f"claimtracker/templates/{template.relative_to(ROOT / 'templates')}" in names
    for version in (ROOT / "claimtracker/migrations/versions").glob("*.py"):
        assert f"claimtracker/migrations/versions/{version.name}" in names
    assert "claimtracker/migrations/script.py.mako" in names
    assert "claimtracker/demo/hollywood-unlocked-2019-06-01.txt" in names
    assert "claimtracker/static/style.css" in names


def test_installed_wheel_serves_pages_outside_the_checkout(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("claimtracker-*.whl"))
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    script = f"""
import claimtracker, sys
assert claimtracker.__file__.startswith({str(target)!r}), claimtracker.__file__
from claimtracker import create_app
from claimtracker.extensions import db
from flask_migrate import upgrade
app = create_app({{"DATABASE_URL": "sqlite:///{tmp_path}/w.sqlite", "INSTANCE_PATH": "{tmp_path}"}})
with app.app_context():
    upgrade(directory=app.extensions["migrate"].directory)
    from claimtracker.services import demo
    demo.load(); db.session.commit()
resp = app.test_client().get("/claims/1", follow_redirects=True)
assert resp.status_code == 200 and b"badge" in resp.data, resp.status_code
print("ok")
"""
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert run.stdout.strip().endswith("ok"), run.stderr[-2000:]
