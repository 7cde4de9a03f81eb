"""The project stands on its own: a clone anywhere runs and reads without outside folders."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Where outside material used to be read from, and the folder it came from.
OUTSIDE = re.compile(
    r"\.\./shared|/work/|shared/fixtures|shared folder|DESIGN\.md|cases/san-quentin"
)
TEXT = {".py", ".md", ".html", ".toml", ".cfg", ".ini", ".txt", ".css", ".js", ".mako", ""}


def _project_files() -> list[Path]:
    files = [ROOT / "Makefile", ROOT / "pyproject.toml", ROOT / "README.md"]
    for top in ("claimtracker", "templates", "tests", "bench", "docs"):
        for path in (ROOT / top).rglob("*"):
            if (
                path.is_file()
                and path.suffix in TEXT
                and "__pycache__" not in path.parts
                and not path.is_relative_to(ROOT / "tests" / "fixtures")
            ):
                files.append(path)
    return files


def test_no_path_outside_the_project():
    files = _project_files()
    assert len(files) > 100
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in files
        if path != Path(__file__).resolve()
        for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert found == []


def test_fixtures_have_their_sources():
    """Every fixture file is named (by name or stem) in tests/fixtures/SOURCES.md or in a
    SOURCES.md of a folder holding it."""
    fixtures = ROOT / "tests" / "fixtures"
    files = [p for p in fixtures.rglob("*") if p.is_file() and p.name != "SOURCES.md"]
    assert len(files) > 40
    for path in files:
        sources = "".join(
            (folder / "SOURCES.md").read_text()
            for folder in [path.parent, *path.parent.parents]
            if folder.is_relative_to(fixtures) and (folder / "SOURCES.md").exists()
        )
        stem = path.name.split(".")[0]
        assert path.name in sources or stem in sources, path.relative_to(fixtures)
