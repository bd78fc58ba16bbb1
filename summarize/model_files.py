"""Finding a summarizer model's folder offline first: a folder, the Hugging Face cache, then
the hub only when it answers (checked fast, so an offline machine never waits on retries)."""

from __future__ import annotations

from pathlib import Path

from kabar.core.hub import hf_cache_snapshot, hub_unreachable_reason, looks_like_path, offline

# Enough for sentence-transformers and seq2seq folders; skips the ONNX/OpenVINO/TF copies
# that many hub repositories also hold.
_DOWNLOAD_PATTERNS = ["*.json", "*.txt", "*.model", "model.safetensors", "*/*.json"]


def local_model_folder(model: str) -> Path | None:
    """A folder for ``model``: itself, its Hugging Face cache snapshot, or a fresh download
    when the hub is reachable; None when none of these works."""
    folder = Path(model).expanduser()
    if folder.is_dir():
        return folder if (folder / "config.json").is_file() else None
    if looks_like_path(model):
        return None
    cached = hf_cache_snapshot(model)
    if cached is not None:
        return cached
    if offline() or hub_unreachable_reason() is not None:
        return None
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(model, allow_patterns=_DOWNLOAD_PATTERNS))
    except Exception:  # a failed download leaves us where an unreachable hub does
        return None
