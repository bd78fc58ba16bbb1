"""A full-size opus-mt-id-en stand-in: the real tokenizer and architecture, random weights.

The real weights cannot be had everywhere, but speed, memory and backend equivalence only
need the right shapes and the real tokenizer. The model is built once (seeded, so every
run and every machine measures the same network) and cached on disk.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from translate.backends.ctranslate2 import cache_root

SHARED_TOKENIZER = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "opus-mt-id-en-tokenizer"
)
TOKENIZER_FILES = (
    "config.json",
    "generation_config.json",
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)
SEED = 0


def random_model_dir(tokenizer_dir: Path = SHARED_TOKENIZER) -> Path:
    """The cached random-weight model folder, built on first use (about 10 s).

    Raises FileNotFoundError when ``tokenizer_dir`` lacks the tokenizer and config.
    """
    target = cache_root() / "bench" / f"opus-mt-id-en-random-seed{SEED}"
    if (target / "model.safetensors").is_file():
        return target
    missing = [name for name in TOKENIZER_FILES if not (tokenizer_dir / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{tokenizer_dir} lacks {', '.join(missing)}: the benchmark needs the real "
            "opus-mt-id-en tokenizer and config (../shared/data/opus-mt-id-en-tokenizer)"
        )
    import torch
    from transformers import MarianConfig, MarianMTModel

    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        torch.manual_seed(SEED)
        model = MarianMTModel(MarianConfig.from_pretrained(str(tokenizer_dir)))
        model.save_pretrained(str(building))
        # The real generation config (bad_words_ids=[[pad]], renormalize_logits) so that
        # transformers decodes exactly as it would with the published model.
        for name in TOKENIZER_FILES:
            shutil.copyfile(tokenizer_dir / name, building / name)
        os.replace(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return target
