"""``kabar split``, ``kabar translate`` and ``kabar download``: thin adapters over the engine."""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kabar.cli.arguments import add_article_input
from kabar.cli.engine_arguments import add_engine_arguments, load_translator
from kabar.cli.summarize_command import add_brief_arguments, load_summarizer
from kabar.cli.translate_corpus import add_corpus_arguments, is_corpus, run_translate_corpus
from kabar.core import settings
from kabar.core.atomic import atomic_write
from kabar.core.errors import InputError
from kabar.core.reading import read_text_input
from kabar.core.reading.article import RAISE_THE_LIMIT
from kabar.core.splitter import segment
from kabar.translate.briefing import translate_and_brief
from kabar.translate.documents.export import bilingual_docx, export_article
from kabar.translate.documents.registry import EXPORTS, DocumentOptions, input_kind
from kabar.translate.documents.single import DOCUMENT_FORMATS, check_format, translate_document
from kabar.translate.model_source import DEFAULT_MODEL, default_model, download, model_id
from kabar.translate.models_catalog import usage_notice
from kabar.translate.render import FORMATS, RENDERERS, render
from kabar.translate.review import ReviewList, SentenceToCheck

if TYPE_CHECKING:
    from kabar.translate.documents.json_stream import Tally
    from kabar.translate.engine import Progress
    from kabar.translate.results import ArticleTranslation

_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
# -o's suffix -> the --format it means: each renderer's and document's own suffix (a
# document's .md wins over the tables' .md), and .htm, a page's other spelling.
SUFFIX_FORMATS = {
    **{renderer.suffix: name for name, renderer in RENDERERS.items()},
    **{suffix: name for name, (_, suffix) in EXPORTS.items()},
    ".htm": "html",
}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    split = commands.add_parser(
        "split",
        help="split an Indonesian article into sentences",
        description="Print one sentence per line, an empty line between paragraphs.",
    )
    # Splitting is fast at any size (300 KB in 0.55 s): no limit unless asked for.
    add_article_input(split, max_chars=None)
    split.add_argument("--format", choices=("text", "json"), default="text")
    split.set_defaults(run=run_split)

    translate = commands.add_parser(
        "translate",
        help="translate an Indonesian article to English, sentence by sentence",
        description="Translate an article (FILE, or - / nothing for stdin) to English.",
    )
    add_article_input(translate)
    add_engine_arguments(translate)
    translate.add_argument(
        "--format",
        choices=(*FORMATS, *DOCUMENT_FORMATS),
        default=None,
        help="text: the English article; markdown: side-by-side tables; json: everything; "
        "docx, html, md: a .docx, .html or .md FILE back in its own format, in English "
        "(default: from -o's suffix, .docx .html .htm .md .json .txt; else text)",
    )
    translate.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="write to this file (default: stdout; for docx/html/md FILE's English name "
        "beside it, berita.docx -> berita.en.docx)",
    )
    translate.add_argument(
        "--quiet",
        action="store_true",
        help="no progress or engine report (the sentences to check and licence notes are "
        "still said)",
    )
    add_export_arguments(translate)
    add_brief_arguments(translate)
    add_corpus_arguments(translate)
    translate.set_defaults(run=run_translate)

    fetch = commands.add_parser(
        "download",
        help="fetch a model for offline use",
        description="Download a model from the Hugging Face hub (needs internet access).",
    )
    fetch.add_argument(
        "model",
        nargs="?",
        default=None,
        help=f"hub id or short name from `kabar models` (default {DEFAULT_MODEL})",
    )
    fetch.add_argument("--to", type=Path, default=None, help="folder to put the files in")
    fetch.set_defaults(run=run_download)


def add_export_arguments(parser: argparse.ArgumentParser, *, bilingual: bool = True) -> None:
    """How the English article is written: clean (default), marked, or without furniture;
    ``bilingual``: offer ``--bilingual`` (one document's Word table; a folder job has none)."""
    group = parser.add_argument_group("the English article")
    group.add_argument(
        "--marks",
        action="store_true",
        help='keep the role marks ("[caption] ...") in the text, for a round trip through '
        "kabar summarize (the JSON always has the roles)",
    )
    if bilingual:
        group.add_argument(
            "--bilingual",
            action="store_true",
            help="with --format docx: a table to check the translation with, Indonesian | "
            "English, one row per sentence, with its flags",
        )
    group.add_argument(
        "--drop-furniture",
        action="store_true",
        help="leave captions, bylines, 'Read also' lines and other news furniture out of "
        "the English article (default: kept as their own paragraphs)",
    )


