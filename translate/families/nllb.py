"""NLLB-200 (facebook/nllb-200-distilled-600M, -distilled-1.3B, -1.3B, -3.3B): an M2M100
network with a 256k BPE vocabulary and FLORES-200 language codes. The source starts with
its language token (``ind_Latn``), the decoder with the target's (``eng_Latn``), as the
model card shows (https://huggingface.co/facebook/nllb-200-distilled-600M).

Its weights are licensed CC-BY-NC 4.0: non-commercial use only."""

from kabar.translate.families import ModelFamily

FAMILY = ModelFamily(
    name="nllb",
    model_types=("m2m_100",),
    hub_patterns=(r"(^|/)nllb-200",),
    # tokenizer.json is what transformers 5 reads (sentencepiece.bpe.model would need
    # protobuf to be converted), and what CTranslate2's converter reads too.
    required_files=("config.json", "tokenizer.json", "tokenizer_config.json"),
    optional_files=("generation_config.json", "special_tokens_map.json"),
    tokenizer_class="NllbTokenizer",
    model_class="M2M100ForConditionalGeneration",
    tokenizer_classes=("NllbTokenizer", "NllbTokenizerFast"),
    vocabulary_marker="eng_Latn",
    source_language="ind_Latn",
    target_language="eng_Latn",
    language_pattern=r"[a-z]{3}_[A-Z][a-z]{3}",
    notice="NLLB-200 is licensed CC-BY-NC 4.0: non-commercial use only",
)
