"""The project's package-level import graph, from the source (no import is executed).

``python -m kabar.eval.measure.import_graph`` prints each package's imports of the others with
their counts, and any that point up the layers (``LAYERS``). ``tests/test_architecture.py``
fails on those.
"""

from __future__ import annotations

import argparse
import ast
from collections import Counter
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
    "cli": {"core", "translate", "summarize", "eval", "ui"},
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
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
