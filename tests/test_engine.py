"""The Translator on the tiny random model: structure, order, batching, chunking, guards."""

from __future__ import annotations

import json

import pytest

from kabar.core.errors import OptionsError
from kabar.core.splitter import segment
from kabar.translate import quality
from kabar.translate.backends.base import Backend
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from kabar.translate.pieces import normalize_whitespace
from tests.conftest import SpyBackend, assert_same_translations, seed_files

SEED_004 = seed_files()[4].read_text(encoding="utf-8")
FAST = TranslationOptions(beam_size=2, output_ratio=0.5, output_slack=4)


def test_article_keeps_every_sentence_in_order_with_spans(tiny_backend: Backend) -> None:
    article = Translator(tiny_backend, FAST).translate_article(SEED_004)
    gold = segment(SEED_004)
    assert len(article.paragraphs) == len(gold)
    for paragraph, expected in zip(article.paragraphs, gold, strict=True):
        assert (paragraph.start, paragraph.end) == (expected.span.start, expected.span.end)
        assert [(s.start, s.end) for s in paragraph.sentences] == [
            (s.start, s.end) for s in expected.sentences
        ]
        for sentence in paragraph.sentences:
            assert sentence.source == SEED_004[sentence.start : sentence.end]
            assert sentence.translation.strip()
            assert 0.0 <= sentence.confidence <= 1.0
            assert set(sentence.flags) <= set(quality.FLAGS)
            assert sentence.chunks == 1


def test_article_reports_engine_and_paragraph_breaks(tiny_backend: Backend) -> None:
    article = Translator(tiny_backend, FAST).translate_article("Satu.\n\nDua.\nTiga.")
    assert article.engine.backend == "transformers"
    assert article.engine.device == "cpu"
    assert article.engine.threads == 1
    assert article.engine.beam_size == 2
    assert [p.newlines_before for p in article.paragraphs] == [0, 2, 1]
    lines = article.text.split("\n")
    assert len(lines) == 4 and lines[1] == ""


def test_batch_size_does_not_change_outputs(tiny_backend: Backend) -> None:
    sentences = [
        normalize_whitespace(SEED_004[s.start : s.end])
        for p in segment(SEED_004)
        for s in p.sentences
    ]
    one_by_one = Translator(
        tiny_backend,
        TranslationOptions(beam_size=2, output_ratio=0.5, output_slack=4, max_batch_sentences=1),
    ).translate_sentences(sentences)
    spy = SpyBackend(tiny_backend)
    batched = Translator(
        spy,
        TranslationOptions(beam_size=2, output_ratio=0.5, output_slack=4, max_batch_sentences=8),
    ).translate_sentences(sentences)
    assert max(len(texts) for texts, _ in spy.batches) == 8
    assert_same_translations(batched, one_by_one, abs_tol=1e-4)


def test_results_come_back_in_input_order(tiny_backend: Backend) -> None:
    sentences = [
        "Dia pergi.",
        "Sekretaris Jenderal NATO Mark Rutte menyampaikan kesiapan penuh.",
        "Foto: AFP",
        "Pertemuan ini berlangsung di tengah ketegangan global.",
    ]
    translator = Translator(tiny_backend, FAST)
    together = translator.translate_sentences(sentences)
    alone = [translator.translate_sentences([s])[0] for s in sentences]
    assert [s.source for s in together] == sentences
    assert [s.translation for s in together] == [s.translation for s in alone]
    assert len({s.translation for s in together}) > 1, "tiny model should vary with input"


def test_batches_are_sorted_by_length_within_token_budget(tiny_backend: Backend) -> None:
    spy = SpyBackend(tiny_backend)
    options = TranslationOptions(beam_size=1, output_ratio=0.5, output_slack=2, batch_tokens=64)
    sentences = [
        "Satu dua.",
        "Ini kalimat yang jauh lebih panjang dari yang pertama tadi.",
        "Tiga empat lima enam.",
        "Dia.",
    ]
    Translator(spy, options).translate_sentences(sentences)
    lengths = [tiny_backend.count_tokens(texts) for texts, _ in spy.batches]
    flat = [n for batch in lengths for n in batch]
    assert flat == sorted(flat, reverse=True)
    for batch in lengths:
        assert len(batch) == 1 or len(batch) * max(batch) <= 64


def test_output_length_guard_bounds_every_sentence(tiny_backend: Backend) -> None:
    spy = SpyBackend(tiny_backend)
    options = TranslationOptions(beam_size=2, output_ratio=1.0, output_slack=3)
    results = Translator(spy, options).translate_sentences(["Pertemuan ini berlangsung.", "Ya."])
    for texts, limits in spy.batches:
        counts = tiny_backend.count_tokens(texts)
        assert limits == [options.max_new_tokens(n) for n in counts]
        decoded = tiny_backend.translate_batch(texts, beam_size=2, max_new_tokens=limits)
        assert all(d.tokens <= limit for d, limit in zip(decoded, limits, strict=True))
    # Random weights never choose end-of-sentence themselves: the guard stops them, flagged.
    assert all(quality.FLAG_LENGTH_LIMIT in r.flags for r in results)


