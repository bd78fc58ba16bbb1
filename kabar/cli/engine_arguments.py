"""The engine options every translating command shares, and the one Translator they load."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kabar.cli.arguments import int_in_range, threads_value
from kabar.core import settings
from kabar.translate.backends import BACKENDS
from kabar.translate.glossary import load_glossary
from kabar.translate.model_source import DEFAULT_MODEL
from kabar.translate.options import MAX_BEAM, MIN_INPUT_TOKENS, TranslationOptions
from kabar.translate.spec import EngineSpec

if TYPE_CHECKING:
    from kabar.translate.engine import Translator


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of every command that translates."""
    group = parser.add_argument_group("engine")
    group.add_argument(
        "--model",
        default=None,
        help=f"hub id, local folder or short name from `kabar models` (nllb-600m, ...; "
        f"default ${settings.MODEL.name} or {DEFAULT_MODEL})",
    )
    group.add_argument(
        "--beam",
        type=int_in_range(1, MAX_BEAM),
        default=4,
        help=f"beam size, 1 to {MAX_BEAM} (default 4; 1 = greedy)",
    )
    group.add_argument(
        "--threads",
        type=threads_value,
        default=None,
        help="CPU threads, at most the cores this machine has (default: all)",
    )
    group.add_argument("--device", default="cpu", help="cpu, cuda or auto (default cpu)")
    group.add_argument(
        "--backend",
        choices=BACKENDS,
        default=None,
        help=f"inference engine (default ${settings.BACKEND.name}, else ctranslate2 when "
        "installed)",
    )
    group.add_argument(
        "--compute-type",
        default=None,
        help="weights' precision: int8 (ctranslate2 default), int8_float32, float32, ...",
    )
    group.add_argument(
        "--max-input-tokens",
        type=int_in_range(MIN_INPUT_TOKENS),
        default=TranslationOptions().max_input_tokens,
        help="longer sentences are translated in pieces and flagged 'chunked'",
    )
    group.add_argument(
        "--glossary",
        type=Path,
        default=None,
        metavar="FILE",
        help="TSV or CSV of Indonesian term, English term (empty: keep as is); the engine "
        "prefers hypotheses that use them and flags 'glossary' when none does",
    )


def engine_spec(args: argparse.Namespace) -> EngineSpec:
    """The engine the arguments (and the environment) describe, resolved once."""
    glossary = load_glossary(args.glossary).to_pairs() if args.glossary is not None else ()
    options = TranslationOptions(
        beam_size=args.beam, max_input_tokens=args.max_input_tokens, glossary=glossary
    )
    return EngineSpec.resolve(
        args.model,
        backend=args.backend,
        compute_type=args.compute_type,
        threads=args.threads,
        device=args.device,
        options=options,
    )


def load_translator(args: argparse.Namespace, spec: EngineSpec | None = None) -> Translator:
    """Build the one Translator of this process from ``spec`` (default: the engine
    arguments')."""
    from kabar.translate.engine import Translator

    translator = Translator.load(spec or engine_spec(args))
    info = translator.info
    if not getattr(args, "quiet", False):
        print(
            f"kabar: model {info.model} · {info.backend} · {info.device} · {info.threads} "
            f"threads · {info.compute_type} · beam {info.beam_size}",
            file=sys.stderr,
        )
    for notice in info.notices:  # a licence restriction is said even with --quiet
        print(f"kabar: note: {notice}", file=sys.stderr)
    return translator
