"""A big file interrupted mid-way is continued from its last finished round, in-process
with an instant stand-in backend: the outputs equal an uninterrupted run's, and the rerun
translates only what the interrupted run had not finished. A change of input or settings
starts from zero. (The same with SIGKILL and the tiny model: test_translate_dir_resume.)"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from kabar.core.atomic import TEMP_SUFFIX
from kabar.translate.documents.base import DocumentOptions
from kabar.translate.folder.checkpoint import CHECKPOINT_SUFFIX
from kabar.translate.folder.job import FolderJobOptions, translate_folder
from kabar.translate.folder.report import FolderReport
from tests.conftest import seed_files
from tests.folder_helpers import outputs
from tests.test_translate_dir_job import EchoBackend, _translator

SEEDS = [p.read_text("utf-8") for p in seed_files()]
ROUND = 2_500  # characters per round; group_chars 1,000: a few groups per round


def _brief(sentences: Sequence[str]) -> Mapping[str, Any]:
    """A stand-in summarizer: deterministic, from every sentence it was given."""
    return {"brief": [{"text": s} for s in sentences[::7]], "notices": []}


def _run(src: Path, out: Path, backend: EchoBackend, *, extras: bool, **options: Any) -> Any:
    documents = DocumentOptions(json=extras, brief=extras, group_chars=1_000)
    return translate_folder(
        src,
        out,
        options=FolderJobOptions(documents=documents, round_chars=ROUND, **options),
        load_translator=lambda: _translator(backend),
        load_brief_maker=lambda: _brief,
    )


def _texts(backend: EchoBackend) -> list[str]:
    return [text for batch in backend.batches for text in batch]


def _write_inputs(src: Path, kind: str) -> None:
    src.mkdir(parents=True)
    if kind == "jsonl":
        records = [{"id": i, "text": SEEDS[i % len(SEEDS)]} for i in range(12)]
        lines = [json.dumps(r) for r in records]
        lines[4] = "bukan json"  # a failed record's state is carried over too
        (src / "korpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        (src / f"besar.{kind}").write_text("\n\n".join(SEEDS * 2), encoding="utf-8")


# The streamed kinds (.txt, .jsonl); .md, .html and .docx are parsed whole and redone.
@pytest.mark.parametrize(("kind", "extras"), [("txt", True), ("txt", False), ("jsonl", True)])
def test_an_interrupted_file_is_continued_from_its_last_round(
    tmp_path: Path, kind: str, extras: bool
) -> None:
    src = tmp_path / "in"
    _write_inputs(src, kind)
    whole = EchoBackend()
    expected = _run(src, tmp_path / "whole", whole, extras=extras)
    everything = _texts(whole)
    assert len(everything) > 20

    out = tmp_path / "out"
    first = EchoBackend(interrupt_at=len(whole.batches) // 2)
    with pytest.raises(KeyboardInterrupt):
        _run(src, out, first, extras=extras)
    assert list(out.rglob(f"*{CHECKPOINT_SUFFIX}")), "a checkpoint after the first rounds"

    rerun = EchoBackend()
    report: FolderReport = _run(src, out, rerun, extras=extras)

    assert report.exit_code == expected.exit_code
    assert outputs(out) == outputs(tmp_path / "whole")
    remaining = _texts(rerun)
    # Only what the interrupted run had not finished: the tail of the whole run's texts.
    assert 0 < len(remaining) < len(everything)
    assert remaining == everything[len(everything) - len(remaining) :]
    (outcome,) = report.files
    assert outcome.resumed_units > 0
    assert report.resumed_sentences == outcome.resumed_sentences > 0
    assert report.sentences == expected.sentences
    # One text per sentence, but a sentence with nothing to translate ("(*)") is copied,
    # never sent to the model: the whole run copied this many.
    copied = expected.sentences - len(everything)
    assert len(remaining) <= report.sentences - report.resumed_sentences <= len(remaining) + copied
    assert not list(out.rglob(f"*{CHECKPOINT_SUFFIX}")) and not list(out.rglob(f"*{TEMP_SUFFIX}"))


@pytest.mark.parametrize("change", ["input", "settings", "group size", "force"])
def test_a_checkpoint_that_does_not_match_starts_from_zero(tmp_path: Path, change: str) -> None:
    src = tmp_path / "in"
    _write_inputs(src, "txt")
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        _run(src, out, EchoBackend(interrupt_at=6), extras=True)
    assert list(out.rglob(f"*{CHECKPOINT_SUFFIX}"))
    options: dict[str, Any] = {}
    if change == "input":
        (src / "besar.txt").write_text("\n\n".join(SEEDS), encoding="utf-8")
    elif change == "settings":
        options["settings"] = {"model": "another"}
    elif change == "force":
        options["force"] = True
    whole = EchoBackend()
    _run(src, tmp_path / "whole", whole, extras=True, **options)

    rerun = EchoBackend()
    if change == "group size":
        documents = DocumentOptions(json=True, brief=True, group_chars=1_500)
        whole = EchoBackend()
        translate_folder(
            src,
            tmp_path / "whole2",
            options=FolderJobOptions(documents=documents, round_chars=ROUND),
            load_translator=lambda: _translator(whole),
            load_brief_maker=lambda: _brief,
        )
        report = translate_folder(
            src,
            out,
            options=FolderJobOptions(documents=documents, round_chars=ROUND),
            load_translator=lambda: _translator(rerun),
            load_brief_maker=lambda: _brief,
        )
        reference = tmp_path / "whole2"
    else:
        report = _run(src, out, rerun, extras=True, **options)
        reference = tmp_path / "whole"

    assert _texts(rerun) == _texts(whole)  # everything translated again
    assert report.files[0].resumed_units == 0
    assert outputs(out) == outputs(reference)
    assert not list(out.rglob(f"*{CHECKPOINT_SUFFIX}")) and not list(out.rglob(f"*{TEMP_SUFFIX}"))


def test_a_damaged_checkpoint_or_temporary_file_starts_from_zero(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _write_inputs(src, "txt")
    whole = EchoBackend()
    _run(src, tmp_path / "whole", whole, extras=True)
    for damage in ("checkpoint", "temporary file"):
        out = tmp_path / damage
        with pytest.raises(KeyboardInterrupt):
            _run(src, out, EchoBackend(interrupt_at=6), extras=True)
        (checkpoint,) = out.rglob(f"*{CHECKPOINT_SUFFIX}")
        if damage == "checkpoint":
            checkpoint.write_text('{"torn', encoding="utf-8")
        else:
            next(out.glob(f".besar.en.txt.part{TEMP_SUFFIX}")).write_bytes(b"")
        rerun = EchoBackend()
        report = _run(src, out, rerun, extras=True)
        assert _texts(rerun) == _texts(whole), damage
        assert report.files[0].resumed_units == 0
        assert outputs(out) == outputs(tmp_path / "whole")
        assert not list(out.rglob(f"*{CHECKPOINT_SUFFIX}"))