def run_split(args: argparse.Namespace) -> int:
    source = read_text_input(
        args.file,
        max_chars=args.max_chars,
        too_long_hint=RAISE_THE_LIMIT,
        whole_page=args.whole_page,
    )
    for notice in source.notices:
        print(f"kabar: note: {notice}", file=sys.stderr)
    text = source.text
    paragraphs = segment(text)
    if args.format == "json":
        data = [
            {
                "start": p.span.start,
                "end": p.span.end,
                "sentences": [
                    {"start": s.start, "end": s.end, "text": text[s.start : s.end]}
                    for s in p.sentences
                ],
            }
            for p in paragraphs
        ]
        # Spans index the text that was split: the input itself, or the text extracted from
        # an HTML page or a .docx (said in "spans_index" and the notices).
        result = {
            "spans_index": "the extracted text" if source.extracted else "the input",
            "text": source.text if source.extracted else None,
            "notices": list(source.notices),
            "paragraphs": data,
        }
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return 0
    blocks = [
        "\n".join(_NEWLINES.sub(" ", text[s.start : s.end]) for s in p.sentences)
        for p in paragraphs
    ]
    sys.stdout.write("\n\n".join(blocks) + "\n")
    return 0


def output_format(output: Path | None) -> str:
    """``--format`` when not given: the one ``-o``'s suffix names (``.md`` is the English
    article as Markdown, ``md``; the side-by-side tables are asked for by name), else
    text, the English article."""
    if output is None:
        return "text"
    return SUFFIX_FORMATS.get(output.suffix.lower(), "text")


def run_translate(args: argparse.Namespace) -> int:
    if args.format is None:  # `-o guess.docx` means a Word file, not text named .docx
        args.format = output_format(args.output)
    if is_corpus(args.file):
        return run_translate_corpus(args)
    if getattr(args, "bilingual", False) and args.format != "docx":
        raise InputError("--bilingual writes a Word table: add --format docx.")
    bilingual = getattr(args, "bilingual", False)
    if args.format in DOCUMENT_FORMATS and not bilingual and _same_kind(args.file, args.format):
        if args.drop_furniture and not args.quiet:
            # Translated in place, a document keeps its own structure, furniture and all.
            print(
                f"kabar: note: --drop-furniture does not apply to a document translated in "
                f"its own format ({args.format}): its captions, links and credits stay, in "
                "English; the text output (--format text) leaves them out.",
                file=sys.stderr,
            )
        return run_translate_document(args)
    if args.format == "docx" and args.output is None and args.file in (None, "-"):
        raise InputError("--format docx writes a Word file: name it with -o FILE.docx.")
    source = read_text_input(args.file, max_chars=args.max_chars, whole_page=args.whole_page)
    for notice in source.notices:  # before loading the model, which can take a while
        print(f"kabar: note: {notice}", file=sys.stderr)
    translator = load_translator(args)
    # Loaded before translating, so that a summarizer that cannot load fails in seconds.
    summarizer = load_summarizer(quiet=args.quiet) if args.brief else None
    show_progress = not args.quiet and sys.stderr.isatty()
    progress = progress_printer() if show_progress else None
    if summarizer is None:
        article, brief = translator.translate_article(source.text, progress=progress), None
    else:
        article, brief = translate_and_brief(
            translator, summarizer, source.text, sentences=args.brief_sentences, progress=progress
        )
    for notice in article.notices:
        if notice not in article.engine.notices:  # said when the model loaded
            print(f"kabar: note: {notice}", file=sys.stderr)
    # The reading notices travel with the translation, so --format json carries them too.
    article = replace(article, notices=source.notices + article.notices)
    if args.format in DOCUMENT_FORMATS:  # the clean English article as a document
        if bilingual:
            data = bilingual_docx(article)
        else:
            data = export_article(
                article,
                args.format,
                brief=brief,
                drop_furniture=args.drop_furniture,
                verbose=args.verbose,
            )
        output = args.output
        if output is None and args.format == "docx":
            source_path = Path(args.file)
            output = source_path.with_name(f"{source_path.stem}.en.docx")
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            with atomic_write(output, binary=True) as handle:
                handle.write(data)
            if not args.quiet or args.output is None:  # a name kabar chose is always said
                print(f"kabar: wrote {output}", file=sys.stderr)
        print_to_check(article)  # a clean document has no room for them either
        return 0
    rendered = render(
        article,
        args.format,
        brief=brief,
        marks=args.marks,
        drop_furniture=args.drop_furniture,
        verbose=args.verbose,
    )
    if args.output is None:
        sys.stdout.write(rendered)
    else:
        with atomic_write(args.output) as handle:
            handle.write(rendered)
    if args.format == "text":  # the plain English has no room for them: say them aside
        print_to_check(article)
    return 0


