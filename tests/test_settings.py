"""One module owns every KABAR_* variable and cache path, and docs/environment.md is it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kabar.core import settings
from kabar.eval.measure.import_graph import module_files
from tests.conftest import REPO

_NAME = re.compile(r"KABAR_[A-Z0-9_]+")


def variables_named_outside_settings(root: Path) -> list[str]:
    """``module: KABAR_X`` for every string in a kabar module other than settings that is
    a variable's name (an environment read or write bypassing settings)."""
    found = []
    for name, path in module_files(root).items():
        if name == "kabar.core.settings":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found += [f"{name}: {node.value}"] if _NAME.fullmatch(node.value) else []
    return found


def test_docs_environment_is_the_settings_table() -> None:
    """Regenerate with ``python -m kabar.core.settings > docs/environment.md``."""
    assert (REPO / "docs" / "environment.md").read_text("utf-8") == settings.environment_markdown()


def test_every_variable_is_documented_once() -> None:
    names = [v.name for v in settings.VARIABLES]
    assert len(names) == len(set(names)) and all(_NAME.fullmatch(n) for n in names)
    page = settings.environment_markdown()
    assert all(page.count(f"| `{n}` |") == 1 for n in names)


def test_no_module_but_settings_names_a_variable() -> None:
    assert variables_named_outside_settings(REPO) == []


def test_the_check_finds_a_variable_read_elsewhere(tmp_path: Path) -> None:
    folder = tmp_path / "kabar" / "translate"
    folder.mkdir(parents=True)
    (folder / "x.py").write_text(
        'import os\n"""Set $KABAR_MODEL."""\nMODEL = os.environ.get("KABAR_MODEL")\n'
    )
    assert variables_named_outside_settings(tmp_path) == ["kabar.translate.x: KABAR_MODEL"]


def test_a_blank_value_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KABAR_BACKEND", "  ")
    assert settings.value(settings.BACKEND) is None
    monkeypatch.setenv("KABAR_BACKEND", " transformers\n")
    assert settings.value(settings.BACKEND) == "transformers"
    monkeypatch.delenv("KABAR_BACKEND")
    assert settings.value(settings.BACKEND) is None


def test_cache_root_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KABAR_CACHE", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert settings.cache_root() == tmp_path / "mine"
    assert settings.conversions_cache() == tmp_path / "mine" / "ctranslate2"
    assert settings.conversions_cache(tmp_path) == tmp_path / "ctranslate2"
    monkeypatch.delenv("KABAR_CACHE")
    assert settings.cache_root() == tmp_path / "xdg" / "kabar"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert settings.cache_root() == tmp_path / "home" / ".cache" / "kabar"
