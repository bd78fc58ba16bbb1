"""The kabar CLI through main([...]) and, for the no-traceback promise, as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kabar.cli.main import main
from tests.conftest import KABAR, REPO, run_cli, seed_files, tiny_engine_args

SEED_000 = seed_files()[0]
SEED_002 = seed_files()[2]


def test_split_prints_the_gold_segmentation(capsys: pytest.CaptureFixture[str]) -> None:
    gold = (REPO / "tests" / "gold" / (SEED_002.stem + ".sentences")).read_text("utf-8")
    code, out, _ = run_cli(["split", str(SEED_002)], capsys)
    assert code == 0
    assert out.strip() == gold.strip()


def test_split_json_gives_spans_of_the_input(capsys: pytest.CaptureFixture[str]) -> None:
    text = SEED_000.read_text("utf-8")
    code, out, _ = run_cli(["split", str(SEED_000), "--format", "json"], capsys)
    assert code == 0
    for paragraph in json.loads(out)["paragraphs"]:
        for s in paragraph["sentences"]:
            assert text[s["start"] : s["end"]] == s["text"]


def test_translate_json(tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(
        [
            *("translate", str(SEED_000), *tiny_engine_args(tiny_model_dir)),
            *("--format", "json", "--backend", "transformers"),
        ],
        capsys,
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["model"] == str(tiny_model_dir)
    assert data["engine"]["beam_size"] == 1 and data["engine"]["threads"] == 1
    # The whole engine spec: family, revision (none for a folder) and every option.
    assert data["engine"]["family"] == "marian" and data["engine"]["revision"] is None
    assert data["engine"]["options"] == {
        "beam_size": 1,
        "batch_tokens": 4096,
        "max_batch_sentences": 32,
        "max_input_tokens": 200,
        "output_ratio": 2.0,
        "output_slack": 10,
        "glossary": [],
    }
    sentences = [s for p in data["paragraphs"] for s in p["sentences"]]
    lines = [line for line in SEED_000.read_text("utf-8").splitlines() if line.strip()]
    assert len(data["paragraphs"]) == len(lines)
    assert len(sentences) >= len(lines)
    for s in sentences:
        assert {"source", "translation", "confidence", "flags", "chunks"} <= set(s)
    assert "1 threads" in err and "transformers" in err  # engine reported once


def test_translate_text_keeps_paragraph_structure(
    tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(
        ["translate", str(SEED_002), "--model", str(tiny_model_dir), "--beam", "1", "--quiet"],
        capsys,
    )
    assert code == 0
    source_lines = SEED_002.read_text("utf-8").rstrip("\n").split("\n")
    out_lines = out.rstrip("\n").split("\n")
    # Same lines, blank where the original is blank: headline and caption stay separate.
    assert [bool(line.strip()) for line in out_lines] == [
        bool(line.strip()) for line in source_lines
    ]


def test_translate_markdown_is_side_by_side(
    tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(
        [
            *("translate", str(SEED_000), *tiny_engine_args(tiny_model_dir)),
            *("--format", "markdown", "--quiet"),
        ],
        capsys,
    )
    assert code == 0
    assert "| # | Indonesian | English | conf. | flags |" in out
    assert "Sekretaris Jenderal NATO Mark Rutte" in out


def test_kabar_model_env_sets_the_default(
    tiny_model_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KABAR_MODEL", str(tiny_model_dir))
    code, out, _ = run_cli(
        ["translate", str(SEED_000), "--beam", "1", "--format", "json", "--quiet"], capsys
    )
    assert code == 0
    assert json.loads(out)["model"] == str(tiny_model_dir)


def test_stdin_input(
    tiny_model_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Dia pergi. Aku tinggal.")))
    code, out, _ = run_cli(["split"], capsys)
    assert code == 0 and out == "Dia pergi.\nAku tinggal.\n"


def _run_offline(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """``kabar`` as its own process with no network, no KABAR_MODEL and an empty Hugging
    Face cache under ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if k != "KABAR_MODEL"}
    env.update(HF_HUB_OFFLINE="1", HF_HOME=str(tmp_path / "hf-home"), PYTHONPATH=str(REPO))
    return subprocess.run(
        [*KABAR, *argv], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
    )