def print_to_check(article: ArticleTranslation) -> None:
    """The sentences to check, worst first, on stderr (even with --quiet: they are part
    of the result, not progress)."""
    print_review(article.to_check)


def print_review(review: ReviewList, *, unlisted: int = 0) -> None:
    """``review`` on stderr, worst first; ``unlisted``: how many more a long document has
    (its tally keeps the worst ``MAX_LISTED``), said rather than cut silently."""
    if not review.count:
        return
    print(f"kabar: {review.headline}, worst first:", file=sys.stderr)
    for line in review.lines():
        print(f"kabar:   {line}", file=sys.stderr)
    if unlisted:
        print(f"kabar:   ... and {unlisted} more", file=sys.stderr)


def print_document_review(tally: Tally) -> None:
    """A document written in its own format: its sentences to check, as a text's."""
    listed = tally.review()["sentences"]
    review = ReviewList(tuple(SentenceToCheck.from_dict(item) for item in listed))
    print_review(review, unlisted=tally.to_check_count - review.count)


def _same_kind(file: str | None, fmt: str) -> bool:
    """Whether FILE is a document of format ``fmt`` (translated in its own format)."""
    if file in (None, "-"):
        return False
    kind = input_kind(str(file))
    return kind is not None and kind == DOCUMENT_FORMATS[fmt]


def run_translate_document(args: argparse.Namespace) -> int:
    """``--format docx|html|md``: FILE translated into the same kind of file."""
    if args.file in (None, "-"):
        raise InputError(
            f"--format {args.format} translates a file: give its name (stdin cannot be a "
            f".{args.format} document)."
        )
    source = Path(args.file)
    if not source.is_file():
        raise InputError(f"{args.file} does not exist or is not a file.")
    if args.brief:
        raise InputError(
            f"--brief is not written into a .{args.format} file; use --format text or json "
            "for the brief."
        )
    check_format(source, args.format, name=args.file)
    output = args.output or source.with_name(f"{source.stem}.en{source.suffix}")
    if output.resolve() == source.resolve():
        raise InputError(f"-o {output} is the input itself; choose another file name.")
    translator = load_translator(args)
    show_progress = not args.quiet and sys.stderr.isatty()
    document = translate_document(
        translator,
        source,
        output,
        fmt=args.format,
        name=args.file,
        options=DocumentOptions(whole_page=args.whole_page),
        progress=progress_printer() if show_progress else None,
    )
    for notice in document.notices:
        print(f"kabar: note: {notice}", file=sys.stderr)
    if not args.quiet or args.output is None:  # a name kabar chose is always said
        print(
            f"kabar: wrote {output} ({document.tally.sentences} sentences, "
            f"{document.tally.flagged} flagged)",
            file=sys.stderr,
        )
    print_document_review(document.tally)  # as for any other output
    return 0


def run_download(args: argparse.Namespace) -> int:
    model = model_id(args.model or default_model())
    notice = usage_notice(model)
    if notice:
        print(f"kabar: note: {notice}", file=sys.stderr)
    folder = download(model, args.to)
    print(f"kabar: {model} is in {folder}")
    if args.to is not None:
        variable = settings.MODEL.name
        print(f"kabar: use it with `kabar translate --model {folder}` or {variable}={folder}")
    return 0


def progress_printer(unit: str = "sentences") -> Progress:
    """An engine progress callback that keeps one "translated 3/40 ``unit``" line on stderr."""

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\rkabar: translated {done}/{total} {unit}", end=end, file=sys.stderr)

    return show
