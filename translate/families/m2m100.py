"""M2M100 (facebook/m2m100_418M, m2m100_1.2B): the same network as NLLB-200 with a 128k
SentencePiece vocabulary and ISO 639-1 codes spelled ``__id__``, ``__en__``. The source
starts with its language token, the decoder with the target's
(https://huggingface.co/facebook/m2m100_418M). MIT licence."""

from kabar.translate.families import ModelFamily

FAMILY = ModelFamily(
    name="m2m100",
    model_types=("m2m_100",),
    hub_patterns=(r"(^|/)m2m100",),
    required_files=(
        "config.json",
        "vocab.json",
        "sentencepiece.bpe.model",
        "tokenizer_config.json",
    ),
    optional_files=("generation_config.json", "special_tokens_map.json"),
    tokenizer_class="M2M100Tokenizer",
    model_class="M2M100ForConditionalGeneration",
    tokenizer_classes=("M2M100Tokenizer",),
    source_language="id",
    target_language="en",
    language_token="__{}__",
    language_pattern=r"__[a-z]{2,3}__",
)
