"""The layers depend in one direction, and the light commands stay light.

core  <-  translate, summarize  <-  eval  <-  ui  <-  cli  <-  kabar.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eval.measure.import_graph import LAYERS, wrong_direction_imports
from tests.conftest import REPO


def test_no_package_imports_a_layer_above_it() -> None:
    assert wrong_direction_imports(REPO) == []


def test_the_check_finds_a_wrong_direction_import(tmp_path: Path) -> None:
    for package in LAYERS:
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
