"""The project's import graph, from the source (no import is executed).

``python -m kabar.eval.measure.import_graph`` prints each package's imports of the others with
their counts, any that point up the layers (``LAYERS``), and any import cycle among kabar's
modules. ``tests/test_architecture.py`` fails on either.

The module graph counts every import a module can run, at its top or inside a function:
an import hidden in a function only postpones the cycle to the first call, and the two
modules still cannot be understood, tested or moved one without the other. Imports under
``if TYPE_CHECKING:`` are left out: they never run, and they are how an annotation names a
type without importing its module.
"""

from __future__ import annotations

import argparse
import ast
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "kabar"  # every layer is a subpackage of kabar (some reached through a symlink)
# What each package may import of the project's packages (itself always).
LAYERS: dict[str, set[str]] = {
    "core": set(),
    "translate": {"core"},
    "summarize": {"core"},
    "eval": {"core", "translate", "summarize"},
    "ui": {"core", "translate", "summarize", "eval"},
    "serve": {"core", "translate", "summarize", "eval", "ui"},
    "cli": {"core", "translate", "summarize", "eval", "ui", "serve"},
}


def project_imports(path: Path) -> list[tuple[int, str]]:
    """(line, top-level package) of every import of a project package in ``path``,
    including imports inside functions and under TYPE_CHECKING."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == PACKAGE and len(parts) > 1 and parts[1] in LAYERS:
                found.append((node.lineno, parts[1]))
    return found


def layer_files(root: Path, package: str) -> list[Path]:
    """The modules of one layer, ``kabar/<package>/**.py`` (symlinked folders followed)."""
    return sorted((root / PACKAGE / package).rglob("*.py"))


def package_graph(root: Path) -> Counter[tuple[str, str]]:
    """(importer, imported) -> number of import statements, between distinct packages."""
    edges: Counter[tuple[str, str]] = Counter()
    for package in LAYERS:
        for path in layer_files(root, package):
            for _, imported in project_imports(path):
                if imported != package:
                    edges[package, imported] += 1
    return edges


def wrong_direction_imports(root: Path) -> list[str]:
    """``path:line imports package`` for every import that points up the layers."""
    wrong = []
    for package, allowed in LAYERS.items():
        for path in layer_files(root, package):
            for line, imported in project_imports(path):
                if imported != package and imported not in allowed:
                    wrong.append(f"{path.relative_to(root)}:{line} imports {imported}")
    return wrong


def module_name(root: Path, path: Path) -> str:
    """``kabar.translate.engine`` for ``root/kabar/translate/engine.py`` (a package is its
    ``__init__``)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_files(root: Path) -> dict[str, Path]:
    """Every module of kabar by name: ``kabar/*.py`` and each layer's."""
    files = sorted((root / PACKAGE).glob("*.py"))
    files += [p for package in LAYERS for p in layer_files(root, package)]
    return {module_name(root, path): path for path in files}


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node of ``tree`` except the bodies of ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                stack.extend(child.orelse)
            else:
                stack.append(child)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_imports(name: str, path: Path, known: set[str]) -> list[tuple[int, str]]:
    """(line, module) of every kabar module ``name`` (in ``path``) imports at run time, at
    its top or inside a function; ``from package import submodule`` names the submodule."""
    is_package = path.name == "__init__.py"
    found = []
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upwards
                package = name.split(".")[: len(name.split(".")) - (not is_package)]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            # ``import kabar.a.b`` runs kabar.a.b: the longest known module it names.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith(PACKAGE + "."):
                found.append((node.lineno, target))
    return found


def module_graph(root: Path) -> dict[str, dict[str, int]]:
    """importer -> {imported: line of its first import} over kabar's modules."""
    files = module_files(root)
    known = set(files)
    graph: dict[str, dict[str, int]] = {}
    for name, path in files.items():
        edges = graph.setdefault(name, {})
        for line, imported in module_imports(name, path, known):
            edges.setdefault(imported, line)
    return graph


def import_cycles(root: Path) -> list[str]:
    """One line per import cycle among kabar's modules, each import with its file and line
    (``a (a.py:3) -> b (b.py:9) -> a``); empty when there is none."""
    graph = module_graph(root)
    files = module_files(root)
    cycles = []
    for component in _strongly_connected(graph):
        if len(component) < 2:
            continue
        start = min(component)
        path = _cycle_through(graph, start, set(component))
        steps = [f"{a} ({files[a].relative_to(root)}:{graph[a][b]})" for a, b in pairwise(path)]
        cycles.append(" -> ".join([*steps, start]))
    return sorted(cycles)


def _strongly_connected(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively (no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, {})))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return components


def _cycle_through(graph: dict[str, dict[str, int]], start: str, within: set[str]) -> list[str]:
    """The shortest import path from ``start`` back to itself inside ``within``."""
    paths = {start: [start]}
    queue = [start]
    for node in queue:
        for child in sorted(graph[node]):
            if child == start:
                return [*paths[node], start]
            if child in within and child not in paths:
                paths[child] = [*paths[node], child]
                queue.append(child)
    raise AssertionError(f"{start} is in no cycle")  # only called on a component's member


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=REPO, help="the repository (default: this)")
    args = parser.parse_args()
    for (importer, imported), count in sorted(package_graph(args.root).items()):
        print(f"{importer:>10} -> {imported:<10} {count:4d} imports")
    wrong = wrong_direction_imports(args.root)
    print(f"wrong-direction imports: {len(wrong)}")
    for line in wrong:
        print(f"  {line}")
    graph = module_graph(args.root)
    edges = sum(len(imported) for imported in graph.values())
    print(f"modules: {len(graph)}, module imports (run-time, functions included): {edges}")
    cycles = import_cycles(args.root)
    print(f"import cycles: {len(cycles)}")
    for line in cycles:
        print(f"  {line}")
    return 1 if wrong or cycles else 0


if __name__ == "__main__":
    raise SystemExit(main())
