"""A model folder with a damaged file (weights cut short by a copy, a garbled config.json):
one message naming the file and saying to copy it again, exit 1, on both backends; never a
traceback, never the advice to switch to a backend that reads the same files."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kabar.cli.main import main

BACKENDS = ("ctranslate2", "transformers")


def _truncate(name: str, keep: int | None = None) -> Callable[[Path], str]:
    def damage(folder: Path) -> str:
        path = folder / name
        data = path.read_bytes()
        path.write_bytes(data[: keep if keep is not None else len(data) // 2])
        return f"the model file {path} is damaged or incomplete"

    return damage


def _config(
    change: Callable[[dict[str, object]], dict[str, object]], says: str
) -> Callable[[Path], str]:
    def damage(folder: Path) -> str:
        path = folder / "config.json"
        path.write_text(json.dumps(change(json.loads(path.read_text("utf-8")))), "utf-8")
        return says.format(config=path)

    return damage


def _as_pytorch_bin(folder: Path, *, cut: bool = True) -> str:
    """The weights as a PyTorch ``pytorch_model.bin`` (a zip), cut short."""
    import torch
    from safetensors.torch import load_file

    weights = folder / "model.safetensors"
    torch.save(load_file(str(weights)), folder / "pytorch_model.bin")
    weights.unlink()
    return _truncate("pytorch_model.bin")(folder) if cut else ""


DAMAGES = {
    "safetensors cut in half": _truncate("model.safetensors"),
    "safetensors cut inside its header": _truncate("model.safetensors", keep=100),
    "safetensors of 4 bytes": _truncate("model.safetensors", keep=4),
    "pytorch_model.bin cut in half": _as_pytorch_bin,
    "config without model_type": _config(lambda c: {}, "{config} names no model_type"),
    "config with a wrong type": _config(
        lambda c: c | {"d_model": "big"}, "{config} is not a valid model configuration"
    ),
    "config that does not fit the weights": _config(
        lambda c: c | {"d_model": 48}, "does not fit its weights"
    ),
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("damage", list(DAMAGES), ids=list(DAMAGES))
def test_a_damaged_model_file_is_named_with_what_to_do(
    tmp_path: Path,
    tiny_model_dir: Path,
    capsys: pytest.CaptureFixture[str],
    backend: str,
    damage: str,
) -> None:
    folder = tmp_path / "model"
    shutil.copytree(tiny_model_dir, folder)
    expected = DAMAGES[damage](folder)
    article = tmp_path / "berita.txt"
    article.write_text("Presiden tiba di Jakarta.", encoding="utf-8")

    code = main(["translate", str(article), "--model", str(folder), "--backend", backend])

    err = capsys.readouterr().err
    assert code == 1, err
    assert expected in err
    assert "copy the model folder again" in err.lower()
    assert "--backend" not in err  # both backends read the same files
    assert "Traceback" not in err


def test_whole_weights_pass_the_checks(tmp_path: Path, tiny_model_dir: Path) -> None:
    """The checks read headers and sizes: a whole model of either weights format passes."""
    from kabar.translate.model_source import check_model_files

    folder = tmp_path / "model"
    shutil.copytree(tiny_model_dir, folder)
    check_model_files(folder, str(folder))
    _as_pytorch_bin(folder, cut=False)
    check_model_files(folder, str(folder))
