"""Issue 14: the command line's edges. A closed stdin, a full disk, out-of-range option
values, a missing input before a model loads, invisible-only input, --version, a busy
port: each a clear message and exit 1 or 2, never a traceback."""

from __future__ import annotations

import errno
import io
import os
import socket
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from kabar.cli.main import main
from tests.conftest import REPO, run_cli, seed_files

SEED = seed_files()[0]
TINY = ["--beam", "1", "--threads", "1", "--backend", "transformers", "--quiet"]
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def commands(model: Path) -> dict[str, list[str]]:
    """Each command that reads an article, with the options that make it run here."""
    return {
        "split": ["split"],
        "translate": ["translate", "--model", str(model), *TINY],
        "summarize": ["summarize", "--method", "textrank", "--quiet"],
    }


@pytest.mark.parametrize("command", ["split", "translate", "summarize"])
def test_closed_stdin_is_a_clear_input_error(
    command: str,
    tiny_model_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "stdin", None)  # what Python sets when fd 0 is closed (<&-)
    code, out, err = run_cli([*commands(tiny_model_dir)[command], "-"], capsys)
    assert code == 1 and out == ""
    assert "standard input is closed" in err and "Traceback" not in err


def test_closed_stdin_as_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kabar", "split"],
        cwd=REPO,
        preexec_fn=lambda: os.close(0),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "standard input is closed" in done.stderr and "Traceback" not in done.stderr


