"""``kabar models``: the models kabar knows by name, what each costs and how well it is
published to translate Indonesian, and whether it is on this machine."""

from __future__ import annotations

import argparse
import json
import sys

from kabar.translate.model_source import model_statuses
from kabar.translate.models_catalog import ModelStatus


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    models = commands.add_parser(
        "models",
        help="list the translation models kabar knows, and which are on this machine",
        description="The known models: size on disk, memory with CTranslate2 int8, licence, "
        "published Indonesian→English FLORES scores, whether each is on this machine. Use "
        "one with `--model NAME`; fetch one with `kabar download NAME`.",
    )
    models.add_argument("--format", choices=("markdown", "json"), default="markdown")
    models.set_defaults(run=run_models)


def run_models(args: argparse.Namespace) -> int:
    statuses = model_statuses()
    if args.format == "json":
        data = {"models": [s.to_dict() for s in statuses]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(models_table(statuses))
    return 0


def models_table(statuses: list[ModelStatus]) -> str:
    """The markdown table of ``kabar models`` (also the README's), with its footnotes."""
    lines = [
        "| name | hub id | family | parameters | size on disk | memory (int8) | licence | "
        "FLORES id→en BLEU / chrF | on this machine |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    sources: list[str] = []
    for status in statuses:
        m = status.model
        disk, disk_measured = status.disk_mb()
        memory, memory_measured = m.int8_memory_mb
        licence = m.licence if m.commercial else f"{m.licence} (**non-commercial**)"
        if m.flores_bleu is None:
            scores = "—"
        else:
            if m.scores_source not in sources:
                sources.append(m.scores_source)
            mark = "¹²³"[sources.index(m.scores_source)]
            chrf = f"{m.flores_chrf:.1f}" if m.flores_chrf is not None else "—"
            scores = f"{m.flores_bleu:.1f} / {chrf} {mark}"
        lines.append(
            f"| {m.name} | {m.hub_id} | {m.family} | {_millions(m.parameters)} | "
            f"{'' if disk_measured else '~'}{_size(disk)} | "
            f"{'' if memory_measured else '~'}{_size(memory)} | {licence} | {scores} | "
            f"{'yes' if status.on_this_machine else 'no'} |"
        )
    lines += [
        "",
        *(f"{'¹²³'[i]} {source}" for i, source in enumerate(sources)),
        "Size on disk: the files in the Hugging Face cache when the model is on this machine, "
        "else ~ the download (float32 weights, 4 bytes a parameter). Memory: peak resident "
        "memory translating with CTranslate2 int8, beam 4, 2 threads; measured on full-size "
        "random-weight models where not marked ~, else ~ estimated (one byte a parameter "
        "plus the measured runtime overhead).",
        "",
    ]
    return "\n".join(lines)


def _millions(parameters: int) -> str:
    return f"{parameters / 1000:.1f}B" if parameters >= 1000 else f"{parameters}M"


def _size(mb: int) -> str:
    return f"{mb / 1000:.1f} GB" if mb >= 1000 else f"{mb} MB"