def test_long_sentence_is_chunked_not_truncated(tiny_backend: Backend) -> None:
    spy = SpyBackend(tiny_backend)
    options = TranslationOptions(beam_size=1, output_ratio=0.5, output_slack=2, max_input_tokens=24)
    clause = "pasukan NATO berjaga di perbatasan timur, dan Rusia menolak tuntutan itu"
    sentence = "; ".join([clause] * 6) + "."
    [result] = Translator(spy, options).translate_sentences([sentence])
    pieces = [text for texts, _ in spy.batches for text in texts]
    assert result.chunks == len(pieces) > 1
    assert quality.FLAG_CHUNKED in result.flags
    assert all(n <= 24 for n in tiny_backend.count_tokens(pieces))
    # Nothing lost: the pieces, in order, are the whole sentence.
    assert " ".join(sorted(pieces, key=sentence.index)) == sentence
    assert result.translation.count(" ") >= len(pieces) - 1


def test_model_input_limit_caps_the_configured_limit(tiny_backend: Backend) -> None:
    translator = Translator(tiny_backend, TranslationOptions(max_input_tokens=10_000))
    assert translator.input_limit == tiny_backend.max_input_tokens  # counts include </s>


def test_empty_segments_are_flagged_not_sent(tiny_backend: Backend) -> None:
    spy = SpyBackend(tiny_backend)
    results = Translator(spy, FAST).translate_sentences(["", "  ", "Dia pergi."])
    assert [r.flags for r in results[:2]] == [(quality.FLAG_EMPTY,)] * 2
    assert [r.translation for r in results[:2]] == ["", ""]
    assert [t for texts, _ in spy.batches for t in texts] == ["Dia pergi."]


def test_english_input_gets_a_language_notice(tiny_backend: Backend) -> None:
    english = (
        "The secretary general said the alliance is ready to defend its members. "
        "Russia denied planning an attack and said its troops were there for exercises."
    )
    article = Translator(tiny_backend, FAST).translate_article(english)
    assert any("Indonesian" in n for n in article.notices)
    assert not Translator(tiny_backend, FAST).translate_article(SEED_004).notices


def test_to_dict_has_the_documented_json_shape(tiny_backend: Backend) -> None:
    data = json.loads(
        json.dumps(Translator(tiny_backend, FAST).translate_article(SEED_004).to_dict())
    )
    assert data["model"] == tiny_backend.model_id
    sentence = data["paragraphs"][0]["sentences"][0]
    assert {"source", "translation", "confidence", "flags", "chunks"} <= set(sentence)
    assert data["sentence_count"] == sum(len(p["sentences"]) for p in data["paragraphs"])


@pytest.mark.parametrize(
    "bad", [{"beam_size": 0}, {"batch_tokens": 0}, {"max_input_tokens": 2}, {"output_ratio": 0}]
)
def test_invalid_options_raise_a_clear_error(bad: dict[str, int]) -> None:
    with pytest.raises(OptionsError, match=next(iter(bad))):
        TranslationOptions(**bad)


def test_articles_batched_together_match_one_by_one(tiny_backend: Backend) -> None:
    texts = [path.read_text("utf-8") for path in seed_files()[:3]]
    spy = SpyBackend(tiny_backend)
    translator = Translator(spy, FAST)
    together = translator.translate_articles(texts)
    assert len(spy.batches) < sum(len(a.sentences) for a in together)  # mixed in batches
    for text, article in zip(texts, together, strict=True):
        alone = translator.translate_article(text)
        assert [s.to_dict() for s in article.sentences] == [s.to_dict() for s in alone.sentences]
        assert all(s.source == text[s.start : s.end] for s in article.sentences)


def test_output_guard_never_exceeds_the_decoder_positions(tiny_backend: Backend) -> None:
    """A generous --max-input-tokens must not let the guard run past 512 positions."""
    options = TranslationOptions(beam_size=1, max_input_tokens=450)
    sentence = " ".join(f"kata{i % 50} dan" for i in range(50)) + "."
    assert 256 < tiny_backend.count_tokens([sentence])[0] <= 450  # guard would be > 512
    [result] = Translator(tiny_backend, options).translate_sentences([sentence])
    assert result.chunks == 1 and quality.FLAG_LENGTH_LIMIT in result.flags


def test_paragraph_breaks_are_counted_as_the_splitter_sees_them(tiny_backend: Backend) -> None:
    article = Translator(tiny_backend, FAST).translate_article("Satu.\u2029\u2029Dua.")
    assert [p.newlines_before for p in article.paragraphs] == [0, 2]


def test_the_results_dict_equals_its_json_read_back(tiny_backend: Backend) -> None:
    """The UI and the HTTP API send the dict as JSON; a tuple left in it (the glossary's
    term pairs in the engine's options) made their answers differ from the engine's."""
    options = TranslationOptions(beam_size=1, glossary=(("DPR", "House of Representatives"),))
    article = Translator(tiny_backend, options).translate_article("DPR bersidang hari ini.")
    as_dict = article.to_dict()
    assert json.loads(json.dumps(as_dict)) == as_dict
    assert as_dict["engine"]["options"]["glossary"] == [["DPR", "House of Representatives"]]
