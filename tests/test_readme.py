"""The README is a stable interface (docs/architecture.md): the names, routes and commands it
mentions must exist, and it must mention every API route and every command we add."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_every_api_route_is_in_the_readme(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert paths
    for path in paths:
        # The README shortens "{claim_id}" to "{id}".
        shown = re.sub(r"\{\w+_id\}", "{id}", path)
        tail = shown.rsplit("/", 1)[-1]
        assert shown in README or (tail and f"/{tail}`" in README), path


def test_every_project_command_is_in_the_command_table(app):
    ours = {
        "init",
        "demo",
        "users",
        "tokens",
        "import",
        "export",
        "backup",
        "reindex",
        "worker",
        "recheck",
        "follow",
        "seed",
    }
    assert ours <= set(app.cli.commands)
    for name in app.cli.commands:
        if name in ours:
            assert f"`claimtracker {name}" in README, name
    for name, command in app.cli.commands["users"].commands.items():  # type: ignore[attr-defined]
        assert f"`claimtracker users {name}" in README, (name, command)


@pytest.mark.parametrize("dotted", sorted(set(re.findall(r"`(claimtracker(?:\.\w+)+)", README))))
def test_every_module_or_function_named_exists(dotted):
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)  # AttributeError fails the test with the name
        return
    pytest.fail(f"{dotted} does not exist")
