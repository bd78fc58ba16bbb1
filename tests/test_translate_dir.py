"""``kabar translate-dir`` end to end on the tiny random model, through ``main([...])``:
the mirrored tree, every input kind, every bad-file kind, the report, usage errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import docx
import pytest

from kabar.cli.main import main
from kabar.core.splitter import segment
from kabar.translate.folder.report import REPORT_NAME
from tests.conftest import run_translate_dir, seed_files, tiny_engine_args

SEEDS = [p.read_text("utf-8") for p in seed_files()]


def _outcomes(out_dir: Path) -> dict[str, dict[str, object]]:
    report = json.loads((out_dir / REPORT_NAME).read_text("utf-8"))
    return {f["path"]: f for f in report["files"]}


def _write_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Rutte bertemu Trump di Washington", level=1)
    paragraph = document.add_paragraph("Sekretaris Jenderal NATO ")
    paragraph.add_run("Mark Rutte").bold = True
    paragraph.add_run(" tiba di Gedung Putih pada hari Senin.")
    document.add_paragraph("")  # empty: left alone
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Negara"
    table.cell(0, 1).text = "Anggaran pertahanan"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Indonesia menambah anggaran."
    document.add_paragraph("Pertemuan berlangsung tertutup.")
    document.save(str(path))


def _docx_texts(path: Path) -> list[str]:
    from kabar.core.reading.docx import iter_paragraphs

    return [p.text for p in iter_paragraphs(docx.Document(str(path)))]


def test_outputs_mirror_the_input_tree(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "kliping"
    inputs = {
        "a.txt": SEEDS[0],
        "2025/januari/b.md": SEEDS[1],
        "2025/januari/c.txt": SEEDS[2],
        "2025/februari/d.txt": SEEDS[3],
        "lain/halaman.html": "<html><body><h1>Judul berita</h1><p>Isi berita pertama. "
        "Kalimat kedua.</p><nav>Menu</nav><p>Paragraf kedua.</p></body></html>",
        "lain/korpus.jsonl": '{"id": "x1", "text": "Presiden tiba di Jakarta."}\n'
        '{"id": "x2", "text": "Hujan turun.\\n\\nBanjir melanda."}\n',
    }
    for rel, text in inputs.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="utf-8")
    _write_docx(src / "lain" / "memo.docx")
    (src / "2025" / "catatan.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "english"

    code, err = run_translate_dir(src, out, tiny_model_dir, "--quiet", capsys=capsys)

    assert code == 0, err
    produced = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    english = {
        "a.en.txt",
        "2025/januari/b.en.md",
        "2025/januari/c.en.txt",
        "2025/februari/d.en.txt",
        "lain/halaman.en.html",
        "lain/memo.en.docx",
    }
    # By default each file in its own format and its JSON (a corpus has it in its lines).
    assert produced == {
        *english,
        *(f"{name}.json" for name in english),
        "lain/korpus.en.jsonl",
        ".kabar-manifest.jsonl",
        REPORT_NAME,
    }
    for rel in ("a.txt", "2025/januari/b.md", "2025/januari/c.txt", "2025/februari/d.txt"):
        english = (out / rel).with_name(Path(rel).stem + ".en" + Path(rel).suffix)
        lines = [line for line in english.read_text("utf-8").splitlines() if line.strip()]
        assert len(lines) == len(segment(inputs[rel])), rel
    page = (out / "lain" / "halaman.en.html").read_text("utf-8")
    # The same page in English, its elements kept. (What of a page is translated is its
    # article as reading finds it, tests/test_html_article.py: on a page this small the
    # extractor keeps everything, its one-word menu too.)
    assert page.count("<h1>") == 1 and page.count("<p>") == 2 and page.count("<nav>") == 1
    assert '<html lang="en">' in page and "Judul berita" not in page
    records = [json.loads(line) for line in (out / "lain" / "korpus.en.jsonl").open()]
    assert [r["id"] for r in records] == ["x1", "x2"]
    assert all(r["translation"] for r in records)
    assert records[1]["translation"].count("\n\n") == 1  # the record's paragraphs kept
    before, after = (
        _docx_texts(src / "lain" / "memo.docx"),
        _docx_texts(out / "lain" / "memo.en.docx"),
    )
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        assert (new != old) if old.strip() else (new == old)
    translated = docx.Document(str(out / "lain" / "memo.en.docx"))
    assert translated.paragraphs[0].style is not None
    assert translated.paragraphs[0].style.name == "Heading 1"
    outcomes = _outcomes(out)
    assert outcomes["2025/catatan.pdf"] == {
        "path": "2025/catatan.pdf",
        "status": "skipped",
        "reason": "not an input kind: .pdf",
    }
    assert outcomes["lain/memo.docx"]["paragraphs"] == 6


def test_bad_files_never_stop_the_run(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "baik.txt").write_text(SEEDS[4], encoding="utf-8")
    (src / "kosong.txt").write_bytes(b"")
    (src / "spasi.md").write_text(" \n\n \t\n", encoding="utf-8")
    (src / "biner.txt").write_bytes(b"\x7fELF\x02\x01\x00\x00binary")
    (src / "laporan.txt").write_bytes(b"%PDF-1.7 not text")
    (src / "latin.txt").write_bytes("Menteri berkata “cukup” di café.\n".encode("cp1252"))
    (src / "rusak.txt").write_bytes(b"Kata \x81\x8d\x8f\x90\x9d tak terbaca.\n")
    (src / "palsu.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (src / "kosong.html").write_text("<script>x()</script><nav>Menu</nav>", encoding="utf-8")
    (src / "salah.jsonl").write_text('{"isi": "teks"}\n', encoding="utf-8")
    # Unreadable: tests run as root, for whom chmod 000 blocks nothing, so a link whose
    # target does not exist stands in; as another user, a chmod 000 file is added too.
    os.symlink(src / "hilang.txt", src / "tautan.txt")
    if os.geteuid() != 0:
        (src / "terkunci.txt").write_text("rahasia", encoding="utf-8")
        (src / "terkunci.txt").chmod(0)
    os.mkfifo(src / "pipa.txt")  # would block forever if opened
    (src / "sub").mkdir()
    os.symlink(src, src / "sub" / "putaran")  # a symlink loop
    (src / "sub" / "dalam.txt").write_text(SEEDS[0], encoding="utf-8")
    out = src / "hasil"  # OUT_DIR inside IN_DIR

    code, err = run_translate_dir(src, out, tiny_model_dir, capsys=capsys)

    assert code == 1
    outcomes = _outcomes(out)
    status = {path: o["status"] for path, o in outcomes.items()}
    assert {p for p, s in status.items() if s == "translated"} == {
        "baik.txt",
        "latin.txt",
        "sub/dalam.txt",
    }
    expected_failures = {
        "kosong.txt": "is empty",
        "spasi.md": "is empty",
        "biner.txt": "looks binary",
        "laporan.txt": "is a PDF",
        "rusak.txt": "neither UTF-8 nor Windows-1252",
        "palsu.docx": "not a readable Word document",
        "kosong.html": "has no visible text",
        "salah.jsonl": 'no record that can be translated; line 1: no "text" field (choose',
        "tautan.txt": "broken symlink",
        "pipa.txt": "not a regular file",
    }
    if os.geteuid() != 0:
        expected_failures["terkunci.txt"] = "Permission denied"
    for path, reason in expected_failures.items():
        assert status[path] == "failed", path
        assert reason in str(outcomes[path]["reason"]), (path, outcomes[path]["reason"])
        assert path in err  # listed on the summary screen (15 at most, then "and N more")
    assert status["hasil/"] == "skipped" and status["sub/putaran/"] == "skipped"
    assert outcomes["latin.txt"]["encoding"] == "cp1252"
    assert "Windows-1252" in str(outcomes["latin.txt"]["notices"])
    assert "3 translated" in err
    assert "%|" not in err  # stderr is not a terminal here: no progress bar

    # A rerun skips what is done, never reads its own outputs, and still lists failures.
    code, err = run_translate_dir(src, out, tiny_model_dir, capsys=capsys)
    assert code == 1
    again = _outcomes(out)
    assert {p for p, o in again.items() if o["status"] == "translated"} == set()
    assert not any(p.startswith("hasil/") and p != "hasil/" for p in again)


def test_json_format_is_sentence_aligned_with_briefs(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "berita.txt").write_text(SEEDS[2], encoding="utf-8")
    (src / "korpus.jsonl").write_text(
        '{"no": 7, "isi": "Presiden tiba. Menteri menyambut."}\nbukan json\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    code, err = run_translate_dir(
        src,
        out,
        tiny_model_dir,
        "--format",
        "json",
        "--text-field",
        "isi",
        "--id-field",
        "no",
        "--brief",
        "--brief-sentences",
        "2",
        capsys=capsys,
    )
    assert code == 1, err  # the corpus's second record is not JSON: a failure, named
    assert "korpus.jsonl line 2: not JSON" in err
    data = json.loads((out / "berita.en.txt.json").read_text("utf-8"))
    sentences = [s for p in data["paragraphs"] for s in p["sentences"]]
    assert data["sentence_count"] == len(sentences) > 10
    for s in sentences:
        assert SEEDS[2][s["start"] : s["end"]] == s["source"]
        assert 0 <= s["confidence"] <= 1 and isinstance(s["flags"], list)
    assert data["engine"]["beam_size"] == 1
    lines = [json.loads(line) for line in (out / "korpus.en.jsonl").open()]
    assert lines[0]["no"] == 7 and lines[0]["sentence_count"] == 2
    assert list(lines[0])[:3] == ["no", "isi", "translation"]  # the record, then its English
    assert lines[0]["isi"] == "Presiden tiba. Menteri menyambut."
    assert lines[1] == {"id": None, "line": 2, "error": lines[1]["error"]}
    assert lines[1]["error"].startswith("not JSON")
    report = _outcomes(out)
    assert report["korpus.jsonl"]["failed_records"] == 1
    assert "1 record(s) not translated" in str(report["korpus.jsonl"]["notices"])

    # The brief: sentences of the English (extractive), in the JSON and in a file.
    brief = data["brief"]
    assert 1 <= len(brief["brief"]) <= 2
    for line in brief["brief"]:
        english = " ".join(sentences[line["sentence_index"]]["translation"].split())
        assert line["text"] == english
    assert (out / "berita.en.txt.brief.txt").read_text("utf-8").splitlines()[
        : len(brief["brief"])
    ] == [f"- {line['text']}" for line in brief["brief"]]
    assert lines[0]["brief"]["brief"][0]["text"] in lines[0]["translation"]
    assert report["berita.txt"]["outputs"] == [
        "berita.en.txt",
        "berita.en.txt.json",
        "berita.en.txt.brief.txt",
    ]

    # A rerun asking for less than was made (no JSON, no brief) has nothing to do.
    code, err = run_translate_dir(
        src,
        out,
        tiny_model_dir,
        "--format",
        "text",
        "--text-field",
        "isi",
        "--id-field",
        "no",
        capsys=capsys,
    )
    assert code == 1, err  # the bad record is still there, and still reported
    assert {o["status"] for o in _outcomes(out).values()} == {"skipped"}


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (lambda t: None, ["missing", "out"], "does not exist"),
        (lambda t: (t / "in").mkdir(), ["in", "in"], "must differ"),
        (lambda t: (t / "in").mkdir(), ["in", "."], "contains IN_DIR"),
        (
            lambda t: (t / "in").mkdir(),
            ["in", "out", "--round-chars", "0"],
            "argument --round-chars: must be at least 1, not 0",
        ),
        (lambda t: (t / "in").mkdir(), ["in", "out", "--text-field", ""], "--text-field"),
        # one document's Word table: refused, not silently ignored
        (lambda t: (t / "in").mkdir(), ["in", "out", "--bilingual"], "unrecognized arguments"),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    make: object,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path)  # type: ignore[operator]
    assert main(["translate-dir", *args, "--model", "unused"]) == 2
    assert message in capsys.readouterr().err


def test_an_over_long_jsonl_record_fails_alone(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    huge = json.dumps({"id": "big", "text": "kata " * 250_000})  # > 1 MB on one line
    (src / "korpus.jsonl").write_text(
        '{"id": "a", "text": "Presiden tiba."}\n' + huge + '\n{"id": "b", "text": "Dia pergi."}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, err = run_translate_dir(src, out, tiny_model_dir, capsys=capsys)
    assert code == 1, err  # one record failed: named, and the others translated
    assert "korpus.jsonl line 2: record over 1 MB" in err
    lines = [json.loads(line) for line in (out / "korpus.en.jsonl").open()]
    assert [line.get("id") for line in lines[::2]] == ["a", "b"]
    assert lines[1]["line"] == 2 and "over 1 MB" in lines[1]["error"]


def test_the_same_engine_spelled_another_way_translates_nothing_again(
    tiny_model_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The manifest stores the resolved EngineSpec's fingerprint: the default compute type
    spelled out, another thread count or the model folder spelled relative to the working
    folder is the same engine; another beam is not."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(SEEDS[0], encoding="utf-8")
    out = tmp_path / "out"
    backend = ["--backend", "ctranslate2"]
    assert run_translate_dir(tmp_path / "in", out, tiny_model_dir, *backend, capsys=capsys)[0] == 0
    assert _outcomes(out)["a.txt"]["status"] == "translated"
    monkeypatch.chdir(tiny_model_dir.parent)
    relative = Path(".") / tiny_model_dir.name
    for spelled in (
        [*backend, "--compute-type", "int8"],
        ["--compute-type", "int8"],  # ctranslate2 is the default backend
        [*backend, "--threads", "2"],
    ):
        code, _ = run_translate_dir(tmp_path / "in", out, relative, *spelled, capsys=capsys)
        assert code == 0
        assert _outcomes(out)["a.txt"]["status"] == "skipped", spelled
    run_translate_dir(tmp_path / "in", out, relative, *backend, "--beam", "2", capsys=capsys)
    assert _outcomes(out)["a.txt"]["status"] == "translated"
    manifest = (out / ".kabar-manifest.jsonl").read_text("utf-8").splitlines()
    settings = json.loads(manifest[-1])["settings"]
    assert settings["model"] == str(tiny_model_dir.resolve())
    assert settings["beam_size"] == 2 and settings["compute_type"] == "int8"
    assert {"batch_tokens", "output_ratio", "output_slack"} <= set(settings)


def test_folder_json_has_the_keys_and_figures_of_kabar_translate_json(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "berita.txt").write_text(SEEDS[1], encoding="utf-8")
    code, err = run_translate_dir(
        src, tmp_path / "out", tiny_model_dir, "--format", "json", capsys=capsys
    )
    assert code == 0, err
    folder = json.loads((tmp_path / "out" / "berita.en.txt.json").read_text("utf-8"))
    code = main(
        [
            "translate",
            str(src / "berita.txt"),
            *tiny_engine_args(tiny_model_dir),
            "--format",
            "json",
            "--quiet",
        ]
    )
    single = json.loads(capsys.readouterr().out)
    assert code == 0
    assert sorted(folder) == sorted(single)
    for key in ("sentence_count", "mean_confidence", "worst_confidence", "flagged_sentences"):
        assert folder[key] == single[key], key
    assert folder["paragraphs"] == single["paragraphs"]


def test_folder_briefs_are_chosen_like_kabar_translate_brief(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both choose on the Indonesian source and show the translations: the same brief."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "berita.txt").write_text(SEEDS[3], encoding="utf-8")
    extra = ("--format", "json", "--brief")
    code, err = run_translate_dir(src, tmp_path / "out", tiny_model_dir, *extra, capsys=capsys)
    assert code == 0, err
    folder = json.loads((tmp_path / "out" / "berita.en.txt.json").read_text("utf-8"))
    code = main(
        ["translate", str(src / "berita.txt"), *tiny_engine_args(tiny_model_dir), "--quiet", *extra]
    )
    single = json.loads(capsys.readouterr().out)
    assert code == 0
    assert folder["brief"]["brief"] == single["brief"]["brief"]
    translations = [s["translation"] for p in single["paragraphs"] for s in p["sentences"]]
    sources = [s["source"] for p in single["paragraphs"] for s in p["sentences"]]

    def words(text: str) -> str:
        return " ".join(text.split())

    assert folder["brief"]["brief"]
    for line in folder["brief"]["brief"]:
        index = line["sentence_index"]
        assert words(line["text"]) in words(translations[index])  # a dateline may be cut
        assert words(line["source"]) in words(sources[index])
