"""The folder job in-process with an instant stand-in backend: batching across files,
resuming, a backend that breaks, interruption, the progress bar."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from kabar.cli.folder_command import progress_bar
from kabar.core.copythrough import is_copy_only
from kabar.core.furniture import BODY, sentence_roles
from kabar.core.splitter import segment
from kabar.translate.backends.base import Decoded
from kabar.translate.documents.base import DocumentOptions
from kabar.translate.engine import Translator
from kabar.translate.folder.job import FolderJobOptions, translate_folder
from kabar.translate.folder.manifest import MANIFEST_NAME
from kabar.translate.folder.report import REPORT_NAME
from kabar.translate.options import TranslationOptions
from tests.conftest import seed_files


class EchoBackend:
    """A test double, not a translator: returns each source tagged ``EN``, instantly, so
    tests can follow every sentence to its place in the outputs."""

    name = "echo"
    model_id = "echo"
    device = "cpu"
    threads = 1
    compute_type = "none"
    max_input_tokens = 512

    def __init__(
        self,
        *,
        broken_by: str | None = None,
        interrupt_at: int | None = None,
        record: bool = True,
    ) -> None:
        self.batches: list[list[str]] = []  # every batch's texts, when ``record``
        self.calls = 0
        self.record = record
        self.broken_by = broken_by
        self.interrupt_at = interrupt_at

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) + 1 for t in texts]

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        self.calls += 1
        if self.record:
            self.batches.append(list(texts))
        if self.interrupt_at is not None and self.calls >= self.interrupt_at:
            raise KeyboardInterrupt
        if self.broken_by is not None and any(self.broken_by in t for t in texts):
            raise RuntimeError("the backend broke")
        return [
            Decoded(text=f"EN {t}", tokens=len(t.split()) + 2, mean_log_prob=-0.2, hit_limit=False)
            for t in texts
        ]


def _translator(backend: EchoBackend) -> Translator:
    return Translator(backend, TranslationOptions(beam_size=1))


def _articles(root: Path, count: int) -> list[Path]:
    texts = [p.read_text("utf-8") for p in seed_files()]
    paths = []
    for i in range(count):
        path = root / f"part{i % 3}" / f"berita{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(texts[i % len(texts)], encoding="utf-8")
        paths.append(path)
    return paths


def _report(out: Path) -> dict[str, dict[str, object]]:
    data = json.loads((out / REPORT_NAME).read_text("utf-8"))
    return {f["path"]: f for f in data["files"]}


def test_sentences_of_many_files_share_batches(tmp_path: Path) -> None:
    _articles(tmp_path / "in", 30)
    backend = EchoBackend()
    report = translate_folder(
        tmp_path / "in",
        tmp_path / "out",
        options=FolderJobOptions(),
        load_translator=lambda: _translator(backend),
    )
    assert report.count("translated") == 30 and report.exit_code == 0
    assert len(backend.batches) <= -(-report.sentences // 32) + 1  # full batches of 32
    sentence_files = {}
    for path in seed_files():
        text = path.read_text("utf-8")
        for paragraph in segment(text):
            for s in paragraph.sentences:
                sentence_files[" ".join(text[s.start : s.end].split())] = path
    mixed = [b for b in backend.batches if len({sentence_files[s] for s in b}) > 1]
    assert mixed, "batches should mix sentences of different files"


def test_each_sentence_lands_in_its_own_file_and_paragraph(tmp_path: Path) -> None:
    sources = _articles(tmp_path / "in", 12)
    translate_folder(
        tmp_path / "in",
        tmp_path / "out",
        # Several rounds; the furniture marked (--marks), so each sentence can be followed.
        options=FolderJobOptions(round_chars=5_000, documents=DocumentOptions(marks=True)),
        load_translator=lambda: _translator(EchoBackend()),
    )
    for source in sources:
        rel = source.relative_to(tmp_path / "in")
        english = (tmp_path / "out" / rel.with_name(rel.stem + ".en.txt")).read_text("utf-8")
        text = source.read_text("utf-8")
        paragraphs = segment(text)
        sources = [" ".join(text[s.start : s.end].split()) for p in paragraphs for s in p.sentences]
        numbers = [n for n, p in enumerate(paragraphs) for _ in p.sentences]
        # Furniture is marked as `kabar translate --marks` marks it ("[byline] …").
        marks = iter(
            "" if r.role == BODY else f"[{r.role}] "
            for r in sentence_roles(sources, paragraphs=numbers)
        )
        # A sentence with nothing to translate ("(*)") is copied, never sent to the model.
        sentences = iter(s if is_copy_only(s) else f"EN {s}" for s in sources)
        expected = [
            " ".join(f"{next(marks)}{next(sentences)}" for _ in p.sentences) for p in paragraphs
        ]
        assert [line for line in english.splitlines() if line] == expected


def test_rerun_translates_only_new_changed_or_missing_work(tmp_path: Path) -> None:
    paths = _articles(tmp_path / "in", 6)
    out = tmp_path / "out"
    options = FolderJobOptions(settings={"model": "echo"})
    translate_folder(
        tmp_path / "in", out, options=options, load_translator=lambda: _translator(EchoBackend())
    )

    def no_model() -> Translator:
        raise AssertionError("nothing to translate: the model must not be loaded")

    again = translate_folder(tmp_path / "in", out, options=options, load_translator=no_model)
    assert again.count("skipped") == 6 and again.engine is None

    paths[0].write_text("Berita yang diubah.\n", encoding="utf-8")
    (tmp_path / "in" / "baru.txt").write_text("Berita baru.\n", encoding="utf-8")
    (out / "part2" / "berita002.en.txt").unlink()
    third = translate_folder(
        tmp_path / "in", out, options=options, load_translator=lambda: _translator(EchoBackend())
    )
    translated = {o.path for o in third.files if o.status == "translated"}
    assert translated == {"part0/berita000.txt", "baru.txt", "part2/berita002.txt"}
    assert (out / "part0" / "berita000.en.txt").read_text("utf-8") == "EN Berita yang diubah.\n"

    other_model = FolderJobOptions(settings={"model": "another"})
    fourth = translate_folder(
        tmp_path / "in",
        out,
        options=other_model,
        load_translator=lambda: _translator(EchoBackend()),
    )
    assert fourth.count("translated") == 7
    forced = FolderJobOptions(settings={"model": "another"}, force=True)
    fifth = translate_folder(
        tmp_path / "in", out, options=forced, load_translator=lambda: _translator(EchoBackend())
    )
    assert fifth.count("translated") == 7
    json_now = FolderJobOptions(settings={"model": "another"}, documents=DocumentOptions(json=True))
    sixth = translate_folder(
        tmp_path / "in", out, options=json_now, load_translator=lambda: _translator(EchoBackend())
    )
    assert sixth.count("translated") == 7  # the JSON outputs did not exist yet


def test_a_text_that_breaks_the_backend_fails_only_its_file(tmp_path: Path) -> None:
    _articles(tmp_path / "in", 8)
    (tmp_path / "in" / "rusak.txt").write_text("Kalimat RUSAK ini.\n", encoding="utf-8")
    report = translate_folder(
        tmp_path / "in",
        tmp_path / "out",
        options=FolderJobOptions(),
        load_translator=lambda: _translator(EchoBackend(broken_by="RUSAK")),
    )
    outcomes = _report(tmp_path / "out")
    assert outcomes["rusak.txt"]["status"] == "failed"
    assert outcomes["rusak.txt"]["reason"] == "translation failed: RuntimeError: the backend broke"
    assert report.count("translated") == 8 and report.exit_code == 1
    assert not (tmp_path / "out" / "rusak.en.txt").exists()


def test_an_interrupted_run_keeps_finished_files_and_reports(tmp_path: Path) -> None:
    _articles(tmp_path / "in", 20)
    out = tmp_path / "out"
    backend = EchoBackend(interrupt_at=6)
    with pytest.raises(KeyboardInterrupt):
        translate_folder(
            tmp_path / "in",
            out,
            options=FolderJobOptions(round_chars=3_000),
            load_translator=lambda: _translator(backend),
        )
    report = json.loads((out / REPORT_NAME).read_text("utf-8"))
    assert report["interrupted"] is True
    done = {f["path"] for f in report["files"] if f["status"] == "translated"}
    recorded = {
        json.loads(line)["input"] for line in (out / MANIFEST_NAME).read_text().splitlines()
    }
    assert done and done == recorded and len(done) < 20
    resumed = translate_folder(
        tmp_path / "in",
        out,
        options=FolderJobOptions(),
        load_translator=lambda: _translator(EchoBackend()),
    )
    assert resumed.removed_temp_files >= 0
    assert {o.path for o in resumed.files if o.status == "translated"} == {
        str(p.relative_to(tmp_path / "in")) for p in (tmp_path / "in").rglob("*.txt")
    } - done
    assert not list(out.rglob("*.kabar-tmp"))


def test_progress_bar_counts_sentences(tmp_path: Path) -> None:
    _articles(tmp_path / "in", 5)
    stream = io.StringIO()
    with progress_bar(stream) as progress:
        report = translate_folder(
            tmp_path / "in",
            tmp_path / "out",
            options=FolderJobOptions(),
            load_translator=lambda: _translator(EchoBackend()),
            progress=progress,
        )
    final = stream.getvalue().split("\r")[-1]
    assert f"{report.sentences}/{report.sentences}" in final and "sentences" in final


def test_the_summary_names_skipped_files_but_not_unchanged_ones(tmp_path: Path) -> None:
    from kabar.translate.folder.report import summary_lines

    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "a.txt").write_text("Presiden datang ke Jakarta hari ini.", encoding="utf-8")
    for name in ("b.pdf", "c.jpg", "d.png", "e.zip"):
        (inp / name).write_bytes(b"\x00binary")

    def run() -> list[str]:
        report = translate_folder(
            inp, out, options=FolderJobOptions(), load_translator=lambda: _translator(EchoBackend())
        )
        return summary_lines(report, "report.json")

    first = run()
    assert first[0].startswith("kabar: 5 files: 1 translated, 4 skipped")
    skipped = next(line for line in first if line.startswith("kabar: skipped:"))
    assert "4 not an input kind (b.pdf, c.jpg, d.png, and 1 more)" in skipped
    (inp / "b.pdf").unlink()
    (inp / "c.jpg").unlink()
    (inp / "d.png").unlink()
    (inp / "e.zip").unlink()
    again = run()
    assert again[0].startswith("kabar: 1 file: 0 translated, 1 skipped")
    assert "1 unchanged since the last run (--force redoes it)" in "\n".join(again)
    assert "a.txt" not in next(line for line in again if line.startswith("kabar: skipped:"))
