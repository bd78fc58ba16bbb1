"""Resolving the model: local folders, the Hugging Face cache offline, clear failures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kabar.core.errors import ModelNotFoundError
from kabar.translate.model_source import (
    DEFAULT_MODEL,
    default_model,
    looks_like_path,
    missing_files,
    resolve_model,
)
from tests.conftest import REPO


def test_default_model_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KABAR_MODEL", raising=False)
    assert default_model() == DEFAULT_MODEL == "Helsinki-NLP/opus-mt-id-en"
    monkeypatch.setenv("KABAR_MODEL", "/models/opus")
    assert default_model() == "/models/opus"


def test_paths_and_hub_ids_are_told_apart() -> None:
    assert not looks_like_path("Helsinki-NLP/opus-mt-id-en")
    assert not looks_like_path("t5-small")
    assert looks_like_path("./opus") and looks_like_path("/abs/x") and looks_like_path("a/b/c")


def test_complete_folder_resolves_to_itself(tiny_model_dir: Path) -> None:
    assert missing_files(tiny_model_dir) == []
    assert resolve_model(str(tiny_model_dir)) == tiny_model_dir


def test_offline_uncached_hub_id_raises_with_both_fixes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    with pytest.raises(ModelNotFoundError) as error:
        resolve_model("kabar-tests/no-such-model")
    message = str(error.value)
    assert "kabar-tests/no-such-model" in message and "HF_HUB_OFFLINE" in message
    assert "kabar download" in message and "--model DIR" in message


def test_cached_hub_model_loads_offline(tiny_model_dir: Path, tmp_path: Path) -> None:
    """A model in the Hugging Face cache layout is used with no network at all."""
    snapshot = tmp_path / "hub" / "models--kabar-tests--tiny" / "snapshots" / ("a" * 40)
    shutil.copytree(tiny_model_dir, snapshot)
    refs = snapshot.parents[1] / "refs"
    refs.mkdir()
    (refs / "main").write_text("a" * 40)
    env = dict(
        os.environ, HF_HUB_OFFLINE="1", HF_HUB_CACHE=str(tmp_path / "hub"), PYTHONPATH=str(REPO)
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kabar",
            "translate",
            "--model",
            "kabar-tests/tiny",
            "--beam",
            "1",
            "--format",
            "json",
            "-",
        ],
        input="Dia pergi.",
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"model": "kabar-tests/tiny"' in proc.stdout


def test_download_takes_one_weights_format_and_every_tokenizer_file() -> None:
    from kabar.translate.model_source import _download_patterns

    hub_files = [
        "config.json",
        "pytorch_model.bin",
        "model.safetensors",
        "tf_model.h5",
        "rust_model.ot",
        "source.spm",
        "target.spm",
        "vocab.json",
        "README.md",
    ]
    patterns = _download_patterns(hub_files)
    assert "model.safetensors" in patterns and "pytorch_model.bin" not in patterns
    assert {"config.json", "source.spm", "target.spm", "vocab.json"} <= set(patterns)
    assert "tf_model.h5" not in patterns
    assert "pytorch_model.bin" in _download_patterns(["config.json", "pytorch_model.bin"])


def test_hub_that_accepts_then_hangs_up_is_a_clear_error(tmp_path: Path) -> None:
    """A reachable host that breaks the HTTP exchange must not surface as a traceback."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    port = server.getsockname()[1]

    def hang_up() -> None:
        server.settimeout(60)
        for _ in range(8):  # the client retries: close every connection at once
            try:
                connection, _ = server.accept()
            except OSError:
                return
            connection.close()

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "KABAR_MODEL")}
    env.update(
        HF_ENDPOINT=f"http://127.0.0.1:{port}", HF_HOME=str(tmp_path / "hf"), PYTHONPATH=str(REPO)
    )
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "kabar",
                "download",
                "kabar-tests/x",
                "--to",
                str(tmp_path / "m"),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
    finally:
        server.close()
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "the download failed" in proc.stderr
