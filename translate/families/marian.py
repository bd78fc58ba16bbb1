"""MarianMT (the OPUS-MT models, e.g. Helsinki-NLP/opus-mt-id-en): SentencePiece source and
target models with one shared vocabulary; the decoder starts from the padding token."""

from translate.families import ModelFamily

FAMILY = ModelFamily(
    name="marian",
    model_types=("marian",),
    hub_patterns=(r"(^|/)opus-mt-",),
    required_files=("config.json", "source.spm", "target.spm", "vocab.json"),
    optional_files=("tokenizer_config.json", "generation_config.json", "special_tokens_map.json"),
    tokenizer_class="MarianTokenizer",
    model_class="MarianMTModel",
)
