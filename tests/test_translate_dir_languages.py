"""translate-dir says which files are not Indonesian (the decision ``kabar translate``
warns on, ``kabar.core.language``): on stderr and in kabar-report.json, with what they
look like; --skip-other-languages skips them, counted and listed with the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kabar.translate.folder.report import REPORT_NAME
from tests.conftest import run_translate_dir
from tests.language_table import udhr

INDONESIAN = "Presiden tiba di Jakarta pada hari Senin. Dia disambut oleh gubernur yang baru."
ENGLISH = "The president arrived in Jakarta on Monday. He was welcomed by the new governor."
# No function word of Indonesian, English or Javanese in 8 words or more.
GERMAN = "Der Präsident kam am Montag mit seinen Ministern nach Jakarta zurück."
# The UDHR's article 1 (tests/data/language): Malay and Javanese.
MALAY = " ".join(udhr("zlm", 1))
JAVANESE = " ".join(udhr("jav", 1))


def _folder(root: Path) -> Path:
    folder = root / "redaksi"
    (folder / "sub").mkdir(parents=True)
    (folder / "berita.txt").write_text(INDONESIAN, encoding="utf-8")
    (folder / "wire.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "sub" / "jawa.html").write_text(
        f"<html><body><p>{JAVANESE}</p></body></html>", encoding="utf-8"
    )
    (folder / "sub" / "melayu.md").write_text(f"# Perkara 1\n\n{MALAY}\n", encoding="utf-8")
    (folder / "berlin.txt").write_text(GERMAN, encoding="utf-8")
    return folder


def _report(out: Path) -> dict[str, dict[str, object]]:
    report = json.loads((out / REPORT_NAME).read_text("utf-8"))
    return {f["path"]: f for f in report["files"]}


def test_files_not_indonesian_are_listed(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "hasil"
    code, err = run_translate_dir(_folder(tmp_path), out, tiny_model_dir, capsys=capsys)
    assert code == 0, err
    assert "5 translated, 0 skipped, 0 failed" in err
    assert "not Indonesian, translated anyway (--skip-other-languages skips them): 4 files" in err
    assert "  wire.txt: looks English" in err
    assert "  berlin.txt: looks neither Indonesian nor English" in err
    assert "  sub/jawa.html: looks Javanese" in err
    assert "  sub/melayu.md: looks Malay" in err
    assert "berita.txt: looks" not in err
    files = _report(out)
    assert files["berita.txt"]["language"] == "Indonesian"
    assert files["wire.txt"]["language"] == "English"
    assert files["berlin.txt"]["language"] == "neither Indonesian nor English"
    assert files["sub/jawa.html"]["language"] == "Javanese"
    assert files["sub/melayu.md"]["language"] == "Malay"
    # A rerun skips them as unchanged and the report still says what they look like.
    code, err = run_translate_dir(_folder(tmp_path / "lagi"), out, tiny_model_dir, capsys=capsys)
    assert code == 0, err
    assert _report(out)["wire.txt"]["language"] == "English"


def test_skip_other_languages_skips_them(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "hasil"
    code, err = run_translate_dir(
        _folder(tmp_path), out, tiny_model_dir, "--skip-other-languages", capsys=capsys
    )
    assert code == 0, err
    assert "1 translated, 4 skipped, 0 failed" in err
    assert "skipped: 4 not Indonesian (berlin.txt, sub/jawa.html, sub/melayu.md, and 1 more)" in err
    # only the Indonesian file is translated (its English and, by default, its JSON)
    assert sorted(p.name for p in out.rglob("*.en.*")) == ["berita.en.txt", "berita.en.txt.json"]
    files = _report(out)
    assert files["wire.txt"]["status"] == "skipped"
    assert files["wire.txt"]["reason"] == (
        "not Indonesian: it looks English (--skip-other-languages)"
    )
    assert files["wire.txt"]["language"] == "English"
    assert files["sub/jawa.html"]["reason"] == (
        "not Indonesian: it looks Javanese (--skip-other-languages)"
    )
    assert files["sub/melayu.md"]["reason"] == (
        "not Indonesian: it looks Malay (--skip-other-languages)"
    )
    assert files["berlin.txt"]["reason"] == (
        "not Indonesian: it looks neither Indonesian nor English (--skip-other-languages)"
    )
    assert files["berita.txt"]["status"] == "translated"
