"""The package graph keeps its layers: ``python -m claimtracker.devtools.layers``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from claimtracker.devtools import layers

ROOT = Path(__file__).resolve().parents[1]


#: Rules main breaks today, listed while a branch rewrites the code that breaks them. A
#: ratchet, not a skip: the test fails on any rule broken that is not listed, and on a listed
#: one that is kept again, so each line must be struck as the fix lands. Empty now: the desk
#: became the web/desk/ package and the feeds stopped importing the reader blueprint back.
PENDING: set[str] = set()


def test_the_project_keeps_its_layers():
    broken = set(layers.problems(layers.build(ROOT)))
    assert sorted(broken - PENDING) == [], "a new broken rule"
    assert sorted(PENDING - broken) == [], "fixed: strike it from PENDING"


def test_the_command_prints_the_project_graph():
    result = subprocess.run(
        [sys.executable, "-m", "claimtracker.devtools.layers"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "[entry points]" in result.stdout and "[pure core]" in result.stdout
    if PENDING:
        assert result.returncode == 1 and f"{len(PENDING)} broken rule(s):" in result.stdout
    else:
        assert result.returncode == 0 and "No cycle, no upward edge." in result.stdout


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, source in {"claimtracker/__init__.py": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return tmp_path


def _problems(tmp_path: Path, files: dict[str, str]) -> list[str]:
    return layers.problems(layers.build(_tree(tmp_path, files)))


def test_a_clean_tree_passes(tmp_path):
    found = _problems(
        tmp_path,
        {
            "claimtracker/web/__init__.py": "from claimtracker.services import x\n",
            "claimtracker/services/__init__.py": "from claimtracker.models import Claim\n",
            "claimtracker/models/__init__.py": "from claimtracker.extensions import db\n",
            "claimtracker/extensions.py": "import flask_sqlalchemy\n",
            "claimtracker/ingest/__init__.py": "from claimtracker import ids\n",
            "claimtracker/ids.py": "",
        },
    )
    assert found == []


def test_an_upward_edge_fails_even_inside_a_function(tmp_path):
    found = _problems(
        tmp_path,
        {
            "claimtracker/web/__init__.py": "",
            "claimtracker/services/export.py": "def f():\n    from claimtracker.web import url\n",
        },
    )
    assert found == [
        "services -> web: upward, services -> entry points (claimtracker.services.export)"
    ]


def test_entry_points_do_not_import_each_other(tmp_path):
    found = _problems(
        tmp_path,
        {"claimtracker/web/__init__.py": "", "claimtracker/api/x.py": "from ..web import y\n"},
    )
    assert found == ["api -> web: between entry points (claimtracker.api.x)"]


def test_cycles_between_packages_and_between_modules(tmp_path):
    found = _problems(
        tmp_path,
        {
            "claimtracker/ingest/__init__.py": "from claimtracker.search import q\n",
            "claimtracker/search/__init__.py": "from claimtracker.ingest import a\n",
            "claimtracker/web/a.py": "from claimtracker.web.b import x\n",
            "claimtracker/web/b.py": "from claimtracker.web import a\n",
        },
    )
    assert "package cycle: ingest <-> search" in found
    assert "module cycle: claimtracker.web.a <-> claimtracker.web.b" in found


def test_an_import_inside_a_function_is_no_module_cycle(tmp_path):
    found = _problems(
        tmp_path,
        {
            "claimtracker/jobs/broker.py": "def go():\n    from claimtracker.jobs import runner\n",
            "claimtracker/jobs/runner.py": "def go():\n    from claimtracker.jobs import broker\n",
        },
    )
    assert found == []


def test_type_checking_imports_are_no_module_cycle(tmp_path):
    found = _problems(
        tmp_path,
        {
            "claimtracker/models/a.py": "from claimtracker.models.b import B\n",
            "claimtracker/models/b.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from claimtracker.models.a import A\n"
            ),
        },
    )
    assert found == []


def test_the_pure_core_stays_pure(tmp_path):
    found = _problems(
        tmp_path,
        {
            "claimtracker/models/__init__.py": "",
            "claimtracker/claimreview/build.py": (
                "from flask import url_for\nfrom claimtracker.models import Claim\n"
            ),
        },
    )
    assert "claimtracker.claimreview.build: pure, but imports flask, models" in found
    assert any(line.startswith("claimreview -> models: upward") for line in found)


def test_type_hints_keep_a_module_pure(tmp_path):
    found = _problems(
        tmp_path,
        {
            "claimtracker/models/__init__.py": "",
            "claimtracker/publishing/__init__.py": "",
            "claimtracker/publishing/records.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from claimtracker.models import Claim\n"
            ),
            "claimtracker/publishing/site.py": "from flask import url_for\n",
            "claimtracker/publishing/links.py": "import sqlalchemy\n",
        },
    )
    assert found == ["claimtracker.publishing.links: pure, but imports sqlalchemy"]


def test_only_launchers_import_the_app_and_every_package_has_a_layer(tmp_path):
    found = _problems(
        tmp_path,
        {
            "claimtracker/cli/__init__.py": "def run():\n    from claimtracker import create_app\n",
            "claimtracker/web/caching.py": "from claimtracker import __version__\n",
            "claimtracker/gadgets.py": "",
        },
    )
    assert found == [
        "gadgets: in no layer (add it to LAYERS in devtools/layers.py)",
        "web -> app: only launchers import create_app (claimtracker.web.caching)",
    ]


def test_the_command_prints_the_graph_and_fails_on_a_broken_rule(tmp_path, capsys):
    source = _tree(
        tmp_path,
        {
            "claimtracker/models/__init__.py": "from claimtracker.services import s\n",
            "claimtracker/services/__init__.py": "",
        },
    )
    assert layers.main(["--source", str(source)]) == 1
    out = capsys.readouterr().out
    assert "models -> services" in out and "1 broken rule(s):" in out
    assert layers.main(["--source", str(source), "--dot"]) == 1
    assert '"models" -> "services";' in capsys.readouterr().out
