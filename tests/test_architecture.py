"""The layers depend in one direction, and the light commands stay light.

core  <-  translate, summarize  <-  eval  <-  ui  <-  cli  <-  kabar.py
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# What each package may import of the project's packages (itself always).
ALLOWED = {
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
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            if top in ALLOWED:
                found.append((node.lineno, top))
    return found


def wrong_direction_imports(root: Path) -> list[str]:
    wrong = []
    for package, allowed in ALLOWED.items():
        for path in sorted((root / package).rglob("*.py")):
            for line, imported in project_imports(path):
                if imported != package and imported not in allowed:
                    wrong.append(f"{path.relative_to(root)}:{line} imports {imported}")
    return wrong


def test_no_package_imports_a_layer_above_it() -> None:
    assert wrong_direction_imports(REPO) == []


def test_the_check_finds_a_wrong_direction_import(tmp_path: Path) -> None:
    for package in ALLOWED:
        (tmp_path / package).mkdir()
    (tmp_path / "translate" / "engine.py").write_text(
        "def f():\n    from summarize.engine import Summarizer\n    import ui.app\n"
    )
    (tmp_path / "core" / "x.py").write_text("from translate.results import EngineInfo\n")
    assert wrong_direction_imports(tmp_path) == [
        "core/x.py:1 imports translate",
        "translate/engine.py:2 imports summarize",
        "translate/engine.py:3 imports ui",
    ]


@pytest.mark.parametrize("command", ["split", "--help"])
def test_kabar_split_loads_neither_numpy_nor_torch(command: str) -> None:
    seed = str(REPO / "seeds" / "000_1607fa736d1c417c.txt")
    argv = ["split", seed] if command == "split" else ["--help"]
    code = (
        "import sys\nfrom cli.main import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('numpy', 'torch', 'transformers', 'gradio', 'ctranslate2')"
        " if m in sys.modules)\nprint('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert "HEAVY []" in result.stderr, result.stderr[-2000:]
