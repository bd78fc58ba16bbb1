"""``kabar translate-dir IN_DIR OUT_DIR``: a thin adapter over ``kabar.translate.folder.job``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from kabar.cli.arguments import int_in_range
from kabar.cli.engine_arguments import add_engine_arguments, engine_spec, load_translator
from kabar.cli.summarize_command import add_brief_arguments, load_summarizer
from kabar.cli.translate_commands import add_export_arguments
from kabar.core.errors import OptionsError
from kabar.translate.briefing import brief_maker
from kabar.translate.documents.base import BriefMaker, DocumentOptions, input_suffixes
from kabar.translate.documents.registry import EXPORTS
from kabar.translate.folder.job import (
    ArticleTranslator,
    FolderJobOptions,
    Progress,
    translate_folder,
)
from kabar.translate.folder.report import REPORT_NAME, failure_lines, summary_lines
from kabar.translate.spec import EngineSpec


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "translate-dir",
        help="translate every article in a folder tree (resumable)",
        description=(
            "Translate every article under IN_DIR into the same tree under OUT_DIR "
            f"({', '.join(input_suffixes())}; other files are skipped and listed). A rerun "
            "skips the files already done and finishes the rest: an interrupted .txt "
            "or .jsonl continues from its last finished round, a .docx, .html or .md is redone "
            f"whole. The run report is OUT_DIR/{REPORT_NAME}. Exit code: 0 every file "
            "(and every .jsonl record) translated or skipped, 1 some failed (listed), "
            "2 usage error."
        ),
    )
    parser.add_argument("in_dir", type=Path, metavar="IN_DIR", help="folder of articles")
    parser.add_argument(
        "out_dir", type=Path, metavar="OUT_DIR", help="where the English goes (created)"
    )
    add_engine_arguments(parser)
    # --bilingual is one document's Word table: translate-dir refuses it rather than ignore it.
    add_export_arguments(parser, bilingual=False)
    add_brief_arguments(parser)
    parser.add_argument(
        "--format",
        type=folder_formats,
        default=(),
        metavar="FORMAT[,json]",
        help="default: each file in English in its own format (.docx, .html, .md, .txt, "
        ".jsonl records with their translation) and the sentence-aligned JSON beside it; "
        "json: also that JSON's fields in each .jsonl record; text: the English files only; "
        "docx, html or md: every article as that kind of document (a file of another kind "
        "is built from its English paragraphs and their roles: berita.en.txt.docx; .jsonl "
        "corpora stay JSON lines), with ',json' its JSON beside it too",
    )
    parser.add_argument(
        "--force", action="store_true", help="translate again the files already done"
    )
    parser.add_argument(
        "--include-hidden",
        action="store_true",
        help="also read hidden files and folders (.*), Office lock files (~$*) and editor "
        "backups (*~, .#*), which are skipped by default",
    )
    parser.add_argument(
        "--skip-other-languages",
        action="store_true",
        help="skip the files whose text does not look Indonesian (listed in the summary "
        "and the report); by default they are translated and listed",
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="no progress bar, engine line or summary (failures are still listed)",
    )
    parser.add_argument(
        "--text-field", default="text", help="the article text in .jsonl records (default text)"
    )
    parser.add_argument(
        "--id-field", default="id", help="the article id in .jsonl records (default id)"
    )
    parser.add_argument(
        "--round-chars",
        type=int_in_range(1),
        default=FolderJobOptions().round_chars,
        help="source characters translated together, across files (default %(default)s): "
        "larger rounds batch better; an interrupted run redoes at most one round "
        "(and the .docx or .html file in progress, which is redone whole)",
    )
    cluster = parser.add_argument_group("Ray (scaling out; pip install 'kabar[ray]')")
    cluster.add_argument(
        "--ray",
        nargs="?",
        const="",
        default=None,
        metavar="ADDRESS",
        help="translate on Ray actors: no ADDRESS starts a Ray on this machine only; "
        "auto joins this machine's cluster (ray start); HOST:PORT a cluster's head. "
        "Inputs and outputs stay on this machine; --threads is per worker (default 1)",
    )
    cluster.add_argument(
        "--workers",
        type=int_in_range(1),
        metavar="N",
        help="Ray actors, each with its own model (default: the cluster's CPUs / --threads)",
    )
    parser.set_defaults(run=run_translate_dir)


FOLDER_FORMATS = ("text", "json", *EXPORTS)


def folder_formats(text: str) -> tuple[str, ...]:
    """``--format``: ``text``, ``json``, or one of docx/html/md with or without ``json``
    (``docx,json``)."""
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",")))
    unknown = [part for part in chosen if part not in FOLDER_FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"{text!r}: choose {', '.join(FOLDER_FORMATS)} (docx, html or md with ',json')"
        )
    if "text" in chosen and len(chosen) > 1:
        raise argparse.ArgumentTypeError("text is the English files alone: give it alone")
    if len([part for part in chosen if part in EXPORTS]) > 1:
        raise argparse.ArgumentTypeError("one kind of document per run: docx, html or md")
    return chosen


def run_translate_dir(args: argparse.Namespace) -> int:
    if args.ray is None and args.workers is not None:
        raise OptionsError("--workers needs --ray (a local run uses --threads)")
    if args.ray is not None:
        from kabar.translate.distributed.ray_pool import import_ray

        import_ray()  # without Ray: say how to install it, before any work
        # A worker's threads: --threads, default 1 (threads do not change translations,
        # so the manifest's fingerprint is the local run's).
        args.threads = args.threads or 1
    spec = engine_spec(args)
    options = FolderJobOptions(
        documents=DocumentOptions(
            # No --format: each file's own kind and its JSON; a kind alone: that kind only.
            json=not args.format or "json" in args.format,
            json_in_records="json" in args.format,
            export=next((kind for kind in args.format if kind in EXPORTS), None),
            brief=args.brief,
            text_field=args.text_field,
            id_field=args.id_field,
            marks=args.marks,
            drop_furniture=args.drop_furniture,
            verbose=args.verbose,
        ),
        # The .brief.txt differs with --verbose (its notes): a rerun that changes it redoes.
        features={"brief_sentences": args.brief_sentences, "brief_notes": args.verbose},
        force=args.force,
        include_hidden=args.include_hidden,
        skip_other_languages=args.skip_other_languages,
        round_chars=args.round_chars,
        # What made the outputs: a rerun with another engine translates again.
        settings=spec.fingerprint(),
    )
    show_progress = not args.quiet and sys.stderr.isatty()
    with (
        _translator_loader(args, spec) as load,
        progress_bar(sys.stderr if show_progress else None) as progress,
    ):
        report = translate_folder(
            args.in_dir,
            args.out_dir,
            options=options,
            load_translator=load,
            load_brief_maker=lambda: _brief_maker(args),
            progress=progress,
        )
    report_path = str(args.out_dir / REPORT_NAME)
    # --quiet still names the failures: the one thing a script must not miss.
    lines = failure_lines(report) if args.quiet else summary_lines(report, report_path)
    for line in lines:
        print(line, file=sys.stderr)
    return report.exit_code


@contextmanager
def _translator_loader(
    args: argparse.Namespace, spec: EngineSpec
) -> Iterator[Callable[[], ArticleTranslator]]:
    """What loads the job's translator: this process's own, or with --ray a pool of Ray
    actors (started only if something needs translating, stopped on the way out)."""
    if args.ray is None:
        yield lambda: load_translator(args, spec)
        return
    from kabar.translate.distributed.ray_pool import RayPoolOptions, RayTranslatorPool
    from kabar.translate.distributed.recipe import TranslatorRecipe

    threads = spec.threads
    # The spec resolved here is what every worker loads and what the manifest records.
    recipe = TranslatorRecipe(spec)
    pool_options = RayPoolOptions(address=args.ray or None, workers=args.workers, threads=threads)
    pools: list[RayTranslatorPool] = []

    def load() -> ArticleTranslator:
        pool = RayTranslatorPool(recipe, options=pool_options)
        pools.append(pool)
        if not args.quiet:
            info = pool.info
            print(
                f"kabar: model {info.model} · {info.backend} · {info.compute_type} · beam "
                f"{info.beam_size} · Ray at {pool.address}: {len(pool.worker_pids)} worker(s) "
                f"× {info.threads} thread(s)",
                file=sys.stderr,
            )
        return pool

    try:
        yield load
    finally:
        for pool in pools:
            pool.close()


@contextmanager
def progress_bar(stream: IO[str] | None) -> Iterator[Progress | None]:
    """A tqdm bar over sentences on ``stream`` fed by the job's progress callback (None
    when there is no stream: no bar, and the job counts nothing for it)."""
    if stream is None:
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(total=0, unit=" sentences", file=stream, desc="kabar", dynamic_ncols=True)

    def show(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        yield show
    finally:
        bar.close()


def _brief_maker(args: argparse.Namespace) -> BriefMaker:
    """The summarizer of ``kabar translate --brief``, loaded once: the brief is chosen on
    the Indonesian sentences and shown as their translations, as for one article."""
    return brief_maker(load_summarizer(quiet=args.quiet), sentences=args.brief_sentences)
