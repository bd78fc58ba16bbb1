"""Reading back what the folder job left in OUT_DIR: the outputs made comparable between
runs, the report, the inputs the manifest records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kabar.translate.folder.manifest import MANIFEST_NAME
from kabar.translate.folder.report import REPORT_NAME


def _without_seconds(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_seconds(v) for k, v in data.items() if k != "seconds"}
    if isinstance(data, list):
        return [_without_seconds(v) for v in data]
    return data


def outputs(out: Path) -> dict[str, Any]:
    """Every output: bytes, except that JSON loses its timings (they differ run to run)."""
    found: dict[str, Any] = {}
    for path in sorted(out.rglob("*")):
        rel = str(path.relative_to(out))
        if not path.is_file() or rel in (MANIFEST_NAME, REPORT_NAME):
            continue
        if path.suffix == ".json":
            found[rel] = _without_seconds(json.loads(path.read_text("utf-8")))
        elif path.suffix == ".jsonl":
            lines = path.read_text("utf-8").splitlines()
            found[rel] = [_without_seconds(json.loads(line)) for line in lines]
        else:
            found[rel] = path.read_bytes()
    return found


def report_of(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / REPORT_NAME).read_text("utf-8"))
    return data


def recorded(out: Path) -> list[str]:
    """Inputs the manifest records as finished, in order (a torn last line is not one)."""
    done = []
    for line in (out / MANIFEST_NAME).read_text("utf-8").splitlines():
        try:
            done.append(json.loads(line)["input"])
        except ValueError:
            continue
    return done
