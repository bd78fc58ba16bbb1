"""``kabar translate-dir`` when OUT_DIR cannot be written and when records of a corpus
fail: a message and an exit code, never a traceback, never a failure hidden in a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kabar.translate.folder.report import REPORT_NAME
from tests.conftest import run_translate_dir


def _source(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "berita.txt").write_text("Presiden tiba di Jakarta. Dia disambut.", encoding="utf-8")
    return src


# Tests run as root, for whom permission bits block nothing: unwritable folders are a
# path under a regular file, /proc (no new files there, even for root) and /sys.
@pytest.mark.parametrize("where", ["file/sub", "/proc/kabar-out", "/proc", "/sys/kabar-out"])
def test_an_unwritable_out_dir_is_a_usage_error(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    src = _source(tmp_path)
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    out = tmp_path / where if not where.startswith("/") else Path(where)

    code, err = run_translate_dir(src, out, tiny_model_dir, capsys=capsys)

    assert code == 2, err
    assert f"cannot create or write the output folder {out}" in err
    assert "writable OUT_DIR" in err and "Traceback" not in err


def test_a_report_that_cannot_be_written_is_named_before_anything_is_translated(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _source(tmp_path)
    out = tmp_path / "out"
    (out / REPORT_NAME).mkdir(parents=True)  # where the report goes: a folder

    code, err = run_translate_dir(src, out, tiny_model_dir, capsys=capsys)

    assert code == 2, err
    assert f"cannot write the run report {out / REPORT_NAME}" in err
    assert not (out / "berita.en.txt").exists()  # refused before translating


def test_a_report_that_fails_at_the_end_says_the_translations_are_kept(
    tmp_path: Path,
    tiny_model_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kabar.translate.folder.ledger as job

    src = _source(tmp_path)
    out = tmp_path / "out"
    real = job.atomic_write

    def full_disk(target: Path, **kwargs: object) -> object:
        if target.name == REPORT_NAME and (out / "berita.en.txt").exists():
            raise OSError(28, "No space left on device")
        return real(target, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(job, "atomic_write", full_disk)
    code, err = run_translate_dir(src, out, tiny_model_dir, capsys=capsys)

    assert code == 1, err
    assert "No space left on device" in err and "Traceback" not in err
    assert "translations written so far are kept" in err
    assert (out / "berita.en.txt").read_text("utf-8").strip()


def test_failed_records_of_a_corpus_fail_the_run_and_are_named(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "korpus.jsonl").write_text(
        '{"id": "a", "text": "Presiden tiba di Jakarta."}\n'
        "bukan json\n"
        '{"id": "c", "text": "Hujan turun."}\n'
        '{"id": "d", "isi": "tanpa teks"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"

    code, err = run_translate_dir(src, out, tiny_model_dir, capsys=capsys)

    assert code == 1, err
    assert "4 records in 1 .jsonl corpus: 2 translated, 2 failed" in err
    assert "korpus.jsonl line 2: not JSON" in err
    assert "korpus.jsonl line 4 (id 'd'): no \"text\" field (choose the field with" in err
    report = json.loads((out / REPORT_NAME).read_text("utf-8"))
    assert report["totals"] | {"records": 4, "failed_records": 2} == report["totals"]
    corpus = report["files"][0]
    assert (corpus["status"], corpus["records"], corpus["failed_records"]) == ("translated", 4, 2)
    assert [f["line"] for f in corpus["record_failures"]] == [2, 4]
    lines = [json.loads(line) for line in (out / "korpus.en.jsonl").open()]
    assert ["error" in line for line in lines] == [False, True, False, True]

    # Unchanged, the corpus is skipped, and its bad records are still reported; --quiet
    # still names them.
    code, err = run_translate_dir(src, out, tiny_model_dir, "--quiet", capsys=capsys)
    assert code == 1, err
    assert "korpus.jsonl line 2: not JSON" in err and "line 4" in err
    again = json.loads((out / REPORT_NAME).read_text("utf-8"))
    assert again["files"][0]["status"] == "skipped"
    assert again["totals"]["failed_records"] == 2


def test_many_failed_records_are_listed_a_few_then_counted(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    records = ['{"id": 0, "text": "Presiden tiba."}'] + [f'{{"id": {i}}}' for i in range(1, 41)]
    (src / "korpus.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    out = tmp_path / "out"

    code, err = run_translate_dir(src, out, tiny_model_dir, capsys=capsys)

    assert code == 1, err
    named = [line for line in err.splitlines() if line.startswith("  korpus.jsonl line ")]
    assert len(named) == 15 and named[0].startswith("  korpus.jsonl line 2 (id 1)")
    assert "  ... and 25 more" in err
    assert "41 records in 1 .jsonl corpus: 1 translated, 40 failed" in err


def test_reading_notices_reach_the_summary_on_stderr(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 14 item 9: a note such as "read as Windows-1252" is on the summary screen,
    not only inside the report."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "lama.txt").write_bytes(
        "Presiden tiba di Jakarta pada hari Senin. Caf\xe9 ramai.".encode("cp1252")
    )
    code, err = run_translate_dir(src, tmp_path / "out", tiny_model_dir, capsys=capsys)
    assert code == 0, err
    assert "kabar: notes:" in err and "lama.txt" in err and "Windows-1252" in err
