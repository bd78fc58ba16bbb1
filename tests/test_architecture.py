"""The layers depend in one direction, no module imports itself through others, and the
light commands stay light.

kabar.core  <-  translate, summarize  <-  eval  <-  ui  <-  cli   (all under ``kabar``)
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from kabar.eval.measure.import_graph import LAYERS, import_cycles, wrong_direction_imports
from kabar.translate.families import families
from tests.conftest import REPO


def test_no_package_imports_a_layer_above_it() -> None:
    assert wrong_direction_imports(REPO) == []


def test_the_check_finds_a_wrong_direction_import(tmp_path: Path) -> None:
    for package in LAYERS:
        (tmp_path / "kabar" / package).mkdir(parents=True)
    (tmp_path / "kabar" / "translate" / "engine.py").write_text(
        "def f():\n    from kabar.summarize.engine import Summarizer\n    import kabar.ui.app\n"
    )
    (tmp_path / "kabar" / "core" / "x.py").write_text(
        "from kabar.translate.results import EngineInfo\n"
    )
    assert wrong_direction_imports(tmp_path) == [
        "kabar/core/x.py:1 imports translate",
        "kabar/translate/engine.py:2 imports summarize",
        "kabar/translate/engine.py:3 imports ui",
    ]


def test_no_import_cycle_among_kabar_modules() -> None:
    """Imports inside functions count: hiding one there only postpones the cycle."""
    assert import_cycles(REPO) == []


def test_the_check_finds_a_planted_import_cycle(tmp_path: Path) -> None:
    for package in LAYERS:
        (tmp_path / "kabar" / package).mkdir(parents=True)
    translate = tmp_path / "kabar" / "translate"
    (translate / "__init__.py").write_text("")
    # a -> b at the top, b -> c inside a function, c -> a through a relative import.
    (translate / "a.py").write_text("from kabar.translate.b import f\n")
    (translate / "b.py").write_text("def f():\n    import kabar.translate.c\n")
    (translate / "c.py").write_text("from typing import TYPE_CHECKING\nfrom . import a\n")
    # Imports that never run (annotations only) make no cycle.
    (translate / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kabar.translate.e import E\n"
    )
    (translate / "e.py").write_text("from kabar.translate.d import D\n")
    assert import_cycles(tmp_path) == [
        "kabar.translate.a (kabar/translate/a.py:1) -> kabar.translate.b (kabar/translate/b.py:2)"
        " -> kabar.translate.c (kabar/translate/c.py:2) -> kabar.translate.a"
    ]


def family_names_compared(source: str) -> list[str]:
    """The model family names ``source`` compares something with (``== "marian"``,
    ``in ("nllb", ...)``)."""
    names = set(families())
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                items = side.elts if isinstance(side, ast.Tuple | ast.List | ast.Set) else [side]
                found += [
                    item.value
                    for item in items
                    if isinstance(item, ast.Constant) and item.value in names
                ]
    return found


def test_no_backend_checks_a_family_name() -> None:
    """What differs between families is the family's to say (``ModelFamily``)."""
    assert family_names_compared('if family.name == "marian" or k in ("nllb",): pass') == [
        "marian",
        "nllb",
    ]
    for path in sorted((REPO / "kabar" / "translate" / "backends").rglob("*.py")):
        assert family_names_compared(path.read_text("utf-8")) == [], path


@pytest.mark.parametrize("command", ["split", "--help"])
def test_kabar_split_loads_neither_numpy_nor_torch(command: str) -> None:
    seed = str(REPO / "seeds" / "000_1607fa736d1c417c.txt")
    argv = ["split", seed] if command == "split" else ["--help"]
    code = (
        "import sys\nfrom kabar.cli.main import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('numpy', 'torch', 'transformers', 'gradio', 'ctranslate2')"
        " if m in sys.modules)\nprint('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert "HEAVY []" in result.stderr, result.stderr[-2000:]


@pytest.mark.parametrize("folder", ["translate", "summarize", "ui", "serve", "eval"])
def test_a_card_folder_by_its_bare_name_is_refused(folder: str) -> None:
    """From the repository root ``import translate`` would load a second copy of every
    module; it fails with what to import instead, and leaves no bare module behind."""
    code = (
        "import sys\n"
        f"try:\n    import {folder}.x\nexcept ImportError as error:\n    print('REFUSED', error)\n"
        f"print('COPIES', sorted(m for m in sys.modules if m.split('.')[0] == {folder!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert f"REFUSED import kabar.{folder}, not {folder}" in result.stdout, result.stderr
    assert "COPIES []" in result.stdout


def test_a_refused_bare_import_and_a_light_kabar_import_load_no_engine() -> None:
    """The guard runs before the folder's package does any work, and importing one light
    module of ``kabar.translate`` (its results) does not load the engine, its backends
    registry or the splitter: the package's names are imported on first use."""
    code = (
        "import sys\n"
        "try:\n    import translate\nexcept ImportError:\n    pass\n"
        "print('AFTER_REFUSAL', sorted(m for m in sys.modules if m.startswith('kabar.')))\n"
        "import kabar.translate.results\n"
        "print('ENGINE', 'kabar.translate.engine' in sys.modules)\n"
        "from kabar.translate import Translator\n"
        "print('LAZY', Translator.__module__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert "AFTER_REFUSAL ['kabar._guard']" in result.stdout, result.stdout + result.stderr
    assert "ENGINE False" in result.stdout, result.stdout + result.stderr
    assert "LAZY kabar.translate.engine" in result.stdout, result.stdout + result.stderr