class FullDevice(io.StringIO):
    """A stdout on a full disk: every write fails with ENOSPC, like /dev/full."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("command", ["split", "translate", "summarize"])
def test_full_device_is_a_clear_output_error(
    command: str,
    tiny_model_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [*commands(tiny_model_dir)[command], str(SEED)]
    with capsys.disabled():
        monkeypatch.setattr(sys, "stdout", FullDevice())
        errors = io.StringIO()
        monkeypatch.setattr(sys, "stderr", errors)
        code = main(argv)
    assert code == 1
    assert errors.getvalue() == "kabar: error: cannot write output: no space left on device.\n"


def test_dev_full_as_a_real_process() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "kabar", "split", str(SEED)],
            cwd=REPO,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr == "kabar: error: cannot write output: no space left on device.\n"


@pytest.mark.parametrize("command", ["split", "translate", "summarize"])
@pytest.mark.parametrize("value", ["-1", "0", "many"])
def test_bad_max_chars_is_a_usage_error(
    command: str, value: str, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(
        [*commands(tiny_model_dir)[command], str(SEED), "--max-chars", value], capsys
    )
    assert code == 2 and out == ""
    assert "argument --max-chars:" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--beam", "0", "argument --beam: must be 1 to 32, not 0"),
        ("--beam", "33", "argument --beam: must be 1 to 32, not 33"),
        ("--threads", "0", "argument --threads: must be 1 to"),
        ("--threads", "500", "argument --threads: must be 1 to"),
        ("--max-input-tokens", "3", "argument --max-input-tokens: must be at least 8, not 3"),
        ("--brief-sentences", "0", "argument --brief-sentences: must be at least 1, not 0"),
    ],
)
@pytest.mark.parametrize("command", ["translate", "translate-dir", "ui"])
def test_engine_options_name_only_what_the_user_typed(
    command: str,
    option: str,
    value: str,
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if command == "ui" and option == "--brief-sentences":
        pytest.skip("kabar ui has no --brief-sentences")
    inputs = [str(tmp_path), str(tmp_path / "out")] if command == "translate-dir" else []
    if command == "translate":
        inputs = [str(SEED)]
    code, out, err = run_cli([command, *inputs, option, value], capsys)
    assert code == 2 and out == ""
    assert expected in err
    for internal in ("beam_size", "batch_tokens", "output_slack", "max_batch_sentences"):
        assert internal not in err


def test_threads_above_the_cores_are_refused_with_the_core_count(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from kabar.core.cpus import available_cpus

    cores = available_cpus()
    code, _, err = run_cli(["translate", str(SEED), "--threads", str(cores + 1)], capsys)
    assert code == 2
    assert f"must be 1 to {cores} (this machine has {cores} usable CPU cores)" in err


def test_summarize_checks_its_input_before_loading_a_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import kabar.cli.summarize_command

    def no_model(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the input is bad: the model must not be loaded")

    monkeypatch.setattr(kabar.cli.summarize_command, "load_summarizer", no_model)
    missing = tmp_path / "missing.txt"
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    for argv in (
        ["summarize", str(missing)],
        ["summarize", str(empty)],
        ["summarize", "--jsonl", str(missing)],
        ["summarize", "--jsonl", str(tmp_path)],
    ):
        code, out, err = run_cli(argv, capsys)
        assert code == 1 and out == "", argv
        assert "kabar: error:" in err and "Traceback" not in err
        assert "translat" not in err  # summarize's own words


def test_summarize_jsonl_that_is_not_utf8_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "records.jsonl"
    records.write_bytes(b'{"id": 1, "article": "caf\xe9"}\n')
    code, _, err = run_cli(["summarize", "--method", "textrank", "--jsonl", str(records)], capsys)
    assert code == 1 and "line 1: not UTF-8 text" in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["split", "translate", "summarize"])
def test_only_invisible_characters_is_empty_input(
    command: str, tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "invisible.txt"
    article.write_text(f"{ZERO_WIDTH}\n \u200b \n", encoding="utf-8")
    code, out, err = run_cli([*commands(tiny_model_dir)[command], str(article)], capsys)
    assert code == 1 and out == ""
    assert "is empty: it has no visible text" in err


def test_the_ui_refuses_invisible_only_paste_and_upload(tmp_path: Path) -> None:
    from kabar.core.errors import InputError
    from kabar.ui.inputs import read_paste, read_upload

    with pytest.raises(InputError, match="The article is empty"):
        read_paste(ZERO_WIDTH)
    upload = tmp_path / "artikel.txt"
    upload.write_text(ZERO_WIDTH, encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        read_upload(upload)


def test_an_invisible_paragraph_inside_an_article_is_flagged_empty(
    tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    text = f"Presiden datang ke Jakarta.\n\n{ZERO_WIDTH}\n\nIa bertemu menteri."
    from kabar.translate.engine import Translator

    translator = Translator.load(str(tiny_model_dir), backend="transformers", threads=1)
    article = translator.translate_article(text)
    invisible = [s for s in article.sentences if ZERO_WIDTH in s.source]
    assert len(invisible) == 1
    assert invisible[0].translation == "" and invisible[0].flags == ("empty",)
    visible = [s for s in article.sentences if ZERO_WIDTH not in s.source]
    assert visible and all("empty" not in s.flags for s in visible)
    json.dumps(article.to_dict())  # the flag reaches --format json and the UI unchanged


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--version"], capsys)
    assert code == 0 and out == f"kabar {version('kabar')}\n"


def test_ui_on_a_busy_port_fails_before_saying_it_serves(
    tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        argv = ["ui", "--model", str(tiny_model_dir), *TINY[:-1], "--brief", "none"]
        code, _, err = run_cli([*argv, "--port", str(port)], capsys)
    assert code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in err
    assert "serving on" not in err and "Traceback" not in err


# --- items 9, 10, 11: what the reader says, the same on every surface ----------------


def test_utf16_without_bom_and_a_stray_nul_are_named_on_cli_and_ui(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kabar.core.errors import InputError
    from kabar.ui.inputs import read_upload

    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Presiden tiba di Jakarta pada pagi hari.\n".encode("utf-16-le") * 5)
    nul = tmp_path / "nul.txt"
    nul.write_bytes(("Presiden tiba di Jakarta. " * 40).encode() + b"\x00" + b"Menteri datang.")
    code, _, err = run_cli(["split", str(utf16)], capsys)
    assert code == 1 and "UTF-16 text without a byte-order mark" in err and "UTF-8" in err
    code, _, err = run_cli(["split", str(nul)], capsys)
    assert code == 1 and "stray NUL byte at offset 1,040" in err
    assert "looks binary" not in err and "Save it as .txt" not in err
    for path, words in ((utf16, "without a byte-order mark"), (nul, "offset 1,040")):
        with pytest.raises(InputError, match=words):
            read_upload(path)


def test_over_limit_messages_point_to_translate_dir_and_split_has_no_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "besar.txt"
    big.write_text("Presiden tiba di Jakarta pada pagi hari. " * 6_000, encoding="utf-8")
    code, _, err = run_cli(["summarize", str(big)], capsys)
    assert code == 1 and "kabar translate-dir" in err and "kabar translate FILE" not in err
    code, out, err = run_cli(["split", str(big)], capsys)  # 246,000 characters: split anyway
    assert code == 0, err
    assert len(out.splitlines()) == 6_000


def test_split_says_it_reduced_html_and_what_its_spans_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    page = tmp_path / "halaman.html"
    page.write_text(
        "<html><body><p>Presiden tiba.</p><script>x()</script><p>Menteri datang.</p></body></html>",
        encoding="utf-8",
    )
    code, out, err = run_cli(["split", str(page), "--format", "json"], capsys)
    assert code == 0 and "read the article from a web page" in err  # a whole page
    data = json.loads(out)
    assert data["spans_index"] == "the extracted text" and data["notices"]
    for paragraph in data["paragraphs"]:
        for sentence in paragraph["sentences"]:
            assert data["text"][sentence["start"] : sentence["end"]] == sentence["text"]
    plain = tmp_path / "teks.txt"
    plain.write_text("Presiden tiba. Menteri datang.", encoding="utf-8")
    code, out, _ = run_cli(["split", str(plain), "--format", "json"], capsys)
    assert json.loads(out)["spans_index"] == "the input" and json.loads(out)["text"] is None