def test_missing_model_offline_is_a_clear_message_without_traceback(tmp_path: Path) -> None:
    proc = _run_offline(tmp_path, "translate", str(SEED_000))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "Helsinki-NLP/opus-mt-id-en" in proc.stderr
    assert "kabar download" in proc.stderr and "--model DIR" in proc.stderr
    assert "config.json" in proc.stderr and "source.spm" in proc.stderr


def test_download_offline_fails_clearly(tmp_path: Path) -> None:
    proc = _run_offline(tmp_path, "download", "--to", str(tmp_path / "m"))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "HF_HUB_OFFLINE" in proc.stderr


def test_incomplete_model_folder_lists_missing_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "config.json").write_text("{}")
    code, _, err = run_cli(["translate", str(SEED_000), "--model", str(tmp_path)], capsys)
    assert code == 1
    assert "source.spm" in err and "model.safetensors or pytorch_model.bin" in err
    assert "config.json," not in err.split("lacks")[1].split(".\n")[0]
    # A folder is not a hub id: the download advice names one, never the folder.
    assert f"kabar download {tmp_path}" not in err
    assert "kabar download MODEL (e.g. Helsinki-NLP/opus-mt-id-en) --to DIR" in err


def test_nonexistent_model_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["translate", str(SEED_000), "--model", "./no/such/model"], capsys)
    assert code == 1 and "there is no folder" in err and "Check the path" in err
    # A path is not a hub id: no advice to download it.
    assert "kabar download" not in err and "Traceback" not in err


def test_a_binary_txt_is_told_what_kabar_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "foto.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    code, _, err = run_cli(["translate", str(binary)], capsys)
    assert code == 1 and "looks binary" in err
    assert "plain text" in err and "Save it as .txt" not in err  # it already is a .txt


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"abc\x00def", "binary"),
        (b"%PDF-1.7 ...", "PDF"),
    ],
)
def test_bad_input_files_fail_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, expected: str
) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    code, out, err = run_cli(["split", str(path)], capsys)
    assert code == 1 and out == ""
    assert expected in err


def test_cp1252_input_is_read_with_a_notice(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Kafe “Ceria” dibuka. Harga naik 5€.".encode("cp1252"))
    code, out, err = run_cli(
        ["translate", str(path), "--model", str(tiny_model_dir), "--beam", "1", "--format", "json"],
        capsys,
    )
    assert code == 0
    assert "cp1252" in err
    assert json.loads(out)["paragraphs"][0]["sentences"][0]["source"] == "Kafe “Ceria” dibuka."


def test_oversized_input_is_refused_not_truncated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Dia pergi. " * 200, encoding="utf-8")
    code, out, err = run_cli(["split", str(path), "--max-chars", "1000"], capsys)
    assert code == 1 and out == ""
    assert "2,200 characters" in err and "1,000" in err and "--max-chars" in err


def test_missing_file_and_folder_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["split", str(tmp_path / "nope.txt")], capsys)[2].count("does not exist") == 1
    code, _, err = run_cli(["split", str(tmp_path)], capsys)
    assert code == 1 and "is a folder" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", "--beam", "many"]) == 2
    assert main(["no-such-command"]) == 2
    assert main([]) == 2
    capsys.readouterr()


def test_invalid_option_values_exit_2(
    tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(
        ["translate", str(SEED_000), "--model", str(tiny_model_dir), "--beam", "0"], capsys
    )
    assert code == 2 and "argument --beam: must be 1 to 32, not 0" in err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--threads", "0", "--threads"),
        ("--device", "foo", "unknown device"),
        ("--device", "cuda", "CUDA is not available"),
    ],
)
def test_bad_engine_options_exit_2_without_traceback(
    tiny_model_dir: Path,
    capsys: pytest.CaptureFixture[str],
    option: str,
    value: str,
    message: str,
) -> None:
    code, out, err = run_cli(
        [
            "translate",
            str(SEED_000),
            "--model",
            str(tiny_model_dir),
            "--backend",
            "transformers",
            option,
            value,
        ],
        capsys,
    )
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
