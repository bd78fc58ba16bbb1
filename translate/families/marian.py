"""MarianMT (the OPUS-MT models, e.g. Helsinki-NLP/opus-mt-id-en): SentencePiece source and
target models with one shared vocabulary; the decoder starts from the padding token.

Single-target models (opus-mt-id-en) need no language token. Multi-target ones (e.g.
opus-mt-tc-big-…-mul, opus-mt-…-mul) hold ``>>xxx<<`` tokens in their vocabulary and
translate into the language the token before the source names
(https://github.com/Helsinki-NLP/OPUS-MT-train/blob/master/doc/Multilingual.md)."""

from kabar.translate.families import ModelFamily
from kabar.translate.families.marian_pieces import MarianPieces

FAMILY = ModelFamily(
    name="marian",
    model_types=("marian",),
    hub_patterns=(r"(^|/)opus-mt-",),
    required_files=("config.json", "source.spm", "target.spm", "vocab.json"),
    optional_files=("tokenizer_config.json", "generation_config.json", "special_tokens_map.json"),
    tokenizer_class="MarianTokenizer",
    model_class="MarianMTModel",
    tokenizer_classes=("MarianTokenizer",),
    target_tokens=(">>eng<<", ">>en<<"),
    language_pattern=r">>[^<>\s]+<<",
    # Tokens from sentencepiece and vocab.json alone: no transformers import on CTranslate2.
    pieces=MarianPieces,
)
