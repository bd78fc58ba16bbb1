"""``kabar score`` and ``kabar eval``: thin adapters over kabar.eval.score and
kabar.eval.report."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kabar.cli.arguments import int_in_range
from kabar.cli.engine_arguments import add_engine_arguments, load_translator
from kabar.cli.translate_commands import progress_printer
from kabar.core import settings
from kabar.core.errors import OptionsError
from kabar.eval.report import REPORT_MD, EvalReport, build_report, one_line
from kabar.eval.report_files import prepare_out_dir, write_report
from kabar.eval.report_render import render_text
from kabar.eval.score import Scorer, check_aligned
from kabar.eval.testsets import (
    TESTSET_NAMES,
    known_testset_for,
    read_lines,
    resolve_testset,
)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    score = commands.add_parser(
        "score",
        help="score an existing translation: BLEU, chrF, TER (sacrebleu)",
        description="Score a translation (one sentence per line) against its reference(s) "
        "with sacrebleu's BLEU, chrF and TER at their default settings, signatures included.",
    )
    score.add_argument("--hyp", type=Path, required=True, metavar="FILE", help="the translation")
    score.add_argument(
        "--ref",
        type=Path,
        required=True,
        nargs="+",
        metavar="FILE",
        help="reference(s); one named NAME.eng (a known test set) is compared with the "
        "published figures for NAME",
    )
    score.add_argument(
        "--src", type=Path, default=None, metavar="FILE", help="the source, shown in reports"
    )
    _add_output_arguments(score)
    score.set_defaults(run=run_score)

    evaluate = commands.add_parser(
        "eval",
        help="translate a test set line by line and score it",
        description="Translate a test set (each line one segment) with the engine, score it "
        "as `kabar score` does, and report speed, worst sentences and plots.",
    )
    data = evaluate.add_argument_group("test data: --testset NAME, or --src FILE --ref FILE")
    data.add_argument(
        "--testset",
        choices=TESTSET_NAMES,
        default=None,
        metavar="NAME",
        help=f"one of: {', '.join(TESTSET_NAMES)}",
    )
    data.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"folder holding NAME.ind and NAME.eng (default ${settings.DATA.name})",
    )
    data.add_argument("--src", type=Path, default=None, metavar="FILE", help="Indonesian source")
    data.add_argument(
        "--ref", type=Path, nargs="+", default=None, metavar="FILE", help="English reference(s)"
    )
    data.add_argument(
        "--limit", type=int_in_range(1), metavar="N", help="evaluate only the first N lines"
    )
    add_engine_arguments(evaluate)
    _add_output_arguments(evaluate)
    evaluate.add_argument("--quiet", action="store_true", help="no progress or engine report")
    evaluate.set_defaults(run=run_eval)


def _add_output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="write hypotheses.txt, report.json, report.md and PNG plots here",
    )


def run_score(args: argparse.Namespace) -> int:
    if args.out is not None:
        prepare_out_dir(args.out)
    hypotheses = read_lines(args.hyp)
    references = [read_lines(path) for path in args.ref]
    sources = read_lines(args.src) if args.src is not None else None
    streams = {f"--hyp {args.hyp}": hypotheses}
    streams.update(
        {f"--ref {path}": lines for path, lines in zip(args.ref, references, strict=True)}
    )
    if sources is not None:
        streams[f"--src {args.src}"] = sources
    check_aligned(streams)
    inputs = [("hypotheses", str(args.hyp)), *(("reference", str(p)) for p in args.ref)]
    if args.src is not None:
        inputs.insert(0, ("source", str(args.src)))
    report = build_report(
        scores=Scorer().score(hypotheses, references),
        hypotheses=hypotheses,
        references=references[0],
        sources=sources,
        testset=known_testset_for(args.ref[0]),
        inputs=inputs,
    )
    _emit(report, args)
    return 0


def run_eval(args: argparse.Namespace) -> int:
    testset, source_path, reference_paths = _eval_files(args)
    sources = read_lines(source_path)
    references = [read_lines(path) for path in reference_paths]
    streams = {f"source {source_path}": sources}
    streams.update(
        {f"reference {p}": lines for p, lines in zip(reference_paths, references, strict=True)}
    )
    total_lines = check_aligned(streams)
    if args.limit is not None:
        sources = sources[: args.limit]
        references = [lines[: args.limit] for lines in references]

    if args.out is not None:
        prepare_out_dir(args.out)  # fail now, not after translating everything
    translator = load_translator(args)
    show_progress = not args.quiet and sys.stderr.isatty()
    began = time.perf_counter()
    translations = translator.translate_sentences(
        sources, progress=progress_printer("segments") if show_progress else None
    )
    seconds = time.perf_counter() - began
    hypotheses = [one_line(t.translation) for t in translations]

    report = build_report(
        scores=Scorer().score(hypotheses, references),
        hypotheses=hypotheses,
        references=references[0],
        sources=sources,
        translations=translations,
        testset=testset,
        inputs=[("source", str(source_path)), *(("reference", str(p)) for p in reference_paths)],
        engine=translator.info,
        seconds=seconds,
        total_lines=total_lines,
    )
    _emit(report, args)
    return 0


def _eval_files(args: argparse.Namespace) -> tuple[str | None, Path, list[Path]]:
    """(test set NAME or None, source file, reference files) from the arguments."""
    files_given = args.src is not None or args.ref is not None
    if args.testset is not None:
        if files_given:
            raise OptionsError("give either --testset NAME or --src FILE --ref FILE, not both.")
        found = resolve_testset(args.testset, args.data_dir)
        return args.testset, found.source, list(found.references)
    if args.data_dir is not None:
        raise OptionsError("--data-dir only applies with --testset NAME.")
    if args.src is None or args.ref is None:
        raise OptionsError(
            "say what to evaluate: --testset NAME (one of "
            f"{', '.join(TESTSET_NAMES)}), or both --src FILE and --ref FILE."
        )
    return known_testset_for(args.ref[0]), args.src, list(args.ref)


def _emit(report: EvalReport, args: argparse.Namespace) -> None:
    if args.out is not None:
        written = write_report(report, args.out)
        print(f"kabar: report written to {written[REPORT_MD]}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_text(report))
