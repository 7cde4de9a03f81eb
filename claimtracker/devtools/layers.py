"""The package dependency graph, and the rules it must keep.

Run ``python -m claimtracker.devtools.layers`` (``--dot`` for Graphviz, ``--source DIR``
for another checkout): it prints which package imports which, then every rule broken, and
exits 1 when there is any. ``tests/test_layers.py`` runs it on every ``make test``.

The rules (docs/architecture.md, "Layers"):

* Packages sit in layers, from entry points down to the foundation; an import may point
  down or stay inside a layer, never up (a service importing a view, a model importing a
  service).
* Entry points are independent of each other: web, api and the console commands share
  code through services and the core, not by importing one another.
* No cycle between packages: a cycle means neither side can be understood, tested or
  moved without the other. Between modules of one package, no cycle at import time either
  (a module importing one that imports it back while both load); an import inside a
  function is how a module defers a dependency on purpose, so it counts for the package
  graph but not for a module cycle.
* The pure core imports neither Flask nor the database, so it runs and is tested as plain
  functions over plain data. Type hints are allowed: they are no dependency at run time.
* The root module (``claimtracker/__init__.py``, ``create_app``) is the composition root:
  it wires every layer together, so it stands outside them, and only launchers (the
  console script) import it back.

Every import counts for the package graph, at module level or inside a function, and
``TYPE_CHECKING`` imports too: each is a dependency a reader has to follow. The tool reads
source only; it never imports the code it checks.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "claimtracker"
ROOT = "app"  # the graph's name for claimtracker/__init__.py, the composition root

#: Layers from the top down. A package may import its own layer and the layers below it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("entry points", ("web", "api", "cli", "serving", "supervisor", "devtools")),
    ("services", ("services", "demo")),
    ("publishing", ("publishing",)),
    ("data", ("models", "migrations", "jobs")),
    (
        "pure core",
        ("ingest", "alignment", "claimreview", "search", "matching", "rendering", "textfragment"),
    ),
    ("foundation", ("config", "extensions", "i18n", "ids", "version")),
]
#: Layers whose packages may not import one another.
INDEPENDENT = {"entry points"}
#: Layers that must stay free of Flask and the database.
PURE_LAYERS = {"pure core"}
#: Modules held to the same rule although their package is not (the pure half of a package
#: that also talks to Flask); a name covers the modules under it.
PURE_MODULES = (
    "claimtracker.publishing.links",
    "claimtracker.publishing.organisation",
    "claimtracker.publishing.records",
    "claimtracker.publishing.claimreview",
    "claimtracker.publishing.datafeed",
    "claimtracker.publishing.sitemap",
    "claimtracker.publishing.xml",
    "claimtracker.publishing.dates",
    "claimtracker.publishing.csv_table",
)
#: What pure code may not import: Flask, the database, and our stateful packages.
IMPURE_THIRD_PARTY = (
    "flask",
    "flask_sqlalchemy",
    "flask_login",
    "flask_wtf",
    "werkzeug",
    "sqlalchemy",
)
IMPURE_PACKAGES = ("extensions", "models", "services", "web", "api", "cli")
#: Packages allowed to import the composition root.
LAUNCHERS = {"cli"}


@dataclass
class Module:
    """One source file: its imports of our own code and of third-party packages."""

    name: str
    node: str
    runtime: set[str] = field(default_factory=set)  # absolute names imported when run
    typing: set[str] = field(default_factory=set)  # imported for type checking only
    at_load: set[str] = field(default_factory=set)  # imported while the module loads


@dataclass
class Graph:
    """The package graph (``edges[a][b]``: the modules of ``a`` that import ``b``) and the
    modules it was built from."""

    nodes: set[str] = field(default_factory=set)
    edges: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)


def _module_name(path: Path, source: Path) -> str:
    parts = list(path.relative_to(source).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                for sub in ast.walk(child):
                    if isinstance(sub, ast.Import | ast.ImportFrom):
                        inside.add(id(sub))
    return inside


def _deferred(tree: ast.AST) -> set[int]:
    """ids of the import nodes inside functions (run when called, not when loaded)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Import | ast.ImportFrom):
                    inside.add(id(sub))
    return inside


def _imports(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[str, str]]:
    """(absolute name, when) for everything ``module`` imports, ``when`` being "load",
    "call" (inside a function) or "typing" (``TYPE_CHECKING`` only); ``from a import b``
    gives ``a.b``."""
    typing_only = _type_checking_only(tree)
    deferred = _deferred(tree)

    def when(node: ast.AST) -> str:
        if id(node) in typing_only:
            return "typing"
        return "call" if id(node) in deferred else "load"

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, when(node)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            for alias in node.names:
                yield f"{prefix}.{alias.name}", when(node)


