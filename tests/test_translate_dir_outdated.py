"""A rerun that translates an input again with fewer outputs (no JSON, no brief) removes
the ones an earlier run wrote for it, which would otherwise be silently stale, and
nothing else in OUT_DIR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kabar.cli.main import main
from kabar.translate.documents.base import DocumentOptions
from kabar.translate.folder.job import FolderJobOptions, translate_folder
from kabar.translate.folder.manifest import MANIFEST_NAME
from kabar.translate.folder.report import REPORT_NAME, FolderReport
from tests.test_translate_dir_job import EchoBackend, _translator

JSON_ONLY = FolderJobOptions(documents=DocumentOptions(json=True))


def _run(src: Path, out: Path, options: FolderJobOptions) -> FolderReport:
    return translate_folder(
        src, out, options=options, load_translator=lambda: _translator(EchoBackend())
    )


def _files(out: Path) -> dict[str, dict[str, object]]:
    return {f["path"]: f for f in json.loads((out / REPORT_NAME).read_text("utf-8"))["files"]}


def test_a_rerun_without_json_removes_the_old_json_and_nothing_else(tmp_path: Path) -> None:
    src, out = tmp_path / "kliping", tmp_path / "english"
    (src / "2025").mkdir(parents=True)
    (src / "a.txt").write_text("Berita lama.\n", encoding="utf-8")
    (src / "2025" / "b.txt").write_text("Berita lain.\n", encoding="utf-8")
    _run(src, out, JSON_ONLY)
    assert (out / "a.en.txt.json").is_file() and (out / "2025" / "b.en.txt.json").is_file()
    # The user's own files in OUT_DIR, one named like an output kabar could write.
    (out / "catatan.txt").write_text("milik saya\n", encoding="utf-8")
    (out / "a.en.txt.brief.txt").write_text("my own notes\n", encoding="utf-8")

    (src / "a.txt").write_text("Berita baru.\n", encoding="utf-8")
    report = _run(src, out, FolderJobOptions())

    assert (out / "a.en.txt").read_text("utf-8") == "EN Berita baru.\n"
    assert not (out / "a.en.txt.json").exists()
    files = _files(out)
    assert files["a.txt"]["outputs"] == ["a.en.txt"]
    assert files["a.txt"]["removed_outputs"] == ["a.en.txt.json"]
    assert report.removed_outputs == 1
    assert json.loads((out / REPORT_NAME).read_text("utf-8"))["totals"]["removed_outputs"] == 1
    # Not recorded as kabar's: kept, though its name is one kabar gives a.txt.
    assert (out / "a.en.txt.brief.txt").read_text("utf-8") == "my own notes\n"
    assert (out / "catatan.txt").read_text("utf-8") == "milik saya\n"
    # b.txt was unchanged (skipped): its JSON is still a translation of its content.
    assert files["2025/b.txt"]["status"] == "skipped"
    assert (out / "2025" / "b.en.txt.json").is_file()
    assert "removed_outputs" not in files["2025/b.txt"]
    # The manifest no longer claims the JSON: a rerun asking for it translates again.
    last = json.loads((out / MANIFEST_NAME).read_text("utf-8").splitlines()[-1])
    assert last["input"] == "a.txt" and last["outputs"] == ["a.en.txt"]
    again = _run(src, out, JSON_ONLY)
    assert {f.path for f in again.files if f.status == "translated"} == {"a.txt"}
    assert again.removed_outputs == 0 and (out / "a.en.txt.json").is_file()


def test_an_old_output_the_user_deleted_is_not_an_error(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text("Berita lama.\n", encoding="utf-8")
    _run(src, out, JSON_ONLY)
    (out / "a.en.txt.json").unlink()
    (src / "a.txt").write_text("Berita baru.\n", encoding="utf-8")
    report = _run(src, out, FolderJobOptions())
    assert report.exit_code == 0 and report.count("translated") == 1
    assert report.removed_outputs == 0 and "removed_outputs" not in _files(out)["a.txt"]


def test_an_edited_manifest_cannot_make_kabar_remove_other_files(tmp_path: Path) -> None:
    """Only names kabar gives that input are candidates, whatever the manifest lists."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text("Berita lama.\n", encoding="utf-8")
    _run(src, out, JSON_ONLY)
    outside = tmp_path / "penting.txt"
    outside.write_text("jangan dihapus\n", encoding="utf-8")
    (out / "catatan.txt").write_text("milik saya\n", encoding="utf-8")
    manifest = out / MANIFEST_NAME
    entry = json.loads(manifest.read_text("utf-8").splitlines()[-1])
    entry["outputs"] += ["catatan.txt", "../penting.txt", str(outside)]
    manifest.write_text(json.dumps(entry) + "\n", encoding="utf-8")

    (src / "a.txt").write_text("Berita baru.\n", encoding="utf-8")
    report = _run(src, out, FolderJobOptions())
    assert report.removed_outputs == 1 and not (out / "a.en.txt.json").exists()
    assert outside.read_text("utf-8") == "jangan dihapus\n"
    assert (out / "catatan.txt").read_text("utf-8") == "milik saya\n"


def test_cli_rerun_without_json_and_brief_removes_both(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reported case: --format json --brief, edit the article, rerun without them."""
    src, out = tmp_path / "kliping", tmp_path / "english"
    src.mkdir()
    (src / "a.txt").write_text("Presiden tiba di Jakarta. Hujan turun.\n", encoding="utf-8")
    (out / "lain").mkdir(parents=True)
    (out / "lain" / "x.txt").write_text("bukan keluaran\n", encoding="utf-8")
    base = ["translate-dir", str(src), str(out), "--model", str(tiny_model_dir), "--beam", "1"]
    assert main([*base, "--threads", "1", "--format", "json", "--brief"]) == 0
    capsys.readouterr()
    assert (out / "a.en.txt.json").is_file() and (out / "a.en.txt.brief.txt").is_file()

    (src / "a.txt").write_text("Banjir melanda kota.\n", encoding="utf-8")
    assert main([*base, "--threads", "1", "--format", "text"]) == 0
    err = capsys.readouterr().err
    assert "removed 2 outdated output(s)" in err
    assert not (out / "a.en.txt.json").exists() and not (out / "a.en.txt.brief.txt").exists()
    assert (out / "a.en.txt").is_file()
    assert (out / "lain" / "x.txt").read_text("utf-8") == "bukan keluaran\n"
    removed = _files(out)["a.txt"]["removed_outputs"]
    assert isinstance(removed, list)
    assert sorted(removed) == ["a.en.txt.brief.txt", "a.en.txt.json"]
