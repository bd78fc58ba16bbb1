"""translate-dir's sentences to check: each document's JSON lists them (indices over the
whole document, across the units it was cut into), the report has them per file with
each flag's count, and the summary on stderr says how many and where."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kabar.translate.documents.base import Tally
from kabar.translate.folder.report import REPORT_NAME
from tests.conftest import run_translate_dir
from tests.test_review import PAIRS, article


def test_a_documents_list_counts_sentences_over_all_its_units() -> None:
    tally = Tally()
    tally.add(article(), 0.1)  # sentences 0-3: 1 and 0 to check
    tally.add(article(PAIRS[::-1]), 0.1)  # sentences 4-7: 6 (#PrayForPalu) and 7 (3.850)
    review = tally.review()
    assert review["count"] == 4
    assert [s["sentence"] for s in review["sentences"]] == [1, 6, 0, 7]
    assert tally.flags == {"numbers": 2, "kept_text": 2}
    restored = Tally()
    restored.restore(json.loads(json.dumps(tally.state())))  # a checkpoint keeps it
    assert restored.review() == review and restored.flags == tally.flags


def test_translate_dir_lists_sentences_to_check_in_json_report_and_summary(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "angka.txt").write_text(
        "Pada 2025 ada 3.850 korban di 12 kota.\n\nTagar #banjir ramai, naik 1,5 persen.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, err = run_translate_dir(src, out, tiny_model_dir, "--format", "json", capsys=capsys)
    assert code == 0, err
    data = json.loads((out / "angka.en.txt.json").read_text("utf-8"))
    sentences = [s for p in data["paragraphs"] for s in p["sentences"]]
    flagged = [i for i, s in enumerate(sentences) if set(s["flags"]) - {"empty"}]
    assert flagged  # the random model keeps none of these numbers
    assert sorted(s["sentence"] for s in data["to_check"]["sentences"]) == flagged
    assert data["to_check"]["count"] == len(flagged)
    for item in data["to_check"]["sentences"]:
        assert item["flags"] == sentences[item["sentence"]]["flags"]
    report = json.loads((out / REPORT_NAME).read_text("utf-8"))
    entry = next(f for f in report["files"] if f["path"] == "angka.txt")
    assert entry["to_check"] == data["to_check"]
    assert entry["flags"]["numbers"] >= 1
    assert f"kabar: sentences to check: {len(flagged)} in 1 file" in err
    assert "  angka.txt: " in err


def test_a_long_documents_list_keeps_its_worst_and_counts_them_all() -> None:
    """Memory stays bounded: a 10 MB file whose every sentence is flagged kept them all
    (and wrote them into every checkpoint); the list keeps the worst, the count is whole."""
    from kabar.translate.documents.json_stream import MAX_LISTED

    tally = Tally()
    for _ in range(MAX_LISTED):  # 2 of every 4 sentences to check
        tally.add(article(), 0.1)
    review = tally.review()
    assert review["count"] == 2 * MAX_LISTED and review["listed"] == MAX_LISTED
    assert len(tally.to_check) <= 2 * MAX_LISTED
    everything = Tally()
    everything.to_check = [
        item.to_dict() | {"sentence": 4 * n + item.index}
        for n in range(MAX_LISTED)
        for item in article().to_check.sentences
    ]
    worst = sorted(
        everything.to_check, key=lambda s: (s["confidence"], -len(s["flags"]), s["sentence"])
    )
    assert review["sentences"] == worst[:MAX_LISTED]
