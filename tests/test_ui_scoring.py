"""Reference scoring in the UI: alignment by line or sentence, sacrebleu's numbers."""

from __future__ import annotations

import pytest
import sacrebleu

from kabar.ui.scoring import align_reference, score_reference

HYPOTHESES = [
    "The secretary general said the alliance is ready.",
    "Russia denied planning an attack.",
    "The talks gave Ukraine a chance.",
]


def test_reference_aligns_by_lines_then_by_sentences() -> None:
    by_lines = "First line without a stop\nSecond line. Still the second\n\nThird"
    assert align_reference(by_lines, 3) == [
        "First line without a stop",
        "Second line. Still the second",
        "Third",
    ]
    one_paragraph = "One sentence here. Another one here. And a third one."
    assert align_reference(one_paragraph, 3) == [
        "One sentence here.",
        "Another one here.",
        "And a third one.",
    ]
    assert align_reference(one_paragraph, 2) is None


def test_identical_reference_scores_perfectly_sentence_by_sentence() -> None:
    result = score_reference(HYPOTHESES, "\n".join(HYPOTHESES))
    assert result.aligned and result.scores.n == 3
    names = [name for name, _, _ in result.metrics]
    assert names == ["BLEU", "chrF2", "TER"]
    bleu, chrf, ter = (score for _, score, _ in result.metrics)
    assert bleu == pytest.approx(100) and chrf == pytest.approx(100) and ter == 0
    assert result.sentence_chrf == pytest.approx((100.0, 100.0, 100.0))
    for name, _, signature in result.metrics:
        assert signature.startswith(f"{name}|nrefs:1|")
        assert f"version:{sacrebleu.__version__}" in signature


def test_scores_are_sacrebleus_own_corpus_scores() -> None:
    references = [
        "The secretary-general said that the alliance was ready.",
        "Russia has denied that it plans an attack.",
        "The talks gave Ukraine an opportunity.",
    ]
    result = score_reference(HYPOTHESES, "\n".join(references))
    expected = {
        "BLEU": sacrebleu.corpus_bleu(HYPOTHESES, [references]).score,
        "chrF2": sacrebleu.corpus_chrf(HYPOTHESES, [references]).score,
        "TER": sacrebleu.corpus_ter(HYPOTHESES, [references]).score,
    }
    for name, score, _ in result.metrics:
        assert score == pytest.approx(expected[name])
    assert result.sentence_chrf is not None
    for hypothesis, reference, chrf in zip(
        HYPOTHESES, references, result.sentence_chrf, strict=True
    ):
        assert chrf == pytest.approx(sacrebleu.sentence_chrf(hypothesis, [reference]).score)


def test_unaligned_reference_is_scored_as_one_segment_without_sentence_chrf() -> None:
    reference = "The alliance is ready, the secretary general said, and Russia denied it."
    result = score_reference(HYPOTHESES, reference)
    assert not result.aligned and result.scores.n == 1
    assert result.sentence_chrf is None
    assert result.reference_sentences == 1 and result.hypothesis_sentences == 3
    assert "one segment" in result.note
    expected = sacrebleu.corpus_chrf([" ".join(HYPOTHESES)], [[reference]]).score
    assert result.scores.chrf == pytest.approx(expected)
    data = result.to_dict()
    assert data["aligned"] is False and data["sentence_chrf"] is None
    assert set(data["signatures"]) == {"bleu", "chrf", "ter"}