def _node(name: str, packages: set[str]) -> str | None:
    """The graph node for an absolute module name, or None when it is not ours."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    if len(parts) == 1 or parts[1] not in packages:
        return ROOT
    return parts[1]


def _longest_known(name: str, known: Iterable[str]) -> str:
    """The module an imported name lives in (``a.b.C`` is in ``a.b`` when that exists)."""
    modules = set(known)
    parts = name.split(".")
    while len(parts) > 1 and ".".join(parts) not in modules:
        parts.pop()
    return ".".join(parts)


def build(source: Path) -> Graph:
    """Read every module under ``source/claimtracker`` and build the package graph."""
    top = source / PACKAGE
    packages = {
        p.name
        for p in top.iterdir()
        if p.is_dir() and p.name != "__pycache__" and any(p.rglob("*.py"))
    }
    packages |= {p.stem for p in top.glob("*.py") if p.stem != "__init__"}
    graph = Graph(nodes=packages | {ROOT})
    for path in sorted(top.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        name = _module_name(path, source)
        node = _node(name, packages)
        assert node is not None
        module = Module(name, node)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for imported, when in _imports(tree, name, path.name == "__init__.py"):
            (module.typing if when == "typing" else module.runtime).add(imported)
            if when == "load":
                module.at_load.add(imported)
            target = _node(imported, packages)
            if target is not None and target != node:
                graph.edges.setdefault(node, {}).setdefault(target, set()).add(name)
        graph.modules[name] = module
    return graph


def _layer_of(node: str) -> int | None:
    for index, (_, members) in enumerate(LAYERS):
        if node in members:
            return index
    return None


def _is_pure(module: Module) -> bool:
    layer = _layer_of(module.node)
    if layer is not None and LAYERS[layer][0] in PURE_LAYERS:
        return True
    return any(module.name == p or module.name.startswith(p + ".") for p in PURE_MODULES)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _edge_problems(graph: Graph) -> Iterator[str]:
    for source in sorted(graph.edges):
        for target, modules in sorted(graph.edges[source].items()):
            where = ", ".join(sorted(modules))
            if target == ROOT:
                if source not in LAUNCHERS:
                    yield f"{source} -> {ROOT}: only launchers import create_app ({where})"
                continue
            low, high = _layer_of(source), _layer_of(target)
            if source == ROOT or low is None or high is None:
                continue
            if high < low:
                climb = f"{LAYERS[low][0]} -> {LAYERS[high][0]}"
                yield f"{source} -> {target}: upward, {climb} ({where})"
            elif high == low and LAYERS[low][0] in INDEPENDENT:
                yield f"{source} -> {target}: between {LAYERS[low][0]} ({where})"


def _purity_problems(graph: Graph) -> Iterator[str]:
    packages = graph.nodes - {ROOT}
    for name, module in sorted(graph.modules.items()):
        if not _is_pure(module):
            continue
        third_party = sorted({n.split(".")[0] for n in module.runtime} & set(IMPURE_THIRD_PARTY))
        nodes = {node for n in module.runtime if (node := _node(n, packages)) is not None}
        ours = sorted(nodes & set(IMPURE_PACKAGES) - {module.node})
        if third_party or ours:
            yield f"{name}: pure, but imports {', '.join([*third_party, *ours])}"


def problems(graph: Graph) -> list[str]:
    """Every rule the graph breaks, one line each (empty when it keeps them all)."""
    found = [
        f"{node}: in no layer (add it to LAYERS in devtools/layers.py)"
        for node in sorted(graph.nodes - {ROOT})
        if _layer_of(node) is None
    ]
    found += _edge_problems(graph)
    found += _purity_problems(graph)
    # Edges into the composition root stay out of the package cycles: the root imports
    # every layer, so any edge back closes a cycle; they are checked above (launchers only).
    packages = {
        source: {target for target in targets if target != ROOT}
        for source, targets in graph.edges.items()
    }
    found += ["package cycle: " + " <-> ".join(c) for c in _cycles(packages)]
    # Between modules, a cycle is one that bites while the modules load.
    modules = {
        name: {
            target
            for imported in module.at_load
            if (target := _longest_known(imported, graph.modules)) not in (name, PACKAGE)
            and target in graph.modules
        }
        for name, module in graph.modules.items()
    }
    found += ["module cycle: " + " <-> ".join(c) for c in _cycles(modules)]
    return found


def render(graph: Graph) -> Iterable[str]:
    """The graph as text: each layer's packages and what each imports."""
    yield f"{ROOT} (create_app) -> " + ", ".join(sorted(graph.edges.get(ROOT, {})))
    for name, members in LAYERS:
        present = [m for m in members if m in graph.nodes]
        if not present:
            continue
        yield f"[{name}]"
        for node in present:
            targets = sorted(graph.edges.get(node, {}))
            yield f"  {node} -> {', '.join(targets) if targets else '(nothing)'}"
    for node in sorted(n for n in graph.nodes - {ROOT} if _layer_of(n) is None):
        yield f"[no layer] {node} -> {', '.join(sorted(graph.edges.get(node, {})))}"


def dot(graph: Graph) -> Iterable[str]:
    """The graph in Graphviz dot."""
    yield "digraph claimtracker {"
    for source in sorted(graph.edges):
        for target in sorted(graph.edges[source]):
            yield f'  "{source}" -> "{target}";'
    yield "}"


def main(argv: list[str] | None = None) -> int:
    """Print the graph and the broken rules; 0 when there are none, else 1."""
    parser = argparse.ArgumentParser(prog="python -m claimtracker.devtools.layers")
    parser.add_argument(
        "--source",
        type=Path,
        default=Path(__file__).resolve().parents[2],
        help="the checkout to read (the folder holding claimtracker/)",
    )
    parser.add_argument("--dot", action="store_true", help="print Graphviz dot instead")
    args = parser.parse_args(argv)
    if not (args.source / PACKAGE / "__init__.py").is_file():
        parser.error(f"no {PACKAGE}/__init__.py under {args.source}")
    graph = build(args.source)
    print("\n".join(dot(graph) if args.dot else render(graph)))
    broken = problems(graph)
    if broken:
        print(f"\n{len(broken)} broken rule(s):")
        print("\n".join(f"  {line}" for line in broken))
        return 1
    print("\nNo cycle, no upward edge.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
