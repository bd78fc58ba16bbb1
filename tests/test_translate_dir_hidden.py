"""translate-dir on a folder as newsrooms have it: Word's lock file, hidden files and
folders (.git/), editor backups are skipped (counted, listed in the report) instead of
failing the run or being translated; --include-hidden reads them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kabar.translate.folder.discovery import discover
from kabar.translate.folder.report import REPORT_NAME
from tests.conftest import run_translate_dir

ARTICLE = "Presiden tiba di Jakarta pada hari Senin. Dia disambut gubernur."


def _newsroom(root: Path) -> Path:
    folder = root / "redaksi"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (folder / ".git" / "catatan.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "artikel.txt").write_text(ARTICLE, encoding="utf-8")
    # Word's owner file while artikel.docx is open: 162 bytes, not a document.
    (folder / "~$artikel.docx").write_bytes(b"\x0bRedaktur" + b"\x00" * 153)
    (folder / ".catatan-pribadi.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "artikel.txt~").write_text(ARTICLE, encoding="utf-8")
    (folder / ".#artikel.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_discovery_skips_what_is_not_an_article(tmp_path: Path) -> None:
    found = discover(_newsroom(tmp_path))
    assert [str(f.rel) for f in found.inputs] == ["artikel.txt"]
    reasons = {o.path: o.reason for o in found.others}
    assert reasons == {
        ".#artikel.txt": "an editor's backup or lock file: not read (--include-hidden reads it)",
        ".catatan-pribadi.txt": "hidden: not read (--include-hidden reads it)",
        ".git/": "hidden: not read (--include-hidden reads it)",
        "artikel.txt~": "an editor's backup or lock file: not read (--include-hidden reads it)",
        "~$artikel.docx": "an Office lock file: not read",
    }
    everything = discover(_newsroom(tmp_path / "lagi"), include_hidden=True)
    assert {str(f.rel) for f in everything.inputs} == {
        ".#artikel.txt",
        ".catatan-pribadi.txt",
        ".git/catatan.txt",
        "artikel.txt",
        "~$artikel.docx",
    }


def test_a_lock_file_no_longer_fails_the_run(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "hasil"
    code, err = run_translate_dir(_newsroom(tmp_path), out, tiny_model_dir, capsys=capsys)
    assert code == 0, err
    assert sorted(p.name for p in out.rglob("*.txt")) == ["artikel.en.txt"]
    assert not (out / ".git").exists()
    assert "1 translated, 5 skipped, 0 failed" in err
    assert "an Office lock file" in err and "hidden" in err
    report = json.loads((out / REPORT_NAME).read_text("utf-8"))
    skipped = {f["path"] for f in report["files"] if f["status"] == "skipped"}
    assert skipped == {
        ".#artikel.txt",
        ".catatan-pribadi.txt",
        ".git/",
        "artikel.txt~",
        "~$artikel.docx",
    }


def test_include_hidden_reads_them_again(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "hasil"
    folder = _newsroom(tmp_path)
    (folder / "~$artikel.docx").unlink()  # Word closed the document
    code, err = run_translate_dir(folder, out, tiny_model_dir, "--include-hidden", capsys=capsys)
    assert code == 0, err
    assert (out / ".git" / "catatan.en.txt").is_file()
    assert (out / ".catatan-pribadi.en.txt").is_file()
